"""Find label issues in multi-label classification datasets (cleanlab 2.9.0's
``multilabel_classification.filter``).

Each class c is a binary problem (is c among the example's labels; pred_probs
``[1 - p[:, c], p[:, c]]``) solved by the single-label algorithms of the native core; an example
is an issue when any class flags it. ``low_memory=True`` runs every class through
:func:`libcleanlab.experimental.label_issues_batched.find_label_issues_batched`, as cleanlab does;
its default result is exact (cleanlab's batched mode approximates it).
"""

import warnings
from typing import Any, List, Optional, Tuple, Union

import numpy as np

from .. import _native_multilabel
from .._common import call_native
from .._errors import InvalidArgumentError
from .._filter_options import (
    FILTER_BY,
    NOT_PRUNE,
    check_filter_by,
    warn_cj_ignored,
    warn_not_prune_options,
    warn_small_classes,
)
from .._multilabel import inputs, method_code, onehot_rows

__all__ = ["find_label_issues", "find_multilabel_issues_per_class"]


def _prepare(labels, pred_probs, return_indices_ranked_by, rank_by_kwargs, filter_by, frac_noise,
             num_to_remove_per_class, min_examples_per_class, confident_joint, n_jobs):
    check_filter_by(filter_by)
    p, offsets, classes = inputs(labels, pred_probs)
    n, k = p.shape
    rank_by = 0
    if return_indices_ranked_by is not None:
        rank_by = method_code(return_indices_ranked_by)
    adjust = False
    for key, value in (rank_by_kwargs or {}).items():
        if key != "adjust_pred_probs":
            raise TypeError(f"get_label_quality_scores() got an unexpected keyword argument '{key}'")
        adjust = value is True
    cj = None
    kk_ignored = False
    if confident_joint is not None:
        shape = np.shape(confident_joint)
        if shape == (k, k):
            kk_ignored = True
        elif shape != (k, 2, 2):
            raise ValueError("confident_joint should be of shape (num_classes, 2, 2)")
        else:
            cj = np.ascontiguousarray(confident_joint, dtype=np.float64)
    nrpc = None
    if num_to_remove_per_class is not None:
        arr = np.asarray(num_to_remove_per_class)
        if arr.ndim != 1 or arr.shape[0] < k:
            raise InvalidArgumentError(f"num_to_remove_per_class must have one entry per class ({k})")
        nrpc = np.ascontiguousarray(arr[:k], dtype=np.int64)
    n_threads = 0
    if n_jobs is not None:
        n_threads = int(n_jobs)
        if n_threads < 1:
            raise InvalidArgumentError(f"n_jobs must be >= 1, got {n_jobs!r}")
    return p, offsets, classes, n, k, rank_by, adjust, cj, nrpc, n_threads, kk_ignored


def _warn_per_class(n, k, offsets, classes, filter_by, frac_noise, nrpc, cj, min_examples, kk_ignored):
    """cleanlab's warnings, in its order: the K x K joint notice, then those of its K binary
    find_label_issues calls (as they appear when run in-process)."""
    cj_given = cj is not None
    if filter_by in ("low_self_confidence", "low_normalized_margin"):
        # cleanlab counts with filter.find_label_issues(..., multi_label=True,
        # filter_by='confident_learning'), which warns once itself about a given joint
        if cj_given or kk_ignored:
            warn_cj_ignored(stacklevel=3)
        per_class_filter, frac_noise, nrpc = "confident_learning", 1.0, None
    else:
        per_class_filter = filter_by
    if kk_ignored:
        warnings.warn(
            "The new recommended format for `confident_joint` in multi_label settings is (num_classes,2,2) as output by compute_confident_joint(...,multi_label=True). Your K x K confident_joint in the old format is being ignored.",
            stacklevel=3,
        )
    present = np.zeros(k, dtype=np.int64)
    if len(classes):
        rows = np.repeat(np.arange(n), np.diff(offsets))
        present = np.bincount(np.unique(rows * k + classes) % k, minlength=k)
    for c in range(k):
        if per_class_filter in NOT_PRUNE and (frac_noise != 1.0 or nrpc is not None):
            warn_not_prune_options(stacklevel=3)
        if per_class_filter == "confident_learning" and cj_given:
            warn_cj_ignored(stacklevel=3)
        if per_class_filter in ("prune_by_noise_rate", "prune_by_class", "both"):
            counts = [n - present[c], present[c]]
            small = [b for b in (0, 1) if counts[b] <= min_examples]
            warn_small_classes(per_class_filter, small, stacklevel=3)


_LOW_MEMORY_IGNORED = (
    ("filter_by", "prune_by_noise_rate"),
    ("num_to_remove_per_class", None),
    ("confident_joint", None),
    ("n_jobs", None),
    ("frac_noise", 1.0),
    ("min_examples_per_class", 1),
)


def _low_memory_per_class(labels, pred_probs, return_indices_ranked_by, verbose):
    """cleanlab's low_memory mode: every class's binary problem through find_label_issues_batched
    (its default, exact result here). Returns (per-class results, pred_probs, one-hot labels):
    masks (n x K) without a ranking, else a list of per-class index arrays (sorted by index)."""
    from ..experimental.label_issues_batched import find_label_issues_batched

    p, offsets, classes = inputs(labels, pred_probs)
    n, k = p.shape
    if return_indices_ranked_by is not None:
        method_code(return_indices_ranked_by)  # cleanlab's error for an unknown method
    y_one = onehot_rows(offsets, classes, k)
    kwargs = {"method": return_indices_ranked_by} if return_indices_ranked_by else None
    results = []
    for c in range(k):
        binary = np.vstack((1 - p[:, c], p[:, c])).T  # cleanlab's stack_complement
        results.append(find_label_issues_batched(
            labels=y_one[:, c], pred_probs=binary, verbose=verbose, quality_score_kwargs=kwargs,
            return_mask=return_indices_ranked_by is None))
    if return_indices_ranked_by is None:
        return np.column_stack(results) if k else np.zeros((n, 0), bool), p, y_one
    return results, p, y_one



def find_label_issues(
    labels: list,
    pred_probs: np.ndarray,
    return_indices_ranked_by: Optional[str] = None,
    rank_by_kwargs={},
    filter_by: str = "prune_by_noise_rate",
    frac_noise: float = 1.0,
    num_to_remove_per_class: Optional[List[int]] = None,
    min_examples_per_class=1,
    confident_joint: Optional[np.ndarray] = None,
    n_jobs: Optional[int] = None,
    verbose: bool = False,
    low_memory: bool = False,
) -> np.ndarray:
    """Identifies potentially mislabeled examples in a multi-label classification dataset.

    `labels` is a list of lists of class indices (an empty list is allowed); `pred_probs` is
    ``(N, K)`` with independent per-class probabilities. The other parameters are those of
    :func:`libcleanlab.filter.find_label_issues`, applied to every class's one-vs-rest problem
    (`num_to_remove_per_class[c]` removes ``[n_c, 0]``; `confident_joint` is ``(K, 2, 2)``).

    Returns a bool mask of shape ``(N,)``, or with `return_indices_ranked_by` the issue indices
    sorted by the aggregated multi-label quality score (ties: lower index first).
    """
    if low_memory:
        if rank_by_kwargs:
            warnings.warn("`rank_by_kwargs` is not used when `low_memory=True`.", stacklevel=2)
        given = {"filter_by": filter_by, "num_to_remove_per_class": num_to_remove_per_class,
                 "confident_joint": confident_joint, "n_jobs": n_jobs, "frac_noise": frac_noise,
                 "min_examples_per_class": min_examples_per_class}
        for name, default in _LOW_MEMORY_IGNORED:
            if given[name] is not default and given[name] != default:
                warnings.warn(f"`{name}` is not used when `low_memory=True`.", stacklevel=2)
        per_class, p, y_one = _low_memory_per_class(labels, pred_probs, return_indices_ranked_by, verbose)
        if return_indices_ranked_by is None:
            return per_class.sum(axis=1) >= 1
        from ..internal import multilabel_scorer as ml_scorer

        idx = np.unique(np.concatenate([np.asarray(a, dtype=np.int64) for a in per_class]))
        scores = ml_scorer.get_label_quality_scores(
            y_one, p, method=ml_scorer.MultilabelScorer(
                base_scorer=ml_scorer.ClassLabelScorer.from_str(return_indices_ranked_by)),
            base_scorer_kwargs=rank_by_kwargs)
        return idx[np.argsort(scores[idx], kind="stable")]
    p, offsets, classes, n, k, rank_by, adjust, cj, nrpc, n_threads, kk_ignored = _prepare(
        labels, pred_probs, return_indices_ranked_by, rank_by_kwargs, filter_by, frac_noise,
        num_to_remove_per_class, min_examples_per_class, confident_joint, n_jobs)
    mask = np.empty(n, dtype=np.bool_)
    ranked = np.empty(n, dtype=np.int64) if rank_by else None
    with call_native(None, k):
        num = _native_multilabel.find_label_issues(
            p, offsets, classes, mask, ranked, FILTER_BY[filter_by], rank_by, adjust, float(frac_noise),
            int(min_examples_per_class), nrpc, cj, n_threads)
    _warn_per_class(n, k, offsets, classes, filter_by, frac_noise, nrpc, cj, int(min_examples_per_class), kk_ignored)
    if ranked is not None:
        return ranked[:num].copy()
    return mask


def find_multilabel_issues_per_class(
    labels: list,
    pred_probs: np.ndarray,
    return_indices_ranked_by: Optional[str] = None,
    rank_by_kwargs={},
    filter_by: str = "prune_by_noise_rate",
    frac_noise: float = 1.0,
    num_to_remove_per_class: Optional[List[int]] = None,
    min_examples_per_class=1,
    confident_joint: Optional[np.ndarray] = None,
    n_jobs: Optional[int] = None,
    verbose: bool = False,
    low_memory: bool = False,
) -> Union[np.ndarray, Tuple[List[np.ndarray], List[Any], List[np.ndarray]]]:
    """Identifies label issues class by class (one-vs-rest).

    Returns an ``(N, K)`` bool array (issue of example i in class k) or, with
    `return_indices_ranked_by`, a tuple ``(label_issues_list, labels_list, pred_probs_list)`` with
    each class's ranked issue indices, binary labels and ``(N, 2)`` binary pred_probs.
    """
    if low_memory:
        per_class, p, y_one = _low_memory_per_class(labels, pred_probs, return_indices_ranked_by, verbose)
        if return_indices_ranked_by is None:
            return per_class
        return (per_class, [y_one[:, c] for c in range(p.shape[1])],
                [np.vstack((1 - p[:, c], p[:, c])).T for c in range(p.shape[1])])
    p, offsets, classes, n, k, rank_by, adjust, cj, nrpc, n_threads, kk_ignored = _prepare(
        labels, pred_probs, return_indices_ranked_by, rank_by_kwargs, filter_by, frac_noise,
        num_to_remove_per_class, min_examples_per_class, confident_joint, n_jobs)
    masks = np.empty((k, n), dtype=np.bool_)
    ranked = np.empty((k, n), dtype=np.int64) if rank_by else None
    counts = np.empty(k, dtype=np.int64)
    with call_native(None, k):
        _native_multilabel.find_label_issues_per_class(
            p, offsets, classes, masks, ranked, counts, FILTER_BY[filter_by], rank_by, adjust,
            float(frac_noise), int(min_examples_per_class), nrpc, cj, n_threads)
    # (with a low_* filter every class runs that filter itself: no counting pass, so no
    # confident-joint notices; "predicted_neq_given" has the same per-class warnings)
    _warn_per_class(n, k, offsets, classes, filter_by if filter_by not in ("low_self_confidence", "low_normalized_margin") else "predicted_neq_given",
                    frac_noise, nrpc, cj, int(min_examples_per_class), kk_ignored)
    if ranked is None:
        return masks.T.copy()
    from .._multilabel import onehot_rows

    y_one = onehot_rows(offsets, classes, k)
    label_issues_list = [ranked[c, : counts[c]].copy() for c in range(k)]
    labels_list = [y_one[:, c] for c in range(k)]
    pred_probs_list = [np.vstack((1 - p[:, c], p[:, c])).T for c in range(k)]
    return label_issues_list, labels_list, pred_probs_list
