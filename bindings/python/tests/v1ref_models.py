"""A tiny deterministic classifier for the cross-validation parity tests: importable both by the
test process and by the cleanlab 1.0.1 worker (v1ref_worker.py runs from this directory), so one
pickled instance is fitted fold by fold on both sides. It uses only numpy arithmetic (no
randomness, no scikit-learn), so the out-of-fold probabilities reveal the fold split exactly.
"""
import numpy as np


class NearestMeanClassifier:
    """predict_proba: ``1 / (1 + squared distance to each class mean)``, normalised per row."""

    def __init__(self, shift=0.0):
        self.shift = shift

    def fit(self, X, y, sample_weight=None):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        self.means_ = np.array([X[y == c].mean(axis=0) for c in self.classes_]) + self.shift
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        d = ((X[:, None, :] - self.means_[None, :, :]) ** 2).sum(axis=2)
        w = 1.0 / (1.0 + d)
        return w / w.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def get_params(self, deep=True):
        return {"shift": self.shift}

    def set_params(self, **params):
        for k, v in params.items():
            setattr(self, k, v)
        return self
