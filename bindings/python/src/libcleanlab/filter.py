"""Identify the examples with label issues in a classification dataset.

Drop-in replacements for ``cleanlab.filter.find_label_issues`` and
``cleanlab.filter.find_predicted_neq_given`` (cleanlab 2.9.0), computed by libcleanlab's native
core with threads instead of processes. ``multi_label=True`` (deprecated in cleanlab) goes to
:mod:`libcleanlab.multilabel_classification`, as in cleanlab.
"""

import warnings
from typing import Any, Dict, List, Optional

import numpy as np

from . import _native
from ._common import (
    allow_one_class,
    call_native,
    label_counts,
    remap_error,
    valid_inputs,
)
from ._errors import CleanlabError
from ._filter_options import (
    FILTER_BY,
    NOT_PRUNE,
    check_filter_by,
    filter_call_options,
    issues_result,
    warn_cj_ignored,
    warn_small_classes,
)

__all__ = ["find_label_issues", "find_predicted_neq_given"]

def find_label_issues(
    labels: Any,
    pred_probs: np.ndarray,
    *,
    return_indices_ranked_by: Optional[str] = None,
    rank_by_kwargs: Optional[Dict[str, Any]] = None,
    filter_by: str = "prune_by_noise_rate",
    frac_noise: float = 1.0,
    num_to_remove_per_class: Optional[List[int]] = None,
    min_examples_per_class=1,
    confident_joint: Optional[np.ndarray] = None,
    n_jobs: Optional[int] = None,
    verbose: bool = False,
    multi_label: bool = False,
) -> np.ndarray:
    """Identifies potential label issues in the dataset using confident learning.

    Returns a boolean mask of the examples whose given label is likely wrong or, with
    `return_indices_ranked_by`, their indices sorted from most to least likely mislabeled.
    Results are cleanlab 2.9.0's; where cleanlab breaks ties between equal values with numpy's
    unstable argsort, libcleanlab prefers the lower index.

    Parameters
    ----------
    labels : np.ndarray, list, pandas.Series or pandas.DataFrame
        Given class label of each example, integers in ``0, ..., K-1``. All-zero labels are
        accepted (no issue is found in a one-class dataset).
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of out-of-sample predicted class probabilities. float16,
        float32 and float64 arrays (C-contiguous or row-strided, ``np.memmap`` included) are read
        in place, in their own precision.
    return_indices_ranked_by : {None, 'self_confidence', 'normalized_margin', 'confidence_weighted_entropy'}
        None returns a boolean mask; otherwise the int64 indices of the issues, sorted by
        ascending label quality score of this method.
    rank_by_kwargs : dict, optional
        Options of the ranking: ``{"adjust_pred_probs": bool}``.
    filter_by : {'prune_by_noise_rate', 'prune_by_class', 'both', 'confident_learning', 'predicted_neq_given', 'low_normalized_margin', 'low_self_confidence'}
        The method that selects the issues (see cleanlab's documentation).
    frac_noise : float, default=1.0
        In ``(0, 1]``: return only about this fraction of the issues (``prune_by_*`` and
        ``both`` only).
    num_to_remove_per_class : array_like of int, optional
        Number of issues to find per class (``prune_by_*`` and ``both`` only); a scalar is
        broadcast to every class.
    min_examples_per_class : int, default=1
        Classes with at most this many examples are not pruned (with a warning, as cleanlab).
    confident_joint : np.ndarray, optional
        A ``(K, K)`` confident joint to use as is instead of computing one (ignored, with a
        warning, by ``'confident_learning'``).
    n_jobs : int, optional
        Number of threads (default: :func:`libcleanlab.get_num_threads`). Results never depend
        on it.
    verbose : bool, default=False
        Print the number of issues found.
    multi_label : bool, default=False
        If True, `labels` is a list of lists of class indices and `pred_probs` holds independent
        per-class probabilities: an example is flagged when, for any class, the binary argmax of
        ``[1 - p, p]`` disagrees with the given membership.

    Returns
    -------
    label_issues : np.ndarray
        A bool mask of shape ``(N,)``, or int64 indices sorted by label quality.
    """
    check_filter_by(filter_by)
    if multi_label:
        if not isinstance(labels, list):
            raise TypeError("`labels` must be list when `multi_label=True`.")
        warnings.warn(
            "The multi_label argument to filter.find_label_issues() is deprecated and will be removed in future versions. Please use `multilabel_classification.filter.find_label_issues()` instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        from .multilabel_classification import filter as _ml_filter

        return _ml_filter.find_label_issues(
            labels, pred_probs, return_indices_ranked_by, rank_by_kwargs, filter_by, frac_noise,
            num_to_remove_per_class, min_examples_per_class, confident_joint, n_jobs, verbose)
    allow_one = allow_one_class(labels)
    y, p = valid_inputs(labels, pred_probs)
    n, k = p.shape

    n_threads, rank_by, adjust, nrpc, cj, cj_order, frac, min_examples = filter_call_options(
        filter_by, frac_noise, num_to_remove_per_class, confident_joint, n_jobs,
        return_indices_ranked_by, rank_by_kwargs, min_examples_per_class, k, y, allow_one,
        stacklevel=2, warn_cj=True)

    mask = np.empty(n, dtype=np.bool_)
    ranked = np.empty(n, dtype=np.int64) if rank_by != _native.RANK_NONE else None
    pruning = filter_by in ("prune_by_noise_rate", "prune_by_class", "both")
    try:
        # (the pruning filters also get the classes too small to prune, counted in C)
        result = _native.find_label_issues(
            p, y, mask, ranked, FILTER_BY[filter_by], rank_by, adjust, frac, min_examples,
            nrpc, cj, n_threads, cj_order, report_small_classes=pruning,
        )
    except CleanlabError as e:
        # call_native's remapping, inline: the context manager cost ~0.3 us of a small call
        new = remap_error(e, y, k)
        if new is e:
            raise
        raise new from None
    if pruning:
        num, small = result
        if small:
            warn_small_classes(filter_by, small, stacklevel=2)
    else:
        num = result
    return issues_result(num, mask, ranked, verbose)


def find_predicted_neq_given(
    labels: Any, pred_probs: np.ndarray, *, multi_label: bool = False
) -> np.ndarray:
    """A simple baseline that flags the examples with ``argmax(pred_probs[i]) != labels[i]``
    (the first maximum wins ties).

    Parameters
    ----------
    labels : np.ndarray, list, pandas.Series or pandas.DataFrame
        Given class labels, integers in ``0, ..., K-1`` (at least 2 distinct classes).
    pred_probs : np.ndarray
        Array of shape ``(N, K)`` of predicted class probabilities.
    multi_label : bool, default=False
        If True, `labels` is a list of lists of class indices and `pred_probs` holds independent
        per-class probabilities: an example is flagged when, for any class, the binary argmax of
        ``[1 - p, p]`` disagrees with the given membership.

    Returns
    -------
    label_issues_mask : np.ndarray
        bool array of shape ``(N,)``.
    """
    if multi_label:
        if not isinstance(labels, list):
            raise TypeError("`labels` must be list when `multi_label=True`.")
        # one-vs-rest: an example is flagged when any class's binary argmax disagrees
        from .multilabel_classification import filter as _ml_filter

        per_class = _ml_filter.find_multilabel_issues_per_class(
            labels, pred_probs, filter_by="predicted_neq_given")
        return per_class.sum(axis=1) >= 1
    y, p = valid_inputs(labels, pred_probs)
    mask = np.empty(p.shape[0], dtype=np.bool_)
    with call_native(y, p.shape[1]):
        _native.find_predicted_neq_given(p, y, mask)
    return mask


# ---------------------------------------------------------------------------------------------
# area: health -- find_label_issues_using_argmax_confusion_matrix (cleanlab 2.9.0)
# ---------------------------------------------------------------------------------------------
def find_label_issues_using_argmax_confusion_matrix(
    labels: np.ndarray,
    pred_probs: np.ndarray,
    *,
    calibrate: bool = True,
    filter_by: str = "prune_by_noise_rate",
) -> np.ndarray:
    """A baseline: :func:`find_label_issues` with the confusion matrix of (given label, argmax
    prediction) in place of the confident joint.

    The matrix ``C[given][argmax]`` (calibrated with ``count.calibrate_confident_joint`` when
    `calibrate`) is passed as `confident_joint` to ``find_label_issues(labels, pred_probs,
    filter_by=filter_by)``; ``'confident_learning'`` ignores it (with cleanlab's warning).

    Every class must occur in `labels` or as the argmax of some row (cleanlab's matrix is not
    ``K x K`` otherwise and it fails with an IndexError; libcleanlab raises ValueError).

    Returns
    -------
    label_issues_mask : np.ndarray
        Bool mask of shape ``(N,)``.
    """
    check_filter_by(filter_by)
    from . import _native_health

    y, p = valid_inputs(labels, pred_probs)
    n, k = p.shape
    if filter_by == "confident_learning":
        warn_cj_ignored(stacklevel=2)
    mask = np.empty(n, dtype=np.bool_)
    with call_native(y, k):
        _native_health.argmax_confusion_filter(p, y, bool(calibrate), FILTER_BY[filter_by], mask)
    if filter_by in ("prune_by_noise_rate", "prune_by_class", "both"):
        warn_small_classes(filter_by, np.flatnonzero(label_counts(y, k) <= 1), stacklevel=2)
    return mask


__all__ += ["find_label_issues_using_argmax_confusion_matrix"]
