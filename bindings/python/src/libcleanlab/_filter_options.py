"""Options and warnings shared by the ``find_label_issues`` façades.

Used by ``filter.find_label_issues``, ``filter.find_label_issues_using_argmax_confusion_matrix``,
``experimental.find_label_issues_streaming`` and ``multilabel_classification.filter``: the
``filter_by`` codes, the conversion of the options to what the native functions take, and
cleanlab 2.9.0's warnings (same texts, same order).

Every warning helper takes `stacklevel` as its caller would pass it to ``warnings.warn`` (the
helper adds its own frame), so the warning points where it did before.
"""

import operator
import warnings
from typing import Any, Dict, Iterable, Optional, Tuple

import numpy as np

from . import _native
from ._common import as_float64_matrix, check_two_classes, rank_method_code
from ._errors import InvalidArgumentError, ShapeError

FILTER_BY = {
    "prune_by_noise_rate": _native.FILTER_PRUNE_BY_NOISE_RATE,
    "prune_by_class": _native.FILTER_PRUNE_BY_CLASS,
    "both": _native.FILTER_BOTH,
    "confident_learning": _native.FILTER_CONFIDENT_LEARNING,
    "predicted_neq_given": _native.FILTER_PREDICTED_NEQ_GIVEN,
    "low_normalized_margin": _native.FILTER_LOW_NORMALIZED_MARGIN,
    "low_self_confidence": _native.FILTER_LOW_SELF_CONFIDENCE,
}
NOT_PRUNE = (
    "confident_learning",
    "predicted_neq_given",
    "low_normalized_margin",
    "low_self_confidence",
)


def int_option(value: Any, name: str) -> int:
    """An integer option: an integer, or a float with an integral value."""
    try:
        return operator.index(value)
    except TypeError:
        pass
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise InvalidArgumentError(f"{name} must be an integer, got {value!r}")


def n_threads_option(n_jobs: Optional[int]) -> int:
    """`n_jobs` as the native thread count: None -> 0 (the library default), else >= 1."""
    if n_jobs is None:
        return 0
    t = int_option(n_jobs, "n_jobs")
    if t < 1:
        raise InvalidArgumentError(f"n_jobs must be >= 1, got {n_jobs!r}")
    return t


def check_filter_by(filter_by: Any) -> None:
    if not isinstance(filter_by, str) or filter_by not in FILTER_BY:
        raise InvalidArgumentError(
            f"{filter_by!r} is not a valid filter_by; choose one of {list(FILTER_BY)}"
        )


def warn_not_prune_options(stacklevel: int) -> None:
    warnings.warn(
        "frac_noise and num_to_remove_per_class parameters are only supported"
        " for filter_by 'prune_by_noise_rate', 'prune_by_class', and 'both'. They "
        "are not supported for methods 'confident_learning', 'predicted_neq_given', "
        "'low_normalized_margin' or 'low_self_confidence'.",
        stacklevel=stacklevel + 1,
    )


def warn_cj_ignored(stacklevel: int) -> None:
    warnings.warn(
        "The supplied `confident_joint` is ignored when `filter_by = 'confident_learning'`; confident joint will be "
        "re-estimated from the given labels. To use your supplied `confident_joint`, please specify a different "
        "`filter_by` value.",
        stacklevel=stacklevel + 1,
    )


def warn_small_classes(filter_by: str, small: Iterable[Any], stacklevel: int) -> None:
    """cleanlab's warnings for the classes with too few examples to prune (`small`): first those
    of prune_by_class (for 'prune_by_class' and 'both'), then those of prune_by_noise_rate."""
    small = list(small)
    if filter_by in ("prune_by_class", "both"):
        for c in small:
            warnings.warn(
                f"May not flag all label issues in class: {c}, it has too few examples (see argument: `min_examples_per_class`)",
                stacklevel=stacklevel + 1,
            )
    if filter_by in ("prune_by_noise_rate", "both"):
        for c in small:
            warnings.warn(
                f"May not flag all label issues in class: {c}, it has too few examples (see `min_examples_per_class` argument)",
                stacklevel=stacklevel + 1,
            )


def check_prune_only_options(
    filter_by: str, frac_noise: Any, num_to_remove_per_class: Any, stacklevel: int
) -> None:
    """cleanlab's warning when frac_noise / num_to_remove_per_class are given to a filter that
    ignores them, and its error for num_to_remove_per_class there."""
    if filter_by in NOT_PRUNE and (frac_noise != 1.0 or num_to_remove_per_class is not None):
        warn_not_prune_options(stacklevel + 1)
    if num_to_remove_per_class is not None and filter_by in NOT_PRUNE:
        raise InvalidArgumentError(
            "filter_by 'confident_learning', 'predicted_neq_given', 'low_normalized_margin' "
            "or 'low_self_confidence' is not supported (yet) when setting 'num_to_remove_per_class'"
        )


def rank_options(
    return_indices_ranked_by: Optional[str], rank_by_kwargs: Optional[Dict[str, Any]]
) -> Tuple[int, bool]:
    """The ranking method code (RANK_NONE for None) and `adjust_pred_probs`."""
    if return_indices_ranked_by is None:
        rank_by = _native.RANK_NONE
    else:
        rank_by = rank_method_code(return_indices_ranked_by)
    adjust = False
    for key, value in (rank_by_kwargs or {}).items():
        if key != "adjust_pred_probs":
            raise TypeError(
                f"get_label_quality_scores() got an unexpected keyword argument '{key}'"
            )
        adjust = bool(value)
    if adjust and rank_by == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY:
        raise InvalidArgumentError(
            "adjust_pred_probs is not currently supported for confidence_weighted_entropy."
        )
    return rank_by, adjust


def num_to_remove_option(num_to_remove_per_class: Any, k: int) -> Optional[np.ndarray]:
    """num_to_remove_per_class as K int64 counts (a scalar is broadcast), or None."""
    if num_to_remove_per_class is None:
        return None
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
    return np.require(arr, dtype=np.int64, requirements=["C_CONTIGUOUS", "ALIGNED"])


def confident_joint_option(
    confident_joint: Any, filter_by: str, k: int
) -> Tuple[Optional[np.ndarray], int]:
    """A given (K, K) confident joint as float64 with its memory order code, or (None, 0) when
    there is none or 'confident_learning' ignores it."""
    if confident_joint is None or filter_by == "confident_learning":
        return None, 0
    from .count import _memory_order

    cj_order = _memory_order(confident_joint)
    return as_float64_matrix(confident_joint, "confident_joint", k), cj_order


def frac_noise_option(frac_noise: Any) -> float:
    try:
        return float(frac_noise)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"frac_noise must be a number, got {frac_noise!r}") from None


def filter_call_options(
    filter_by: str, frac_noise: Any, num_to_remove_per_class: Any, confident_joint: Any,
    n_jobs: Any, return_indices_ranked_by: Any, rank_by_kwargs: Any, min_examples_per_class: Any,
    k: int, y: np.ndarray, allow_one: bool, stacklevel: int, warn_cj: bool = False,
) -> Tuple[int, int, bool, Optional[np.ndarray], Optional[np.ndarray], int, float, int]:
    """The find_label_issues options as the native call takes them: (n_threads, rank_by, adjust,
    num_to_remove_per_class, confident_joint, its memory order, frac_noise,
    min_examples_per_class), with cleanlab's warnings and errors in its order (and, with
    `warn_cj`, its warning that 'confident_learning' ignores a given confident joint). The
    default options skip their helpers, each a no-op there (~0.5 us of a small call)."""
    if (num_to_remove_per_class is None and confident_joint is None and n_jobs is None
            and rank_by_kwargs is None and type(frac_noise) is float and frac_noise == 1.0
            and type(min_examples_per_class) is int):
        if not allow_one:
            check_two_classes(y)
        rank_by = (_native.RANK_NONE if return_indices_ranked_by is None
                   else rank_method_code(return_indices_ranked_by))
        return 0, rank_by, False, None, None, 0, 1.0, min_examples_per_class
    check_prune_only_options(filter_by, frac_noise, num_to_remove_per_class, stacklevel + 1)
    if warn_cj and filter_by == "confident_learning" and isinstance(confident_joint, np.ndarray):
        warn_cj_ignored(stacklevel + 1)
    n_threads = n_threads_option(n_jobs)
    if not allow_one:
        # cleanlab accepts a one-class (all-zero) dataset only from an ndarray or a list of ints
        check_two_classes(y)
    rank_by, adjust = rank_options(return_indices_ranked_by, rank_by_kwargs)
    nrpc = num_to_remove_option(num_to_remove_per_class, k)
    cj, cj_order = confident_joint_option(confident_joint, filter_by, k)
    frac = frac_noise_option(frac_noise)
    min_examples = int_option(min_examples_per_class, "min_examples_per_class")
    return n_threads, rank_by, adjust, nrpc, cj, cj_order, frac, min_examples


def issues_result(num: int, mask: np.ndarray, ranked: Optional[np.ndarray], verbose: bool):
    """What find_label_issues returns: the first `num` ranked indices, or the mask."""
    if verbose:
        print("Number of label issues found: {}".format(num))
    if ranked is not None:
        return ranked[:num].copy()
    return mask
