"""Input handling shared by the cleanlab 1.x façade modules (private).

cleanlab 1.x validates almost nothing: bad input crashes deep inside numpy or returns a wrong
answer. libcleanlab raises a clear :class:`CleanlabError` (a ValueError) or TypeError instead;
every such difference is listed in the README ("cleanlab 1.x (seed API)").
"""

from typing import Any, List, Optional, Sequence, Tuple

import numpy as np

from ._common import as_float64_matrix, as_labels, as_pred_probs
from ._errors import DTypeError, InvalidArgumentError, ShapeError


def v1_labels(s: Any) -> np.ndarray:
    """Single-label ``s`` (array, list, pandas Series) as int32/int64 (1.x: ``np.asarray(s)``)."""
    return as_labels(s)


def v1_psx(psx: Any, n: Optional[int] = None) -> np.ndarray:
    """``psx`` as an (N, K) float array read in place. 1.x indexes it with numpy, so it must be a
    numpy array (a TypeError otherwise, as 1.x's assert_inputs_are_valid)."""
    if not isinstance(psx, (np.ndarray, np.generic)):
        raise DTypeError("psx should be a numpy array.")
    a = np.asarray(psx)
    if n is not None and a.ndim >= 1 and len(a) != n:
        raise ShapeError("psx and s must have same length.")
    if a.ndim != 2:
        raise ShapeError(f"psx must be 2-D (N examples x K classes), got shape {a.shape}")
    return as_pred_probs(a, n)


def matrix_order(matrix: Any) -> int:
    """1 when numpy would add ``matrix`` column by column (a Fortran-ordered array), else 0."""
    if isinstance(matrix, np.ndarray) and matrix.ndim == 2:
        if matrix.flags.f_contiguous and not matrix.flags.c_contiguous:
            return 1
    return 0


def square(matrix: Any, name: str, k: Optional[int] = None) -> Tuple[np.ndarray, int]:
    """A K x K float64 C-contiguous matrix and the caller's memory order."""
    return as_float64_matrix(matrix, name, k), matrix_order(matrix)


def multi_labels(s: Any) -> List[List[int]]:
    """Multi-label ``s``: an iterable of iterables of non-negative ints."""
    try:
        out = [[int(v) for v in lst] for lst in s]
    except TypeError:
        raise DTypeError(
            "with multi_label=True, s must be a list of lists of class indices"
        ) from None
    for i, lst in enumerate(out):
        for v in lst:
            if v < 0:
                raise InvalidArgumentError(
                    f"s[{i}] contains {v}: labels must be non-negative class indices"
                )
    return out


def as_counts(values: Sequence[int], k: int, name: str) -> np.ndarray:
    a = np.asarray(values)
    if a.dtype.kind not in "iub" and not (
        a.dtype.kind == "f" and a.size and bool(np.all(np.mod(a, 1) == 0))
    ):
        raise DTypeError(f"{name} must contain integers, got dtype {a.dtype}")
    a = a.astype(np.int64).reshape(-1)
    if a.size != k:
        raise ShapeError(f"{name} must have one entry per class ({k}), got {a.size}")
    return np.ascontiguousarray(a)
