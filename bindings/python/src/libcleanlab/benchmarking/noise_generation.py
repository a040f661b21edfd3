"""cleanlab 2.9.0's ``cleanlab.benchmarking.noise_generation``, computed by libcleanlab.so.

Same names, signatures, return types and ValueErrors as cleanlab. Differences (see the README):

* Randomness comes from libcleanlab's PRNG (xoshiro256** seeded with SplitMix64), not from
  numpy's MT19937 stream: results have cleanlab's distributions and documented properties but
  are not cleanlab's numbers. Functions without a seed argument draw one uint64 seed from numpy's
  global RandomState, so ``np.random.seed(0)`` still makes them reproducible.
  ``generate_noise_matrix_from_trace(seed=s)`` calls ``np.random.seed(s)`` as cleanlab does (a
  global side effect) and seeds the native PRNG with ``s``.
* ``noise_matrix_is_valid`` is deterministic and gives cleanlab's answer exactly: libcleanlab.so
  reproduces numpy's summation and BLAS order for C-contiguous matrices; for other layouts
  (Fortran order, views), whose BLAS kernel differs, the façade evaluates cleanlab's conditions
  with numpy on the caller's array.
* Inputs cleanlab would silently turn into garbage are rejected with a ValueError: labels outside
  ``[0, K)``, noise-matrix entries outside ``[0, 1]`` or not finite, a trace outside ``[0, K]``,
  probability bounds outside ``[0, 1]`` or ``min > max``, ``frac_zero_noise_rates`` outside
  ``[0, 1]``, negative ball counts. Fix-up loops that cleanlab runs without bound stop after 10**6
  rounds with a :class:`~libcleanlab.NumericError`.
"""

import operator
from typing import Any, Optional

import numpy as np

from .. import _native_noise as _nn
from .._errors import DTypeError, InvalidArgumentError, ShapeError
from ._seed import global_seed

__all__ = [
    "noise_matrix_is_valid",
    "generate_noisy_labels",
    "generate_noise_matrix_from_trace",
    "generate_n_rand_probabilities_that_sum_to_m",
    "randomly_distribute_N_balls_into_K_bins",
]

FLOATING_POINT_COMPARISON = 1e-6
_INT64_MAX = 2**63 - 1


def _as_matrix(noise_matrix: Any, name: str = "noise_matrix") -> np.ndarray:
    m = np.asarray(noise_matrix, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ShapeError(f"{name} must be a square K x K matrix, got shape {m.shape}")
    return np.ascontiguousarray(m)


def _as_vector(v: Any, name: str) -> np.ndarray:
    a = np.asarray(v, dtype=np.float64)
    if a.ndim != 1:
        raise ShapeError(f"{name} must be one-dimensional (K,), got shape {a.shape}")
    return np.ascontiguousarray(a)


def noise_matrix_is_valid(noise_matrix, py, *, verbose=False) -> bool:
    """Whether `noise_matrix` is learnable for the prior `py`: cleanlab's
    ``noise_matrix_is_valid`` (deterministic; identical answers).

    Parameters
    ----------
    noise_matrix : np.ndarray
      ``(K, K)`` conditional probabilities ``P(label=k_s | true_label=k_y)``; columns sum to 1.
    py : np.ndarray
      ``(K,)`` prior ``P(true_label=k)``.
    verbose : bool
      Print cleanlab's diagnostic lines.

    Returns
    -------
    is_valid : bool
    """
    p = _as_vector(py, "py")
    k = p.shape[0]
    given = np.asarray(noise_matrix, dtype=np.float64)
    m = _as_matrix(given)
    if m.shape != (k, k):
        raise ShapeError(f"noise_matrix has shape {m.shape} but py has {k} entries")
    if k == 0:
        return False
    if verbose:
        _print_diagnostics(m, p)
    if not given.flags.c_contiguous:
        # For other layouts numpy uses another BLAS kernel and summation order, which decide
        # borderline answers: evaluate cleanlab's two conditions with numpy on the caller's
        # layout (O(K^2); libcleanlab.so reproduces numpy's order for C-contiguous matrices).
        ps = np.dot(given, p)
        joint = np.multiply(given, p)
        if not (abs(joint.sum() - 1.0) < FLOATING_POINT_COMPARISON):
            return False
        return bool(np.all(ps * p < np.diagonal(joint)))
    return bool(_nn.noise_matrix_is_valid(m, p))


def _print_diagnostics(m: np.ndarray, p: np.ndarray) -> None:
    n = 10000.0
    ps = np.dot(m, p)
    joint = np.multiply(m, p)
    if not (abs(joint.sum() - 1.0) < FLOATING_POINT_COMPARISON):
        return
    for i in range(len(p)):
        c = n * joint[i][i]
        e1 = n * joint[i].sum() - c
        e2 = n * joint.T[i].sum() - c
        o = n - e1 - e2 - c
        print("E1E2/C", round(e1 * e2 / c), "E1", round(e1), "E2", round(e2), "C", round(c),
              "|", round(e1 * e2 / c + e1 + e2 + c), "|", round(e1 * e2 / c), "<", round(o))
        print(round(ps[i] * p[i]), "<", round(joint[i][i]), ":", ps[i] * p[i] < joint[i][i])
        if not (ps[i] * p[i] < joint[i][i]):
            return


def _as_true_labels(true_labels: Any) -> np.ndarray:
    y = np.asarray(true_labels)
    if y.ndim != 1:
        raise ShapeError(f"true_labels must be one-dimensional, got shape {y.shape}")
    if y.dtype.kind in "iub":
        return y
    if y.dtype.kind == "f":
        if not np.all(np.isfinite(y)) or not np.all(np.floor(y) == y):
            raise InvalidArgumentError("true_labels must be integers (class indices)")
        return y
    raise DTypeError(f"true_labels must be integers (class indices), got dtype {y.dtype}")


def generate_noisy_labels(true_labels, noise_matrix) -> np.ndarray:
    """Noisy labels from perfect labels `true_labels` that realise `noise_matrix` exactly, as
    cleanlab's ``generate_noisy_labels``: for every true class k, exactly
    ``int(noise_matrix[j][k] * py[k] * n)`` examples of class k (``py[k]`` = its frequency) are
    relabelled j, chosen uniformly without replacement; a class whose total exceeds its size is
    left unchanged. Random draws use a seed taken from numpy's global RandomState.

    Parameters
    ----------
    true_labels : np.ndarray
      ``(N,)`` labels in ``0..K-1``; every class present (or exactly one).
    noise_matrix : np.ndarray
      ``(K, K)`` matrix ``P(label=k_s | true_label=k_y)``, entries in ``[0, 1]``.

    Returns
    -------
    labels : np.ndarray
      ``(N,)`` noisy labels, of the dtype of `true_labels`.
    """
    y = _as_true_labels(true_labels)
    m = _as_matrix(noise_matrix)
    k = m.shape[0]
    if y.dtype.kind == "u" and y.size and int(y.max()) > _INT64_MAX:
        raise InvalidArgumentError(f"true_labels must lie in [0, {k})")
    y64 = np.ascontiguousarray(y, dtype=np.int64)
    out = np.empty(y64.shape[0], dtype=np.int64)
    _nn.generate_noisy_labels(y64, m, k, global_seed(), out)
    return out.astype(y.dtype, copy=False)


def _from_trace(native, as_py, K, trace, max_trace_prob, min_trace_prob, max_noise_rate,
                min_noise_rate, valid_noise_matrix, py, frac_zero_noise_rates, seed, max_iter):
    """The body of generate_noise_matrix_from_trace shared with the cleanlab 1.x facade
    (libcleanlab.noise_generation), which passes its native function (_native_v1) and its
    conversion of `py`. Returns None when ``max_iter < 1`` (after every check), else
    ``(out, found)`` with `found` as the native function returns it."""
    if valid_noise_matrix and trace <= 1:
        raise InvalidArgumentError(
            "trace = {}. trace > 1 is necessary for a".format(trace)
            + " valid noise matrix to be returned (valid_noise_matrix == True)"
        )
    if valid_noise_matrix and py is None and K > 2:
        raise InvalidArgumentError(
            "py must be provided (not None) if the input parameter" + " valid_noise_matrix == True"
        )
    if K <= 1:
        raise ShapeError("K must be >= 2, but K = {}.".format(K))
    k = operator.index(K)
    p = None if py is None else as_py(py)
    iters = min(operator.index(max_iter), _INT64_MAX)
    out = np.zeros((k, k), dtype=np.float64)
    args = dict(
        K=k,
        trace=float(trace),
        max_trace_prob=float(max_trace_prob),
        min_trace_prob=float(min_trace_prob),
        max_noise_rate=float(max_noise_rate),
        min_noise_rate=float(min_noise_rate),
        valid_noise_matrix=bool(valid_noise_matrix),
        py=p,
        frac_zero_noise_rates=float(frac_zero_noise_rates),
        out=out,
    )
    # every check first, without random work or side effects
    native(seed=0, max_iter=0, **args)
    if iters < 1:
        return None
    np.random.seed(seed)
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and 0 <= seed < 2**64:
        native_seed = int(seed)
    else:
        native_seed = global_seed()
    return out, native(seed=native_seed, max_iter=iters, **args)


def generate_noise_matrix_from_trace(
    K,
    trace,
    *,
    max_trace_prob=1.0,
    min_trace_prob=1e-5,
    max_noise_rate=1 - 1e-5,
    min_noise_rate=0.0,
    valid_noise_matrix=True,
    py=None,
    frac_zero_noise_rates=0.0,
    seed=0,
    max_iter=10000,
) -> Optional[np.ndarray]:
    """A ``K x K`` noise matrix ``P(label=k_s | true_label=k_y)`` whose diagonal sums to
    `trace`, as cleanlab's ``generate_noise_matrix_from_trace``; ``None`` when no valid matrix
    is found within `max_iter` tries (or ``max_iter < 1``).

    `seed` is passed to ``np.random.seed`` (cleanlab's global side effect) and seeds libcleanlab's
    PRNG (a non-integer seed such as ``None`` seeds it from the reseeded global state).

    Returns
    -------
    noise_matrix : np.ndarray or None
      Columns sum to 1, the trace is `trace`, off-diagonal entries lie within
      ``[min_noise_rate, max_noise_rate]`` and diagonal ones within
      ``[min_trace_prob, max_trace_prob]`` (1e-6 tolerance, as cleanlab), at least
      ``int(K*(K-1)*frac_zero_noise_rates)`` noise rates are zero, and with
      ``valid_noise_matrix=True`` ``noise_matrix_is_valid(noise_matrix, py)`` holds (K > 2).
    """
    r = _from_trace(
        _nn.generate_noise_matrix_from_trace, lambda v: _as_vector(v, "py"), K, trace,
        max_trace_prob, min_trace_prob, max_noise_rate, min_noise_rate, valid_noise_matrix, py,
        frac_zero_noise_rates, seed, max_iter,
    )
    return r[0] if r is not None and r[1] else None


def generate_n_rand_probabilities_that_sum_to_m(n, m, *, max_prob=1.0, min_prob=0.0) -> np.ndarray:
    """`n` random probabilities that sum to `m`, each within ``[min_prob, max_prob]`` (1e-6
    tolerance), as cleanlab's ``generate_n_rand_probabilities_that_sum_to_m``: a Dirichlet(1, ...,
    1) sample times `m`, then cleanlab's fix-ups. Uses a seed from numpy's global RandomState.

    Raises
    ------
    ValueError
      cleanlab's "max_prob must be greater or equal to m / n ..." and "min_prob must be less or
      equal to m / n ..." (as :class:`~libcleanlab.InvalidArgumentError`).
    """
    n_ = operator.index(n)
    if n_ == 0:
        return np.array([])
    if (max_prob + FLOATING_POINT_COMPARISON) < m / float(n):
        raise InvalidArgumentError(
            "max_prob must be greater or equal to m / n, but "
            + "max_prob = " + str(max_prob) + ", m = " + str(m) + ", n = " + str(n)
            + ", m / n = " + str(m / float(n))
        )
    if min_prob > (m + FLOATING_POINT_COMPARISON) / float(n):
        raise InvalidArgumentError(
            "min_prob must be less or equal to m / n, but "
            + "max_prob = " + str(max_prob) + ", m = " + str(m) + ", n = " + str(n)
            + ", m / n = " + str(m / float(n))
        )
    if n_ < 0:
        raise ShapeError(f"n must be >= 0, got {n_}")
    out = np.empty(n_, dtype=np.float64)
    _nn.generate_n_rand_probabilities_that_sum_to_m(
        n_, float(m), float(max_prob), float(min_prob), global_seed(), out
    )
    return out


def randomly_distribute_N_balls_into_K_bins(
    N,  # int
    K,  # int
    *,
    max_balls_per_bin=None,
    min_balls_per_bin=None,
) -> np.ndarray:
    """`K` random bin counts (int64) summing to `N`, as cleanlab's
    ``randomly_distribute_N_balls_into_K_bins``: each bin within the bounds; when ``N / K >
    max_balls_per_bin`` the total is ``max_balls_per_bin * K``. Uses a seed from numpy's global
    RandomState.
    """
    n_ = operator.index(N)
    k_ = operator.index(K)
    if n_ < 0 or k_ < 0:
        raise ShapeError(f"N and K must be >= 0, got N = {n_}, K = {k_}")
    max_b = -1 if max_balls_per_bin is None else operator.index(max_balls_per_bin)
    min_b = -1 if min_balls_per_bin is None else operator.index(min_balls_per_bin)
    if max_balls_per_bin is not None and max_b < 0:
        raise InvalidArgumentError(f"max_balls_per_bin must be >= 0 or None, got {max_b}")
    if min_balls_per_bin is not None and min_b < 0:
        raise InvalidArgumentError(f"min_balls_per_bin must be >= 0 or None, got {min_b}")
    if n_ == 0:
        return np.zeros(k_, dtype=int)
    out = np.empty(k_, dtype=np.int64)
    _nn.randomly_distribute_N_balls_into_K_bins(n_, k_, max_b, min_b, global_seed(), out)
    return out
