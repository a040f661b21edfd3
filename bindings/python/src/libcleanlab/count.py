"""Estimate the latent structures of confident learning: per-class thresholds, the confident joint
``C[given][true]``, its calibration, the joint distribution ``p(given, true)`` and the number of
label issues.

Drop-in replacements for the functions of the same name in ``cleanlab.count`` (cleanlab 2.9.0),
computed by libcleanlab's native core. Only single-label (multi-class) classification is
implemented: ``multi_label=True`` raises :class:`NotImplementedError`.
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
        Not supported (raises :class:`NotImplementedError` when True).

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
        Not supported (raises :class:`NotImplementedError` when True).
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
        Not supported (raises :class:`NotImplementedError` when True).

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
        Not supported (raises :class:`NotImplementedError` when True).

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
        Not supported (raises :class:`NotImplementedError` when True).

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
