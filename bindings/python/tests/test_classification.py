"""libcleanlab.classification against cleanlab 2.9.0.

* CleanLearning: with the same classifier and seed, the label-issues DataFrame must equal
  cleanlab's (pandas.testing.assert_frame_equal: values, dtypes, columns), the final model's
  predictions must be identical, and the noise estimates equal to ~1e-12; for every way of
  calling it (cross-validation, pred_probs, noise matrices, label_issues, find_label_issues_kwargs,
  label_quality_scores_kwargs, pulearning, sample weights, clf_final_kwargs, y=, default clf).
* LearningWithNoisyLabels (1.x): its pruning and final fit must equal what cleanlab 2.9.0 gives
  for the 1.x recipe (cross-validated psx, prune with min 5 examples per class, weights
  1/noise_matrix[k][k]).
* scikit-learn compatibility: clone, Pipeline, GridSearchCV, get_params/set_params.
* Bad input: cleanlab's ValueErrors.
"""

import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")
pd = pytest.importorskip("pandas")

import cleanlab.classification as cclass
import cleanlab.count as cc
import cleanlab.filter as cf
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

import libcleanlab
import libcleanlab.classification as lclass
from conftest import noisy_blobs, tie_rule, user_warnings
from libcleanlab.classification import CleanLearning, LearningWithNoisyLabels


pytestmark = pytest.mark.usefixtures("one_blas_thread")


def data(n, k, seed, d=2, noise=0.3):
    return noisy_blobs(n, k, seed, d, 2.0, noise)


def run(fn):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = fn()
    return out, user_warnings(rec)


def close(a, b, rtol=1e-12):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=rtol, atol=1e-15)


def compare_fitted(ours, ref, X):
    pd.testing.assert_frame_equal(ours.get_label_issues(), ref.get_label_issues(), check_exact=False, rtol=1e-12)
    a, b = ours.get_label_issues(), ref.get_label_issues()
    for col in ("is_label_issue", "given_label", "predicted_label", "label_quality"):
        if col in b:
            assert np.array_equal(a[col].to_numpy(), b[col].to_numpy()), col
    assert np.array_equal(ours.predict(X), ref.predict(X))
    close(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-9)
    assert ours.score(X, ref.predict(X)) == 1.0
    for name in ("noise_matrix", "inverse_noise_matrix", "py", "ps"):
        if getattr(ref, name) is None:
            assert getattr(ours, name) is None, name
        else:
            close(getattr(ours, name), getattr(ref, name))
    if ref.confident_joint is None:
        assert ours.confident_joint is None
    else:
        assert np.array_equal(ours.confident_joint, ref.confident_joint)
    assert ours.num_classes == ref.num_classes


def both(ctor=None, fit=None, clf=LogisticRegression, X=None, s=None, ties=None):
    """Fit cleanlab's and libcleanlab's CleanLearning the same way; return (ours, ref).
    ``ties="low"``: cleanlab runs with a stable argsort (libcleanlab's documented tie rule), for
    classifiers whose predicted probabilities repeat (trees)."""
    ctor = dict(ctor or {})
    fit = dict(fit or {})
    ref_ctor = dict(ctor)
    if not ctor.get("low_memory"):
        # no process pool in the reference (n_jobs does not change cleanlab's answers)
        ref_ctor["find_label_issues_kwargs"] = {**ctor.get("find_label_issues_kwargs", {}), "n_jobs": 1}
    with tie_rule(ties):
        ref, ref_w = run(lambda: cclass.CleanLearning(clf() if clf else None, **ref_ctor).fit(X, s, **fit))
    ours, our_w = run(lambda: CleanLearning(clf() if clf else None, **ctor).fit(X, s, **fit))
    assert our_w == ref_w
    compare_fitted(ours, ref, X)
    return ours, ref


X3, S3, Y3 = data(240, 3, 0)
X2, S2, Y2 = data(200, 2, 1)


@pytest.mark.parametrize(
    "ctor",
    [
        dict(seed=0),
        dict(seed=3, cv_n_folds=3, converge_latent_estimates=True),
        dict(seed=1, find_label_issues_kwargs={"filter_by": "confident_learning"}),
        dict(seed=1, find_label_issues_kwargs={"filter_by": "both", "min_examples_per_class": 2}),
        dict(seed=2, find_label_issues_kwargs={"filter_by": "low_self_confidence"}),
        dict(seed=2, label_quality_scores_kwargs={"method": "normalized_margin", "adjust_pred_probs": True}),
    ],
    ids=["default", "folds3-converge", "confident_learning", "both", "low_self_confidence", "lqs_kwargs"],
)
def test_cleanlearning_cross_validated_parity(ctor):
    ours, _ = both(ctor, X=X3, s=S3)
    assert ours.get_label_issues()["is_label_issue"].sum() > 0


def test_cleanlearning_k2_and_pulearning():
    both(dict(seed=4), X=X2, s=S2)
    both(dict(seed=4, pulearning=1), X=X2, s=S2)
    both(dict(seed=4, pulearning=0), X=X2, s=S2)


def test_cleanlearning_given_pred_probs_and_noise_matrices():
    pp = cc.estimate_cv_predicted_probabilities(X3, S3, LogisticRegression(), seed=9)
    both(dict(seed=5), dict(pred_probs=pp), X=X3, s=S3)
    both(dict(seed=5), dict(pred_probs=pp, thresholds=[0.5, 0.5, 0.5]), X=X3, s=S3)
    nm = np.array([[0.8, 0.1, 0.15], [0.1, 0.7, 0.15], [0.1, 0.2, 0.7]])
    both(dict(seed=5), dict(noise_matrix=nm.copy()), X=X3, s=S3)
    both(dict(seed=5), dict(noise_matrix=nm.copy(), pred_probs=pp), X=X3, s=S3)
    both(dict(seed=5), dict(inverse_noise_matrix=nm.copy()), X=X3, s=S3)
    both(dict(seed=5), dict(inverse_noise_matrix=nm.copy(), noise_matrix=nm.T.copy() / nm.T.sum(0)), X=X3, s=S3)
    # a user-supplied confident joint in find_label_issues_kwargs
    cj = cc.compute_confident_joint(S3, pp)
    both(dict(seed=5, find_label_issues_kwargs={"confident_joint": cj}), dict(pred_probs=pp), X=X3, s=S3)
    both(dict(seed=5, find_label_issues_kwargs={"confident_joint": cj}), X=X3, s=S3)


def test_cleanlearning_label_issues_argument():
    issues = cf.find_label_issues(S3, cc.estimate_cv_predicted_probabilities(X3, S3, seed=1))
    idx = np.flatnonzero(issues)
    for li in (issues, idx.astype(int), pd.DataFrame({"is_label_issue": issues})):
        both(dict(seed=6), dict(label_issues=li), X=X3, s=S3)
    # with a previous find_label_issues: its noise matrix gives the sample weights
    ref = cclass.CleanLearning(LogisticRegression(), seed=6)
    ours = CleanLearning(LogisticRegression(), seed=6)
    df_ref = ref.find_label_issues(X3, S3)
    df_ours = ours.find_label_issues(X3, S3)
    pd.testing.assert_frame_equal(df_ours, df_ref)
    ref.fit(X3, S3, label_issues=df_ref)
    ours.fit(X3, S3, label_issues=df_ours)
    compare_fitted(ours, ref, X3)


def test_cleanlearning_sample_weights_and_kwargs():
    w = np.random.default_rng(0).random(len(S3)) + 0.5
    both(dict(seed=7), dict(sample_weight=w), X=X3, s=S3)
    ours, _ = both(dict(seed=7), dict(y=S3), X=X3, s=None)
    # a classifier whose fit has no sample_weight: no weights, same answers
    both(dict(seed=7), clf=lambda: make_pipeline(StandardScaler(), LogisticRegression()), X=X3, s=S3)
    # automatic weights are 1/max(noise_matrix[k][k], 1e-3) on the kept examples, 0 on the rest
    df = ours.get_label_issues()
    expect = np.where(df.is_label_issue, 0.0, 1.0 / np.maximum(np.diag(ours.noise_matrix), 1e-3)[S3])
    assert np.array_equal(df["sample_weight"].to_numpy(), expect)


def test_cleanlearning_default_classifier_flattens_X():
    X = np.repeat(X3[:, :, None], 2, axis=2)  # (N, 2, 2)
    ours, ref = both(dict(seed=8), X=X, s=S3, clf=None)
    assert np.array_equal(ours.predict(X=X), ref.predict(X=X))
    assert ours.score(X, S3) == ref.score(X, S3)


def test_cleanlearning_pandas_inputs():
    Xdf = pd.DataFrame(X3, columns=["u", "v"])
    both(dict(seed=9), X=Xdf, s=pd.Series(S3))


def test_cleanlearning_save_space_and_get_label_issues():
    cl = CleanLearning(LogisticRegression(), seed=0)
    with pytest.warns(UserWarning, match="not yet been computed"):
        assert cl.get_label_issues() is None
    df = cl.find_label_issues(X3, S3, save_space=True)
    assert cl.label_issues_df is None and len(df) == len(S3)
    cl.fit(X3, S3)
    assert cl.get_label_issues() is not None
    cl.save_space()
    assert cl.label_issues_df is None and cl.noise_matrix is None
    assert cl.predict(X3).shape == (len(S3),)
    # the constructor's parameters survive (deviation: cleanlab sets them to None)
    assert cl.get_params()["find_label_issues_kwargs"] == {}
    cl.fit(X3, S3)


def test_cleanlearning_repeated_fit_uses_the_new_data():
    cl = CleanLearning(LogisticRegression(), seed=0)
    cl.fit(X3, S3)
    cl.fit(X2, S2)  # a different K: cleanlab would reuse the first confident joint and fail
    ref = cclass.CleanLearning(LogisticRegression(), seed=0).fit(X2, S2)
    compare_fitted(cl, ref, X2)
    assert cl.get_params()["find_label_issues_kwargs"] == {}


def test_cleanlearning_low_memory():
    """low_memory=True flags what libcleanlab's find_label_issues_batched returns by default: the
    exact filter.find_label_issues(filter_by='low_self_confidence') on the cross-validated
    pred_probs (cleanlab's low_memory mode flags an approximation of it; documented)."""
    import cleanlab.count as ccount
    import cleanlab.filter as cfilter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = CleanLearning(LogisticRegression(), seed=0, low_memory=True).fit(X3, S3)
        pred_probs = ccount.estimate_cv_predicted_probabilities(X3, S3, LogisticRegression(), seed=0)
        expected = cfilter.find_label_issues(S3, pred_probs, filter_by="low_self_confidence")
    np.testing.assert_array_equal(ours.get_label_issues()["is_label_issue"].to_numpy(), expected)
    assert 0 < expected.sum() < len(S3)


# ---------------------------------------------------------------------------------------------
# bad input: cleanlab's errors
# ---------------------------------------------------------------------------------------------
class NoProba:
    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X), int)


class NoWeights(LogisticRegression):
    def fit(self, X, y):
        return super().fit(X, y)


def both_raise(exc, match, make):
    for mod in (cclass, lclass):
        with pytest.raises(exc, match=match):
            make(mod)


def test_cleanlearning_errors():
    both_raise(ValueError, r"must define a \.predict_proba\(\) method", lambda m: m.CleanLearning(NoProba()))
    both_raise(ValueError, r"must define a \.fit\(\) method", lambda m: m.CleanLearning(object()))
    both_raise(ValueError, "either `labels` or `y`, but not both",
               lambda m: m.CleanLearning().fit(X3, S3, y=S3))
    both_raise(ValueError, "You must specify `labels`", lambda m: m.CleanLearning().fit(X3))
    both_raise(ValueError, "sample_weight should be provided directly",
               lambda m: m.CleanLearning().fit(X3, S3, clf_kwargs={"sample_weight": np.ones(len(S3))}))
    both_raise(ValueError, "sample_weight must be a supported fit",
               lambda m: m.CleanLearning(NoWeights()).fit(X3, S3, sample_weight=np.ones(len(S3))))
    nm = np.full((3, 3), 1 / 3)
    both_raise(ValueError, r"Trace\(noise_matrix\) is 1.0, but must exceed 1",
               lambda m: m.CleanLearning().fit(X3, S3, noise_matrix=nm))
    both_raise(ValueError, r"Trace\(inverse_noise_matrix\) is 1.0. Must exceed 1",
               lambda m: m.CleanLearning().fit(X3, S3, inverse_noise_matrix=nm))
    both_raise(ValueError, "Need more data from each class for cross-validation",
               lambda m: m.CleanLearning(cv_n_folds=5).fit(X3[:12], S3[:12]))
    for bad in ("return_indices_ranked_by", "multi_label"):
        both_raise(ValueError, "not supported for `CleanLearning`",
                   lambda m: m.CleanLearning(find_label_issues_kwargs={bad: None}).fit(X3, S3))
    both_raise(ValueError, "X and labels must be same length", lambda m: m.CleanLearning().fit(X3[1:], S3))
    both_raise(ValueError, "at least 2 classes", lambda m: m.CleanLearning().fit(X3, np.zeros(len(S3), int)))
    both_raise(ValueError, "must contain column: 'is_label_issue'",
               lambda m: m.CleanLearning().fit(X3, S3, label_issues=pd.DataFrame({"x": S3})))
    both_raise(ValueError, "must contain unique integer indices",
               lambda m: m.CleanLearning().fit(X3, S3, label_issues=np.array([1, 1])))
    both_raise(ValueError, "dtype must be 'bool' or 'int'",
               lambda m: m.CleanLearning().fit(X3, S3, label_issues=np.array([1.0])))
    both_raise(ValueError, "must have same shape as labels",
               lambda m: m.CleanLearning().fit(X3, S3, label_issues=np.zeros(3, bool)))
    both_raise(ValueError, "must be either pandas.DataFrame or numpy.array",
               lambda m: m.CleanLearning().fit(X3, S3, label_issues=[1, 2]))
    both_raise(ValueError, "No input provided to predict",
               lambda m: m.CleanLearning().fit(X3, S3).predict())
    both_raise(ValueError, "must be clonable",
               lambda m: m.CleanLearning(NoProbaButClonable()).fit(X3, S3))


class NoProbaButClonable:
    """Has the methods but no get_params: sklearn.base.clone fails in the cross-validation."""

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X), int)

    def predict_proba(self, X):
        return np.full((len(X), 3), 1 / 3)


# ---------------------------------------------------------------------------------------------
# scikit-learn compatibility
# ---------------------------------------------------------------------------------------------
def test_clone_get_set_params():
    cl = CleanLearning(LogisticRegression(C=0.5), seed=3, cv_n_folds=4, find_label_issues_kwargs={"filter_by": "both"})
    c2 = clone(cl)
    assert c2 is not cl and c2.clf is not cl.clf
    assert c2.get_params()["clf__C"] == 0.5 and c2.seed == 3 and c2.cv_n_folds == 4
    cl.fit(X3, S3)
    c3 = clone(cl)
    assert c3.label_issues_df is None
    assert c3.get_params(deep=False).keys() == cl.get_params(deep=False).keys()
    c3.set_params(clf__C=2.0, cv_n_folds=3)
    assert c3.clf.C == 2.0 and c3.cv_n_folds == 3
    lnl = LearningWithNoisyLabels(GaussianNB(), seed=1, prune_method="both", n_jobs=1)
    l2 = clone(lnl)
    assert l2.prune_method == "both" and l2.n_jobs == 1 and l2.clf is not lnl.clf


def test_pipeline_and_gridsearch():
    pipe = make_pipeline(StandardScaler(), CleanLearning(LogisticRegression(), seed=0))
    pipe.fit(X3, S3)
    assert pipe.score(X3, Y3) > 0.5
    # (cleanlab 2.9.0's CleanLearning cannot be the last step of a Pipeline with scikit-learn
    # >= 1.6: it has no fitted attribute; libcleanlab's defines __sklearn_is_fitted__)
    Xs = StandardScaler().fit_transform(X3)
    ref = cclass.CleanLearning(LogisticRegression(), seed=0).fit(Xs, S3)
    assert np.array_equal(pipe.predict(X3), ref.predict(Xs))
    gs = GridSearchCV(CleanLearning(LogisticRegression(), seed=0, cv_n_folds=3),
                      {"clf__C": [0.1, 1.0]}, cv=2)
    gs.fit(X3, S3)
    assert gs.best_params_["clf__C"] in (0.1, 1.0)
    assert gs.predict(X3).shape == (len(S3),)
    gs2 = GridSearchCV(LearningWithNoisyLabels(LogisticRegression(), seed=0, cv_n_folds=3),
                       {"prune_method": ["prune_by_noise_rate", "both"]}, cv=2)
    gs2.fit(X3, S3)
    assert gs2.best_estimator_.noise_mask is not None
    lnl_pipe = make_pipeline(StandardScaler(), LearningWithNoisyLabels(GaussianNB(), seed=0)).fit(X3, S3)
    assert lnl_pipe.predict(X3).shape == (len(S3),)


def test_any_classifier():
    both(dict(seed=2), clf=GaussianNB, X=X3, s=S3)
    # a tree's probabilities are leaf frequencies: many exact ties
    both(dict(seed=2), clf=lambda: DecisionTreeClassifier(max_depth=3, random_state=0), X=X3, s=S3,
         ties="low")


# ---------------------------------------------------------------------------------------------
# LearningWithNoisyLabels (1.x)
# ---------------------------------------------------------------------------------------------
def lnl_reference(clf, X, s, seed, cv_n_folds=5, prune_method="prune_by_noise_rate", psx=None):
    """The 1.x recipe computed with cleanlab 2.9.0: (noise_mask, fitted clf)."""
    if psx is None:
        py, nm, inv, cj, psx = cc.estimate_py_noise_matrices_and_cv_pred_proba(
            X, s, clone(clf), cv_n_folds=cv_n_folds, seed=seed)
    else:
        py, nm, inv, cj = cc.estimate_py_and_noise_matrices_from_probabilities(
            s, psx, converge_latent_estimates=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mask = cf.find_label_issues(s, psx, confident_joint=cj, filter_by=prune_method,
                                    min_examples_per_class=5, n_jobs=1)
    keep = ~mask
    w = (1.0 / np.diag(nm))[s[keep]]
    final = clone(clf).fit(X[keep], s[keep], sample_weight=w)
    return mask, final, nm


@pytest.mark.parametrize("prune_method", ["prune_by_noise_rate", "prune_by_class", "both"])
def test_lnl_matches_the_1x_recipe(prune_method):
    lnl = LearningWithNoisyLabels(LogisticRegression(), seed=2, prune_method=prune_method)
    out = lnl.fit(X3, S3)
    assert out is lnl.clf  # 1.x returns the trained classifier
    mask, final, nm = lnl_reference(LogisticRegression(), X3, S3, 2, prune_method=prune_method)
    assert np.array_equal(lnl.noise_mask, mask) and mask.sum() > 0
    close(lnl.noise_matrix, nm)
    assert np.array_equal(lnl.predict(X3), final.predict(X3))
    close(lnl.predict_proba(X3), final.predict_proba(X3), rtol=1e-9)
    assert lnl.K == 3 and lnl.score(X3, final.predict(X3)) == 1.0


def test_lnl_with_psx_and_the_seed_example():
    psx = cc.estimate_cv_predicted_probabilities(X3, S3, LogisticRegression(), seed=4)
    lnl = LearningWithNoisyLabels(clf=LogisticRegression())
    lnl.fit(X=X3, s=S3, psx=psx)
    mask, final, _ = lnl_reference(LogisticRegression(), X3, S3, None, psx=psx)
    assert np.array_equal(lnl.noise_mask, mask)
    assert np.array_equal(lnl.predict(X3), final.predict(X3))
    # the seed's "3 lines": learning with noisy labels beats the noisy baseline here
    Xt, _, Yt = data(600, 3, 0)
    lnl = LearningWithNoisyLabels(clf=LogisticRegression(), seed=0)
    lnl.fit(X=X3, s=S3)
    assert lnl.score(Xt, Yt) >= LogisticRegression().fit(X3, S3).score(Xt, Yt) - 0.02


def test_lnl_noise_matrix_pulearning_and_errors():
    nm = np.array([[0.8, 0.2], [0.2, 0.8]])
    lnl = LearningWithNoisyLabels(LogisticRegression(), seed=1, pulearning=1)
    lnl.fit(X2, S2, noise_matrix=nm)
    assert lnl.confident_joint is None and lnl.noise_matrix[1][0] == 0 and lnl.noise_matrix[0][0] == 1
    assert nm[1][0] == 0.2  # the caller's matrix is not modified
    lnl = LearningWithNoisyLabels(LogisticRegression(), seed=1, pulearning=0).fit(X2, S2)
    with pytest.raises(ValueError, match=r"Trace\(noise_matrix\) is 1.0"):
        LearningWithNoisyLabels().fit(X2, S2, noise_matrix=np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match=r"Trace\(inverse_noise_matrix\) is 1.0"):
        LearningWithNoisyLabels().fit(X2, S2, inverse_noise_matrix=np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match="prune_method"):
        LearningWithNoisyLabels(prune_method="nope").fit(X2, S2)
    with pytest.raises(ValueError, match="predict_proba"):
        LearningWithNoisyLabels(NoProba())
    with pytest.raises(ValueError, match="n_jobs"):
        LearningWithNoisyLabels(n_jobs=0)
    with pytest.raises(ValueError, match="same length"):
        LearningWithNoisyLabels().fit(X2[1:], S2)


def test_lnl_classifier_without_sample_weight():
    lnl = LearningWithNoisyLabels(NoWeights(), seed=3)
    lnl.fit(X3, S3)
    mask, _, _ = lnl_reference(LogisticRegression(), X3, S3, 3)
    assert np.array_equal(lnl.noise_mask, mask)
    assert lnl.sample_weight is None
    unweighted = LogisticRegression().fit(X3[~mask], S3[~mask])
    assert np.array_equal(lnl.predict_proba(X3), unweighted.predict_proba(X3))


def test_module_is_reachable_from_the_package():
    import libcleanlab as cleanlab

    assert cleanlab.classification.CleanLearning is CleanLearning
    assert cleanlab.classification.LearningWithNoisyLabels is LearningWithNoisyLabels
    with pytest.raises(AttributeError):
        cleanlab.no_such_module  # noqa: B018


SEEN_N_VAL = []


class FitKwargs(LogisticRegression):
    """Records the extra fit keyword argument that validation_func supplies."""

    def fit(self, X, y, sample_weight=None, n_val=None):
        SEEN_N_VAL.append(n_val)
        return super().fit(X, y, sample_weight=sample_weight)


def test_cleanlearning_validation_func_and_label_issues_with_pred_probs():
    vf = lambda X_val, y_val: {"n_val": len(y_val)}  # noqa: E731
    SEEN_N_VAL.clear()
    both(dict(seed=3), dict(validation_func=vf), clf=FitKwargs, X=X3, s=S3)
    # per run: 5 CV fits with n_val = 48 (the holdout size), then the final fit without it;
    # cleanlab's run and libcleanlab's run record the same sequence
    assert SEEN_N_VAL == ([48] * 5 + [None]) * 2
    pp = cc.estimate_cv_predicted_probabilities(X3, S3, LogisticRegression(), seed=2)
    issues = cf.find_label_issues(S3, pp)
    ours, _ = both(dict(seed=3), dict(label_issues=issues, pred_probs=pp), X=X3, s=S3)
    assert "label_quality" in ours.get_label_issues()


def test_cleanlearning_list_labels_get_class_weights():
    cl = CleanLearning(LogisticRegression(), seed=0).fit(X3, list(S3))
    ref = CleanLearning(LogisticRegression(), seed=0).fit(X3, S3)
    assert np.array_equal(cl.predict_proba(X3), ref.predict_proba(X3))
    assert len(np.unique(cl.clf_final_kwargs["sample_weight"])) > 1


def test_lnl_uses_the_1x_pruning_module_when_present(monkeypatch):
    import sys
    import types

    calls = []

    def get_noise_indices(s, psx, inverse_noise_matrix=None, confident_joint=None, frac_noise=1.0,
                          num_to_remove_per_class=None, prune_method="prune_by_noise_rate",
                          sorted_index_method=None, multi_label=False, n_jobs=None, verbose=0):
        calls.append((prune_method, n_jobs, confident_joint is not None, inverse_noise_matrix is not None))
        return np.arange(len(s)) < 7

    fake = types.ModuleType("libcleanlab.pruning")
    fake.get_noise_indices = get_noise_indices
    monkeypatch.setitem(sys.modules, "libcleanlab.pruning", fake)
    lnl = LearningWithNoisyLabels(LogisticRegression(), seed=0, prune_method="both", n_jobs=1)
    lnl.fit(X3, S3)
    assert calls == [("both", 1, True, True)]
    assert lnl.noise_mask.sum() == 7 and lnl.noise_mask[:7].all()


@pytest.mark.parametrize("seed", range(6))
def test_cleanlearning_random_datasets(seed):
    rng = np.random.default_rng(100 + seed)
    k = int(rng.integers(2, 7))
    X, s, _ = data(int(rng.integers(60, 300)), k, 100 + seed, d=int(rng.integers(2, 5)),
                   noise=float(rng.uniform(0.05, 0.45)))
    ctor = dict(seed=seed, cv_n_folds=int(rng.integers(2, 6)),
                converge_latent_estimates=bool(rng.integers(0, 2)))
    if k == 2 and rng.random() < 0.5:
        ctor["pulearning"] = int(rng.integers(0, 2))
    both(ctor, X=X, s=s)


def test_cleanlearning_class_with_one_example():
    # the fold that holds the single example out trains without its class: cleanlab duplicates it
    X, s = X3.copy(), S3.copy()
    only = np.flatnonzero(s == 2)
    s[only[1:]] = 0
    ours, ref = both(dict(seed=1), X=X, s=s)
    assert ours.get_label_issues().shape[0] == len(s)
