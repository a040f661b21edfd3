"""Rank examples by label quality: one score per example in ``[0, 1]``, lower = more likely
mislabeled.

Drop-in replacements for the functions of the same name in ``cleanlab.rank`` (cleanlab 2.9.0),
computed by libcleanlab's native core. Scores of ``'self_confidence'`` and
``'normalized_margin'`` are computed in the precision of `pred_probs` and returned in its dtype,
as cleanlab does; where cleanlab sorts equal scores with numpy's unstable argsort, libcleanlab
puts the lower index first.
"""

import operator
from typing import Any, Optional

import numpy as np

from . import _native
from ._common import (
    allow_one_class,
    as_labels,
    as_pred_probs,
    call_native,
    check_two_classes,
    label_counts,
    rank_method_code,
    valid_inputs,
)
from ._errors import DTypeError, InvalidArgumentError, ShapeError

__all__ = [
    "get_label_quality_scores",
    "order_label_issues",
    "find_top_issues",
    "get_self_confidence_for_each_label",
    "get_normalized_margin_for_each_label",
    "get_confidence_weighted_entropy_for_each_label",
]


def _score_dtype(y: np.ndarray, p: np.ndarray, method: int, adjust: bool) -> np.dtype:
    """cleanlab's dtype for a score array: float64 for confidence_weighted_entropy; else the
    input's dtype, except that adjust_pred_probs with a class missing from labels computes in
    float64 (the thresholds are float64 then)."""
    if method == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY or p.dtype == np.float64:
        return np.dtype(np.float64)
    if adjust and np.any(label_counts(y, p.shape[1]) == 0):
        return np.dtype(np.float64)
    return p.dtype


def get_label_quality_scores(
    labels: np.ndarray,
    pred_probs: np.ndarray,
    *,
    method: str = "self_confidence",
    adjust_pred_probs: bool = False,
) -> np.ndarray:
    """Returns a label quality score for each example.

    Parameters
    ----------
    labels : np.ndarray
        Given class label of each example, integers in ``0, ..., K-1`` (lists and pandas objects
        are accepted too).
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of predicted class probabilities.
    method : {'self_confidence', 'normalized_margin', 'confidence_weighted_entropy'}
        * ``'self_confidence'``: ``pred_probs[i, labels[i]]``.
        * ``'normalized_margin'``: ``(p[i, y] - max_{k != y} p[i, k] + 1) / 2``.
        * ``'confidence_weighted_entropy'``: ``log(s + 1) / max(s, 1e-6)`` with
          ``s = normalized_entropy(p[i]) / max(p[i, y], 1e-6)``.
    adjust_pred_probs : bool, default=False
        Subtract the per-class confident thresholds from `pred_probs` and renormalise before
        scoring (not supported by ``'confidence_weighted_entropy'``).

    Returns
    -------
    label_quality_scores : np.ndarray
        Shape ``(N,)``; the dtype of `pred_probs` for the first two methods (float64 when
        `adjust_pred_probs` and a class is missing from `labels`), float64 for
        ``'confidence_weighted_entropy'``.
    """
    y, p = valid_inputs(labels, pred_probs)
    code = rank_method_code(method)
    adjust = bool(adjust_pred_probs)
    if adjust and code == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY:
        raise InvalidArgumentError(f"adjust_pred_probs is not currently supported for {method}.")
    out = np.empty(p.shape[0], dtype=np.float64)
    with call_native(y, p.shape[1]):
        _native.get_label_quality_scores(p, y, code, adjust, out)
    dtype = _score_dtype(y, p, code, adjust)
    return out if dtype == np.float64 else out.astype(dtype)


def _scores(fn, labels: Any, pred_probs: np.ndarray, keep_dtype: bool) -> np.ndarray:
    y = as_labels(labels)
    p = as_pred_probs(pred_probs, len(y))
    out = np.empty(p.shape[0], dtype=np.float64)
    with call_native(y, p.shape[1]):
        fn(p, y, out)
    if keep_dtype and p.dtype != np.float64:
        return out.astype(p.dtype)
    return out


def get_self_confidence_for_each_label(labels: np.ndarray, pred_probs: np.ndarray) -> np.ndarray:
    """Returns the self-confidence ``pred_probs[i, labels[i]]`` of each example.

    Parameters
    ----------
    labels : np.ndarray
        Given class labels, integers in ``0, ..., K-1``.
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of predicted class probabilities.

    Returns
    -------
    label_quality_scores : np.ndarray
        Shape ``(N,)``, in the dtype of `pred_probs`.
    """
    return _scores(_native.get_self_confidence_for_each_label, labels, pred_probs, True)


def get_normalized_margin_for_each_label(
    labels: np.ndarray, pred_probs: np.ndarray
) -> np.ndarray:
    """Returns the normalized margin ``(p[i, y] - max_{k != y} p[i, k] + 1) / 2`` of each example,
    computed in the precision of `pred_probs`.

    Parameters
    ----------
    labels : np.ndarray
        Given class labels, integers in ``0, ..., K-1``.
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of predicted class probabilities.

    Returns
    -------
    label_quality_scores : np.ndarray
        Shape ``(N,)``, in the dtype of `pred_probs`.
    """
    return _scores(_native.get_normalized_margin_for_each_label, labels, pred_probs, True)


def get_confidence_weighted_entropy_for_each_label(
    labels: np.ndarray, pred_probs: np.ndarray
) -> np.ndarray:
    """Returns the confidence-weighted entropy score ``log(s + 1) / max(s, 1e-6)`` of each
    example, with ``s = normalized_entropy(p[i]) / max(p[i, y], 1e-6)``.

    Parameters
    ----------
    labels : np.ndarray
        Given class labels, integers in ``0, ..., K-1``.
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of predicted class probabilities.

    Returns
    -------
    label_quality_scores : np.ndarray
        float64 array of shape ``(N,)``.
    """
    return _scores(
        _native.get_confidence_weighted_entropy_for_each_label, labels, pred_probs, False
    )


def order_label_issues(
    label_issues_mask: np.ndarray,
    labels: np.ndarray,
    pred_probs: np.ndarray,
    *,
    rank_by: str = "self_confidence",
    rank_by_kwargs: dict = {},
) -> np.ndarray:
    """Sorts label issues by label quality score, most likely mislabeled first.

    Parameters
    ----------
    label_issues_mask : np.ndarray
        bool mask of shape ``(N,)`` of the examples to rank (an integer index array also works,
        as in cleanlab).
    labels : np.ndarray
        Given class labels, integers in ``0, ..., K-1``.
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of predicted class probabilities.
    rank_by : {'self_confidence', 'normalized_margin', 'confidence_weighted_entropy'}
        The label quality score to sort by.
    rank_by_kwargs : dict, optional
        Options of the score: ``{"adjust_pred_probs": bool}``.

    Returns
    -------
    label_issues_idx : np.ndarray
        int64 indices of the flagged examples sorted by ascending label quality; equal scores
        are ordered by index.
    """
    allow_one = allow_one_class(labels)
    y, p = valid_inputs(labels, pred_probs)
    if not allow_one:
        check_two_classes(y)
    code = rank_method_code(rank_by)
    adjust = False
    for key, value in dict(rank_by_kwargs or {}).items():
        if key != "adjust_pred_probs":
            raise TypeError(
                f"get_label_quality_scores() got an unexpected keyword argument '{key}'"
            )
        adjust = bool(value)
    if adjust and code == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY:
        raise InvalidArgumentError(f"adjust_pred_probs is not currently supported for {rank_by}.")
    n = p.shape[0]
    m = np.asarray(label_issues_mask)
    if m.dtype == np.bool_:
        if m.shape != (n,):
            raise ShapeError(
                f"label_issues_mask must have shape ({n},) like labels, got {m.shape}"
            )
        m = np.require(m, requirements=["C_CONTIGUOUS", "ALIGNED"])
        out = np.empty(int(np.count_nonzero(m)), dtype=np.int64)
        with call_native(y, p.shape[1]):
            count = _native.order_label_issues(p, y, m, code, adjust, out)
        return out[:count]
    if m.dtype.kind in "iu":
        # an index array, as cleanlab's np.arange(N)[label_issues_mask] accepts it
        idx = np.arange(n)[m]
        scores = get_label_quality_scores(y, p, method=rank_by, adjust_pred_probs=adjust)
        return idx[np.argsort(scores[idx], kind="stable")]
    raise ShapeError(
        f"label_issues_mask must be a boolean mask (or an integer index array), got dtype {m.dtype}"
    )


def find_top_issues(quality_scores: np.ndarray, *, top: int = 10) -> np.ndarray:
    """Returns the indices of the `top` lowest quality scores, lowest first.

    Equal scores are ordered by index; NaN sorts last (as in numpy).

    Parameters
    ----------
    quality_scores : np.ndarray
        1-D array of label quality scores (any real dtype).
    top : int or None, default=10
        Number of indices to return; None (or more than ``len(quality_scores)``) returns all. A
        negative value drops that many from the end, as cleanlab's ``argsort()[:top]`` does.

    Returns
    -------
    top_issue_indices : np.ndarray
        int64 indices.
    """
    q = np.asarray(quality_scores)
    if q.ndim != 1:
        raise ShapeError(f"quality_scores must be 1-D, got shape {q.shape}")
    if q.dtype.kind not in "fiub":
        raise DTypeError(f"quality_scores must contain real numbers, got dtype {q.dtype}")
    q = np.require(q, dtype=np.float64, requirements=["C_CONTIGUOUS", "ALIGNED"])
    n = q.shape[0]
    if top is None:
        t = -1
    else:
        t = operator.index(top)
    if t < 0:
        out = np.empty(n, dtype=np.int64)
        _native.find_top_issues(q, -1, out)
        return out if top is None else out[:t]
    t = min(t, n)
    out = np.empty(t, dtype=np.int64)
    _native.find_top_issues(q, t, out)
    return out


# ---------------------------------------------------------------------------------------------
# area: health -- get_label_quality_ensemble_scores (cleanlab 2.9.0)
# ---------------------------------------------------------------------------------------------
_ENSEMBLE_SCHEMES = ("uniform", "accuracy", "log_loss_search", "custom")
_DTYPE_OF_CODE = {
    _native.DTYPE_FLOAT16: np.float16,
    _native.DTYPE_FLOAT32: np.float32,
    _native.DTYPE_FLOAT64: np.float64,
}


def get_label_quality_ensemble_scores(
    labels: np.ndarray,
    pred_probs_list: list,
    *,
    method: str = "self_confidence",
    adjust_pred_probs: bool = False,
    weight_ensemble_members_by: str = "accuracy",
    custom_weights: Optional[np.ndarray] = None,
    log_loss_search_T_values: list = [1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 2e2],  # noqa: B006 (cleanlab's default)
    verbose: bool = True,
) -> np.ndarray:
    """Returns label quality scores computed from an ensemble of models' pred_probs.

    Each member's :func:`get_label_quality_scores` (same `method` and `adjust_pred_probs`) are
    averaged with weights chosen by `weight_ensemble_members_by`:

    * ``'uniform'``: the plain mean (in the scores' dtype, as numpy);
    * ``'accuracy'``: proportional to each member's accuracy ``mean(argmax(p) == labels)``;
    * ``'log_loss_search'``: ``exp(-t * log_loss_m)`` normalised, for the ``t`` of
      `log_loss_search_T_values` whose weighted-average pred_probs has the lowest log loss
      (for float32/float16 members the weights match cleanlab's to ~1e-7 relative: numpy's
      float32 ``log`` is not correctly rounded, libcleanlab's is);
    * ``'custom'``: `custom_weights`, one per member.

    Prints the scheme (and the weights) when `verbose`, as cleanlab.

    Returns
    -------
    label_quality_scores : np.ndarray
        Shape ``(N,)``; float64 for the weighted schemes, the members' score dtype for
        ``'uniform'``.
    """
    from . import _native_health

    if not isinstance(pred_probs_list, list):
        raise InvalidArgumentError(
            f"pred_probs_list needs to be a list. Provided pred_probs_list is a {type(pred_probs_list)}"
        )
    if len(pred_probs_list) == 0:
        raise InvalidArgumentError("pred_probs_list is empty.")
    if len(pred_probs_list) == 1:
        import warnings

        warnings.warn(
            """
            pred_probs_list only has one element.
            Consider using get_label_quality_scores() if you only have a single array of pred_probs.
            """,
            stacklevel=2,
        )
    members = []
    y = None
    for pred_probs in pred_probs_list:
        y, p = valid_inputs(labels, pred_probs)
        check_two_classes(y)
        members.append(p)
    if custom_weights is not None and weight_ensemble_members_by != "custom":
        raise InvalidArgumentError(
            f"""
            custom_weights provided but weight_ensemble_members_by is not "custom"!
            """
        )
    code = rank_method_code(method)
    adjust = bool(adjust_pred_probs)
    if adjust and code == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY:
        raise InvalidArgumentError(f"adjust_pred_probs is not currently supported for {method}.")
    m = len(members)
    scheme = weight_ensemble_members_by
    if scheme not in _ENSEMBLE_SCHEMES:
        if verbose:
            print(f"Weighting scheme for ensemble: {weight_ensemble_members_by}")
        raise InvalidArgumentError(
            f"""
            {weight_ensemble_members_by} is not a valid weighting method for weight_ensemble_members_by!
            Please choose a valid weight_ensemble_members_by: uniform, accuracy, custom
            """
        )
    cw = None
    t_values = None
    if scheme == "custom":
        if custom_weights is None:
            raise InvalidArgumentError("custom_weights is None! Please pass a valid custom_weights.")
        if len(custom_weights) != m:
            raise InvalidArgumentError(
                "Length of custom_weights array must match the number of models: len(pred_probs_list)."
            )
        cw = np.ascontiguousarray(np.asarray(custom_weights, dtype=np.float64).reshape(-1))
    elif scheme == "log_loss_search":
        t_values = np.ascontiguousarray(np.asarray(log_loss_search_T_values, dtype=np.float64).reshape(-1))
    weighting = {
        "uniform": _native_health.ENSEMBLE_UNIFORM,
        "accuracy": _native_health.ENSEMBLE_ACCURACY,
        "log_loss_search": _native_health.ENSEMBLE_LOG_LOSS_SEARCH,
        "custom": _native_health.ENSEMBLE_CUSTOM,
    }[scheme]
    out = np.empty(len(y), dtype=np.float64)
    weights = np.full(m, np.nan)
    accuracies = np.full(m, np.nan)
    with call_native(y, min(p.shape[1] for p in members)):
        dtype_code = _native_health.ensemble_scores(
            members, y, code, adjust, weighting, cw, t_values, out, weights, accuracies
        )
    if verbose:
        print(f"Weighting scheme for ensemble: {weight_ensemble_members_by}")
        if scheme == "accuracy":
            print("Ensemble members will be weighted by their relative accuracy")
            for i in range(m):
                print(f"  Model {i} accuracy : {accuracies[i]}")
                print(f"  Model {i} weight   : {weights[i]}")
        elif scheme == "log_loss_search":
            print(
                "Ensemble members will be weighted by log-loss between their predicted probabilities and given labels"
            )
            for i in range(m):
                print(f"  Model {i} weight   : {weights[i]}")
    dtype = _DTYPE_OF_CODE[dtype_code]
    return out if dtype is np.float64 else out.astype(dtype)


__all__ += ["get_label_quality_ensemble_scores"]
