"""cleanlab 1.x ``cleanlab.pruning``: find the label errors of a dataset (the seed API).

``from libcleanlab.pruning import get_noise_indices`` runs cleanlab 1.0.1 scripts unchanged and
gives cleanlab 1.0.1's answers (its tie rules, ``MIN_NUM_PER_CLASS = 5``, its final argmax rule),
computed by libcleanlab's native core. Where 1.x crashes or silently returns garbage on bad input,
libcleanlab raises a clear error instead (see the README, "cleanlab 1.x (seed API)").
"""

import multiprocessing
from typing import Any, List, Optional, Sequence, Union

import numpy as np

from . import _native_v1
from ._common import call_native
from ._errors import InvalidArgumentError
from ._v1common import as_counts, matrix_order, multi_labels, square, v1_labels, v1_psx

__all__ = [
    "MIN_NUM_PER_CLASS",
    "get_noise_indices",
    "keep_at_least_n_per_class",
    "reduce_prune_counts",
    "order_label_errors",
    "multiclass_crossval_predict",
]

#: cleanlab 1.x never prunes a class with this many examples or fewer, and keeps at least this
#: many examples of every class.
MIN_NUM_PER_CLASS = 5

_PRUNE_METHODS = {
    "prune_by_noise_rate": _native_v1.PRUNE_BY_NOISE_RATE,
    "prune_by_class": _native_v1.PRUNE_BY_CLASS,
    "both": _native_v1.PRUNE_BOTH,
}


def _sort_code(sorted_index_method: Optional[str]) -> int:
    # 1.x: None returns a mask; 'prob_given_label'; anything else means 'normalized_margin'.
    if sorted_index_method is None:
        return _native_v1.SORT_NONE
    if sorted_index_method == "prob_given_label":
        return _native_v1.SORT_PROB_GIVEN_LABEL
    return _native_v1.SORT_NORMALIZED_MARGIN


def _resolve_n_jobs(n_jobs: Optional[int]) -> int:
    if n_jobs is None:
        return multiprocessing.cpu_count()
    try:
        ok = n_jobs >= 1
    except TypeError:
        ok = False
    if not ok:
        raise InvalidArgumentError(f"n_jobs must be None or an integer >= 1, got {n_jobs!r}")
    return int(n_jobs)


def get_noise_indices(
    s: Any,
    psx: np.ndarray,
    inverse_noise_matrix: Optional[np.ndarray] = None,
    confident_joint: Optional[np.ndarray] = None,
    frac_noise: float = 1.0,
    num_to_remove_per_class: Optional[Sequence[int]] = None,
    prune_method: str = "prune_by_noise_rate",
    sorted_index_method: Optional[str] = None,
    multi_label: bool = False,
    n_jobs: Optional[int] = None,
    verbose: int = 0,
) -> np.ndarray:
    """Returns the label errors of ``s`` as a boolean mask, or their indices ordered by
    `sorted_index_method` (cleanlab 1.x ``pruning.get_noise_indices``).

    The confident joint (computed from ``s`` and ``psx`` and calibrated, unless given) becomes a
    prune count matrix that keeps at least ``MIN_NUM_PER_CLASS`` examples per class; classes with
    ``MIN_NUM_PER_CLASS`` examples or fewer are never pruned. Then:

    - ``'prune_by_noise_rate'``: for each given class k and true class j with ``n > 0`` examples
      to prune, every example of class k whose margin ``psx[:, j] - psx[:, k]`` is ``>=`` the n-th
      largest such margin is flagged (ties at the cut are all flagged);
    - ``'prune_by_class'``: the examples of class k whose ``psx[:, k]`` is strictly below the value
      at sorted position ``count_k - pcm[k][k]`` (ties at the cut are kept);
    - ``'both'``: the examples flagged by both.

    Finally an example whose ``argmax(psx[i])`` (the lowest index among equal maxima) equals its
    given label is never an error.

    Parameters
    ----------
    s : np.ndarray or list
        Noisy labels, integers ``0..K-1``; every class must occur (1.x takes K from the labels).
        With `multi_label`, a list of lists of labels.
    psx : np.ndarray
        ``(N, K)`` out-of-sample predicted probabilities (float16/32/64 read in place).
    inverse_noise_matrix : ignored
        Accepted and unused, as in cleanlab 1.x.
    confident_joint : np.ndarray, optional
        ``(K, K)`` confident joint ``cj[given][true]``, used as is.
    frac_noise : float, default 1.0
        In ``(0, 1]``: the fraction of the estimated errors of each class to return.
    num_to_remove_per_class : list of int, optional
        K counts (meant for ``'prune_by_class'``).
    prune_method : {'prune_by_noise_rate', 'prune_by_class', 'both'}
    sorted_index_method : {None, 'prob_given_label', 'normalized_margin'}
        None returns a mask; otherwise the error indices ordered by ascending
        ``psx[i][s[i]]`` ('prob_given_label') or ``psx[i][s[i]] - max(psx[i])`` (any other
        string; the max is over all classes, the given one included). Ties: lower index first.
    multi_label : bool
        ``s`` is a list of lists (1.x's multi-label heuristics, computed with numpy).
    n_jobs : int, optional
        As in 1.x it does not change *what* is computed except for one detail: cleanlab 1.x
        copies ``psx`` into a float32 shared array when ``n_jobs > 1`` (``None`` means the number
        of CPUs), so the pruning step then compares float32 values. libcleanlab does the same;
        its own threads are set with :func:`libcleanlab.set_num_threads`.
    verbose : int
        1 prints 1.x's progress lines when ``n_jobs > 1``.

    Returns
    -------
    np.ndarray
        A boolean mask of shape ``(N,)``, or int64 indices when `sorted_index_method` is set.
    """
    del inverse_noise_matrix  # unused by cleanlab 1.x as well
    jobs = _resolve_n_jobs(n_jobs)
    if prune_method not in _PRUNE_METHODS:
        raise InvalidArgumentError(
            f"prune_method must be 'prune_by_noise_rate', 'prune_by_class' or 'both', got "
            f"{prune_method!r} (cleanlab 1.x fails with UnboundLocalError)"
        )
    if multi_label:
        from ._v1multilabel import get_noise_indices_multi_label

        return get_noise_indices_multi_label(
            s, psx, confident_joint, frac_noise, num_to_remove_per_class, prune_method,
            sorted_index_method, jobs,
        )
    y = v1_labels(s)
    p = v1_psx(psx, len(y))
    n, k = p.shape
    cj = None
    order = 0
    if confident_joint is not None:
        cj, order = square(confident_joint, "confident_joint", k)
    nrpc = None
    if num_to_remove_per_class is not None:
        nrpc = as_counts(num_to_remove_per_class, k, "num_to_remove_per_class")
    sort = _sort_code(sorted_index_method)
    if verbose and jobs > 1:
        if prune_method in ("prune_by_class", "both"):
            print("Parallel processing label errors by class.")
        if prune_method in ("prune_by_noise_rate", "both"):
            print("Parallel processing label errors by noise rate.")
    mask = np.zeros(n, dtype=np.bool_)
    out = np.empty(n, dtype=np.int64) if sort != _native_v1.SORT_NONE else None
    with call_native(y, k):
        count = _native_v1.get_noise_indices(
            p, y, mask, out, _PRUNE_METHODS[prune_method], sort, jobs > 1, float(frac_noise),
            nrpc, cj, order,
        )
    if out is not None:
        return out[:count].copy()
    return mask


def keep_at_least_n_per_class(
    prune_count_matrix: np.ndarray, n: int, frac_noise: float = 1.0
) -> np.ndarray:
    """Raise each column's diagonal of a prune count matrix (row = true label, column = given
    label) to at least `n`, take the increase evenly from the column's non-zero off-diagonals
    (clipped at 0), apply :func:`reduce_prune_counts` and round preserving row totals
    (cleanlab 1.x ``pruning.keep_at_least_n_per_class``).

    Returns
    -------
    np.ndarray
        int64 ``(K, K)`` matrix.
    """
    m, order = square(prune_count_matrix, "prune_count_matrix")
    k = m.shape[0]
    out = np.empty((k, k), dtype=np.int64)
    _native_v1.keep_at_least_n_per_class(m, k, order, int(n), float(frac_noise), out)
    return out


def reduce_prune_counts(prune_count_matrix: np.ndarray, frac_noise: float = 1.0) -> np.ndarray:
    """Multiply the off-diagonals by `frac_noise` and add the removed mass to each column's
    diagonal, truncating to integers (cleanlab 1.x ``pruning.reduce_prune_counts``).

    Returns
    -------
    np.ndarray
        int64 ``(K, K)`` matrix.
    """
    m, order = square(prune_count_matrix, "prune_count_matrix")
    k = m.shape[0]
    out = np.empty((k, k), dtype=np.int64)
    _native_v1.reduce_prune_counts(m, k, order, 0, float(frac_noise), out)
    return out


def order_label_errors(
    label_errors_bool: np.ndarray,
    psx: np.ndarray,
    labels: Any,
    sorted_index_method: str = "normalized_margin",
) -> np.ndarray:
    """The indices flagged in `label_errors_bool`, by ascending ``psx[i][labels[i]]``
    ('prob_given_label') or ``psx[i][labels[i]] - max(psx[i])`` (otherwise); ties: lower index
    first (cleanlab 1.x ``pruning.order_label_errors``, single-label).

    Returns
    -------
    np.ndarray
        int64 indices.
    """
    y = v1_labels(labels)
    p = v1_psx(psx, len(y))
    mask = np.ascontiguousarray(np.asarray(label_errors_bool, dtype=np.bool_).reshape(-1))
    if mask.shape[0] != len(y):
        raise InvalidArgumentError(
            f"label_errors_bool has {mask.shape[0]} entries but labels has {len(y)}"
        )
    code = _sort_code(sorted_index_method)
    if code == _native_v1.SORT_NONE:
        code = _native_v1.SORT_NORMALIZED_MARGIN
    out = np.empty(int(mask.sum()), dtype=np.int64)
    with call_native(y, p.shape[1]):
        _native_v1.order_label_errors(p, y, mask, code, out)
    return out


def multiclass_crossval_predict(pyx: np.ndarray, labels: List[List[int]]) -> np.ndarray:
    """One-hot multi-label predictions ``pyx > b`` for the boundary ``b`` of
    ``np.arange(0.05, 0.9, 0.05)`` with the best micro-averaged F1 against `labels` (the first
    best) (cleanlab 1.x ``pruning.multiclass_crossval_predict``).
    """
    from ._v1multilabel import crossval_predict

    return crossval_predict(pyx, multi_labels(labels))
