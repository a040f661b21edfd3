"""Multi-label plumbing shared by libcleanlab.multilabel_classification, internal.multilabel_scorer
and count.*(multi_label=True) (private).

Labels (a list of lists of class indices) cross into the library as CSR: ``offsets`` (n + 1
int64) and ``classes`` (int64). The one-vs-rest reduction itself happens in the native core.
"""

import itertools
from typing import Any, Optional, Tuple

import numpy as np

from ._common import as_pred_probs, call_native, rank_method_code
from ._errors import InvalidArgumentError

MSG_FORMAT = (
    "wrong format for labels, should be a list of list[indices], please check the documentation "
    "in find_label_issues for further information"
)


def as_multilabels(labels: Any) -> Tuple[np.ndarray, np.ndarray]:
    """CSR (offsets, classes) of a list of lists of class indices (cleanlab's int2onehot input)."""
    if isinstance(labels, np.ndarray) and labels.ndim == 2:
        raise ValueError(MSG_FORMAT)
    try:
        rows = [list(r) for r in labels]
    except TypeError:
        raise ValueError(MSG_FORMAT) from None
    lens = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lens, out=offsets[1:])
    flat = list(itertools.chain.from_iterable(rows))
    classes = np.asarray(flat) if flat else np.empty(0, dtype=np.int64)
    if classes.dtype.kind not in "iub":
        if classes.dtype.kind == "f" and np.all(np.mod(classes, 1) == 0):
            pass
        else:
            raise ValueError(MSG_FORMAT)
    return offsets, np.ascontiguousarray(classes, dtype=np.int64)


def inputs(labels: Any, pred_probs: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pred_probs, offsets, classes) after the cheap checks."""
    offsets, classes = as_multilabels(labels)
    p = as_pred_probs(pred_probs, len(offsets) - 1)
    return p, offsets, classes


def onehot_rows(offsets: np.ndarray, classes: np.ndarray, k: int) -> np.ndarray:
    """The n x K 0/1 int64 matrix (for small return values only)."""
    n = len(offsets) - 1
    y = np.zeros((n, k), dtype=np.int64)
    rows = np.repeat(np.arange(n), np.diff(offsets))
    y[rows, classes] = 1
    return y


def csr_of_onehot(y: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y)
    rows, cols = np.nonzero(y)
    offsets = np.zeros(y.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=y.shape[0]), out=offsets[1:])
    return offsets, cols.astype(np.int64)


def method_code(method: str) -> int:
    """ClassLabelScorer.from_str's check, then the library's code."""
    try:
        name = method.upper()
    except AttributeError:
        raise InvalidArgumentError(f"Invalid method name: {method}") from None
    if name not in ("SELF_CONFIDENCE", "NORMALIZED_MARGIN", "CONFIDENCE_WEIGHTED_ENTROPY"):
        raise InvalidArgumentError(f"Invalid method name: {method}")
    return rank_method_code(name.lower())


def native_call(p: np.ndarray, fn, *args):
    with call_native(None, p.shape[1]):
        return fn(*args)
