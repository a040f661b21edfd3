"""Identify the examples with label issues in a classification dataset.

Drop-in replacements for ``cleanlab.filter.find_label_issues`` and
``cleanlab.filter.find_predicted_neq_given`` (cleanlab 2.9.0), computed by libcleanlab's native
core with threads instead of processes. Only single-label (multi-class) classification is
implemented: ``multi_label=True`` raises :class:`NotImplementedError`.
"""

import operator
import warnings
from typing import Any, Dict, List, Optional

import numpy as np

from . import _native
from ._common import (
    allow_one_class,
    as_float64_matrix,
    call_native,
    check_two_classes,
    label_counts,
    not_supported_multi_label,
    rank_method_code,
    valid_inputs,
)
from ._errors import InvalidArgumentError, ShapeError

__all__ = ["find_label_issues", "find_predicted_neq_given"]

_FILTER_BY = {
    "prune_by_noise_rate": _native.FILTER_PRUNE_BY_NOISE_RATE,
    "prune_by_class": _native.FILTER_PRUNE_BY_CLASS,
    "both": _native.FILTER_BOTH,
    "confident_learning": _native.FILTER_CONFIDENT_LEARNING,
    "predicted_neq_given": _native.FILTER_PREDICTED_NEQ_GIVEN,
    "low_normalized_margin": _native.FILTER_LOW_NORMALIZED_MARGIN,
    "low_self_confidence": _native.FILTER_LOW_SELF_CONFIDENCE,
}
_NOT_PRUNE = (
    "confident_learning",
    "predicted_neq_given",
    "low_normalized_margin",
    "low_self_confidence",
)


def _int_option(value: Any, name: str) -> int:
    try:
        return operator.index(value)
    except TypeError:
        pass
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise InvalidArgumentError(f"{name} must be an integer, got {value!r}")


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
        Not supported (raises :class:`NotImplementedError` when True).

    Returns
    -------
    label_issues : np.ndarray
        A bool mask of shape ``(N,)``, or int64 indices sorted by label quality.
    """
    if not rank_by_kwargs:
        rank_by_kwargs = {}
    if not isinstance(filter_by, str) or filter_by not in _FILTER_BY:
        raise InvalidArgumentError(
            f"{filter_by!r} is not a valid filter_by; choose one of {list(_FILTER_BY)}"
        )
    allow_one = allow_one_class(labels)
    y, p = valid_inputs(labels, pred_probs)
    n, k = p.shape

    if filter_by in _NOT_PRUNE and (frac_noise != 1.0 or num_to_remove_per_class is not None):
        warn_str = (
            "frac_noise and num_to_remove_per_class parameters are only supported"
            " for filter_by 'prune_by_noise_rate', 'prune_by_class', and 'both'. They "
            "are not supported for methods 'confident_learning', 'predicted_neq_given', "
            "'low_normalized_margin' or 'low_self_confidence'."
        )
        warnings.warn(warn_str, stacklevel=2)
    if num_to_remove_per_class is not None and filter_by in _NOT_PRUNE:
        raise InvalidArgumentError(
            "filter_by 'confident_learning', 'predicted_neq_given', 'low_normalized_margin' "
            "or 'low_self_confidence' is not supported (yet) when setting 'num_to_remove_per_class'"
        )
    if filter_by == "confident_learning" and isinstance(confident_joint, np.ndarray):
        warn_str = (
            "The supplied `confident_joint` is ignored when `filter_by = 'confident_learning'`; confident joint will be "
            "re-estimated from the given labels. To use your supplied `confident_joint`, please specify a different "
            "`filter_by` value."
        )
        warnings.warn(warn_str, stacklevel=2)

    if n_jobs is None:
        n_threads = 0
    else:
        n_threads = _int_option(n_jobs, "n_jobs")
        if n_threads < 1:
            raise InvalidArgumentError(f"n_jobs must be >= 1, got {n_jobs!r}")
    if multi_label:
        not_supported_multi_label("filter.find_label_issues")
    if not allow_one:
        # cleanlab accepts a one-class (all-zero) dataset only from an ndarray or a list of ints
        check_two_classes(y)

    if return_indices_ranked_by is None:
        rank_by = _native.RANK_NONE
    else:
        rank_by = rank_method_code(return_indices_ranked_by)
    adjust = False
    for key, value in rank_by_kwargs.items():
        if key != "adjust_pred_probs":
            raise TypeError(
                f"get_label_quality_scores() got an unexpected keyword argument '{key}'"
            )
        adjust = bool(value)
    if adjust and rank_by == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY:
        raise InvalidArgumentError(
            "adjust_pred_probs is not currently supported for confidence_weighted_entropy."
        )

    nrpc = None
    if num_to_remove_per_class is not None:
        arr = np.asarray(num_to_remove_per_class)
        if arr.dtype.kind == "f":
            if not np.all(np.equal(np.mod(arr, 1), 0)):
                raise InvalidArgumentError("num_to_remove_per_class must hold integers")
        elif arr.dtype.kind not in "iub":
            raise InvalidArgumentError("num_to_remove_per_class must hold integers")
        if arr.ndim == 0:
            arr = np.full(k, arr)
        if arr.ndim != 1 or arr.shape[0] != k:
            raise ShapeError(
                f"num_to_remove_per_class must have one entry per class ({k}), got shape "
                f"{arr.shape}"
            )
        nrpc = np.require(arr, dtype=np.int64, requirements=["C_CONTIGUOUS", "ALIGNED"])

    cj = None
    cj_order = 0
    if confident_joint is not None and filter_by != "confident_learning":
        from .count import _memory_order

        cj_order = _memory_order(confident_joint)
        cj = as_float64_matrix(confident_joint, "confident_joint", k)

    try:
        frac = float(frac_noise)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"frac_noise must be a number, got {frac_noise!r}") from None
    min_examples = _int_option(min_examples_per_class, "min_examples_per_class")

    mask = np.empty(n, dtype=np.bool_)
    ranked = np.empty(n, dtype=np.int64) if rank_by != _native.RANK_NONE else None
    with call_native(y, k):
        num = _native.find_label_issues(
            p, y, mask, ranked, _FILTER_BY[filter_by], rank_by, adjust, frac, min_examples,
            nrpc, cj, n_threads, cj_order,
        )

    if filter_by in ("prune_by_noise_rate", "prune_by_class", "both"):
        counts = label_counts(y, k)
        # the common case (no class that small) skips flatnonzero's extra numpy calls
        small = np.flatnonzero(counts <= min_examples) if counts.min() <= min_examples else ()
        if filter_by in ("prune_by_class", "both"):
            for c in small:
                warnings.warn(
                    f"May not flag all label issues in class: {c}, it has too few examples (see argument: `min_examples_per_class`)",
                    stacklevel=2,
                )
        if filter_by in ("prune_by_noise_rate", "both"):
            for c in small:
                warnings.warn(
                    f"May not flag all label issues in class: {c}, it has too few examples (see `min_examples_per_class` argument)",
                    stacklevel=2,
                )
    if verbose:
        print("Number of label issues found: {}".format(num))
    if ranked is not None:
        return ranked[:num].copy()
    return mask


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
        Not supported (raises :class:`NotImplementedError` when True).

    Returns
    -------
    label_issues_mask : np.ndarray
        bool array of shape ``(N,)``.
    """
    y, p = valid_inputs(labels, pred_probs)
    if multi_label:
        not_supported_multi_label("filter.find_predicted_neq_given")
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
    if not isinstance(filter_by, str) or filter_by not in _FILTER_BY:
        raise InvalidArgumentError(
            f"{filter_by!r} is not a valid filter_by; choose one of {list(_FILTER_BY)}"
        )
    from . import _native_health

    y, p = valid_inputs(labels, pred_probs)
    n, k = p.shape
    if filter_by == "confident_learning":
        warnings.warn(
            "The supplied `confident_joint` is ignored when `filter_by = 'confident_learning'`; "
            "confident joint will be re-estimated from the given labels. To use your supplied "
            "`confident_joint`, please specify a different `filter_by` value.",
            stacklevel=2,
        )
    mask = np.empty(n, dtype=np.bool_)
    with call_native(y, k):
        _native_health.argmax_confusion_filter(p, y, bool(calibrate), _FILTER_BY[filter_by], mask)
    if filter_by in ("prune_by_noise_rate", "prune_by_class", "both"):
        small = np.flatnonzero(label_counts(y, k) <= 1)
        if filter_by in ("prune_by_class", "both"):
            for c in small:
                warnings.warn(
                    f"May not flag all label issues in class: {c}, it has too few examples (see argument: `min_examples_per_class`)",
                    stacklevel=2,
                )
        if filter_by in ("prune_by_noise_rate", "both"):
            for c in small:
                warnings.warn(
                    f"May not flag all label issues in class: {c}, it has too few examples (see `min_examples_per_class` argument)",
                    stacklevel=2,
                )
    return mask


__all__ += ["find_label_issues_using_argmax_confusion_matrix"]
