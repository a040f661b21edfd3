"""Multi-label classification (each example has zero or more classes): drop-in for
``cleanlab.multilabel_classification`` (2.9.0), computed by libcleanlab's native core with a
one-vs-rest reduction."""

from . import dataset, filter, rank  # noqa: F401

__all__ = ["dataset", "filter", "rank"]
