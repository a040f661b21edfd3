"""cleanlab 1.x ``cleanlab.noise_generation``: synthetic noise matrices and noisy labels for
benchmarking (the seed API), computed by libcleanlab.so.

Same names, positional signatures and return conventions as cleanlab 1.0.1:

* :func:`generate_noise_matrix_from_trace` returns the **last matrix tried** when no valid one
  was found within `max_iter` tries (2.x returns None) and ``False`` when ``max_iter < 1``;
* ``verbose`` arguments as in 1.x; :func:`generate_noise_matrix` is 1.x's deprecated generator
  (a DeprecationWarning).

As libcleanlab's 2.x ``benchmarking.noise_generation`` (see its docstring and the README): the
randomness comes from libcleanlab's PRNG, not numpy's MT19937 stream (same distributions and
guarantees, other numbers; functions without a seed draw one from numpy's global RandomState, so
``np.random.seed`` keeps them reproducible); :func:`noise_matrix_is_valid` is deterministic and
gives 1.x's answers exactly; input 1.x would silently turn into garbage raises a ValueError.
"""

import operator
import warnings
from typing import Any, Union

import numpy as np

from . import _native_v1
from .benchmarking import noise_generation as _ng
from ._errors import InvalidArgumentError, ShapeError

__all__ = [
    "noise_matrix_is_valid",
    "generate_noisy_labels",
    "generate_noise_matrix_from_trace",
    "generate_n_rand_probabilities_that_sum_to_m",
    "randomly_distribute_N_balls_into_K_bins",
    "generate_noise_matrix",
]


def noise_matrix_is_valid(noise_matrix, py, verbose=False) -> bool:
    """Whether `noise_matrix` (``P(s|y)``, columns sum to 1) is learnable for the prior `py`:
    the joint ``noise_matrix * py`` sums to 1 (1e-6) and ``p(s=k) p(y=k) < p(s=k, y=k)`` for
    every class k. Deterministic: 1.x's answer exactly. `verbose` prints 1.x's diagnostics."""
    return _ng.noise_matrix_is_valid(noise_matrix, py, verbose=verbose)


def generate_noisy_labels(y, noise_matrix, verbose=False) -> np.ndarray:
    """Noisy labels ``s`` from true labels `y` realising `noise_matrix` exactly: for every true
    class k, ``int(noise_matrix[j][k] * p(y=k) * N)`` examples of class k, chosen uniformly
    without replacement, are relabelled j (none when their total exceeds the class). Returns an
    array of `y`'s dtype. `verbose` is accepted and unused, as in 1.x."""
    return _ng.generate_noisy_labels(y, noise_matrix)


def _v1_py(py) -> np.ndarray:
    p = np.ascontiguousarray(np.asarray(py, dtype=np.float64))
    if p.ndim != 1:
        raise ShapeError(f"py must be one-dimensional (K,), got shape {p.shape}")
    return p


def generate_noise_matrix_from_trace(
    K,
    trace,
    max_trace_prob=1.0,
    min_trace_prob=1e-5,
    max_noise_rate=1 - 1e-5,
    min_noise_rate=0.0,
    valid_noise_matrix=True,
    py=None,
    frac_zero_noise_rates=0.,
    seed=0,
    max_iter=10000,
) -> Union[np.ndarray, bool]:
    """A ``K x K`` noise matrix ``P(s=k_s|y=k_y)`` (columns sum to 1) whose diagonal sums to
    `trace`, with 1.x's return convention.

    Returns
    -------
    np.ndarray or False
        The first matrix found that satisfies the bounds (and, with `valid_noise_matrix`,
        :func:`noise_matrix_is_valid` for `py`, K > 2); if none is found within `max_iter`
        tries, the last matrix tried (not valid), as 1.x; ``False`` when ``max_iter < 1``.

    `seed` is passed to ``np.random.seed`` (1.x's global side effect) and seeds libcleanlab's
    PRNG. Raises 1.x's ValueErrors (``trace <= 1`` or ``py`` missing with
    `valid_noise_matrix`, ``K <= 1``) and libcleanlab's for impossible arguments (see the
    README).
    """
    r = _ng._from_trace(
        _native_v1.generate_noise_matrix_from_trace, _v1_py, K, trace, max_trace_prob,
        min_trace_prob, max_noise_rate, min_noise_rate, valid_noise_matrix, py,
        frac_zero_noise_rates, seed, max_iter,
    )
    return False if r is None else r[0]


def generate_n_rand_probabilities_that_sum_to_m(n, m, max_prob=1.0, min_prob=0.0) -> np.ndarray:
    """`n` random probabilities summing to `m`, each in ``[min_prob, max_prob]`` (1e-6
    tolerance): ``m * Dirichlet(1, ..., 1)`` then 1.x's fix-ups. 1.x's two ValueErrors."""
    return _ng.generate_n_rand_probabilities_that_sum_to_m(n, m, max_prob=max_prob, min_prob=min_prob)


def randomly_distribute_N_balls_into_K_bins(N, K, max_balls_per_bin=None, min_balls_per_bin=None) -> np.ndarray:
    """`K` random bin counts (int) summing to `N` (``max_balls_per_bin * K`` when N does not
    fit), each within the bounds."""
    return _ng.randomly_distribute_N_balls_into_K_bins(
        N, K, max_balls_per_bin=max_balls_per_bin, min_balls_per_bin=min_balls_per_bin
    )


def generate_noise_matrix(K, max_noise_rate=1.0, frac_zero_noise_rates=0.0, verbose=False) -> np.ndarray:
    """Deprecated in cleanlab 1.x (DeprecationWarning): use
    :func:`generate_noise_matrix_from_trace`.

    A random ``K x K`` noise matrix with columns summing to 1: off-diagonal rates
    ``U(0, 1) * max_noise_rate`` rounded to 2 decimals; in a column whose rates sum to >= 1,
    randomly chosen non-zero rates are zeroed until the sum is < 1; then each rate is zeroed
    with probability `frac_zero_noise_rates`; the diagonal is 1 minus the column's rates. The
    draws come from numpy's global RandomState, as in 1.x.
    """
    warnings.warn(
        "This method is deprecated. Use 'generate_noise_matrix_from_trace' instead.",
        DeprecationWarning,
        stacklevel=2,
    )
    k = operator.index(K)
    if k < 1:
        raise ShapeError(f"K must be >= 1, got {k}")
    rate = float(max_noise_rate)
    frac = float(frac_zero_noise_rates)
    if not (np.isfinite(rate) and rate >= 0):
        raise InvalidArgumentError(f"max_noise_rate = {max_noise_rate} must be a finite number >= 0")
    if not (0.0 <= frac <= 1.0):
        raise InvalidArgumentError(f"frac_zero_noise_rates = {frac_zero_noise_rates} must lie in [0, 1]")
    rates = (np.random.rand(k, k) * rate).round(2)
    np.fill_diagonal(rates, 0.0)
    for col in range(k):
        while rates[:, col].sum() >= 1:
            candidates = np.flatnonzero(rates[:, col])
            rates[np.random.choice(candidates), col] = 0.0
    drop = np.random.rand(k, k) < frac
    rates[drop] = 0.0
    np.fill_diagonal(rates, 0.0)
    noise_matrix = rates
    np.fill_diagonal(noise_matrix, 1 - rates.sum(axis=0))
    if verbose:
        print("Average trace of noise matrix is", np.trace(noise_matrix) / float(k))
    return noise_matrix
