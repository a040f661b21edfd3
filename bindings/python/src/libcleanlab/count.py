"""Estimate the latent structures of confident learning: per-class thresholds, the confident joint
``C[given][true]``, its calibration, the joint distribution ``p(given, true)`` and the number of
label issues.

Drop-in replacements for the functions of the same name in ``cleanlab.count`` (cleanlab 2.9.0),
computed by libcleanlab's native core. ``multi_label=True`` (labels: a list of lists of class
indices) is cleanlab's one-vs-rest reduction, computed per class by the native core.
"""

import warnings
from typing import Any, Optional, Tuple, Union

import numpy as np

from . import _native
from ._common import (
    as_float64_matrix,
    as_labels,
    as_pred_probs,
    call_native,
    valid_inputs,
)
from ._errors import DTypeError, InvalidArgumentError, ShapeError

__all__ = [
    "get_confident_thresholds",
    "compute_confident_joint",
    "calibrate_confident_joint",
    "estimate_joint",
    "num_label_issues",
]

_BIG_VALUE = 2.0  # cleanlab's threshold for a class absent from labels

_ESTIMATION_METHODS = {
    "off_diagonal": _native.ESTIMATE_OFF_DIAGONAL,
    "off_diagonal_calibrated": _native.ESTIMATE_OFF_DIAGONAL_CALIBRATED,
    "off_diagonal_custom": _native.ESTIMATE_OFF_DIAGONAL_CUSTOM,
}


def get_confident_thresholds(
    labels: Any,
    pred_probs: np.ndarray,
    multi_label: bool = False,
) -> np.ndarray:
    """Returns the expected (average) "self-confidence" of each class.

    The confident threshold of class ``k`` is the mean of ``pred_probs[i, k]`` over the examples
    labeled ``k``, computed in the precision of ``pred_probs`` with numpy's pairwise summation, so
    the values are cleanlab's to the last bit. A class absent from `labels` gets the threshold
    2.0 (no example is ever confidently counted in it). Thresholds are clipped below at 2e-6.

    Parameters
    ----------
    labels : np.ndarray, list, pandas.Series or pandas.DataFrame
        Given class label of each example, integers in ``0, 1, ..., K-1``.
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of model-predicted class probabilities (float16, float32 or
        float64 are read in place).
    multi_label : bool, default=False
        If True, `labels` is a list of lists of class indices and the result is cleanlab's
        one-vs-rest form (per-class binary matrices / thresholds).

    Returns
    -------
    confident_thresholds : np.ndarray
        Array of shape ``(K,)``, in the dtype of `pred_probs`, or float64 if a class is missing
        from `labels` (as cleanlab).
    """
    if multi_label:
        return _ml_get_confident_thresholds(labels, pred_probs)
    y = as_labels(labels)
    p = as_pred_probs(pred_probs, len(y))
    k = p.shape[1]
    out = np.empty(k, dtype=np.float64)
    with call_native(y, k):
        _native.get_confident_thresholds(p, y, out)
    if p.dtype != np.float64 and not np.any(out == _BIG_VALUE):
        return out.astype(p.dtype)
    return out


def _thresholds_for_native(thresholds: Any, k: int) -> Tuple[np.ndarray, int]:
    """The supplied thresholds as float64 values plus the cl_dtype in which cleanlab evaluates
    ``pred_probs >= np.asarray(thresholds) - 1e-6`` (numpy subtracts in float32 for a float32
    array, in float16 for a float16 array, in float64 for lists, ints and float64)."""
    t = np.asarray(thresholds)
    if t.dtype.kind not in "fiub":
        raise DTypeError(f"thresholds must contain real numbers, got dtype {t.dtype}")
    if t.size != k or not (t.ndim == 1 or (t.ndim == 2 and t.shape[1] == 1)):
        raise ShapeError(f"thresholds must have shape ({k},) or ({k}, 1), got {t.shape}")
    t = t.reshape(-1)
    if t.dtype.kind == "f" and t.dtype.itemsize == 2:
        code = _native.DTYPE_FLOAT16
    elif t.dtype.kind == "f" and t.dtype.itemsize == 4:
        code = _native.DTYPE_FLOAT32
    else:
        code = _native.DTYPE_FLOAT64
    return np.require(t, dtype=np.float64, requirements=["C_CONTIGUOUS", "ALIGNED"]), code


def compute_confident_joint(
    labels: Any,
    pred_probs: np.ndarray,
    *,
    thresholds: Optional[Union[np.ndarray, list]] = None,
    calibrate: bool = True,
    multi_label: bool = False,
    return_indices_of_off_diagonals: bool = False,
) -> Union[np.ndarray, Tuple[np.ndarray, np.ndarray]]:
    """Estimates the confident counts of latent true vs. observed noisy labels.

    Example ``i`` is confidently counted in class ``j`` when ``pred_probs[i, j] >= t[j] - 1e-6``
    for exactly one ``j``, or, when several classes pass, ``j = argmax(pred_probs[i])``. The
    diagonal is then clipped to at least 1 and, if `calibrate`, the matrix is calibrated with
    :func:`calibrate_confident_joint`.

    Parameters
    ----------
    labels : np.ndarray, list, pandas.Series or pandas.DataFrame
        Given class label of each example, integers in ``0, 1, ..., K-1``.
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of model-predicted class probabilities.
    thresholds : array_like, optional
        Per-class thresholds of shape ``(K,)`` or ``(K, 1)``. Computed with
        :func:`get_confident_thresholds` when omitted. Used as cleanlab uses them: for a float32
        (float16) array ``thresholds - 1e-6`` is computed in float32 (float16), for a list or a
        float64 array in float64.
    calibrate : bool, default=True
        Calibrate the counts so that row ``i`` sums to the number of examples labeled ``i``.
    multi_label : bool, default=False
        If True, `labels` is a list of lists of class indices and the result is cleanlab's
        one-vs-rest form (per-class binary matrices / thresholds).
    return_indices_of_off_diagonals : bool, default=False
        Also return the indices of the examples counted off the diagonal.

    Returns
    -------
    confident_joint : np.ndarray
        int64 array of shape ``(K, K)``; row = given label, column = true label.
    indices_off_diagonal : np.ndarray
        Only if `return_indices_of_off_diagonals`: int64 indices (ascending) of the examples
        confidently counted off the diagonal.
    """
    if multi_label:
        return _ml_compute_confident_joint(labels, pred_probs, thresholds, calibrate, return_indices_of_off_diagonals)
    y = as_labels(labels)
    p = as_pred_probs(pred_probs, len(y))
    n, k = p.shape
    if thresholds is None:
        thr, thr_dtype = None, _native.DTYPE_FLOAT64
    else:
        thr, thr_dtype = _thresholds_for_native(thresholds, k)
    cj = np.empty((k, k), dtype=np.int64)
    mask = np.empty(n, dtype=np.bool_) if return_indices_of_off_diagonals else None
    with call_native(y, k):
        _native.compute_confident_joint(p, y, thr, thr_dtype, bool(calibrate), cj, mask)
    if not calibrate:
        # cleanlab returns the transpose of sklearn's confusion matrix here: a Fortran-ordered
        # array. The layout is kept because cleanlab's calibrate_confident_joint sums the matrix
        # in memory order, so it changes the last bits of a later calibration.
        cj = np.asfortranarray(cj)
    if return_indices_of_off_diagonals:
        return cj, np.flatnonzero(mask)
    return cj


def calibrate_confident_joint(
    confident_joint: np.ndarray, labels: Any, *, multi_label: bool = False
) -> np.ndarray:
    """Calibrates a confident joint so that ``cj.sum() == len(labels)`` and
    ``cj.sum(axis=1) == np.bincount(labels, minlength=K)``.

    Each row is rescaled to the observed count of its given label, the whole matrix to ``N``,
    then every row is rounded to integers preserving its total (cleanlab's
    ``round_preserving_row_totals``; ties between equal rounding residuals go to the lower
    column).

    Parameters
    ----------
    confident_joint : np.ndarray
        Array of shape ``(K, K)`` (counts, usually integers; any real dtype).
    labels : np.ndarray, list, pandas.Series or pandas.DataFrame
        Given class labels, integers in ``0, ..., K-1``.
    multi_label : bool, default=False
        If True, `labels` is a list of lists of class indices and the result is cleanlab's
        one-vs-rest form (per-class binary matrices / thresholds).

    Returns
    -------
    calibrated_cj : np.ndarray
        int64 array of shape ``(K, K)``.
    """
    if multi_label:
        return _ml_calibrate_confident_joint(confident_joint, labels)
    order = _memory_order(confident_joint)
    cj = as_float64_matrix(confident_joint, "confident_joint")
    y = as_labels(labels)
    k = cj.shape[0]
    out = np.empty((k, k), dtype=np.int64)
    with call_native(y, k):
        _native.calibrate_confident_joint(cj, k, y, out, order)
    return out


def estimate_joint(
    labels: Any,
    pred_probs: np.ndarray,
    *,
    confident_joint: Optional[np.ndarray] = None,
    multi_label: bool = False,
) -> np.ndarray:
    """Estimates the joint distribution of label noise ``P(label=i, true_label=j)``.

    The result sums to 1 and its row sums are the observed label frequencies.

    Parameters
    ----------
    labels : np.ndarray, list, pandas.Series, pandas.DataFrame or None
        Given class labels. With a `confident_joint`, ``labels=None`` normalises the matrix as
        it is (no calibration).
    pred_probs : np.ndarray
        Array of shape ``(N, K)``; used only when `confident_joint` is None.
    confident_joint : np.ndarray, optional
        A ``(K, K)`` confident joint; calibrated with `labels` unless `labels` is None.
    multi_label : bool, default=False
        If True, `labels` is a list of lists of class indices and the result is cleanlab's
        one-vs-rest form (per-class binary matrices / thresholds).

    Returns
    -------
    confident_joint_distribution : np.ndarray
        float64 array of shape ``(K, K)``.
    """
    if multi_label:
        return _ml_estimate_joint(labels, pred_probs, confident_joint)
    if confident_joint is None:
        y = as_labels(labels)
        p = as_pred_probs(pred_probs, len(y))
        k = p.shape[1]
        cj = None
        order = 0
    else:
        order = _memory_order(confident_joint)
        cj = as_float64_matrix(confident_joint, "confident_joint")
        k = cj.shape[0]
        y = None if labels is None else as_labels(labels)
        p = None
    out = np.empty((k, k), dtype=np.float64)
    with call_native(y, k):
        _native.estimate_joint(p, y, cj, k, out, order)
    return out


def num_label_issues(
    labels: Any,
    pred_probs: np.ndarray,
    *,
    confident_joint: Optional[np.ndarray] = None,
    estimation_method: str = "off_diagonal",
    multi_label: bool = False,
) -> int:
    """Estimates the number of label issues in a classification dataset.

    Parameters
    ----------
    labels : np.ndarray, list, pandas.Series or pandas.DataFrame
        Given class labels, integers in ``0, ..., K-1`` (at least 2 distinct classes).
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of model-predicted class probabilities.
    confident_joint : np.ndarray, optional
        A ``(K, K)`` confident joint, used (after calibration) only with
        ``estimation_method='off_diagonal_custom'``; ignored with a warning otherwise.
    estimation_method : {'off_diagonal', 'off_diagonal_calibrated', 'off_diagonal_custom'}
        * ``'off_diagonal'``: the number of examples confidently counted off the diagonal of the
          confident joint, less those whose given label is (within 1e-6 of) the argmax; equals
          ``sum(filter.find_label_issues(labels, pred_probs, filter_by='confident_learning'))``.
        * ``'off_diagonal_calibrated'``: ``rint((1 - trace(estimate_joint(...))) * N)``.
        * ``'off_diagonal_custom'``: the same on the supplied `confident_joint`.
    multi_label : bool, default=False
        If True, `labels` is a list of lists of class indices and the result is cleanlab's
        one-vs-rest form (per-class binary matrices / thresholds).

    Returns
    -------
    num_issues : numpy.int64
        The estimated number of examples with label issues.
    """
    valid_methods = list(_ESTIMATION_METHODS)
    if isinstance(confident_joint, np.ndarray) and estimation_method != "off_diagonal_custom":
        warn_str = (
            "The supplied `confident_joint` is ignored as `confident_joint` is recomuputed internally using "
            "the supplied `labels` and `pred_probs`. If you still want to use custom `confident_joint` call function "
            "with `estimation_method='off_diagonal_custom'`."
        )
        warnings.warn(warn_str, stacklevel=2)
    if multi_label:
        return _ml_num_label_issues(labels, pred_probs, confident_joint)
    if not (isinstance(labels, (list, np.ndarray)) or hasattr(labels, "to_numpy")):
        labels = np.asarray(labels)  # cleanlab converts with labels_to_array() first here
    y, p = valid_inputs(labels, pred_probs)
    k = p.shape[1]
    method = _ESTIMATION_METHODS.get(estimation_method) if isinstance(estimation_method, str) else None
    if method is None:
        raise InvalidArgumentError(
            f"""
                {estimation_method} is not a valid estimation method!
                Please choose a valid estimation method: {valid_methods}
                """
        )
    cj = None
    order = 0
    if estimation_method == "off_diagonal_custom":
        if not isinstance(confident_joint, np.ndarray):
            raise InvalidArgumentError(
                f"""
                No `confident_joint` provided. For 'estimation_method' = {estimation_method} you need to provide pre-calculated
                `confident_joint` matrix. Use a different `estimation_method` if you want the `confident_joint` matrix to
                be calculated for you.
                """
            )
        order = _memory_order(confident_joint)
        cj = as_float64_matrix(confident_joint, "confident_joint", k)
    with call_native(y, k):
        count = _native.num_label_issues(p, y, method, cj, order)
    return np.int64(count)


def _memory_order(matrix) -> int:
    """1 when cleanlab would sum ``matrix`` column by column (a Fortran-ordered array), else 0.

    cleanlab's calibration divides by ``np.sum`` of a matrix laid out like the input, and numpy
    adds in memory order; the last bit of that total can change a rounded count.
    """
    if isinstance(matrix, np.ndarray) and matrix.ndim == 2:
        if matrix.flags.f_contiguous and not matrix.flags.c_contiguous:
            return 1
    return 0


# ---------------------------------------------------------------------------------------------
# latent estimation (area "latent"): estimate_latent, estimate_py_and_noise_matrices_from_
# probabilities, _converge_estimates, and the helpers cleanlab imports into `count`.
# ---------------------------------------------------------------------------------------------
from . import _native_latent as _nl  # noqa: E402
from .internal.latent_algebra import (  # noqa: E402,F401
    _PY_METHODS,
    _linalg,
    compute_inv_noise_matrix,
    compute_noise_matrix_from_inverse,
    compute_py,
)
from .internal.util import (  # noqa: E402,F401
    clip_noise_rates,
    clip_values,
    get_num_classes,
    get_unique_classes,
    round_preserving_row_totals,
    value_counts_fill_missing_classes,
)

__all__ += ["estimate_latent", "estimate_py_and_noise_matrices_from_probabilities"]


def _py_method(py_method: Any) -> int:
    code = _PY_METHODS.get(py_method) if isinstance(py_method, str) else None
    if code is None:
        raise ValueError(f"py_method {py_method} should be in [cnt, eqn, marginal, marginal_ps]")
    return code


def estimate_latent(
    confident_joint: np.ndarray,
    labels: np.ndarray,
    *,
    py_method: str = "cnt",
    converge_latent_estimates: bool = False,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Computes the latent prior ``p(y)``, the noise matrix ``P(labels|y)`` and the inverse noise
    matrix ``P(y|labels)`` from the confident joint ``count(labels, y)``.

    ``noise_matrix = cj / cj.sum(axis=0)``, ``inverse_noise_matrix = cj.T / cj.sum(axis=1)``
    (divisors clipped at 1e-100), ``py`` from `py_method`, noise rates clipped with
    :func:`~libcleanlab.internal.util.clip_noise_rates`; with `converge_latent_estimates`,
    ``_converge_estimates`` makes the three agree, ``py`` is clipped to [1e-5, 1] and both
    matrices are clipped again.

    Parameters
    ----------
    confident_joint : np.ndarray
        ``(K, K)`` counts ``cj[given][true]`` (usually from :func:`compute_confident_joint`).
    labels : np.ndarray
        Given labels, integers in ``0, ..., K-1`` (at least one; classes may be missing).
    py_method : {"cnt", "eqn", "marginal", "marginal_ps"}, default="cnt"
        How the latent prior ``p(true_label=k)`` is computed (see
        :func:`~libcleanlab.internal.latent_algebra.compute_py`).
    converge_latent_estimates : bool, default=False
        Iteratively make the estimates algebraically consistent.

    Returns
    -------
    tuple
        ``(py, noise_matrix, inv_noise_matrix)``, float64.
    """
    order = _memory_order(confident_joint)
    cj = as_float64_matrix(confident_joint, "confident_joint")
    k = cj.shape[0]
    y = as_labels(labels)
    code = _py_method(py_method)
    py = np.empty(k)
    nm = np.empty((k, k))
    inv = np.empty((k, k))
    with call_native(y, k):
        _linalg(_nl.estimate_latent, cj, k, order, y, code, bool(converge_latent_estimates), py, nm, inv)
    return py, nm, inv


def estimate_py_and_noise_matrices_from_probabilities(
    labels: np.ndarray,
    pred_probs: np.ndarray,
    *,
    thresholds: Optional[Union[np.ndarray, list]] = None,
    converge_latent_estimates: bool = True,
    py_method: str = "cnt",
    calibrate: bool = True,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Estimates ``py``, the noise matrix and the inverse noise matrix from the given labels and
    out-of-sample predicted probabilities: :func:`compute_confident_joint` followed by
    :func:`estimate_latent`.

    Parameters
    ----------
    labels : np.ndarray
        Given labels, integers in ``0, ..., K-1``.
    pred_probs : np.ndarray
        ``(N, K)`` predicted probabilities (float16, float32 or float64).
    thresholds : array_like, optional
        Per-class thresholds (see :func:`compute_confident_joint`).
    converge_latent_estimates : bool, default=True
        Iteratively make the estimates algebraically consistent.
    py_method : {"cnt", "eqn", "marginal", "marginal_ps"}, default="cnt"
    calibrate : bool, default=True
        Calibrate the confident joint.

    Returns
    -------
    tuple
        ``(py, noise_matrix, inverse_noise_matrix, confident_joint)``; the confident joint is
        int64 (Fortran-ordered when not calibrated, as cleanlab's).
    """
    y = as_labels(labels)
    p = as_pred_probs(pred_probs, len(y))
    k = p.shape[1]
    code = _py_method(py_method)
    if thresholds is None:
        thr, thr_dtype = None, _native.DTYPE_FLOAT64
    else:
        thr, thr_dtype = _thresholds_for_native(thresholds, k)
    py = np.empty(k)
    nm = np.empty((k, k))
    inv = np.empty((k, k))
    cj = np.empty((k, k), dtype=np.int64)
    with call_native(y, k):
        _linalg(
            _nl.estimate_py_and_noise_matrices_from_probabilities,
            p, y, thr, thr_dtype, bool(converge_latent_estimates), code, bool(calibrate),
            py, nm, inv, cj,
        )
    if not calibrate:
        cj = np.asfortranarray(cj)
    return py, nm, inv, cj


def _converge_estimates(
    ps: np.ndarray,
    py: np.ndarray,
    noise_matrix: np.ndarray,
    inverse_noise_matrix: np.ndarray,
    *,
    inv_noise_matrix_iterations: int = 5,
    noise_matrix_iterations: int = 3,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Makes ``py``, the noise matrix and the inverse noise matrix algebraically consistent by
    fixed-point iteration (cleanlab's private ``count._converge_estimates``).

    Returns
    -------
    tuple
        ``(py, noise_matrix, inverse_noise_matrix)``, float64.
    """
    from .internal.latent_algebra import _square, _vector

    nmat = _square(noise_matrix, "noise_matrix")
    k = nmat.shape[0]
    imat = _square(inverse_noise_matrix, "inverse_noise_matrix", k)
    p_s = _vector(ps, "ps", k)
    p_y = _vector(py, "py", k)
    it_inv = max(0, int(inv_noise_matrix_iterations))  # range(negative) is empty in cleanlab
    it_nm = max(0, int(noise_matrix_iterations))
    out_py = np.empty(k)
    out_nm = np.empty((k, k))
    out_inv = np.empty((k, k))
    _nl.converge_estimates(p_s, p_y, nmat, imat, k, it_inv, it_nm, out_py, out_nm, out_inv)
    if it_nm == 0:
        # cleanlab returns its arguments unchanged when no iteration runs
        return py, noise_matrix, inverse_noise_matrix
    return out_py, out_nm, out_inv


# ---------------------------------------------------------------------------------------------
# area: multilabel -- count.*(multi_label=True) (cleanlab 2.9.0), one-vs-rest in the native core
# ---------------------------------------------------------------------------------------------
def _ml_labels_list(labels: Any) -> None:
    if not isinstance(labels, list):
        raise TypeError("`labels` must be list when `multi_label=True`.")


def _ml_get_confident_thresholds(labels: Any, pred_probs: np.ndarray) -> np.ndarray:
    from . import _native_multilabel
    from ._multilabel import inputs, native_call

    p, offsets, classes = inputs(labels, pred_probs)
    out = np.empty((p.shape[1], 2), dtype=np.float64)
    native_call(p, _native_multilabel.thresholds, p, offsets, classes, out)
    return out


def _ml_compute_confident_joint(labels, pred_probs, thresholds, calibrate, return_indices_of_off_diagonals):
    from . import _native_multilabel
    from ._multilabel import inputs, native_call

    _ml_labels_list(labels)
    p, offsets, classes = inputs(labels, pred_probs)
    n, k = p.shape
    t, code = (None, _native.DTYPE_FLOAT64) if thresholds is None else _thresholds_for_native(thresholds, 2)
    out = np.empty((k, 2, 2), dtype=np.int64)
    masks = np.zeros((k, n), dtype=np.bool_) if return_indices_of_off_diagonals else None
    native_call(p, _native_multilabel.confident_joint, p, offsets, classes, t, code, bool(calibrate), out, masks)
    if return_indices_of_off_diagonals:
        return out, [np.flatnonzero(masks[c]) for c in range(k)]
    return out


def _ml_calibrate_confident_joint(confident_joint, labels):
    from . import _native_multilabel
    from ._multilabel import as_multilabels, native_call

    _ml_labels_list(labels)
    cj = np.asarray(confident_joint)
    if cj.dtype.kind not in "fiub":
        raise DTypeError(f"confident_joint must contain real numbers, got dtype {cj.dtype}")
    if cj.ndim != 3 or cj.shape[1:] != (2, 2):
        raise ShapeError(f"confident_joint must have shape (K, 2, 2) with multi_label=True, got {cj.shape}")
    offsets, classes = as_multilabels(labels)
    k = cj.shape[0]
    if len(classes) and int(classes.max()) >= k:
        raise ShapeError(f"labels contain class {int(classes.max())} but confident_joint has {k} classes")
    out = np.empty((k, 2, 2), dtype=np.int64)
    native_call(cj.reshape(k, 4), _native_multilabel.calibrate,
                np.ascontiguousarray(cj, dtype=np.float64), k, offsets, classes, out)
    return out


def _ml_estimate_joint(labels, pred_probs, confident_joint):
    from . import _native_multilabel
    from ._multilabel import inputs, native_call

    _ml_labels_list(labels)
    p, offsets, classes = inputs(labels, pred_probs)
    k = p.shape[1]
    cj = None
    if confident_joint is not None:
        cj = np.ascontiguousarray(confident_joint, dtype=np.float64)
        if cj.shape != (k, 2, 2):
            raise ShapeError(f"confident_joint must have shape ({k}, 2, 2) with multi_label=True, got {cj.shape}")
    out = np.empty((k, 2, 2), dtype=np.float64)
    native_call(p, _native_multilabel.estimate_joint, p, offsets, classes, cj, out)
    return out


def _ml_num_label_issues(labels, pred_probs, confident_joint):
    # cleanlab: sum(filter.find_label_issues(..., multi_label=True, filter_by='confident_learning'))
    from .multilabel_classification import filter as ml_filter

    _ml_labels_list(labels)
    if isinstance(confident_joint, np.ndarray):
        warnings.warn(
            "The supplied `confident_joint` is ignored when `filter_by = 'confident_learning'`; confident joint will be "
            "re-estimated from the given labels. To use your supplied `confident_joint`, please specify a different "
            "`filter_by` value.",
            stacklevel=3,
        )
    mask = ml_filter.find_label_issues(labels, pred_probs, filter_by="confident_learning",
                                       confident_joint=confident_joint)
    return np.int64(np.sum(mask))


# ---------------------------------------------------------------------------------------------
# cross-validation (area "classification"): out-of-sample pred_probs from any scikit-learn
# style classifier, then the confident joint and the latent estimates computed natively.
# estimate_confident_joint_and_cv_pred_proba, estimate_py_noise_matrices_and_cv_pred_proba,
# estimate_cv_predicted_probabilities, estimate_noise_matrices.
# ---------------------------------------------------------------------------------------------
__all__ += [
    "estimate_confident_joint_and_cv_pred_proba",
    "estimate_py_noise_matrices_and_cv_pred_proba",
    "estimate_cv_predicted_probabilities",
    "estimate_noise_matrices",
]


def _default_clf():
    """A fresh ``LogisticRegression(solver="lbfgs")``: cleanlab's default classifier."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(solver="lbfgs")


def _labels_to_array(labels: Any) -> np.ndarray:
    """cleanlab's ``labels_to_array``: the labels as a numpy array, their dtype kept (this is the
    array the classifier is fitted on, so its predictions have the labels' dtype)."""
    from ._common import _is_dataframe, _is_series

    if _is_series(labels):
        return labels.to_numpy()
    if _is_dataframe(labels):
        arr = labels.values
        if arr.ndim != 2 or arr.shape[1] != 1:
            raise ShapeError("labels must be one dimensional.")
        return arr.flatten()
    return np.asarray(labels)


def _num_examples(X: Any) -> int:
    try:
        return len(X)
    except Exception:
        pass
    try:
        return X.shape[0]
    except Exception:
        raise TypeError("Data features X must support either: len(X) or X.shape[0]") from None


def _assert_valid_inputs(X: Any, labels: Any, pred_probs: Any = None) -> np.ndarray:
    """cleanlab's ``internal.validation.assert_valid_inputs(X, labels, pred_probs)`` for
    single-label data (at least two classes). Returns the validated integer labels."""
    from ._common import check_two_classes

    from ._common import MSG_LABELS_NEG
    from ._errors import LabelRangeError

    y = as_labels(labels)
    if len(y) and int(y.min()) < 0:
        raise LabelRangeError(MSG_LABELS_NEG)
    check_two_classes(y)
    if pred_probs is None:
        if X is None:
            raise ValueError("Data features X cannot be None. Currently X is None.")
        n = _num_examples(X)
        if n != len(y):
            raise ValueError(
                f"X and labels must be same length, but X is length {n} and labels is length {len(y)}."
            )
    else:
        as_pred_probs(pred_probs, len(y))
        highest = int(y.max()) + 1
        if pred_probs.shape[1] < highest:
            raise ValueError(
                f"pred_probs must have at least {highest} columns, based on the largest class "
                "index which appears in labels."
            )
        if X is not None:
            warnings.warn("When X and pred_probs are both provided, the former may be ignored.")
    return y


def _torch_dataset(X: Any) -> bool:
    import sys

    torch = sys.modules.get("torch")  # X can only be a torch Dataset if torch is imported
    if torch is None:
        return False
    try:
        return isinstance(X, torch.utils.data.Dataset)
    except Exception:
        return False


def _split(X: Any, train_idx: np.ndarray, holdout_idx: np.ndarray) -> Tuple[Any, Any]:
    """X[train_idx], X[holdout_idx] for arrays, sparse matrices, pandas objects and torch
    Datasets."""
    from ._common import _is_dataframe, _is_series

    if _is_series(X) or _is_dataframe(X):
        return X.iloc[train_idx], X.iloc[holdout_idx]
    if _torch_dataset(X):
        import torch

        return torch.utils.data.Subset(X, train_idx), torch.utils.data.Subset(X, holdout_idx)
    try:
        return X[train_idx], X[holdout_idx]
    except Exception:
        raise ValueError(
            "Cleanlab cannot split this form of dataset (required for cross-validation). "
            "Try a different data format, "
            "or implement the cross-validation yourself and instead provide out-of-sample `pred_probs`"
        ) from None


def _append_row(to_data: Any, from_data: Any, index: int) -> Any:
    """``to_data`` with the row ``from_data[index]`` appended at the end."""
    from ._common import _is_dataframe, _is_series

    if type(from_data) is not type(to_data):
        raise ValueError("Cannot append datapoint from different type of data object.")
    if isinstance(to_data, np.ndarray):
        return np.concatenate([to_data, from_data[index : index + 1]], axis=0)
    if _is_series(to_data) or _is_dataframe(to_data):
        import pandas as pd

        return pd.concat([to_data, from_data.iloc[[index]]]).reset_index(drop=True)
    if isinstance(to_data, list):
        return to_data + [from_data[index]]
    try:
        import scipy.sparse as sp

        if sp.issparse(to_data):
            return sp.vstack([to_data, from_data[index]], format=to_data.format)
    except ImportError:
        pass
    try:
        return to_data.append(from_data[index])
    except Exception:
        raise TypeError("Data features X must support: X.append(X[i])") from None


def _clone(clf: Any) -> Any:
    import sklearn.base

    try:
        return sklearn.base.clone(clf)
    except Exception:
        raise ValueError(
            "`clf` must be clonable via: sklearn.base.clone(clf). "
            "You can either implement instance method `clf.get_params()` to produce a fresh untrained copy of this model, "
            "or you can implement the cross-validation outside of cleanlab "
            "and pass in the obtained `pred_probs` to skip cleanlab's internal cross-validation"
        ) from None


def _cv_pred_probs(
    X: Any,
    labels: Any,
    clf: Any,
    cv_n_folds: int,
    seed: Any,
    clf_kwargs: Optional[dict],
    validation_func: Any,
    copy_clf=None,
) -> Tuple[np.ndarray, np.ndarray]:
    """Out-of-sample predicted probabilities by stratified K-fold cross-validation, as cleanlab
    computes them. Returns ``(labels as an array, pred_probs float64 (N, K))``.

    `copy_clf` makes the untrained copy of `clf` for each fold (default: ``sklearn.base.clone``;
    the 1.x API uses ``copy.deepcopy``).
    """
    from sklearn.model_selection import StratifiedKFold

    _assert_valid_inputs(X, labels)
    y = _labels_to_array(labels)
    classes = np.unique(as_labels(y))
    num_classes = len(classes)  # cleanlab: the number of distinct labels
    if classes[-1] != num_classes - 1:
        missing = sorted(set(range(int(classes[-1]) + 1)) - set(int(c) for c in classes))
        raise ValueError(
            "cross-validation requires every class 0, 1, ..., K-1 to be present in labels, but "
            f"classes {missing} do not occur"
        )
    if validation_func is not None and not callable(validation_func):
        raise TypeError("validation_func must be callable function with args: X_val, y_val")
    if clf_kwargs is None:
        clf_kwargs = {}
    copy_clf = _clone if copy_clf is None else copy_clf
    kf = StratifiedKFold(n_splits=cv_n_folds, shuffle=True, random_state=seed)
    pred_probs = np.zeros(shape=(len(y), num_classes))
    torch_data = _torch_dataset(X)
    for train_idx, holdout_idx in kf.split(X=y, y=y):
        clf_copy = copy_clf(clf)
        X_train, X_holdout = _split(X, train_idx, holdout_idx)
        y_train, y_holdout = y[train_idx], y[holdout_idx]
        duplicated = {}  # missing class -> position in the holdout set of its duplicated example
        if not torch_data:
            present = set(int(c) for c in np.unique(y_train))
            missing = [c for c in range(num_classes) if c not in present]
            if missing:
                warnings.warn(
                    "Duplicated some data across multiple folds to ensure training does not fail "
                    f"because these classes do not have enough data for proper cross-validation: {set(missing)}."
                )
                for c in missing:
                    pos = int(np.flatnonzero(y_holdout == c)[0])
                    y_train = np.append(y_train, y_holdout[pos])
                    X_train = _append_row(X_train, X_holdout, pos)
                    duplicated[c] = pos
        validation_kwargs = {} if validation_func is None else validation_func(X_holdout, y_holdout)
        clf_copy.fit(X_train, y_train, **clf_kwargs, **validation_kwargs)
        probs = np.array(clf_copy.predict_proba(X_holdout), dtype=np.float64, copy=True)
        for c, pos in duplicated.items():
            probs[pos] = 0.0
            probs[pos, c] = 1.0  # the duplicated example was trained on: predict its label
        pred_probs[holdout_idx] = probs
    return y, pred_probs


def estimate_confident_joint_and_cv_pred_proba(
    X,
    labels,
    clf=None,
    *,
    cv_n_folds: int = 5,
    thresholds: Optional[Union[np.ndarray, list]] = None,
    seed: Optional[int] = None,
    calibrate: bool = True,
    clf_kwargs: Optional[dict] = None,
    validation_func=None,
) -> Tuple[np.ndarray, np.ndarray]:
    """Out-of-sample predicted probabilities by cross-validation, and the confident joint
    computed from them.

    ``StratifiedKFold(n_splits=cv_n_folds, shuffle=True, random_state=seed)`` splits on the labels;
    for each fold a fresh ``sklearn.base.clone(clf)`` is fitted on the training part
    (``clf.fit(X_train, y_train, **clf_kwargs, **validation_func(X_holdout, y_holdout))``) and
    predicts the holdout part. When a class is absent from a fold's training part, its first
    holdout example is duplicated into the training part (with a warning) and its holdout
    prediction is the one-hot vector of its label. The confident joint is then computed by
    libcleanlab from these probabilities (:func:`compute_confident_joint`).

    Parameters
    ----------
    X : np.ndarray, scipy sparse matrix, pandas object or torch Dataset
        Features of the ``N`` examples (anything `clf` can fit and index by row).
    labels : np.ndarray or pandas.Series
        Given labels, integers ``0, ..., K-1``, every class present.
    clf : estimator, default=LogisticRegression(solver="lbfgs")
        A scikit-learn compatible classifier (clonable, with ``fit`` and ``predict_proba``).
    cv_n_folds : int, default=5
    thresholds : array_like, optional
        Per-class thresholds of the confident joint.
    seed : int, optional
        Seed of the fold shuffling (None: numpy's global random state).
    calibrate : bool, default=True
    clf_kwargs : dict, optional
        Keyword arguments of ``clf.fit``.
    validation_func : callable, optional
        ``validation_func(X_val, y_val)`` returns more keyword arguments of ``clf.fit`` for a
        fold (e.g. early-stopping data).

    Returns
    -------
    tuple
        ``(confident_joint, pred_probs)``: int64 ``(K, K)`` and float64 ``(N, K)``.
    """
    if clf is None:
        clf = _default_clf()
    y, pred_probs = _cv_pred_probs(X, labels, clf, cv_n_folds, seed, clf_kwargs, validation_func)
    cj = compute_confident_joint(y, pred_probs, thresholds=thresholds, calibrate=calibrate)
    return cj, pred_probs


def _py_noise_matrices_and_cv_pred_proba(
    X, labels, clf, cv_n_folds, thresholds, converge_latent_estimates, py_method, seed,
    clf_kwargs, validation_func, copy_clf=None,
):
    _py_method(py_method)  # a bad py_method fails before any training
    if clf is None:
        clf = _default_clf()
    y, pred_probs = _cv_pred_probs(
        X, labels, clf, cv_n_folds, seed, clf_kwargs, validation_func, copy_clf
    )
    cj = compute_confident_joint(y, pred_probs, thresholds=thresholds)
    py, nm, inv = estimate_latent(
        cj, y, py_method=py_method, converge_latent_estimates=converge_latent_estimates
    )
    return py, nm, inv, cj, pred_probs


def estimate_py_noise_matrices_and_cv_pred_proba(
    X,
    labels,
    clf=None,
    *,
    cv_n_folds: int = 5,
    thresholds: Optional[Union[np.ndarray, list]] = None,
    converge_latent_estimates: bool = False,
    py_method: str = "cnt",
    seed: Optional[int] = None,
    clf_kwargs: Optional[dict] = None,
    validation_func=None,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cross-validated predicted probabilities (see
    :func:`estimate_confident_joint_and_cv_pred_proba`), the calibrated confident joint and the
    latent estimates (:func:`estimate_latent`).

    Returns
    -------
    tuple
        ``(py, noise_matrix, inverse_noise_matrix, confident_joint, pred_probs)``.
    """
    return _py_noise_matrices_and_cv_pred_proba(
        X, labels, clf, cv_n_folds, thresholds, converge_latent_estimates, py_method, seed,
        clf_kwargs, validation_func,
    )


def estimate_cv_predicted_probabilities(
    X,
    labels,
    clf=None,
    *,
    cv_n_folds: int = 5,
    seed: Optional[int] = None,
    clf_kwargs: Optional[dict] = None,
    validation_func=None,
) -> np.ndarray:
    """Out-of-sample predicted probabilities ``(N, K)`` of every example by cross-validation
    (see :func:`estimate_confident_joint_and_cv_pred_proba`)."""
    return _py_noise_matrices_and_cv_pred_proba(
        X, labels, clf, cv_n_folds, None, False, "cnt", seed, clf_kwargs, validation_func
    )[-1]


def estimate_noise_matrices(
    X,
    labels,
    clf=None,
    *,
    cv_n_folds: int = 5,
    thresholds: Optional[Union[np.ndarray, list]] = None,
    converge_latent_estimates: bool = True,
    seed: Optional[int] = None,
    clf_kwargs: Optional[dict] = None,
    validation_func=None,
) -> Tuple[np.ndarray, np.ndarray]:
    """The noise matrix ``P(label|true_label)`` and the inverse noise matrix
    ``P(true_label|label)`` estimated by cross-validation (see
    :func:`estimate_py_noise_matrices_and_cv_pred_proba`).

    Returns
    -------
    tuple
        ``(noise_matrix, inverse_noise_matrix)``.
    """
    return _py_noise_matrices_and_cv_pred_proba(
        X, labels, clf, cv_n_folds, thresholds, converge_latent_estimates, "cnt", seed,
        clf_kwargs, validation_func,
    )[1:3]
