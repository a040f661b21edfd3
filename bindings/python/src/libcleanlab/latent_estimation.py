"""cleanlab 1.x ``cleanlab.latent_estimation``: the confident joint and the latent noise
statistics (the seed API), with cleanlab 1.0.1's answers.

The confident joint (:func:`compute_confident_joint`, :func:`calibrate_confident_joint`,
:func:`estimate_joint`, :func:`num_label_errors`), the latent estimates (:func:`estimate_latent`,
:func:`estimate_py_and_noise_matrices_from_probabilities`, :func:`converge_estimates`, with
1.x's bounds) and the cross-validation functions (scikit-learn is optional: it is imported when
one of them is called, with a clear ImportError when missing; ``clf=None`` means 1.x's default
``LogisticRegression(multi_class='auto', solver='lbfgs')``).
"""

from typing import Any, Optional, Tuple, Union

import numpy as np

from . import _native, _native_v1
from ._common import call_native
from ._errors import DTypeError, ShapeError
from ._v1common import multi_labels, square, v1_labels, v1_psx

__all__ = [
    "num_label_errors",
    "calibrate_confident_joint",
    "estimate_joint",
    "compute_confident_joint",
    "estimate_latent",
    "estimate_py_and_noise_matrices_from_probabilities",
    "estimate_confident_joint_and_cv_pred_proba",
    "estimate_py_noise_matrices_and_cv_pred_proba",
    "estimate_cv_predicted_probabilities",
    "estimate_noise_matrices",
    "converge_estimates",
    "estimate_confident_joint_from_probabilities",
]


def _thresholds(thresholds: Any, k: int) -> Tuple[np.ndarray, int]:
    """Thresholds as float64 plus the dtype in which ``psx >= thresholds - 1e-6`` is evaluated
    (1.x: ``np.asarray(thresholds)``, float32 for a float32 array, float64 for lists)."""
    t = np.asarray(thresholds)
    if t.dtype.kind not in "fiub":
        raise DTypeError(f"thresholds must contain real numbers, got dtype {t.dtype}")
    if t.size != k or t.ndim != 1:
        raise ShapeError(f"thresholds must have shape ({k},), got {t.shape}")
    if t.dtype.kind == "f" and t.dtype.itemsize == 2:
        code = _native.DTYPE_FLOAT16
    elif t.dtype.kind == "f" and t.dtype.itemsize == 4:
        code = _native.DTYPE_FLOAT32
    else:
        code = _native.DTYPE_FLOAT64
    return np.require(t, dtype=np.float64, requirements=["C_CONTIGUOUS", "ALIGNED"]), code


def num_label_errors(labels: Any, psx: np.ndarray, confident_joint: Optional[np.ndarray] = None) -> int:
    """``int((1 - trace(cj / sum(cj))) * N)``: the estimated number of label errors, truncated
    (cleanlab 2.x rounds). ``cj`` is the calibrated confident joint when not given.
    """
    if confident_joint is not None:
        y = v1_labels(labels)
        cj, order = square(confident_joint, "confident_joint")
        k = cj.shape[0]
        with call_native(y, k):
            return _native_v1.num_label_errors(None, y, cj, order, k, None)
    y = v1_labels(labels)
    p = v1_psx(psx, len(y))
    k = p.shape[1]
    with call_native(y, k):
        return _native_v1.num_label_errors(p, y, None, 0, k, None)


def calibrate_confident_joint(
    confident_joint: np.ndarray, s: Any, multi_label: bool = False
) -> np.ndarray:
    """Rescale each row of the confident joint to the count of its given label and the total to
    N (to the number of labels with `multi_label`), then round preserving row totals.

    Every class must occur in ``s`` and every row must have a non-zero sum (1.x divides without a
    guard and returns garbage otherwise; libcleanlab raises).

    Returns
    -------
    np.ndarray
        int64 ``(K, K)`` matrix.
    """
    if multi_label:
        from ._v1multilabel import calibrate_multi_label

        return calibrate_multi_label(confident_joint, multi_labels(s))
    cj, order = square(confident_joint, "confident_joint")
    y = v1_labels(s)
    k = cj.shape[0]
    out = np.empty((k, k), dtype=np.int64)
    with call_native(y, k):
        _native_v1.calibrate_confident_joint(cj, k, order, y, out)
    return out


def estimate_joint(
    s: Any,
    psx: Optional[np.ndarray] = None,
    confident_joint: Optional[np.ndarray] = None,
    multi_label: bool = False,
) -> np.ndarray:
    """The joint distribution ``p(s, y)``: the calibrated confident joint divided by its sum.

    Returns
    -------
    np.ndarray
        float64 ``(K, K)`` matrix summing to 1.
    """
    if multi_label:
        if confident_joint is None:
            cal = compute_confident_joint(s, psx, calibrate=True, multi_label=True)
        else:
            cal = calibrate_confident_joint(confident_joint, s, multi_label=True)
        return cal / float(np.sum(cal))
    y = v1_labels(s)
    if confident_joint is not None:
        cj, order = square(confident_joint, "confident_joint")
        k = cj.shape[0]
        p = None
    else:
        if psx is None:
            raise ShapeError("estimate_joint needs psx when confident_joint is None")
        p = v1_psx(psx, len(y))
        k = p.shape[1]
        cj, order = None, 0
    out = np.empty((k, k), dtype=np.float64)
    with call_native(y, k):
        _native_v1.estimate_joint(p, y, cj, order, k, out)
    return out


def compute_confident_joint(
    s: Any,
    psx: np.ndarray,
    K: Optional[int] = None,
    thresholds: Optional[Any] = None,
    calibrate: bool = True,
    multi_label: bool = False,
    return_indices_of_off_diagonals: bool = False,
) -> Union[np.ndarray, Tuple[np.ndarray, np.ndarray]]:
    """The confident joint ``cj[given][true]`` of cleanlab 1.x.

    Thresholds default to the per-class means ``mean(psx[s == k, k])`` (no 2e-6 floor as in 2.x);
    example i is counted in class j when ``psx[i, j] >= t[j] - 1e-6`` for exactly one j, or in
    ``argmax(psx[i])`` when several pass; the diagonal is not raised to 1 (2.x does). K comes
    from the labels: every class must occur (1.x fails otherwise, issue #41).

    Returns
    -------
    np.ndarray or (np.ndarray, np.ndarray)
        int64 ``(K, K)`` (Fortran-ordered when not calibrated, as 1.x's ``confusion_matrix.T``),
        plus the ascending indices of the examples counted off the diagonal when
        `return_indices_of_off_diagonals`.
    """
    if multi_label:
        from ._v1multilabel import confident_joint_multi_label

        return confident_joint_multi_label(multi_labels(s), psx, thresholds, calibrate)
    y = v1_labels(s)
    p = v1_psx(psx, len(y))
    n, k = p.shape
    if thresholds is None:
        thr, thr_dtype = None, _native.DTYPE_FLOAT64
    else:
        thr, thr_dtype = _thresholds(thresholds, k)
    kk = 0 if K is None else int(K)
    cj = np.empty((k, k), dtype=np.int64)
    mask = np.empty(n, dtype=np.bool_) if return_indices_of_off_diagonals else None
    with call_native(y, k):
        _native_v1.compute_confident_joint(p, y, kk, thr, thr_dtype, bool(calibrate), cj, mask)
    if not calibrate:
        cj = np.asfortranarray(cj)
    if return_indices_of_off_diagonals:
        return cj, np.flatnonzero(mask)
    return cj


# ---------------------------------------------------------------------------------------------
# Latent estimation: libcleanlab's latent core with cleanlab 1.0.1's constants (cl_v1_*)
# ---------------------------------------------------------------------------------------------


def _py_method(py_method: Any) -> int:
    from .latent_algebra import _py_method_code

    return _py_method_code(py_method)


def estimate_latent(
    confident_joint: np.ndarray,
    s: Any,
    py_method: str = "cnt",
    converge_latent_estimates: bool = False,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The latent prior ``py = p(y)``, the noise matrix ``P(s|y)`` and the inverse noise matrix
    ``P(y|s)`` from the confident joint ``cj[s][y]``, as cleanlab 1.0.1.

    ``noise_matrix = cj / cj.sum(axis=0)``, ``inverse_noise_matrix = cj.T / cj.sum(axis=1)``,
    ``py`` by `py_method` (clipped to ``[1e-5, 1]``), both matrices through ``clip_noise_rates``;
    with `converge_latent_estimates`, :func:`converge_estimates` then the same clips again.

    Every class ``0..K-1`` must occur in `s` (:class:`~libcleanlab.LabelRangeError`; 1.x
    misaligns or fails). Where 1.x's unguarded divisions give NaN/inf (a zero row or column sum,
    a zero diagonal), libcleanlab raises :class:`~libcleanlab.NumericError`.

    Returns
    -------
    (py, noise_matrix, inv_noise_matrix) : float64 arrays of shapes (K,), (K, K), (K, K)
    """
    cj, order = square(confident_joint, "confident_joint")
    k = cj.shape[0]
    y = v1_labels(s)
    code = _py_method(py_method)
    py = np.empty(k)
    nm = np.empty((k, k))
    inv = np.empty((k, k))
    from .latent_algebra import _linalg

    with call_native(y, k):
        _linalg(_native_v1.estimate_latent, cj, k, order, y, code, bool(converge_latent_estimates),
                py, nm, inv)
    return py, nm, inv


def estimate_py_and_noise_matrices_from_probabilities(
    s: Any,
    psx: np.ndarray,
    thresholds: Optional[Any] = None,
    converge_latent_estimates: bool = True,
    py_method: str = "cnt",
    calibrate: bool = True,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`compute_confident_joint` then :func:`estimate_latent` (1.x's defaults: the
    estimates are converged).

    Returns
    -------
    (py, noise_matrix, inv_noise_matrix, confident_joint)
    """
    _py_method(py_method)  # an unknown method fails before any work
    confident_joint = compute_confident_joint(s=s, psx=psx, thresholds=thresholds, calibrate=calibrate)
    py, noise_matrix, inv_noise_matrix = estimate_latent(
        confident_joint=confident_joint, s=s, py_method=py_method,
        converge_latent_estimates=converge_latent_estimates,
    )
    return py, noise_matrix, inv_noise_matrix, confident_joint


def converge_estimates(
    ps,
    py,
    noise_matrix,
    inverse_noise_matrix,
    inv_noise_matrix_iterations=5,
    noise_matrix_iterations=3,
):
    """Make ``py``, the noise matrix and the inverse noise matrix algebraically consistent:
    `noise_matrix_iterations` times, `inv_noise_matrix_iterations` rounds of
    ``inv = compute_inv_noise_matrix(py, nm, ps)``, ``py = compute_py(ps, nm, inv)``, then
    ``nm = compute_noise_matrix_from_inverse(ps, inv, py)`` (1.x's latent algebra bounds).

    With no outer iteration (``noise_matrix_iterations <= 0``) the arguments are returned
    unchanged, as 1.x does.

    Returns
    -------
    (py, noise_matrix, inverse_noise_matrix)
    """
    import operator

    from .latent_algebra import _square, _vector

    it_inv = operator.index(inv_noise_matrix_iterations)
    it_nm = operator.index(noise_matrix_iterations)
    if it_nm <= 0:
        return py, noise_matrix, inverse_noise_matrix
    nm = _square(noise_matrix, "noise_matrix")
    k = nm.shape[0]
    inv = _square(inverse_noise_matrix, "inverse_noise_matrix", k)
    p_s = _vector(ps, "ps", k)
    p_y = _vector(py, "py", k)
    it_inv = max(it_inv, 0)
    if it_inv >= 2**31 or it_nm >= 2**31:
        raise ValueError("iteration counts must be < 2**31")
    out_py, out_nm, out_inv = np.empty(k), np.empty((k, k)), np.empty((k, k))
    _native_v1.converge_estimates(p_s, p_y, nm, inv, k, it_inv, it_nm, out_py, out_nm, out_inv)
    if it_inv == 0:
        # 1.x never reassigns py and the inverse noise matrix then
        return py, out_nm, inverse_noise_matrix
    return out_py, out_nm, out_inv


# ---------------------------------------------------------------------------------------------
# Cross-validation (scikit-learn is optional: imported inside these functions)
# ---------------------------------------------------------------------------------------------


def _sklearn(fn_name: str):
    try:
        from sklearn.model_selection import StratifiedKFold
    except ImportError as e:  # pragma: no cover - exercised by a test with sklearn hidden
        raise ImportError(
            f"libcleanlab.latent_estimation.{fn_name} needs scikit-learn for its cross-validation "
            "(StratifiedKFold and the default LogisticRegression): pip install scikit-learn"
        ) from e
    return StratifiedKFold


def _default_clf():
    """1.x's default ``LogisticRegression(multi_class='auto', solver='lbfgs')``; 'auto' is the
    default of every scikit-learn that has the option and the only behaviour of those without."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(solver="lbfgs")


def _cv_pred_proba(fn_name: str, X, s, clf, cv_n_folds, seed) -> Tuple[np.ndarray, np.ndarray]:
    """Out-of-fold predicted probabilities, as 1.x: StratifiedKFold(n_splits=cv_n_folds,
    shuffle=True, random_state=seed) over (X, s), a deep copy of `clf` fitted per fold."""
    import copy

    from .util import assert_inputs_are_valid

    StratifiedKFold = _sklearn(fn_name)
    if clf is None:
        clf = _default_clf()
    assert_inputs_are_valid(X, s)
    s = np.asarray(s)
    K = len(np.unique(s))
    kf = StratifiedKFold(n_splits=cv_n_folds, shuffle=True, random_state=seed)
    psx = np.zeros((len(s), K))
    for cv_train_idx, cv_holdout_idx in kf.split(X, s):
        clf_copy = copy.deepcopy(clf)
        clf_copy.fit(X[cv_train_idx], s[cv_train_idx])
        psx_cv = np.asarray(clf_copy.predict_proba(X[cv_holdout_idx]))
        if psx_cv.ndim != 2 or psx_cv.shape != (len(cv_holdout_idx), K):
            raise ShapeError(
                f"clf.predict_proba returned shape {psx_cv.shape} for a fold of "
                f"{len(cv_holdout_idx)} examples, expected ({len(cv_holdout_idx)}, {K}): every "
                "class must occur in every training fold (use fewer folds) and predict_proba "
                "must return one column per class (cleanlab 1.x fails with a broadcast error)"
            )
        psx[cv_holdout_idx] = psx_cv
    return psx, s


def estimate_confident_joint_and_cv_pred_proba(
    X, s, clf=None, cv_n_folds=5, thresholds=None, seed=None, calibrate=True
) -> Tuple[np.ndarray, np.ndarray]:
    """Cross-validated ``psx`` (out-of-fold ``clf.predict_proba``) and the confident joint
    computed from it, as cleanlab 1.x.

    Parameters
    ----------
    X : np.ndarray or sparse matrix
        ``(N, ...)`` features, indexable by an index array.
    s : np.ndarray
        ``(N,)`` noisy labels ``0..K-1`` (every class present).
    clf : scikit-learn compatible classifier, default None
        Needs ``fit(X, y)`` and ``predict_proba(X)``; deep-copied per fold. None means 1.x's
        default, ``LogisticRegression(multi_class='auto', solver='lbfgs')`` (created at call
        time: scikit-learn is an optional dependency of libcleanlab).
    cv_n_folds : int
        Folds of ``StratifiedKFold(shuffle=True, random_state=seed)``.
    thresholds, calibrate :
        Passed to :func:`compute_confident_joint`.
    seed : int or None
        ``random_state`` of the fold split.

    Returns
    -------
    (confident_joint, psx)
    """
    psx, s = _cv_pred_proba("estimate_confident_joint_and_cv_pred_proba", X, s, clf, cv_n_folds, seed)
    confident_joint = compute_confident_joint(s=s, psx=psx, thresholds=thresholds, calibrate=calibrate)
    return confident_joint, psx


def estimate_py_noise_matrices_and_cv_pred_proba(
    X, s, clf=None, cv_n_folds=5, thresholds=None, converge_latent_estimates=False,
    py_method="cnt", seed=None,
):
    """:func:`estimate_confident_joint_and_cv_pred_proba` then :func:`estimate_latent`.

    Returns
    -------
    (py, noise_matrix, inv_noise_matrix, confident_joint, psx)
    """
    _py_method(py_method)
    confident_joint, psx = estimate_confident_joint_and_cv_pred_proba(
        X=X, s=s, clf=clf, cv_n_folds=cv_n_folds, thresholds=thresholds, seed=seed,
    )
    py, noise_matrix, inv_noise_matrix = estimate_latent(
        confident_joint=confident_joint, s=s, py_method=py_method,
        converge_latent_estimates=converge_latent_estimates,
    )
    return py, noise_matrix, inv_noise_matrix, confident_joint, psx


def estimate_cv_predicted_probabilities(X, labels, clf=None, cv_n_folds=5, seed=None) -> np.ndarray:
    """Cross-validated predicted probabilities ``psx`` (``(N, K)``), as 1.x (whose result is
    the last element of :func:`estimate_py_noise_matrices_and_cv_pred_proba`; libcleanlab skips
    the latent estimates it discards)."""
    psx, _ = _cv_pred_proba("estimate_cv_predicted_probabilities", X, labels, clf, cv_n_folds, seed)
    return psx


def estimate_noise_matrices(
    X, s, clf=None, cv_n_folds=5, thresholds=None, converge_latent_estimates=True, seed=None
) -> Tuple[np.ndarray, np.ndarray]:
    """The noise matrix and the inverse noise matrix from cross-validated probabilities (the
    estimates are converged by default, as in 1.x).

    Returns
    -------
    (noise_matrix, inv_noise_matrix)
    """
    return estimate_py_noise_matrices_and_cv_pred_proba(
        X=X, s=s, clf=clf, cv_n_folds=cv_n_folds, thresholds=thresholds,
        converge_latent_estimates=converge_latent_estimates, seed=seed,
    )[1:-2]


def estimate_confident_joint_from_probabilities(
    s, psx, thresholds=None, force_ps=False, return_list_of_converging_cj_matrices=False
):
    """Deprecated in cleanlab 1.x (removed as of 0.0.10 per its docstring): not provided."""
    raise NotImplementedError(
        "estimate_confident_joint_from_probabilities is deprecated in cleanlab 1.x; use "
        "compute_confident_joint"
    )
