"""Exact streaming ``find_label_issues``: pred_probs read in row blocks over a few passes.

The native stream (``cl_stream_*``) keeps O(n + K^2) memory -- the labels, a few numbers per
example and K x K counts -- and gives bit-identical answers to the in-memory functions for any
block size and thread count.
"""

import itertools
import operator
import warnings
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

import numpy as np

from .. import _native, _native_stream
from .._common import (
    allow_one_class,
    as_float64_matrix,
    as_labels,
    as_pred_probs,
    call_native,
    check_two_classes,
    label_counts,
    rank_method_code,
)
from .._errors import InvalidArgumentError, ShapeError

__all__ = ["find_label_issues_streaming"]

_FILTER_BY = {
    "prune_by_noise_rate": _native.FILTER_PRUNE_BY_NOISE_RATE,
    "prune_by_class": _native.FILTER_PRUNE_BY_CLASS,
    "both": _native.FILTER_BOTH,
    "confident_learning": _native.FILTER_CONFIDENT_LEARNING,
    "predicted_neq_given": _native.FILTER_PREDICTED_NEQ_GIVEN,
    "low_normalized_margin": _native.FILTER_LOW_NORMALIZED_MARGIN,
    "low_self_confidence": _native.FILTER_LOW_SELF_CONFIDENCE,
}
_NOT_PRUNE = ("confident_learning", "predicted_neq_given", "low_normalized_margin", "low_self_confidence")

BlockSource = Union[np.ndarray, Callable[[], Iterable[np.ndarray]]]


def _int_option(value: Any, name: str) -> int:
    try:
        return operator.index(value)
    except TypeError:
        pass
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise InvalidArgumentError(f"{name} must be an integer, got {value!r}")


def _threads(n_jobs: Optional[int]) -> int:
    if n_jobs is None:
        return 0
    t = _int_option(n_jobs, "n_jobs")
    if t < 1:
        raise InvalidArgumentError(f"n_jobs must be >= 1, got {n_jobs!r}")
    return t


def _block_factory(pred_probs: BlockSource, batch_size: int) -> Callable[[], Iterable[np.ndarray]]:
    """A function returning the blocks of one pass: slices of an array (a memory-mapped file is
    read slice by slice), or the blocks a user function yields."""
    if callable(pred_probs) and not hasattr(pred_probs, "shape"):
        return pred_probs
    if not hasattr(pred_probs, "shape") or len(pred_probs.shape) != 2:
        raise ShapeError("pred_probs array must have shape: num_examples x num_classes.")
    n = int(pred_probs.shape[0])
    bs = _int_option(batch_size, "batch_size")
    if bs < 1:
        raise InvalidArgumentError(f"batch_size must be >= 1, got {batch_size!r}")

    def blocks() -> Iterable[np.ndarray]:
        for start in range(0, n, bs):
            yield pred_probs[start : start + bs]

    return blocks


def _as_block(block: Any) -> np.ndarray:
    if not isinstance(block, np.ndarray):
        block = np.asarray(block)
    return as_pred_probs(block)


def run_passes(stream: Any, blocks: Callable[[], Iterable[np.ndarray]], labels: Optional[np.ndarray] = None) -> int:
    """Drives a native stream through its passes; returns the number of rows of a pass.

    With `labels` (a stream created without labels), each block's labels are sliced from it and
    fed in pass 1.
    """
    rows = 0
    pass_index = 0
    while stream.begin_pass():
        first = 0
        for block in blocks():
            b = _as_block(block)
            if labels is not None and pass_index == 0:
                stream.feed(b, first, labels[first : first + b.shape[0]])
            else:
                stream.feed(b, first)
            first += b.shape[0]
        stream.end_pass()
        rows = first
        pass_index += 1
    return rows


def find_label_issues_streaming(
    labels: Any,
    pred_probs: BlockSource,
    *,
    batch_size: int = 10000,
    return_indices_ranked_by: Optional[str] = None,
    rank_by_kwargs: Optional[Dict[str, Any]] = None,
    filter_by: str = "prune_by_noise_rate",
    frac_noise: float = 1.0,
    num_to_remove_per_class: Optional[List[int]] = None,
    min_examples_per_class=1,
    confident_joint: Optional[np.ndarray] = None,
    n_jobs: Optional[int] = None,
    verbose: bool = False,
) -> np.ndarray:
    """``filter.find_label_issues`` with `pred_probs` read in blocks: the same answer, exactly.

    Parameters
    ----------
    labels : array_like
        Given labels, integers in ``0, ..., K-1`` (a memory-mapped array is fine: n integers are
        copied once).
    pred_probs : array_like or callable
        Either a 2-D array read in slices of `batch_size` rows (``np.load(path, mmap_mode='r')``,
        an HDF5 or Zarr array, an ndarray), or a function with no arguments returning an
        iterable of 2-D blocks (consecutive rows, any sizes, the same dtype); it is called once
        per pass (2 or 3 passes) and must produce the same rows each time (a different
        ``pred_probs[i, labels[i]]`` in a later pass raises InvalidArgumentError).
    batch_size : int, default=10000
        Rows per slice when `pred_probs` is an array.
    Other parameters
        As :func:`libcleanlab.filter.find_label_issues`.

    Returns
    -------
    np.ndarray
        The bool mask, or (with `return_indices_ranked_by`) the ranked int64 indices, equal to
        ``filter.find_label_issues(labels, pred_probs, ...)`` on the whole matrix.
    """
    if not rank_by_kwargs:
        rank_by_kwargs = {}
    if not isinstance(filter_by, str) or filter_by not in _FILTER_BY:
        raise InvalidArgumentError(f"{filter_by!r} is not a valid filter_by; choose one of {list(_FILTER_BY)}")
    allow_one = allow_one_class(labels)
    y = as_labels(labels)
    blocks = _block_factory(pred_probs, batch_size)
    if hasattr(pred_probs, "shape"):
        if int(pred_probs.shape[0]) != len(y):
            raise ShapeError("pred_probs and labels must have same length.")
        k = int(pred_probs.shape[1])
    else:
        # the number of classes comes from the first block of pass 1, which is then fed as is
        first_pass = iter(blocks())
        first_block = next(first_pass, None)
        if first_block is None:
            raise ShapeError("the pred_probs blocks are empty")
        if np.ndim(first_block) != 2:
            raise ShapeError("pred_probs blocks must have shape: num_examples x num_classes.")
        k = int(np.shape(first_block)[1])
        user_blocks = blocks
        started = [False]

        def blocks() -> Iterable[np.ndarray]:
            if not started[0]:
                started[0] = True
                return itertools.chain([first_block], first_pass)
            return user_blocks()
    if filter_by in _NOT_PRUNE and (frac_noise != 1.0 or num_to_remove_per_class is not None):
        warnings.warn(
            "frac_noise and num_to_remove_per_class parameters are only supported"
            " for filter_by 'prune_by_noise_rate', 'prune_by_class', and 'both'. They "
            "are not supported for methods 'confident_learning', 'predicted_neq_given', "
            "'low_normalized_margin' or 'low_self_confidence'.",
            stacklevel=2,
        )
    if num_to_remove_per_class is not None and filter_by in _NOT_PRUNE:
        raise InvalidArgumentError(
            "filter_by 'confident_learning', 'predicted_neq_given', 'low_normalized_margin' "
            "or 'low_self_confidence' is not supported (yet) when setting 'num_to_remove_per_class'"
        )
    n_threads = _threads(n_jobs)
    if not allow_one:
        check_two_classes(y)
    rank_by = _native.RANK_NONE if return_indices_ranked_by is None else rank_method_code(return_indices_ranked_by)
    adjust = False
    for key, value in rank_by_kwargs.items():
        if key != "adjust_pred_probs":
            raise TypeError(f"get_label_quality_scores() got an unexpected keyword argument '{key}'")
        adjust = bool(value)
    if adjust and rank_by == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY:
        raise InvalidArgumentError("adjust_pred_probs is not currently supported for confidence_weighted_entropy.")
    nrpc = None
    if num_to_remove_per_class is not None:
        arr = np.asarray(num_to_remove_per_class)
        if arr.dtype.kind == "f" and not np.all(np.equal(np.mod(arr, 1), 0)) or arr.dtype.kind not in "iubf":
            raise InvalidArgumentError("num_to_remove_per_class must hold integers")
        if arr.ndim == 0:
            arr = np.full(k, arr)
        if arr.ndim != 1 or arr.shape[0] != k:
            raise ShapeError(f"num_to_remove_per_class must have one entry per class ({k}), got shape {arr.shape}")
        nrpc = np.require(arr, dtype=np.int64, requirements=["C_CONTIGUOUS", "ALIGNED"])
    cj = None
    cj_order = 0
    if confident_joint is not None and filter_by != "confident_learning":
        from ..count import _memory_order

        cj_order = _memory_order(confident_joint)
        cj = as_float64_matrix(confident_joint, "confident_joint", k)
    try:
        frac = float(frac_noise)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"frac_noise must be a number, got {frac_noise!r}") from None
    min_examples = _int_option(min_examples_per_class, "min_examples_per_class")

    n = len(y)
    with call_native(y, k):
        stream = _native_stream.create(
            y, k, _FILTER_BY[filter_by], rank_by, adjust, frac, min_examples, nrpc, cj,
            n_threads, cj_order, _native.RANK_NONE, False,
        )
        try:
            run_passes(stream, blocks)
            mask = np.empty(n, dtype=np.bool_)
            ranked = np.empty(n, dtype=np.int64) if rank_by != _native.RANK_NONE else None
            num = stream.result(mask, ranked)
        finally:
            stream.close()
    if filter_by in ("prune_by_noise_rate", "prune_by_class", "both"):
        small = np.flatnonzero(label_counts(y, k) <= min_examples)
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
