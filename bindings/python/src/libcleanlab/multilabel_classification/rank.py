"""Label quality scores for multi-label classification (cleanlab 2.9.0's
``multilabel_classification.rank``): per-class one-vs-rest scores aggregated per example."""

from typing import Any, Dict, List

import numpy as np

from .. import _native_multilabel
from .._common import MSG_LABELS_TYPE, MSG_PP_LEN, MSG_PP_SHAPE, MSG_PP_TYPE, _is_dataframe, _is_series
from .._errors import InvalidArgumentError
from .._multilabel import as_multilabels, method_code, native_call
from ..internal.multilabel_scorer import Aggregator, exponential_moving_average, softmin

__all__ = ["get_label_quality_scores", "get_label_quality_scores_per_class"]


def _validate(labels, pred_probs):
    """cleanlab's assert_valid_inputs(multi_label=True, allow_one_class=True) + int2onehot."""
    if not (isinstance(labels, (list, np.ndarray, np.generic)) or _is_series(labels) or _is_dataframe(labels)):
        raise TypeError(MSG_LABELS_TYPE)
    if not isinstance(pred_probs, (np.ndarray, np.generic)):
        raise TypeError(MSG_PP_TYPE)
    if len(pred_probs) != len(labels):
        raise ValueError(MSG_PP_LEN)
    if len(pred_probs.shape) != 2:
        raise ValueError(MSG_PP_SHAPE)
    if not isinstance(labels, list) or not all(isinstance(y, list) for y in labels):
        raise InvalidArgumentError("multi-label labels must be a list of lists of class indices")
    offsets, classes = as_multilabels(labels)
    if len(classes):
        highest = int(classes.max()) + 1
        if pred_probs.shape[1] < highest:
            raise ValueError(
                f"pred_probs must have at least {highest} columns, based on the largest class index which appears in labels."
            )
    p = np.ascontiguousarray(pred_probs) if pred_probs.dtype in (np.float16, np.float32, np.float64) \
        else np.ascontiguousarray(pred_probs, dtype=np.float64)
    return p, offsets, classes


def _strict_check(offsets, classes, n, k):
    """MultilabelScorer(strict=True): the one-hot labels must hold both 0 and 1 (and K > 1)."""
    distinct = 0
    if len(classes):
        rows = np.repeat(np.arange(n), np.diff(offsets))
        distinct = len(np.unique(rows * k + classes))
    if k <= 1 or distinct == 0 or distinct == n * k:
        raise ValueError("Labels must be in multi-label format.")


def get_label_quality_scores(
    labels: List[List[int]],
    pred_probs: np.ndarray,
    *,
    method: str = "self_confidence",
    adjust_pred_probs: bool = False,
    aggregator_kwargs: Dict[str, Any] = {"method": "exponential_moving_average", "alpha": 0.8},
) -> np.ndarray:
    """One label-quality score per example (lower = more likely mislabeled).

    Each class's binary score (`method`, optionally on threshold-adjusted pred_probs) is computed
    by the native core and the scores of an example are aggregated by
    ``Aggregator(**aggregator_kwargs)`` (exponential moving average with alpha 0.8 by default,
    ``'softmin'`` or a callable). Returns float64 of shape ``(N,)``.
    """
    p, offsets, classes = _validate(labels, pred_probs)
    code = method_code(method)
    adjust = adjust_pred_probs is True
    aggregator = Aggregator(**aggregator_kwargs) if aggregator_kwargs else Aggregator(exponential_moving_average, alpha=0.8)
    n, k = p.shape
    _strict_check(offsets, classes, n, k)
    if adjust and code == 3:
        raise ValueError("adjust_pred_probs is not currently supported for ClassLabelScorer.CONFIDENCE_WEIGHTED_ENTROPY.")
    native_aggregator = None
    param = float("nan")
    kwargs = {k_: v for k_, v in aggregator.kwargs.items() if k_ != "axis"}
    if aggregator.method is exponential_moving_average and set(kwargs) <= {"alpha"}:
        alpha = kwargs.get("alpha")
        if alpha is not None and not (0 <= alpha <= 1):
            raise ValueError(f"alpha must be in the interval [0, 1], got {alpha}")
        native_aggregator, param = _native_multilabel.EMA, float("nan") if alpha is None else float(alpha)
    elif aggregator.method is softmin and set(kwargs) <= {"temperature"}:
        native_aggregator, param = _native_multilabel.SOFTMIN, float(kwargs.get("temperature", 0.1))
    if native_aggregator is not None:
        out = np.empty(n, dtype=np.float64)
        native_call(p, _native_multilabel.scores, p, offsets, classes, code, adjust, native_aggregator, param, out)
        return out
    scores = np.empty((n, k), dtype=np.float64)
    native_call(p, _native_multilabel.scores_per_class, p, offsets, classes, code, adjust, scores)
    return aggregator(scores)


def get_label_quality_scores_per_class(
    labels: List[List[int]],
    pred_probs: np.ndarray,
    *,
    method: str = "self_confidence",
    adjust_pred_probs: bool = False,
) -> np.ndarray:
    """The ``(N, K)`` float64 one-vs-rest label-quality scores of every example and class."""
    p, offsets, classes = _validate(labels, pred_probs)
    code = method_code(method)
    adjust = adjust_pred_probs is True
    if adjust and code == 3:
        raise ValueError("adjust_pred_probs is not currently supported for ClassLabelScorer.CONFIDENCE_WEIGHTED_ENTROPY.")
    n, k = p.shape
    scores = np.empty((n, k), dtype=np.float64)
    native_call(p, _native_multilabel.scores_per_class, p, offsets, classes, code, adjust, scores)
    return scores
