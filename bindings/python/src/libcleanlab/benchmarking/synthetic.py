"""make_synthetic_dataset: a dataset with known label errors (libcleanlab extension, not in
cleanlab)."""

from typing import Any, Dict, Optional

import numpy as np

from .. import _native_noise as _nn
from .._errors import DTypeError
from ._seed import global_seed

__all__ = ["make_synthetic_dataset"]


def make_synthetic_dataset(
    n: int,
    K: int,
    trace: float,
    *,
    frac_zero_noise_rates: float = 0.0,
    seed: Optional[int] = None,
    dtype: Any = np.float64,
) -> Dict[str, np.ndarray]:
    """Generate a K-class dataset with known label errors and realistic predicted probabilities
    (libcleanlab extension; cleanlab has no such function).

    Steps (all in libcleanlab.so, deterministic for a seed; see ``cl_generate_synthetic_dataset``):
    class priors ``py = 0.5/K + 0.5 * Dirichlet(1, ..., 1)``; a valid noise matrix with the given
    `trace` (``generate_noise_matrix_from_trace(K, trace, py=py, frac_zero_noise_rates=...)``);
    about ``py[k] * n`` true labels per class (at least one each), shuffled; noisy labels as
    ``generate_noisy_labels``; pred_probs of an imperfect classifier (softmax of noisy logits that
    favour the true class and, a little, the noisy label).

    Parameters
    ----------
    n : int
      Number of examples, ``>= K``.
    K : int
      Number of classes, ``>= 2``.
    trace : float
      Trace of the noise matrix, in ``(1, K]`` (``K`` = no noise).
    frac_zero_noise_rates : float
      Fraction of zero off-diagonal noise rates, in ``[0, 1]``.
    seed : int or None
      uint64 seed of libcleanlab's PRNG; ``None`` draws one from numpy's global RandomState.
    dtype : float32 or float64
      dtype of ``pred_probs``.

    Returns
    -------
    dict
      ``true_labels`` (n,) int64, ``labels`` (n,) int64 noisy labels, ``pred_probs`` (n, K),
      ``noise_matrix`` (K, K), ``py`` (K,), ``is_label_issue`` (n,) bool
      (``labels != true_labels``).
    """
    import operator

    n_ = operator.index(n)
    k_ = operator.index(K)
    dt = np.dtype(dtype)
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise DTypeError(f"dtype must be float32 or float64, got {dt}")
    s = global_seed() if seed is None else operator.index(seed)
    if not 0 <= s < 2**64:
        raise ValueError(f"seed must be in [0, 2**64), got {s}")
    if k_ < 2 or n_ < 0:
        from .._errors import ShapeError

        raise ShapeError(f"need K >= 2 and n >= K, got n = {n_}, K = {k_}")
    true_labels = np.empty(n_, dtype=np.int64)
    labels = np.empty(n_, dtype=np.int64)
    pred_probs = np.empty((n_, k_), dtype=dt)
    noise_matrix = np.empty((k_, k_), dtype=np.float64)
    py = np.empty(k_, dtype=np.float64)
    _nn.generate_synthetic_dataset(
        n_, k_, float(trace), float(frac_zero_noise_rates), s,
        true_labels, labels, pred_probs, noise_matrix, py,
    )
    return {
        "true_labels": true_labels,
        "labels": labels,
        "pred_probs": pred_probs,
        "noise_matrix": noise_matrix,
        "py": py,
        "is_label_issue": labels != true_labels,
    }
