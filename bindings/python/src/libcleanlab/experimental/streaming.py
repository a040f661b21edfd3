"""Exact streaming ``find_label_issues``: pred_probs read in row blocks over a few passes.

The native stream (``cl_stream_*``) keeps O(n + K^2) memory -- the labels, a few numbers per
example and K x K counts -- and gives bit-identical answers to the in-memory functions for any
block size and thread count.
"""

import itertools
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

import numpy as np

from .. import _native, _native_stream
from .._common import (
    allow_one_class,
    as_labels,
    as_pred_probs,
    call_native,
    label_counts,
)
from .._errors import InvalidArgumentError, ShapeError
from .._filter_options import (
    FILTER_BY,
    check_filter_by,
    filter_call_options,
    int_option,
    issues_result,
    n_threads_option,
    warn_small_classes,
)

__all__ = ["find_label_issues_streaming"]

BlockSource = Union[np.ndarray, Callable[[], Iterable[np.ndarray]]]


# kept under its former name: label_issues_batched imports it from here
_threads = n_threads_option


def _block_factory(pred_probs: BlockSource, batch_size: int) -> Callable[[], Iterable[np.ndarray]]:
    """A function returning the blocks of one pass: slices of an array (a memory-mapped file is
    read slice by slice), or the blocks a user function yields."""
    if callable(pred_probs) and not hasattr(pred_probs, "shape"):
        return pred_probs
    if not hasattr(pred_probs, "shape") or len(pred_probs.shape) != 2:
        raise ShapeError("pred_probs array must have shape: num_examples x num_classes.")
    n = int(pred_probs.shape[0])
    bs = int_option(batch_size, "batch_size")
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
    check_filter_by(filter_by)
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
    n_threads, rank_by, adjust, nrpc, cj, cj_order, frac, min_examples = filter_call_options(
        filter_by, frac_noise, num_to_remove_per_class, confident_joint, n_jobs,
        return_indices_ranked_by, rank_by_kwargs, min_examples_per_class, k, y, allow_one,
        stacklevel=2)

    n = len(y)
    with call_native(y, k):
        stream = _native_stream.create(
            y, k, FILTER_BY[filter_by], rank_by, adjust, frac, min_examples, nrpc, cj,
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
        warn_small_classes(filter_by, np.flatnonzero(label_counts(y, k) <= min_examples), stacklevel=2)
    return issues_result(num, mask, ranked, verbose)
