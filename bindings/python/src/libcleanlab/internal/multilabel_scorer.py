"""Multi-label label-quality scoring: drop-in for ``cleanlab.internal.multilabel_scorer`` (2.9.0).

Per-class binary scores (one-vs-rest) and the two aggregators are computed by libcleanlab's
native core; a user-supplied callable aggregator is called in Python on the per-class scores.
"""

from enum import Enum
from typing import Callable, Dict, Optional, Union

import numpy as np

from .. import _native_multilabel
from .. import rank as _rank
from .._multilabel import csr_of_onehot, native_call

__all__ = [
    "ClassLabelScorer",
    "exponential_moving_average",
    "softmin",
    "Aggregator",
    "MultilabelScorer",
    "get_label_quality_scores",
    "multilabel_py",
]


class _Wrapper:
    def __init__(self, f: Callable) -> None:
        self.f = f

    def __call__(self, *args, **kwargs):
        return self.f(*args, **kwargs)

    def __repr__(self):
        return self.f.__name__


class ClassLabelScorer(Enum):
    """The label-quality score of a binary (one-vs-rest) problem."""

    SELF_CONFIDENCE = _Wrapper(_rank.get_self_confidence_for_each_label)
    NORMALIZED_MARGIN = _Wrapper(_rank.get_normalized_margin_for_each_label)
    CONFIDENCE_WEIGHTED_ENTROPY = _Wrapper(_rank.get_confidence_weighted_entropy_for_each_label)

    def __call__(self, labels: np.ndarray, pred_probs: np.ndarray, **kwargs) -> np.ndarray:
        if kwargs.get("adjust_pred_probs", False) is True:
            if self == ClassLabelScorer.CONFIDENCE_WEIGHTED_ENTROPY:
                raise ValueError(f"adjust_pred_probs is not currently supported for {self}.")
            return _rank.get_label_quality_scores(
                labels, pred_probs, method=self.name.lower(), adjust_pred_probs=True
            )
        return self.value(labels, pred_probs)

    @classmethod
    def from_str(cls, method: str) -> "ClassLabelScorer":
        try:
            return cls[method.upper()]
        except KeyError:
            raise ValueError(f"Invalid method name: {method}")

    @property
    def _code(self) -> int:
        return {"SELF_CONFIDENCE": 1, "NORMALIZED_MARGIN": 2, "CONFIDENCE_WEIGHTED_ENTROPY": 3}[self.name]


def _aggregate_native(s: np.ndarray, aggregator: int, param: float) -> np.ndarray:
    s = np.ascontiguousarray(s, dtype=np.float64)
    if s.ndim != 2:
        raise ValueError(f"Expected 2D array for scores, got {type(s)} with shape {s.shape}")
    out = np.empty(s.shape[0], dtype=np.float64)
    native_call(s, _native_multilabel.aggregate, s, s.shape[0], s.shape[1], aggregator, float(param), out)
    return out


def exponential_moving_average(s: np.ndarray, *, alpha: Optional[float] = None, axis: int = 1, **_) -> np.ndarray:
    """EMA of each row's scores sorted in descending order (the lowest scores weigh most);
    ``alpha=None`` means ``2 / (K + 1)``."""
    K = s.shape[1]
    a = float(2 / (K + 1)) if alpha is None else alpha
    if not (0 <= a <= 1):
        raise ValueError(f"alpha must be in the interval [0, 1], got {a}")
    return _aggregate_native(s, _native_multilabel.EMA, a)


def softmin(s: np.ndarray, *, temperature: float = 0.1, axis: int = 1, **_) -> np.ndarray:
    """``sum(s * softmax(1 - s, temperature))`` per row."""
    return _aggregate_native(s, _native_multilabel.SOFTMIN, temperature)


class Aggregator:
    """Aggregates per-class scores into one score per example."""

    possible_methods: Dict[str, Callable[..., np.ndarray]] = {
        "exponential_moving_average": exponential_moving_average,
        "softmin": softmin,
    }

    def __init__(self, method: Union[str, Callable], **kwargs):
        if isinstance(method, str):
            if method in self.possible_methods:
                method = self.possible_methods[method]
            else:
                raise ValueError(
                    f"Invalid aggregation method specified: '{method}', must be one of the following: {list(self.possible_methods.keys())}"
                )
        self._validate_method(method)
        self.method = method
        self.kwargs = kwargs

    @staticmethod
    def _validate_method(method) -> None:
        if not callable(method):
            raise TypeError(f"Expected callable method, got {type(method)}")

    @staticmethod
    def _validate_scores(scores: np.ndarray) -> None:
        if not (isinstance(scores, np.ndarray) and scores.ndim == 2):
            raise ValueError(
                f"Expected 2D array for scores, got {type(scores)} with shape {scores.shape}"
            )

    def __call__(self, scores: np.ndarray, **kwargs) -> np.ndarray:
        self._validate_scores(scores)
        kwargs["axis"] = 1
        updated_kwargs = {**self.kwargs, **kwargs}
        return self.method(scores, **updated_kwargs)

    def __repr__(self):
        return f"Aggregator(method={self.method.__name__}, kwargs={self.kwargs})"


def _is_multilabel(y: np.ndarray) -> bool:
    if not (isinstance(y, np.ndarray) and y.ndim == 2 and y.shape[1] > 1):
        return False
    return np.array_equal(np.unique(y), [0, 1])


class MultilabelScorer:
    """Per-class binary scores (``base_scorer``) aggregated per example (``aggregator``)."""

    def __init__(
        self,
        base_scorer: ClassLabelScorer = ClassLabelScorer.SELF_CONFIDENCE,
        aggregator: Union[Aggregator, Callable] = Aggregator(exponential_moving_average, alpha=0.8),
        *,
        strict: bool = True,
    ):
        self.base_scorer = base_scorer
        self.aggregator = aggregator if isinstance(aggregator, Aggregator) else Aggregator(aggregator)
        self.strict = strict

    def __call__(self, labels: np.ndarray, pred_probs: np.ndarray, base_scorer_kwargs: Optional[dict] = None,
                 **aggregator_kwargs) -> np.ndarray:
        if self.strict:
            self._validate_labels_and_pred_probs(labels, pred_probs)
        scores = self.get_class_label_quality_scores(labels, pred_probs, base_scorer_kwargs)
        return self.aggregate(scores, **aggregator_kwargs)

    def aggregate(self, class_label_quality_scores: np.ndarray, **kwargs) -> np.ndarray:
        return self.aggregator(class_label_quality_scores, **kwargs)

    def get_class_label_quality_scores(self, labels: np.ndarray, pred_probs: np.ndarray,
                                       base_scorer_kwargs: Optional[dict] = None) -> np.ndarray:
        kwargs = base_scorer_kwargs or {}
        for key in kwargs:
            if key != "adjust_pred_probs":
                raise TypeError(f"unexpected keyword argument '{key}'")
        adjust = kwargs.get("adjust_pred_probs", False) is True
        if adjust and self.base_scorer == ClassLabelScorer.CONFIDENCE_WEIGHTED_ENTROPY:
            raise ValueError(f"adjust_pred_probs is not currently supported for {self.base_scorer}.")
        from .._common import as_pred_probs

        labels = np.asarray(labels)
        p = as_pred_probs(pred_probs, labels.shape[0])
        offsets, classes = csr_of_onehot(labels)
        out = np.empty(p.shape, dtype=np.float64)
        native_call(p, _native_multilabel.scores_per_class, p, offsets, classes, self.base_scorer._code, adjust, out)
        return out

    @staticmethod
    def _validate_labels_and_pred_probs(labels: np.ndarray, pred_probs: np.ndarray) -> None:
        if not isinstance(labels, np.ndarray):
            raise TypeError("Labels must be a numpy array.")
        if not _is_multilabel(labels):
            raise ValueError("Labels must be in multi-label format.")
        if labels.shape != pred_probs.shape:
            raise ValueError("Labels and predicted probabilities must have the same shape.")


def get_label_quality_scores(labels, pred_probs, *, method: MultilabelScorer = MultilabelScorer(),
                             base_scorer_kwargs: Optional[dict] = None, **aggregator_kwargs) -> np.ndarray:
    """``method(labels, pred_probs, base_scorer_kwargs=..., **aggregator_kwargs)`` (one-hot labels)."""
    return method(labels, pred_probs, base_scorer_kwargs=base_scorer_kwargs, **aggregator_kwargs)


def multilabel_py(y: np.ndarray) -> np.ndarray:
    """Per-class ``[fraction without the class, fraction with it]`` of one-hot labels."""
    N, _ = y.shape
    fraction_0 = np.sum(y == 0, axis=0) / N
    fraction_1 = 1 - fraction_0
    return np.column_stack((fraction_0, fraction_1))
