"""Helpers of cleanlab 2.9.0's ``cleanlab.internal.util``: noise-rate clipping, rounding that
preserves totals, label counting and matrix printing.

The numeric helpers whose results feed cleanlab's answers (``clip_noise_rates``,
``clip_values``, ``remove_noise_from_class``, ``round_preserving_sum``,
``round_preserving_row_totals``) are computed by libcleanlab's native core; the others have no
algorithmic content and are plain numpy. Outputs of the native helpers are float64 (int64 for
the rounding functions) whatever the input dtype. Non-finite inputs raise
:class:`~libcleanlab._errors.NotFiniteError` (a ValueError) where cleanlab would return NaN or
garbage integers.
"""

import sys
from typing import Any, Optional, Tuple

import numpy as np

from .. import _native_latent as _nl

__all__ = [
    "remove_noise_from_class",
    "clip_noise_rates",
    "clip_values",
    "value_counts",
    "value_counts_fill_missing_classes",
    "get_missing_classes",
    "round_preserving_sum",
    "round_preserving_row_totals",
    "estimate_pu_f1",
    "confusion_matrix",
    "print_square_matrix",
    "print_noise_matrix",
    "print_inverse_noise_matrix",
    "print_joint_matrix",
    "compress_int_array",
    "get_num_classes",
    "num_unique_classes",
    "get_unique_classes",
    "format_labels",
]


def _f64(a: Any, name: str) -> np.ndarray:
    arr = np.asarray(a)
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must contain real numbers, got dtype {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=np.float64)


def _square(a: Any, name: str) -> np.ndarray:
    m = _f64(a, name)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] < 1:
        raise ValueError(f"{name} must be a square (K, K) matrix, got shape {m.shape}")
    return m


def remove_noise_from_class(noise_matrix: np.ndarray, class_without_noise: int) -> np.ndarray:
    """A copy of `noise_matrix` in which no example of another class is labeled
    `class_without_noise` (its row's off-diagonal entries are 0); each column is renormalised by
    setting its diagonal entry to ``1 - (sum of its off-diagonal entries)``."""
    m = _square(noise_matrix, "noise_matrix")
    k = m.shape[0]
    cls = int(class_without_noise)
    if cls < 0:
        cls += k  # numpy's negative indexing, as in cleanlab
    if not 0 <= cls < k:
        raise IndexError(f"index {class_without_noise} is out of bounds for axis 0 with size {k}")
    out = np.empty((k, k))
    _nl.remove_noise_from_class(m, k, cls, out)
    return out


def clip_noise_rates(noise_matrix: np.ndarray) -> np.ndarray:
    """Clip the noise rates (off-diagonal entries) into [0, 0.9999], keep the diagonal, and
    renormalise each column to sum 1 (column sums clipped below at 1e-100)."""
    m = _square(noise_matrix, "noise_matrix")
    k = m.shape[0]
    out = np.empty((k, k))
    _nl.clip_noise_rates(m, k, out)
    return out


def clip_values(x, low=0.0, high=1.0, new_sum: Optional[float] = None) -> np.ndarray:
    """Clip the values of the 1-D array `x` into ``[low, high]`` and rescale them to sum to
    `new_sum` (by default the sum of `x` before clipping). Raises TypeError for ``x.ndim > 1``
    with cleanlab's message."""
    arr = np.asarray(x)
    if len(arr.shape) > 1:
        raise TypeError(
            f"only size-1 arrays can be converted to Python scalars but 'x' had shape {arr.shape}"
        )
    v = _f64(arr, "x").reshape(-1)
    out = np.empty(v.shape[0])
    _nl.clip_values(v, float(low), float(high), None if new_sum is None else float(new_sum), out)
    return out.reshape(arr.shape)


def round_preserving_sum(iterable) -> np.ndarray:
    """Round the values (half to even) so that the rounded values sum to the rounded total: the
    entries with the largest residuals are moved by +-1 (ties between equal residuals as a
    stable argsort would order them: see cleanlab.h)."""
    v = _f64(iterable, "iterable")
    if v.ndim != 1:
        raise ValueError(f"round_preserving_sum takes a 1-D sequence, got shape {v.shape}")
    out = np.empty(v.shape[0], dtype=np.int64)
    _nl.round_preserving_sum(v, out)
    return out


def round_preserving_row_totals(confident_joint) -> np.ndarray:
    """:func:`round_preserving_sum` applied to each row of a 2-D matrix."""
    m = _f64(confident_joint, "confident_joint")
    if m.ndim != 2:
        raise ValueError(f"round_preserving_row_totals takes a 2-D matrix, got shape {m.shape}")
    r, c = m.shape
    out = np.empty((r, c), dtype=np.int64)
    _nl.round_preserving_row_totals(m, r, c, out)
    return out


def value_counts(x, *, num_classes: Optional[int] = None, multi_label=False) -> np.ndarray:
    """The number of occurrences of each distinct value of `x` (sorted by value); with
    `num_classes`, zeros are filled in for the classes in ``range(num_classes)`` that do not
    occur (integer labels; ValueError when ``num_classes <= max(x)``)."""
    if multi_label:
        x = [z for lst in x for z in lst]
    unique_classes, counts = np.unique(x, return_counts=True)
    if num_classes is None or num_classes == len(unique_classes):
        return counts
    labels_are_integers = np.issubdtype(np.array(x).dtype, np.integer)
    if labels_are_integers and num_classes <= np.max(unique_classes):
        raise ValueError(f"Required: num_classes > max(x), but {num_classes} <= {np.max(x)}.")
    total_counts = np.zeros(num_classes, dtype=int)
    if labels_are_integers:
        total_counts[unique_classes] = counts
    else:
        total_counts[: len(unique_classes)] = counts
    return total_counts


def value_counts_fill_missing_classes(x, num_classes, *, multi_label=False) -> np.ndarray:
    """:func:`value_counts` with zeros for the classes of ``range(num_classes)`` absent from x."""
    return value_counts(x, num_classes=num_classes, multi_label=multi_label)


def get_missing_classes(labels, *, pred_probs=None, num_classes=None, multi_label=False):
    """The sorted list of classes in ``range(K)`` that do not occur in `labels`; K is
    ``pred_probs.shape[1]`` or `num_classes` (exactly one of them must be given)."""
    if pred_probs is None and num_classes is None:
        raise ValueError("Both pred_probs and num_classes are None. You must provide exactly one.")
    if pred_probs is not None and num_classes is not None:
        raise ValueError("Both pred_probs and num_classes are not None. Only one may be provided.")
    if num_classes is None:
        num_classes = pred_probs.shape[1]
    present = get_unique_classes(labels, multi_label=multi_label)
    return sorted(set(range(num_classes)).difference(present))


def estimate_pu_f1(s, prob_s_eq_1) -> float:
    """The F1 estimate of positive-unlabeled learning (Lee & Liu): ``recall**2 / frac_positive``
    with predictions ``prob_s_eq_1 >= 0.5``; NaN when nothing is predicted positive."""
    pred = np.asarray(prob_s_eq_1) >= 0.5
    true_positives = sum((np.asarray(s) == 1) & (np.asarray(pred) == 1))
    all_positives = sum(s)
    recall = true_positives / float(all_positives)
    frac_positive = sum(pred) / float(len(s))
    return recall**2 / (2.0 * frac_positive) if frac_positive != 0 else np.nan


def confusion_matrix(true, pred) -> np.ndarray:
    """The float confusion matrix of two label sequences: rows are the sorted distinct values of
    `true`, columns those of `pred`."""
    assert len(true) == len(pred)
    true_classes, ti = np.unique(np.asarray(true), return_inverse=True)
    pred_classes, pj = np.unique(np.asarray(pred), return_inverse=True)
    result = np.zeros((len(true_classes), len(pred_classes)))
    np.add.at(result, (ti.reshape(-1), pj.reshape(-1)), 1)
    return result


def print_square_matrix(
    matrix,
    left_name="s",
    top_name="y",
    title=" A square matrix",
    short_title="s,y",
    round_places=2,
):
    """Print a K x K matrix with row and column headers (cleanlab's exact text layout)."""
    short_title = short_title[:6]
    k = len(matrix)
    if len(np.shape(matrix)) == 1:
        matrix = np.array([matrix])
    # printed line by line as cleanlab does (a 1-D input prints its first row, then fails)
    print()
    print(title, "of shape", matrix.shape)
    print(" " + short_title + "".join("\t" + top_name + "=" + str(i) for i in range(k)))
    print("\t---" * k)
    rounded = matrix.round(round_places)
    for i in range(k):
        print(left_name + "=" + str(i) + " |\t" + "\t".join(str(z) for z in list(rounded[i, :])))
    print("\tTrace(matrix) =", np.round(np.trace(matrix), round_places))
    print()


def print_noise_matrix(noise_matrix, round_places=2):
    """Print a noise matrix P(given_label | true_label)."""
    print_square_matrix(
        noise_matrix,
        title=" Noise Matrix (aka Noisy Channel) P(given_label|true_label)",
        short_title="p(s|y)",
        round_places=round_places,
    )


def print_inverse_noise_matrix(inverse_noise_matrix, round_places=2):
    """Print an inverse noise matrix P(true_label | given_label)."""
    print_square_matrix(
        inverse_noise_matrix,
        left_name="y",
        top_name="s",
        title=" Inverse Noise Matrix P(true_label|given_label)",
        short_title="p(y|s)",
        round_places=round_places,
    )


def print_joint_matrix(joint_matrix, round_places=2):
    """Print a joint distribution P(given_label, true_label)."""
    print_square_matrix(
        joint_matrix,
        title=" Joint Label Noise Distribution Matrix P(given_label, true_label)",
        short_title="p(s,y)",
        round_places=round_places,
    )


def compress_int_array(int_array, num_possible_values) -> np.ndarray:
    """`int_array` as int16 (fewer than 32767 possible values) or int32 (fewer than 2**31 - 1);
    anything that cannot be converted is returned unchanged."""
    try:
        if num_possible_values < np.iinfo(np.int16).max:
            return int_array.astype("int16")
        if num_possible_values < np.iinfo(np.int32).max:
            return int_array.astype("int32")
        return int_array
    except Exception:
        return int_array


def get_num_classes(labels=None, pred_probs=None, label_matrix=None, multi_label=None) -> int:
    """The number of classes: ``pred_probs.shape[1]``, else the size of the square
    `label_matrix`, else the number of distinct labels."""
    if pred_probs is not None:
        return pred_probs.shape[1]
    if label_matrix is not None:
        if label_matrix.shape[0] != label_matrix.shape[1]:
            raise ValueError(f"label matrix must be K x K, not {label_matrix.shape}")
        return label_matrix.shape[0]
    if labels is None:
        raise ValueError("Cannot determine number of classes from None input")
    return num_unique_classes(labels, multi_label=multi_label)


def num_unique_classes(labels, multi_label=None) -> int:
    """The number of distinct classes in `labels` (flattened when multi-label)."""
    return len(get_unique_classes(labels, multi_label))


def get_unique_classes(labels, multi_label=None) -> set:
    """The set of distinct classes in `labels`; multi-label (a list of lists) is detected when
    `multi_label` is None."""
    if multi_label is None:
        multi_label = any(isinstance(lab, list) for lab in labels)
    if multi_label:
        return set(lab for grp in labels for lab in list(grp))
    return set(labels)


def _labels_to_array(y) -> np.ndarray:
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(y, pd.Series):
        return y.to_numpy()
    if pd is not None and isinstance(y, pd.DataFrame):
        arr = y.values
        if arr.shape[1] != 1:
            raise ValueError("labels must be one dimensional.")
        return arr.flatten()
    try:
        return np.asarray(y)
    except Exception:
        raise ValueError(
            "List of labels must be convertable to 1D numpy array via: np.ndarray(labels)."
        )


def format_labels(labels) -> Tuple[np.ndarray, dict]:
    """Map arbitrary label values to ``0..K-1`` in sorted order. Returns
    ``(formatted_labels, inverse_map)`` with ``inverse_map[i]`` the original value of class i."""
    labels = _labels_to_array(labels)
    if labels.ndim != 1:
        raise ValueError("labels must be 1D numpy array.")
    unique_labels, formatted = np.unique(labels, return_inverse=True)
    inverse_map = {i: label for i, label in enumerate(unique_labels)}
    return np.asarray(formatted.reshape(-1), dtype=int), inverse_map
