"""cleanlab 1.x ``cleanlab.baseline_methods`` (folded into ``cleanlab.filter`` in 2.0): simple
baselines for finding label errors, with cleanlab 1.0.1's answers.
"""

from typing import Any

import numpy as np

from .latent_estimation import calibrate_confident_joint
from .pruning import get_noise_indices
from ._v1common import v1_labels, v1_psx

__all__ = [
    "baseline_argmax",
    "baseline_argmax_confusion_matrix",
    "baseline_argmax_calibrated_confusion_matrix",
]


def baseline_argmax(psx: np.ndarray, s: Any) -> np.ndarray:
    """Every example whose ``argmax(psx[i])`` (lowest index among equal maxima) differs from its
    label ``s[i]``: a boolean mask."""
    return np.argmax(psx, axis=1) != np.asarray(s)


def baseline_argmax_confusion_matrix(
    psx: np.ndarray,
    s: Any,
    calibrate: bool = False,
    prune_method: str = "prune_by_noise_rate",
) -> np.ndarray:
    """:func:`libcleanlab.pruning.get_noise_indices` with the confusion matrix of
    ``(s, argmax(psx))`` (optionally calibrated) as the confident joint: a boolean mask.

    As in 1.x, ``n_jobs`` is left at its default (the number of CPUs), which decides the
    precision of the pruning step (see ``get_noise_indices``).
    """
    y = v1_labels(s)
    p = v1_psx(psx, len(y))
    k = p.shape[1]
    pred = np.argmax(p, axis=1)
    # sklearn's confusion_matrix(pred, s) (C-ordered) transposed: cj[given][argmax], a
    # Fortran-ordered array as in 1.x (numpy's later sums follow that layout).
    cm = np.bincount(pred * k + y, minlength=k * k).reshape(k, k)
    joint = cm.T
    if calibrate:
        joint = calibrate_confident_joint(joint, y)
    return get_noise_indices(s=y, psx=p, confident_joint=joint, prune_method=prune_method)


def baseline_argmax_calibrated_confusion_matrix(
    psx: np.ndarray, s: Any, prune_method: str = "prune_by_noise_rate"
) -> np.ndarray:
    """:func:`baseline_argmax_confusion_matrix` with the confusion matrix calibrated first."""
    return baseline_argmax_confusion_matrix(psx=psx, s=s, calibrate=True, prune_method=prune_method)
