"""Input conversion and validation shared by the façade modules (private).

Fast path: float16/float32/float64 ``pred_probs`` (C-contiguous or row-strided) and int32/int64
labels are handed to the library as they are. Anything else (lists, pandas objects, other dtypes,
other layouts) is converted once here. The O(n) checks (label range, number of classes,
probability range, NaN) are done by the library; when it reports one, the error is re-raised with
cleanlab's message in front of the library's own.
"""

import sys
from typing import Any, Dict, Optional, Tuple

import numpy as np

from . import _native
from ._errors import (
    CleanlabError,
    DTypeError,
    InvalidArgumentError,
    LabelRangeError,
    ProbabilityRangeError,
    ShapeError,
    TooFewClassesError,
)

_FLOAT_DTYPES = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))
_LABEL_DTYPES = (np.dtype(np.int32), np.dtype(np.int64))

# cleanlab 2.9.0's messages (cleanlab/internal/validation.py and friends)
MSG_LABELS_TYPE = "labels should be a numpy array or pandas Series."
MSG_LABELS_1D = "Labels must be 1D numpy array."
MSG_LABELS_ONE_DIM = "labels must be one dimensional."
MSG_LABELS_STR = (
    "Labels cannot be strings, they must be zero-indexed integers corresponding to class indices."
)
MSG_LABELS_INT = "Labels must be zero-indexed integers corresponding to class indices."
MSG_LABELS_NEG = "Labels must be positive integers corresponding to class indices."
MSG_LABELS_CONVERT = (
    "List of labels must be convertable to 1D numpy array via: np.ndarray(labels)."
)
MSG_TWO_CLASSES = "Labels must contain at least 2 classes."
MSG_PP_TYPE = "pred_probs must be a numpy array."
MSG_PP_LEN = "pred_probs and labels must have same length."
MSG_PP_SHAPE = "pred_probs array must have shape: num_examples x num_classes."
MSG_PP_RANGE = "Values in pred_probs must be between 0 and 1."


def _pandas():
    """The pandas module if it has been imported (an object can only be a pandas object then)."""
    return sys.modules.get("pandas")


def _is_series(obj: Any) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(obj, pd.Series)


def _is_dataframe(obj: Any) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(obj, pd.DataFrame)


def _native_order(a: np.ndarray) -> np.ndarray:
    if not a.dtype.isnative:
        a = a.astype(a.dtype.newbyteorder("="))
    return a


def as_labels(labels: Any) -> np.ndarray:
    """Convert labels the way cleanlab's ``labels_to_array`` + ``assert_valid_class_labels`` accept
    them, to a 1-D C-contiguous int32/int64 array (zero-copy when it already is one)."""
    if (type(labels) is np.ndarray and labels.ndim == 1 and labels.dtype in _LABEL_DTYPES
            and labels.dtype.isnative and labels.flags.c_contiguous and labels.flags.aligned):
        return labels  # (the common case, without the checks below: ~0.4 us of a small call)
    if not (
        isinstance(labels, (list, np.ndarray, np.generic))
        or _is_series(labels)
        or _is_dataframe(labels)
    ):
        raise DTypeError(MSG_LABELS_TYPE)
    if _is_series(labels):
        y = labels.to_numpy()
    elif _is_dataframe(labels):
        y = labels.values
        if y.ndim != 2 or y.shape[1] != 1:
            raise ShapeError(MSG_LABELS_ONE_DIM)
        y = y.flatten()
    else:
        try:
            y = np.asarray(labels)
        except Exception:
            raise InvalidArgumentError(MSG_LABELS_CONVERT) from None
    if y.ndim != 1:
        raise ShapeError(MSG_LABELS_1D)
    if y.dtype in _LABEL_DTYPES and y.dtype.isnative:
        pass
    elif y.dtype.kind in "iu":
        y = y.astype(np.int64)
    elif y.dtype.kind == "b":
        y = y.astype(np.int64)
    elif y.dtype.kind in "USO":
        if y.dtype.kind in "US" or any(isinstance(v, str) for v in y):
            raise LabelRangeError(MSG_LABELS_STR)
        try:
            yf = y.astype(np.float64)
        except (TypeError, ValueError):
            raise LabelRangeError(MSG_LABELS_INT) from None
        y = _integral_floats(yf)
    elif y.dtype.kind == "f":
        y = _integral_floats(y)
    else:
        raise LabelRangeError(MSG_LABELS_INT)
    if not (y.flags.c_contiguous and y.flags.aligned):
        y = np.require(y, requirements=["C_CONTIGUOUS", "ALIGNED"])
    return y


def _integral_floats(y: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        ok = bool(np.equal(np.mod(y, 1), 0).all())
    if not ok:
        raise LabelRangeError(MSG_LABELS_INT)
    if y.size and (np.min(y) < np.iinfo(np.int64).min or np.max(y) > np.iinfo(np.int64).max):
        raise LabelRangeError(MSG_LABELS_INT + " (a label does not fit in int64)")
    return y.astype(np.int64)


def as_pred_probs(pred_probs: Any, n_labels: Optional[int] = None) -> np.ndarray:
    """Check ``pred_probs`` as cleanlab does (a numpy array of the labels' length, 2-D) and return
    an array the extension reads in place: float16/32/64, native byte order, unit column stride, a
    positive row stride that is a multiple of the item size, aligned. Otherwise it is converted
    once (other real dtypes become float64)."""
    a = pred_probs
    if (type(a) is np.ndarray and a.ndim == 2 and (n_labels is None or len(a) == n_labels)
            and a.dtype.kind == "f" and a.dtype.itemsize in (2, 4, 8) and a.dtype.isnative
            and a.flags.c_contiguous and a.flags.aligned):
        return a  # (the common case)
    if not isinstance(pred_probs, (np.ndarray, np.generic)):
        raise DTypeError(MSG_PP_TYPE)
    a = np.asarray(pred_probs)
    if n_labels is not None and a.ndim >= 1 and len(a) != n_labels:
        raise ShapeError(MSG_PP_LEN)
    if a.ndim != 2:
        raise ShapeError(MSG_PP_SHAPE)
    if a.dtype.kind == "f" and a.dtype.itemsize in (2, 4, 8):
        a = _native_order(a)
    elif a.dtype.kind in "fiub":
        a = a.astype(np.float64)
    else:
        raise DTypeError(
            f"pred_probs must contain real numbers (float16, float32 or float64), "
            f"got dtype {a.dtype}"
        )
    if not _readable_in_place(a):
        a = np.require(a, requirements=["C_CONTIGUOUS", "ALIGNED"])
    return a


def _readable_in_place(a: np.ndarray) -> bool:
    if a.flags.c_contiguous and a.flags.aligned:
        return True
    if not a.flags.aligned:
        return False
    n, k = a.shape
    isz = a.itemsize
    if k > 1 and n > 0 and a.strides[1] != isz:
        return False
    if n > 1 and k > 0:
        s0 = a.strides[0]
        if s0 <= 0 or s0 % isz != 0 or s0 // isz < k:
            return False
    return True


def as_float64_matrix(m: Any, name: str, k: Optional[int] = None) -> np.ndarray:
    """A K x K float64 C-contiguous copy (or view) of a count matrix."""
    a = np.asarray(m)
    if a.dtype.kind not in "fiub":
        raise DTypeError(f"{name} must contain real numbers, got dtype {a.dtype}")
    a = np.require(a, dtype=np.float64, requirements=["C_CONTIGUOUS", "ALIGNED"])
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ShapeError(f"{name} must be a square K x K matrix, got shape {a.shape}")
    if k is not None and a.shape[0] != k:
        raise ShapeError(
            f"{name} must have shape ({k}, {k}) to match pred_probs, got {a.shape}"
        )
    return a


def valid_inputs(labels: Any, pred_probs: Any) -> Tuple[np.ndarray, np.ndarray]:
    """cleanlab's assert_valid_inputs(X=None, y=labels, pred_probs=pred_probs), cheap part."""
    y = as_labels(labels)
    p = as_pred_probs(pred_probs, len(y))
    return y, p


def allow_one_class(labels: Any) -> bool:
    """cleanlab's rule in find_label_issues / order_label_issues: all-zero labels are accepted
    when they come as an ndarray, or as an iterable of Python ints."""
    if isinstance(labels, np.ndarray):
        return True
    try:
        return all(isinstance(lab, int) for lab in labels)
    except TypeError:
        return False


def check_two_classes(y: np.ndarray) -> None:
    """Raise cleanlab's error if the labels hold fewer than 2 distinct classes."""
    if len(y) == 0 or bool(np.all(y == y[0])):
        raise TooFewClassesError(MSG_TWO_CLASSES, status=-1)


def remap_error(e: CleanlabError, labels: Optional[np.ndarray], k: Optional[int]) -> CleanlabError:
    """Put cleanlab's message for the same failure in front of the library's message."""
    prefix = None
    if isinstance(e, LabelRangeError) and labels is not None and len(labels):
        if int(labels.min()) < 0:
            prefix = MSG_LABELS_NEG
        elif k is not None:
            highest = int(labels.max()) + 1
            prefix = (
                f"pred_probs must have at least {highest} columns, based on the largest class "
                "index which appears in labels."
            )
    elif isinstance(e, ProbabilityRangeError):
        prefix = MSG_PP_RANGE
    elif isinstance(e, TooFewClassesError):
        prefix = MSG_TWO_CLASSES
    if prefix is None:
        return e
    detail = getattr(e, "detail", "") or str(e)
    new = type(e)(
        f"{prefix} ({detail})" if detail else prefix,
        status=e.status,
        status_name=e.status_name,
        detail=detail,
    )
    return new


class call_native:
    """Context manager that re-raises library errors with cleanlab's message in front."""

    def __init__(self, labels: Optional[np.ndarray] = None, k: Optional[int] = None) -> None:
        self.labels = labels
        self.k = k

    def __enter__(self) -> "call_native":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and isinstance(exc, CleanlabError):
            new = remap_error(exc, self.labels, self.k)
            if new is not exc:
                raise new from None
        return False


def label_counts(y: np.ndarray, k: int) -> np.ndarray:
    """Per-class counts of validated labels."""
    return np.bincount(y, minlength=k)


_RANK_CODES: Dict[str, int] = {
    "self_confidence": _native.RANK_SELF_CONFIDENCE,
    "normalized_margin": _native.RANK_NORMALIZED_MARGIN,
    "confidence_weighted_entropy": _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY,
}


def rank_method_code(method: str) -> int:
    try:
        return _RANK_CODES[method]
    except (KeyError, TypeError):
        raise InvalidArgumentError(
            f"""
            {method} is not a valid scoring method for rank_by!
            Please choose a valid rank_by: self_confidence, normalized_margin, confidence_weighted_entropy
            """
        ) from None
