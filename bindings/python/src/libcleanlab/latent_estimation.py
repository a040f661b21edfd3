"""cleanlab 1.x ``cleanlab.latent_estimation``: the confident joint and the latent noise
statistics (the seed API), with cleanlab 1.0.1's answers.

Implemented now: :func:`compute_confident_joint`, :func:`calibrate_confident_joint`,
:func:`estimate_joint`, :func:`num_label_errors`. The latent estimates (``estimate_latent``,
``estimate_py_and_noise_matrices_from_probabilities``, ``converge_estimates``) and the
cross-validation helpers are TODO: they will wrap libcleanlab's 2.x latent-estimation core and
raise :class:`NotImplementedError` until then.
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
# TODO(latent): wrap the 2.x latent-estimation core (count.estimate_latent,
# estimate_py_and_noise_matrices_from_probabilities, _converge_estimates) being written in
# parallel, with 1.x's defaults and return conventions. Until then these raise.
# ---------------------------------------------------------------------------------------------


def _todo(name: str):
    raise NotImplementedError(
        f"libcleanlab.latent_estimation.{name} is not implemented yet (it will wrap libcleanlab's "
        "latent-estimation core)"
    )


def estimate_latent(confident_joint, s, py_method="cnt", converge_latent_estimates=False):
    """TODO: cleanlab 1.x ``estimate_latent`` -> (py, noise_matrix, inverse_noise_matrix)."""
    _todo("estimate_latent")


def estimate_py_and_noise_matrices_from_probabilities(
    s, psx, thresholds=None, converge_latent_estimates=True, py_method="cnt", calibrate=True
):
    """TODO: cleanlab 1.x ``estimate_py_and_noise_matrices_from_probabilities``."""
    _todo("estimate_py_and_noise_matrices_from_probabilities")


def converge_estimates(
    ps, py, noise_matrix, inverse_noise_matrix, inv_noise_matrix_iterations=5,
    noise_matrix_iterations=3,
):
    """TODO: cleanlab 1.x ``converge_estimates``."""
    _todo("converge_estimates")


def estimate_confident_joint_and_cv_pred_proba(
    X, s, clf=None, cv_n_folds=5, thresholds=None, seed=None, calibrate=True
):
    """TODO: cleanlab 1.x ``estimate_confident_joint_and_cv_pred_proba`` (cross-validation)."""
    _todo("estimate_confident_joint_and_cv_pred_proba")


def estimate_py_noise_matrices_and_cv_pred_proba(
    X, s, clf=None, cv_n_folds=5, thresholds=None, converge_latent_estimates=False,
    py_method="cnt", seed=None,
):
    """TODO: cleanlab 1.x ``estimate_py_noise_matrices_and_cv_pred_proba``."""
    _todo("estimate_py_noise_matrices_and_cv_pred_proba")


def estimate_cv_predicted_probabilities(X, labels, clf=None, cv_n_folds=5, seed=None):
    """TODO: cleanlab 1.x ``estimate_cv_predicted_probabilities``."""
    _todo("estimate_cv_predicted_probabilities")


def estimate_noise_matrices(
    X, s, clf=None, cv_n_folds=5, thresholds=None, converge_latent_estimates=True, seed=None
):
    """TODO: cleanlab 1.x ``estimate_noise_matrices``."""
    _todo("estimate_noise_matrices")


def estimate_confident_joint_from_probabilities(
    s, psx, thresholds=None, force_ps=False, return_list_of_converging_cj_matrices=False
):
    """Deprecated in cleanlab 1.x (removed as of 0.0.10 per its docstring): not provided."""
    raise NotImplementedError(
        "estimate_confident_joint_from_probabilities is deprecated in cleanlab 1.x; use "
        "compute_confident_joint"
    )
