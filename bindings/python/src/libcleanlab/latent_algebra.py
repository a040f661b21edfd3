"""cleanlab 1.x ``cleanlab.latent_algebra``: closed-form relations between ``ps = p(s)``,
``py = p(y)``, the noise matrix ``P(s|y)`` and the inverse noise matrix ``P(y|s)`` (the seed API),
computed by libcleanlab.so (``cl_v1_compute_*``) with cleanlab 1.0.1's constants.

Differences from 2.x's ``cleanlab.internal.latent_algebra``: positional ``ps``/``py`` arguments,
``compute_py(..., y_count=None)``, py clipped to ``[1e-5, 1]`` in :func:`compute_py` and to
``[0.001, 1]`` in :func:`compute_py_inv_noise_matrix`, no division guard.

Differences from 1.x (see the README): a result that 1.x returns as NaN/inf (a zero divisor)
raises :class:`~libcleanlab.NumericError`; non-finite inputs raise
:class:`~libcleanlab.NotFiniteError`; shapes are checked (:class:`~libcleanlab.ShapeError`).
Floats agree with 1.x to rounding (~1e-15 relative).
"""

import functools
import warnings
from typing import Any, Tuple

import numpy as np

from . import _native_latent as _nl
from . import _native_v1
from ._errors import ShapeError
from ._v1common import v1_labels

# The bodies and checks shared with 2.x (cleanlab.internal.latent_algebra), given the
# cl_v1_* functions and 1.x's ShapeError / messages. A singular matrix raises numpy's
# LinAlgError (`_linalg`), as 1.x's ``np.linalg.inv``.
from .internal.latent_algebra import (
    _f64,
    _linalg,
    _py_inv_noise_matrix,
    _py_method_code,
    _pyx,
    _square as _square2x,
    _vector_matrix,
)

__all__ = [
    "compute_ps_py_inv_noise_matrix",
    "compute_py_inv_noise_matrix",
    "compute_inv_noise_matrix",
    "compute_noise_matrix_from_inverse",
    "compute_py",
    "compute_pyx",
]

_square = functools.partial(_square2x, error=ShapeError)


def _vector(a: Any, name: str, k: int) -> np.ndarray:
    v = _f64(a, name)
    if v.ndim != 1 or v.shape[0] != k:
        raise ShapeError(f"{name} must have shape ({k},), got {np.shape(a)}")
    return v


def compute_ps_py_inv_noise_matrix(s, noise_matrix) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``ps = p(s)`` (label frequencies), then :func:`compute_py_inv_noise_matrix`.

    Every class ``0..K-1`` of the noise matrix must occur in `s` (1.x's ``value_counts``
    misaligns the classes otherwise; libcleanlab raises :class:`~libcleanlab.LabelRangeError`).

    Returns
    -------
    (ps, py, inverse_noise_matrix)
    """
    from ._errors import LabelRangeError

    nm = _square(noise_matrix, "noise_matrix")
    k = nm.shape[0]
    y = v1_labels(s)
    if len(y) == 0:
        raise ShapeError("s is empty")
    if y.min() < 0 or y.max() >= k:
        raise LabelRangeError(f"s must contain class indices in [0, {k - 1}] (noise_matrix is {k} x {k})")
    counts = np.bincount(y, minlength=k)
    if np.any(counts == 0):
        missing = int(np.flatnonzero(counts == 0)[0])
        raise LabelRangeError(
            f"class {missing} does not occur in s: cleanlab 1.x's ps (value_counts) would have "
            f"fewer than {k} entries; every class must occur"
        )
    ps = counts / float(len(y))
    py, inv = compute_py_inv_noise_matrix(ps, nm)
    return ps, py, inv


def compute_py_inv_noise_matrix(ps, noise_matrix) -> Tuple[np.ndarray, np.ndarray]:
    """``py = inv(noise_matrix) . ps`` clipped to ``[0.001, 1]`` and renormalised, and the
    inverse noise matrix :func:`compute_inv_noise_matrix(py, noise_matrix, ps)`.

    Raises ``numpy.linalg.LinAlgError`` for a singular noise matrix, as 1.x.

    Returns
    -------
    (py, inverse_noise_matrix)
    """
    return _py_inv_noise_matrix(ps, noise_matrix, _native_v1.compute_py_inv_noise_matrix, _square, _vector)


def compute_inv_noise_matrix(py, noise_matrix, ps=None) -> np.ndarray:
    """``inv = (noise_matrix * py).T / ps`` (``ps`` defaults to the row sums of
    ``noise_matrix * py``), then ``clip_noise_rates``."""
    return _vector_matrix(
        py, "py", noise_matrix, "noise_matrix", ps, "ps", _native_v1.compute_inv_noise_matrix,
        _square, _vector,
    )


def compute_noise_matrix_from_inverse(ps, inverse_noise_matrix, py=None) -> np.ndarray:
    """``noise_matrix = (inverse_noise_matrix * ps).T / py`` (``py`` defaults to the column sums
    of the numerator), then ``clip_noise_rates``."""
    return _vector_matrix(
        ps, "ps", inverse_noise_matrix, "inverse_noise_matrix", py, "py",
        _native_v1.compute_noise_matrix_from_inverse, _square, _vector,
    )


def compute_py(ps, noise_matrix, inverse_noise_matrix, py_method="cnt", y_count=None) -> np.ndarray:
    """``py = p(y)`` by `py_method`, clipped to ``[1e-5, 1]`` and renormalised to sum 1.

    py_method : {'cnt', 'eqn', 'marginal', 'marginal_ps'}
        ``'cnt'``: ``diag(inv) / diag(nm) * ps``; ``'eqn'``: ``inv(nm) . ps``; ``'marginal'``:
        ``y_count / sum(y_count)`` (requires `y_count`); ``'marginal_ps'``: ``inv . ps``.

    As 1.x: a warning when ``ps`` is not shaped (K,) or (1, K); ValueError for 'marginal'
    without `y_count` and for an unknown method.
    """
    shape = np.shape(ps)
    if len(shape) > 2 or (len(shape) == 2 and shape[0] != 1):
        warnings.warn(
            "Input parameter np.array ps has shape " + str(shape)
            + ", but shape should be (K, ) or (1, K)"
        )
    if py_method == "marginal" and y_count is None:
        raise ValueError(
            'py_method == "marginal" requires y_count, but y_count is None. Provide parameter y_count.'
        )
    code = _py_method_code(py_method)
    nm = _square(noise_matrix, "noise_matrix")
    k = nm.shape[0]
    inv = _square(inverse_noise_matrix, "inverse_noise_matrix", k)
    p = _vector(ps, "ps", k)
    counts = _vector(y_count, "y_count", k) if code == _nl.PY_MARGINAL else None
    out = np.empty(k)
    _linalg(_native_v1.compute_py, p, nm, inv, k, code, counts, out)
    return out


def compute_pyx(psx, noise_matrix, inverse_noise_matrix) -> np.ndarray:
    """``pyx = p(y|x)`` from ``psx = p(s|x)``: ``psx * diag(inv) / diag(nm)``, each row clipped
    to ``[0, 1]`` and renormalised to sum 1. ValueError when `psx` is not 2-D (as 1.x)."""
    if len(np.shape(psx)) != 2:
        raise ValueError(
            "Input parameter np.array 'psx' has shape " + str(np.shape(psx))
            + ", but shape should be (N, K)"
        )
    p = _f64(psx, "psx")
    if p.shape[0] == 0:
        raise ShapeError("psx has no rows (cleanlab 1.x: numpy cannot apply_along_axis)")
    return _pyx(p, noise_matrix, inverse_noise_matrix, _native_v1.compute_pyx, _square)
