"""Closed-form relations between the latent prior ``py = p(true_label)``, the observed prior
``ps = p(given_label)``, the noise matrix ``P(given_label | true_label)`` and the inverse noise
matrix ``P(true_label | given_label)``.

Drop-in replacements for cleanlab 2.9.0's ``cleanlab.internal.latent_algebra``, computed by
libcleanlab's native core (``cl_compute_*`` of cleanlab.h). Results are float64 and agree with
cleanlab to rounding (~1e-13 relative; ``np.linalg.inv`` and ``np.dot`` are computed with an LU
decomposition and plain dot products instead of LAPACK/BLAS). Non-finite inputs raise
:class:`~libcleanlab._errors.NotFiniteError` (a ValueError) where cleanlab would propagate NaN.
"""

import warnings
from typing import Any, Optional, Tuple

import numpy as np

from .. import _native_latent as _nl
from .._errors import NumericError

__all__ = [
    "compute_ps_py_inv_noise_matrix",
    "compute_py_inv_noise_matrix",
    "compute_inv_noise_matrix",
    "compute_noise_matrix_from_inverse",
    "compute_py",
    "compute_pyx",
]

_PY_METHODS = {
    "cnt": _nl.PY_CNT,
    "eqn": _nl.PY_EQN,
    "marginal": _nl.PY_MARGINAL,
    "marginal_ps": _nl.PY_MARGINAL_PS,
}


def _f64(a: Any, name: str) -> np.ndarray:
    arr = np.asarray(a)
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must contain real numbers, got dtype {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=np.float64)


def _square(a: Any, name: str, k: Optional[int] = None, error: type = ValueError) -> np.ndarray:
    m = _f64(a, name)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] < 1:
        raise error(f"{name} must be a square (K, K) matrix, got shape {m.shape}")
    if k is not None and m.shape[0] != k:
        raise error(f"{name} has shape {m.shape} but K = {k}")
    return m


def _vector(a: Any, name: str, k: int) -> np.ndarray:
    v = _f64(a, name)
    if v.ndim != 1 or v.shape[0] != k:
        raise ValueError(f"shapes not aligned: {name} must have shape ({k},), got {v.shape}")
    return v


def _linalg(fn, *args):
    """Call a native function; a singular matrix raises numpy's LinAlgError as cleanlab does."""
    try:
        return fn(*args)
    except NumericError as e:
        if "Singular matrix" in str(e):
            raise np.linalg.LinAlgError("Singular matrix") from e
        raise


def _py_method_code(py_method: Any) -> int:
    code = _PY_METHODS.get(py_method) if isinstance(py_method, str) else None
    if code is None:
        raise ValueError(f"py_method {py_method} should be in [cnt, eqn, marginal, marginal_ps]")
    return code


# Bodies shared with the cleanlab 1.x facade (libcleanlab.latent_algebra), which passes its
# native function (_native_v1.*) and its shape checks (`square`, `vector`).


def _py_inv_noise_matrix(ps, noise_matrix, native, square=_square, vector=_vector):
    nm = square(noise_matrix, "noise_matrix")
    k = nm.shape[0]
    p = vector(ps, "ps", k)
    py = np.empty(k)
    inv = np.empty((k, k))
    _linalg(native, p, nm, k, py, inv)
    return py, inv


def _vector_matrix(vec, vname, mat, mname, opt, oname, native, square=_square, vector=_vector):
    """(vector, K x K matrix, optional vector) -> K x K matrix: compute_inv_noise_matrix and
    compute_noise_matrix_from_inverse."""
    m = square(mat, mname)
    k = m.shape[0]
    v = vector(vec, vname, k)
    o = None if opt is None else vector(opt, oname, k)
    out = np.empty((k, k))
    native(v, m, k, o, out)
    return out


def _pyx(p, noise_matrix, inverse_noise_matrix, native, square=_square):
    """The (n, k) float64 probabilities `p` (n > 0) -> pyx."""
    n, k = p.shape
    nm = square(noise_matrix, "noise_matrix", k)
    inv = square(inverse_noise_matrix, "inverse_noise_matrix", k)
    out = np.empty((n, k))
    native(p, n, k, nm, inv, out)
    return out


def compute_ps_py_inv_noise_matrix(labels, noise_matrix) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Compute ``ps := P(labels=k)``, ``py := P(true_labels=k)`` and the inverse noise matrix
    from the given labels and the noise matrix ``P(label=k_s | true_label=k_y)``.

    ``ps`` is the frequency of each distinct label value (``value_counts(labels) / len(labels)``),
    so every class must occur in `labels`, as in cleanlab.

    Returns
    -------
    ps, py, inverse_noise_matrix : np.ndarray
    """
    from .util import value_counts

    ps = value_counts(labels) / float(len(labels))
    py, inv = compute_py_inv_noise_matrix(ps, noise_matrix)
    return ps, py, inv


def compute_py_inv_noise_matrix(ps, noise_matrix) -> Tuple[np.ndarray, np.ndarray]:
    """Compute ``py := P(true_label=k)`` as ``inv(noise_matrix) . ps`` (clipped to [1e-6, 1]
    and renormalised) and the inverse noise matrix ``P(true_label=k_y | label=k_s)``.

    Raises ``numpy.linalg.LinAlgError`` for a singular noise matrix, as cleanlab.

    Returns
    -------
    py, inverse_noise_matrix : np.ndarray
    """
    return _py_inv_noise_matrix(ps, noise_matrix, _nl.compute_py_inv_noise_matrix)


def compute_inv_noise_matrix(py, noise_matrix, *, ps=None) -> np.ndarray:
    """Compute the inverse noise matrix ``P(true_label=k_y | label=k_s)`` from ``py`` and the
    noise matrix: ``joint = noise_matrix * py``, ``inv = joint.T / ps`` (``ps`` defaults to the
    joint's row sums; divisors clipped at 1e-100), then :func:`~libcleanlab.internal.util.clip_noise_rates`.
    """
    return _vector_matrix(py, "py", noise_matrix, "noise_matrix", ps, "ps", _nl.compute_inv_noise_matrix)


def compute_noise_matrix_from_inverse(ps, inverse_noise_matrix, *, py=None) -> np.ndarray:
    """Compute the noise matrix ``P(label=k_s | true_label=k_y)`` from ``ps`` and the inverse
    noise matrix: ``joint = (inverse_noise_matrix * ps).T``, ``noise_matrix = joint / py``
    (``py`` defaults to the joint's column sums; divisors clipped at 1e-100), then
    :func:`~libcleanlab.internal.util.clip_noise_rates`.
    """
    return _vector_matrix(
        ps, "ps", inverse_noise_matrix, "inverse_noise_matrix", py, "py",
        _nl.compute_noise_matrix_from_inverse,
    )


def compute_py(
    ps, noise_matrix, inverse_noise_matrix, *, py_method="cnt", true_labels_class_counts=None
) -> np.ndarray:
    """Compute ``py := P(true_label=k)`` with one of cleanlab's methods, clipped to [1e-6, 1]
    and renormalised to sum 1.

    py_method : {'cnt', 'eqn', 'marginal', 'marginal_ps'}
        * ``'cnt'``: ``diag(inverse_noise_matrix) / diag(noise_matrix) * ps``
        * ``'eqn'``: ``inv(noise_matrix) . ps`` (LinAlgError for a singular matrix)
        * ``'marginal'``: ``true_labels_class_counts / sum(true_labels_class_counts)``
        * ``'marginal_ps'``: ``inverse_noise_matrix . ps``

    As in cleanlab: a warning when ``ps`` is not shaped (K,) or (1, K); a ValueError for
    'marginal' without counts and for an unknown method; a TypeError when ``ps`` is not 1-D
    (cleanlab's clip_values rejects the broadcast result), except with 'marginal', which does not
    use ``ps``.
    """
    shape = np.shape(ps)
    if len(shape) > 2 or (len(shape) == 2 and shape[0] != 1):
        warnings.warn(
            "Input parameter np.ndarray ps has shape " + str(shape)
            + ", but shape should be (K, ) or (1, K)"
        )
    if py_method == "marginal" and true_labels_class_counts is None:
        raise ValueError(
            'py_method == "marginal" requires true_labels_class_counts, '
            "but true_labels_class_counts is None. "
            " Provide parameter true_labels_class_counts."
        )
    code = _py_method_code(py_method)
    nm = _square(noise_matrix, "noise_matrix")
    k = nm.shape[0]
    inv = _square(inverse_noise_matrix, "inverse_noise_matrix", k)
    counts = None
    if code == _nl.PY_MARGINAL:
        counts = _f64(true_labels_class_counts, "true_labels_class_counts")
        if counts.ndim != 1:
            raise TypeError(
                "only size-1 arrays can be converted to Python scalars but 'x' had shape "
                f"{counts.shape}"
            )
        counts = _vector(counts, "true_labels_class_counts", k)
        p = np.zeros(k)  # unused by 'marginal'
    else:
        p = _f64(ps, "ps")
        if p.ndim != 1:
            if code == _nl.PY_CNT:
                bshape = np.broadcast_shapes(p.shape, (k,))
                raise TypeError(
                    "only size-1 arrays can be converted to Python scalars but 'x' had shape "
                    f"{bshape}"
                )
            raise ValueError(f"shapes {(k, k)} and {p.shape} not aligned")
        p = _vector(p, "ps", k)
    out = np.empty(k)
    _linalg(_nl.compute_py, p, nm, inv, k, code, counts, out)
    return out


def compute_pyx(pred_probs, noise_matrix, inverse_noise_matrix):
    """Compute ``pyx := P(true_label=k | x)`` from ``pred_probs := P(label=k | x)``:
    ``pred_probs * diag(inverse_noise_matrix) / diag(noise_matrix)``, each row clipped to [0, 1]
    and renormalised to sum 1.

    Raises ValueError when `pred_probs` is not 2-D (as cleanlab).
    """
    if len(np.shape(pred_probs)) != 2:
        raise ValueError(
            "Input parameter np.ndarray 'pred_probs' has shape "
            + str(np.shape(pred_probs))
            + ", but shape should be (N, K)"
        )
    p = _f64(pred_probs, "pred_probs")
    if p.shape[0] == 0:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    return _pyx(p, noise_matrix, inverse_noise_matrix, _nl.compute_pyx)
