"""Parity of libcleanlab's cross-validation functions of `count` with cleanlab 2.9.0:
estimate_cv_predicted_probabilities, estimate_confident_joint_and_cv_pred_proba,
estimate_py_noise_matrices_and_cv_pred_proba and estimate_noise_matrices, with the same
classifier and seed (same folds, same fits): the predicted probabilities must be identical, the
confident joints equal, the latent estimates equal to ~1e-12. Also the missing-class handling
(duplicated holdout example, one-hot prediction, warning), clf_kwargs, validation_func, pandas
and sparse X, and the errors."""

import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")
pd = pytest.importorskip("pandas")

import cleanlab.count as cc
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB

import libcleanlab.count as lc
from conftest import noisy_blobs, user_warnings


pytestmark = pytest.mark.usefixtures("one_blas_thread")


def data(n, k, seed, d=3, noise=0.3, small_class=None):
    """Gaussian blobs with class-conditional label noise; `small_class=(c, m)` leaves only m
    examples labelled c."""
    X, s, _ = noisy_blobs(n, k, seed, d, 2.5, noise)
    if small_class is not None:
        c, m = small_class
        idx = np.flatnonzero(s == c)
        s[idx[m:]] = (c + 1) % k
    return X, s


def run(fn, *args, **kwargs):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    return out, user_warnings(rec)


def close(a, b, rtol=1e-12):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=rtol, atol=1e-15)


CASES = [
    dict(n=150, k=3, seed=0),
    dict(n=120, k=2, seed=1),
    dict(n=200, k=5, seed=2),
    dict(n=400, k=12, seed=3),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"n{c['n']}k{c['k']}")
def test_py_noise_matrices_and_cv_pred_proba(case):
    X, s = data(case["n"], case["k"], case["seed"])
    kw = dict(cv_n_folds=4, seed=case["seed"] + 7, converge_latent_estimates=True)
    ref, ref_w = run(cc.estimate_py_noise_matrices_and_cv_pred_proba, X, s, LogisticRegression(), **kw)
    out, out_w = run(lc.estimate_py_noise_matrices_and_cv_pred_proba, X, s, LogisticRegression(), **kw)
    assert np.array_equal(out[4], ref[4]) and out[4].dtype == ref[4].dtype  # pred_probs
    assert np.array_equal(out[3], ref[3])  # confident joint
    for a, b in zip(out[:3], ref[:3]):
        close(a, b)
    assert out_w == ref_w


def test_confident_joint_and_cv_pred_proba_options():
    X, s = data(160, 3, 3)
    thr = [0.4, 0.5, 0.45]
    for kw in (dict(calibrate=False), dict(thresholds=thr), dict(cv_n_folds=3, calibrate=True)):
        ref = cc.estimate_confident_joint_and_cv_pred_proba(X, s, GaussianNB(), seed=5, **kw)
        out = lc.estimate_confident_joint_and_cv_pred_proba(X, s, GaussianNB(), seed=5, **kw)
        assert np.array_equal(out[1], ref[1])
        assert np.array_equal(out[0], ref[0]) and out[0].dtype == ref[0].dtype


def test_cv_predicted_probabilities_and_noise_matrices():
    X, s = data(140, 3, 4)
    ref = cc.estimate_cv_predicted_probabilities(X, s, LogisticRegression(), cv_n_folds=3, seed=2)
    out = lc.estimate_cv_predicted_probabilities(X, s, LogisticRegression(), cv_n_folds=3, seed=2)
    assert np.array_equal(out, ref) and out.dtype == np.float64
    ref = cc.estimate_noise_matrices(X, s, LogisticRegression(), cv_n_folds=3, seed=2)
    out = lc.estimate_noise_matrices(X, s, LogisticRegression(), cv_n_folds=3, seed=2)
    assert isinstance(out, tuple) and len(out) == 2
    close(out[0], ref[0])
    close(out[1], ref[1])


def test_default_classifier():
    X, s = data(100, 2, 5)
    ref = cc.estimate_cv_predicted_probabilities(X, s, seed=1)
    out = lc.estimate_cv_predicted_probabilities(X, s, seed=1)
    assert np.array_equal(out, ref)


def test_missing_class_in_a_fold_duplicates_one_holdout_example():
    # class 2 has a single example: the fold holding it out trains without it
    X, s = data(120, 3, 6, small_class=(2, 1))
    ref, ref_w = run(cc.estimate_confident_joint_and_cv_pred_proba, X, s, LogisticRegression(), seed=3)
    out, out_w = run(lc.estimate_confident_joint_and_cv_pred_proba, X, s, LogisticRegression(), seed=3)
    assert any("Duplicated some data" in w for w in ref_w)
    assert out_w == ref_w
    assert np.array_equal(out[1], ref[1])
    assert np.array_equal(out[0], ref[0])
    # the duplicated examples get the one-hot prediction of their label
    onehot = np.flatnonzero((out[1][:, 2] == 1.0) & (s == 2))
    assert len(onehot) >= 1


def test_clf_kwargs_and_validation_func():
    X, s = data(120, 3, 7)
    seen = []

    class Clf(LogisticRegression):
        def fit(self, X, y, sample_weight=None, val_size=None):
            seen.append(val_size)
            return super().fit(X, y, sample_weight=sample_weight)

    def vf(X_val, y_val):
        return {"val_size": len(y_val)}

    sw = None
    kw = dict(cv_n_folds=3, seed=1, clf_kwargs={"sample_weight": sw}, validation_func=vf)
    ref = cc.estimate_cv_predicted_probabilities(X, s, Clf(), **kw)
    ref_seen, seen[:] = list(seen), []
    out = lc.estimate_cv_predicted_probabilities(X, s, Clf(), **kw)
    assert np.array_equal(out, ref)
    assert seen == ref_seen == [40, 40, 40]


def test_pandas_and_sparse_features():
    sp = pytest.importorskip("scipy.sparse")
    X, s = data(120, 3, 8, small_class=(1, 1))
    Xdf = pd.DataFrame(X, columns=["a", "b", "c"])
    for Xin in (Xdf, sp.csr_matrix(X)):
        ref, _ = run(cc.estimate_cv_predicted_probabilities, Xin, pd.Series(s), LogisticRegression(), seed=4)
        out, _ = run(lc.estimate_cv_predicted_probabilities, Xin, pd.Series(s), LogisticRegression(), seed=4)
        close(out, ref, rtol=1e-10)


def test_errors():
    X, s = data(60, 3, 9)

    class NotClonable:
        def fit(self, X, y):
            return self

        def predict_proba(self, X):
            return np.full((len(X), 3), 1 / 3)

    for fn in (cc.estimate_cv_predicted_probabilities, lc.estimate_cv_predicted_probabilities):
        with pytest.raises(ValueError, match="must be clonable"):
            fn(X, s, NotClonable())
        with pytest.raises(TypeError, match="validation_func must be callable"):
            fn(X, s, LogisticRegression(), validation_func=3)
        with pytest.raises(ValueError, match="X and labels must be same length"):
            fn(X[:-1], s, LogisticRegression())
        with pytest.raises(ValueError, match="X cannot be None"):
            fn(None, s, LogisticRegression())
        with pytest.raises(ValueError, match="at least 2 classes"):
            fn(X, np.zeros(60, int), LogisticRegression())
        with pytest.raises(ValueError, match="positive integers"):
            fn(X, np.where(s == 0, -1, s), LogisticRegression())
    with pytest.raises(ValueError, match="py_method"):
        lc.estimate_py_noise_matrices_and_cv_pred_proba(X, s, LogisticRegression(), py_method="x")
    # a class absent from labels: cleanlab fails with an IndexError, libcleanlab says why
    with pytest.raises(ValueError, match=r"classes \[1\] do not occur"):
        lc.estimate_cv_predicted_probabilities(X, np.where(s == 1, 2, s), LogisticRegression())
