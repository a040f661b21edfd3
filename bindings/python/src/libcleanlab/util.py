"""cleanlab 1.x ``cleanlab.util``: small public helpers and the ``print_*`` functions (the seed
API). The printed text is identical to cleanlab 1.0.1's.

Ties in :func:`round_preserving_sum` follow libcleanlab's rule (as a stable argsort would:
when rounding up, the later of equal residuals first; when rounding down, the earlier first).
"""

import sys
import warnings
from typing import Any, Iterable, List, Optional

import numpy as np

from ._errors import InvalidArgumentError, ShapeError

__all__ = [
    "assert_inputs_are_valid",
    "remove_noise_from_class",
    "clip_noise_rates",
    "clip_values",
    "value_counts",
    "round_preserving_sum",
    "round_preserving_row_totals",
    "int2onehot",
    "onehot2int",
    "estimate_pu_f1",
    "confusion_matrix",
    "print_square_matrix",
    "print_noise_matrix",
    "print_inverse_noise_matrix",
    "print_joint_matrix",
    "VersionWarning",
]


def assert_inputs_are_valid(X: Any, s: Any, psx: Optional[np.ndarray] = None) -> None:
    """Checks 1.x's preconditions: ``psx`` a numpy array of ``len(s)`` rows with values in
    [0, 1] (TypeError / ValueError), ``s`` a numpy array of zero-indexed labels (TypeError), and
    ``len(X) == len(s)`` (ValueError; 1.x delegates that to sklearn's ``check_X_y``).

    Deviation: 1.x's zero-index check (``all(unique != arange)``) only fails when *no* class is
    at its own index; libcleanlab requires ``np.unique(s) == arange(K)`` exactly.
    """
    if psx is not None:
        if not isinstance(psx, (np.ndarray, np.generic)):
            raise TypeError("psx should be a numpy array.")
        if len(psx) != len(s):
            raise ValueError("psx and s must have same length.")
        if (psx < 0).any() or (psx > 1).any():
            raise ValueError("Values in psx must be between 0 and 1.")
    if not isinstance(s, (np.ndarray, np.generic)):
        raise TypeError("s should be a numpy array.")
    classes = np.unique(s)
    if not np.array_equal(classes, np.arange(len(classes))):
        raise TypeError(
            "cleanlab requires zero-indexed labels (0,1,2,..,m-1), but in "
            "your case: np.unique(s) = {}".format(str(classes))
        )
    if X is not None:
        n_x = X.shape[0] if hasattr(X, "shape") and len(getattr(X, "shape", ())) else len(X)
        if n_x != len(s):
            raise ValueError(
                f"Found input variables with inconsistent numbers of samples: [{n_x}, {len(s)}]"
            )


def remove_noise_from_class(noise_matrix: np.ndarray, class_without_noise: int) -> np.ndarray:
    """A copy of `noise_matrix` in which no example of another class is flipped into
    `class_without_noise` (its row's off-diagonals are zeroed) and each diagonal is reset to
    one minus the column's off-diagonal mass (PU-learning helper)."""
    m = np.array(noise_matrix, dtype=float, copy=True)
    k = len(m)
    others = [c for c in range(k) if c != class_without_noise]
    m[class_without_noise, others] = 0.0
    for c in range(k):
        m[c][c] = 1 - float(np.sum(m[:, c]) - m[c][c])
    return m


def clip_noise_rates(noise_matrix: np.ndarray) -> np.ndarray:
    """Off-diagonal noise rates clipped to [0, 0.9999], the diagonal kept, then every column
    renormalised to sum to 1."""
    m = np.asarray(noise_matrix, dtype=float)
    diag = np.diagonal(m).copy()
    clipped = np.minimum(np.maximum(m, 0.0), 0.9999)
    np.fill_diagonal(clipped, diag)
    return clipped / clipped.sum(axis=0)


def clip_values(x: Any, low: float = 0.0, high: float = 1.0, new_sum: Optional[float] = None) -> np.ndarray:
    """`x` clipped to [low, high], then rescaled so that it sums to `new_sum` (default: the sum
    of `x` before clipping). Sums are Python's sequential ``sum``, as in 1.x."""
    total = sum(x) if new_sum is None else new_sum
    arr = np.asarray(x)
    clipped = np.array([min(max(v, low), high) for v in arr.reshape(-1)]).reshape(arr.shape)
    return clipped * total / float(sum(clipped))


def value_counts(x: Any) -> Any:
    """Counts of each unique value: pandas' ``value_counts()`` for a pandas object,
    ``np.bincount`` for a list of non-negative Python ints, else ``np.unique`` counts (so a
    numpy array gets no zero entry for a missing class)."""
    if hasattr(x, "value_counts"):
        return x.value_counts()
    if type(x[0]) is int and (np.array(x) >= 0).all():
        return np.bincount(x)
    return np.unique(x, return_counts=True)[1]


def round_preserving_sum(iterable: Iterable[float]) -> np.ndarray:
    """Round to integers (half to even) so that the total equals the rounded total of the
    inputs, moving the entries with the largest (when adding) or smallest (when subtracting)
    residual first. Returns an int64 array."""
    floats = np.asarray(iterable, dtype=float)
    ints = floats.round()
    target = np.sum(floats).round()
    current = np.sum(ints).round()
    while abs(current - target) > 1e-6:
        diff = np.round(target - current)
        step = -1 if diff < 0 else 1
        changes = min(int(abs(diff)), len(floats))
        order = np.argsort(floats - ints, kind="stable")
        picked = order[::-1][:changes] if step > 0 else order[:changes]
        ints[picked] += step
        current = np.sum(ints).round()
    return ints.astype(int)


def round_preserving_row_totals(confident_joint: np.ndarray) -> np.ndarray:
    """:func:`round_preserving_sum` applied to every row; int64."""
    m = np.asarray(confident_joint)
    return np.array([round_preserving_sum(row) for row in m]).astype(int).reshape(m.shape)


def int2onehot(labels: Iterable[Iterable[int]]) -> np.ndarray:
    """Lists of labels to a one-hot matrix with one column per class that occurs (ascending),
    as sklearn's ``MultiLabelBinarizer().fit_transform``."""
    lists = [list(lst) for lst in labels]
    classes = sorted({v for lst in lists for v in lst})
    col = {c: j for j, c in enumerate(classes)}
    out = np.zeros((len(lists), len(classes)), dtype=int)
    for i, lst in enumerate(lists):
        for v in lst:
            out[i, col[v]] = 1
    return out


def onehot2int(onehot_matrix: np.ndarray) -> List[List[int]]:
    """The column indices of the ones of each row."""
    return [list(np.where(row == 1)[0]) for row in onehot_matrix]


def estimate_pu_f1(s: Any, prob_s_eq_1: Any) -> float:
    """Claesen's F1 for PU learning: ``recall**2 / (2 * fraction predicted positive)`` with
    predictions ``prob_s_eq_1 >= 0.5``; NaN when nothing is predicted positive."""
    pred = np.asarray(prob_s_eq_1) >= 0.5
    labels = np.asarray(s)
    hits = sum((labels == 1) & (pred == 1))
    recall = hits / float(sum(s))
    frac = sum(pred) / float(len(s))
    if frac == 0:
        return np.nan
    return recall ** 2 / (2.0 * frac)


def confusion_matrix(true: Any, pred: Any) -> np.ndarray:
    """A float matrix ``[i][j]`` = number of examples whose `true` value is the i-th smallest
    value of `true` and whose `pred` value is the j-th smallest value of `pred` (1.x's own
    helper, not sklearn's: rows and columns are indexed separately)."""
    if len(true) != len(pred):
        raise ShapeError(f"true has {len(true)} entries but pred has {len(pred)}")
    rows = {v: i for i, v in enumerate(np.unique(true))}
    cols = {v: j for j, v in enumerate(np.unique(pred))}
    out = np.zeros((len(rows), len(cols)))
    for a, b in zip(true, pred):
        out[rows[a]][cols[b]] += 1
    return out


def print_square_matrix(
    matrix: Any,
    left_name: str = "s",
    top_name: str = "y",
    title: str = " A square matrix",
    short_title: str = "s,y",
    round_places: int = 2,
) -> None:
    """Prints a K x K matrix with row/column headers and its trace (1.x's format)."""
    header = short_title[:6]
    k = len(matrix)
    if len(np.shape(matrix)) == 1:
        matrix = np.array([matrix])
    if np.ndim(matrix) != 2 or matrix.shape[0] < k:
        raise ShapeError(
            f"print_square_matrix needs a K x K matrix, got shape {np.shape(matrix)} "
            "(cleanlab 1.x fails with IndexError here)"
        )
    rounded = matrix.round(round_places)
    lines = ["", f"{title} of shape {matrix.shape}"]
    lines.append(" " + header + "".join(f"\t{top_name}={c}" for c in range(k)))
    lines.append("\t---" * k)
    for r in range(k):
        lines.append(f"{left_name}={r} |\t" + "\t".join(str(v) for v in list(rounded[r, :])))
    lines.append(f"\tTrace(matrix) = {np.round(np.trace(matrix), round_places)}")
    lines.append("")
    print("\n".join(lines))


def print_noise_matrix(noise_matrix: Any, round_places: int = 2) -> None:
    """Prints the noise matrix P(s|y)."""
    print_square_matrix(
        noise_matrix,
        title=" Noise Matrix (aka Noisy Channel) P(s|y)",
        short_title="p(s|y)",
        round_places=round_places,
    )


def print_inverse_noise_matrix(inverse_noise_matrix: Any, round_places: int = 2) -> None:
    """Prints the inverse noise matrix P(y|s)."""
    print_square_matrix(
        inverse_noise_matrix,
        left_name="y",
        top_name="s",
        title=" Inverse Noise Matrix P(y|s)",
        short_title="p(y|s)",
        round_places=round_places,
    )


def print_joint_matrix(joint_matrix: Any, round_places: int = 2) -> None:
    """Prints the joint distribution P(s,y)."""
    print_square_matrix(
        joint_matrix,
        title=" Joint Label Noise Distribution Matrix P(s,y)",
        short_title="p(s,y)",
        round_places=round_places,
    )


def _python_version_is_compatible(
    warning_str: str = "pyTorch supports Python version 2.7, 3.5, 3.6, 3.7, 3.8",
    warning_already_issued: bool = False,
    list_of_compatible_versions: Optional[List[float]] = None,
) -> bool:
    """1.x's version check: True if the running Python's ``major + 0.1 * minor`` is listed,
    else warns once and returns False."""
    versions = [2.7, 3.5, 3.6, 3.7, 3.8] if list_of_compatible_versions is None else list_of_compatible_versions
    v = sys.version_info[0] + 0.1 * sys.version_info[1]
    if v in versions:
        return True
    if not warning_already_issued:
        warnings.warn(
            "\n        {}\n        cleanlab supports Python versions 2.7, 3.4, 3.5, 3.6.\n"
            "        You are using Python version {}.\n"
            "        You'll need to use a version compatible with both.".format(warning_str, v)
        )
    return False


class VersionWarning(object):
    """Warns (once) when the running Python is not in `list_of_compatible_versions`."""

    def __init__(self, warning_str: str, list_of_compatible_versions: List[float]) -> None:
        self.warning_str = warning_str
        self.warning_already_issued = False
        self.list_of_compatible_versions = list_of_compatible_versions

    def is_compatible(self) -> bool:
        ok = _python_version_is_compatible(
            self.warning_str, self.warning_already_issued, self.list_of_compatible_versions
        )
        if not ok:
            self.warning_already_issued = True
        return ok
