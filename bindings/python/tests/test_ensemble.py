"""Parity of rank.get_label_quality_ensemble_scores and
filter.find_label_issues_using_argmax_confusion_matrix with cleanlab 2.9.0."""

import warnings

import numpy as np
import pytest

import cleanlab.filter
import cleanlab.rank
import libcleanlab.filter
import libcleanlab.rank
from conftest import tie_rule


def members(n, k, m, seed, dtypes=(np.float64,), missing=()):
    rng = np.random.default_rng(seed)
    true = rng.integers(0, k, n)
    labels = true.copy()
    flip = rng.random(n) < 0.25
    labels[flip] = rng.integers(0, k, int(flip.sum()))
    for c in missing:
        labels[labels == c] = (c + 1) % k
    out = []
    for j in range(m):
        logits = rng.normal(size=(n, k)) * (1 + j * 0.3) + (2.0 + j) * np.eye(k)[true]
        p = np.exp(logits)
        p /= p.sum(1, keepdims=True)
        out.append(p.astype(dtypes[j % len(dtypes)]))
    return labels, out


def run(mod, *args, **kwargs):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = mod.get_label_quality_ensemble_scores(*args, **kwargs)
    return out, [str(w.message) for w in rec if issubclass(w.category, UserWarning)]


SCHEMES = ["uniform", "accuracy", "log_loss_search", "custom"]
METHODS = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("k,m,seed", [(2, 3, 1), (5, 2, 2), (7, 4, 3)])
def test_ensemble_parity_float64(scheme, method, k, m, seed, capsys):
    labels, ps = members(300, k, m, seed)
    kw = dict(method=method, weight_ensemble_members_by=scheme)
    if scheme == "custom":
        kw["custom_weights"] = np.linspace(0.5, 2.0, m)
    ref, ref_w = run(cleanlab.rank, labels, ps, **kw)
    ref_out = capsys.readouterr().out
    ours, our_w = run(libcleanlab.rank, labels, ps, **kw)
    out = capsys.readouterr().out
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=0)
    if scheme != "log_loss_search":
        assert out == ref_out  # weights printed with every digit: exact
    else:
        assert out.splitlines()[:2] == ref_out.splitlines()[:2]
        ow = [float(s.split(":")[1]) for s in out.splitlines()[2:]]
        rw = [float(s.split(":")[1]) for s in ref_out.splitlines()[2:]]
        np.testing.assert_allclose(ow, rw, rtol=1e-12)
    assert our_w == ref_w


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("dtypes", [(np.float32,), (np.float16,), (np.float32, np.float64), (np.float16, np.float32)])
@pytest.mark.parametrize("adjust", [False, True])
def test_ensemble_parity_low_precision(scheme, dtypes, adjust, capsys):
    labels, ps = members(400, 4, 3, 7, dtypes=dtypes)
    kw = dict(weight_ensemble_members_by=scheme, adjust_pred_probs=adjust, verbose=False)
    if scheme == "custom":
        kw["custom_weights"] = [1, 2, 3]
    with tie_rule("low"):
        ref, _ = run(cleanlab.rank, labels, ps, **kw)
    ours, _ = run(libcleanlab.rank, labels, ps, **kw)
    assert ours.dtype == ref.dtype
    if scheme == "log_loss_search" and any(d != np.float64 for d in dtypes):
        # numpy's float32 log is not correctly rounded (libcleanlab's is): weights ~1e-7
        np.testing.assert_allclose(ours, ref, rtol=1e-6)
    else:
        np.testing.assert_array_equal(ours, ref) if scheme == "uniform" else \
            np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=0)


def test_ensemble_missing_class_and_single_member(capsys):
    labels, ps = members(200, 5, 2, 4, missing=(3,))
    for scheme in ["uniform", "accuracy", "custom"]:
        kw = dict(weight_ensemble_members_by=scheme, custom_weights=[0.3, 0.7] if scheme == "custom" else None)
        ref, _ = run(cleanlab.rank, labels, ps, **kw)
        ours, _ = run(libcleanlab.rank, labels, ps, **kw)
        np.testing.assert_allclose(ours, ref, rtol=1e-12)
    # sklearn's log_loss refuses a class absent from labels: both raise ValueError
    with pytest.raises(ValueError):
        cleanlab.rank.get_label_quality_ensemble_scores(labels, ps, weight_ensemble_members_by="log_loss_search")
    with pytest.raises(ValueError, match="different number of classes"):
        libcleanlab.rank.get_label_quality_ensemble_scores(labels, ps, weight_ensemble_members_by="log_loss_search")
    # one member: cleanlab's warning, same scores
    ref, ref_w = run(cleanlab.rank, labels, ps[:1])
    ours, our_w = run(libcleanlab.rank, labels, ps[:1])
    np.testing.assert_allclose(ours, ref, rtol=1e-12)
    assert our_w == ref_w and len(ref_w) == 1
    capsys.readouterr()


def test_ensemble_errors():
    labels, ps = members(50, 3, 2, 5)
    f = libcleanlab.rank.get_label_quality_ensemble_scores
    g = cleanlab.rank.get_label_quality_ensemble_scores
    cases = [
        (dict(pred_probs_list=tuple(ps)), AssertionError),
        (dict(pred_probs_list=[]), AssertionError),
        (dict(pred_probs_list=ps, custom_weights=[1, 1]), ValueError),
        (dict(pred_probs_list=ps, weight_ensemble_members_by="custom"), AssertionError),
        (dict(pred_probs_list=ps, weight_ensemble_members_by="custom", custom_weights=[1, 2, 3]), AssertionError),
        (dict(pred_probs_list=ps, weight_ensemble_members_by="bogus", verbose=False), ValueError),
        (dict(pred_probs_list=ps, method="bogus"), ValueError),
        (dict(pred_probs_list=ps, method="confidence_weighted_entropy", adjust_pred_probs=True), ValueError),
        (dict(pred_probs_list=[ps[0], ps[1][:-1]]), ValueError),
        (dict(pred_probs_list=[ps[0], ps[1] * 2]), ValueError),
    ]
    for kw, ref_type in cases:
        with pytest.raises(ref_type) as ref:
            g(labels, **kw)
        with pytest.raises(ValueError) as ours:
            f(labels, **kw)
        if ref_type is ValueError or str(ref.value):
            assert str(ref.value) in str(ours.value), (kw, str(ref.value), str(ours.value))
    with pytest.raises(ValueError, match="at least 2 classes"):
        f(np.zeros(50, dtype=int), ps)


FILTERS = ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning",
           "predicted_neq_given", "low_normalized_margin", "low_self_confidence"]


def user_warnings(rec):
    return [str(w.message) for w in rec if issubclass(w.category, UserWarning)]


@pytest.mark.parametrize("filter_by", FILTERS)
@pytest.mark.parametrize("calibrate", [True, False])
@pytest.mark.parametrize("k,seed,dtype,missing", [(2, 1, np.float64, ()), (4, 2, np.float32, ()),
                                                  (6, 3, np.float64, (2,)), (12, 4, np.float32, ())])
def test_argmax_confusion_parity(filter_by, calibrate, k, seed, dtype, missing, monkeypatch):
    # cleanlab's find_label_issues would use a process pool here (its warnings then stay in the
    # workers); run it in-process, as the conftest reference does
    orig = cleanlab.filter.find_label_issues
    monkeypatch.setattr(cleanlab.filter, "find_label_issues", lambda *a, **kw: orig(*a, n_jobs=1, **kw))
    labels, ps = members(500, k, 1, seed, dtypes=(dtype,), missing=missing)
    p = ps[0]
    for ties in ("low", None):
        with warnings.catch_warnings(record=True) as rr, tie_rule(ties):
            warnings.simplefilter("always")
            ref = cleanlab.filter.find_label_issues_using_argmax_confusion_matrix(
                labels, p, calibrate=calibrate, filter_by=filter_by)
        with warnings.catch_warnings(record=True) as ro:
            warnings.simplefilter("always")
            ours = libcleanlab.filter.find_label_issues_using_argmax_confusion_matrix(
                labels, p, calibrate=calibrate, filter_by=filter_by)
        if ties == "low":
            assert ours.dtype == ref.dtype and np.array_equal(ours, ref)
            assert user_warnings(ro) == user_warnings(rr)
        elif k <= 6:
            assert np.array_equal(ours, ref)  # tie-free at small K


def test_argmax_confusion_errors():
    labels, ps = members(100, 4, 1, 9)
    p = ps[0]
    f = libcleanlab.filter.find_label_issues_using_argmax_confusion_matrix
    with pytest.raises(ValueError, match="not a valid filter_by"):
        f(labels, p, filter_by="bogus")
    # a class neither given nor predicted: cleanlab fails with an IndexError
    p2 = p.copy()
    p2[:, 3] = 0
    y2 = labels % 3
    with pytest.raises(IndexError):
        cleanlab.filter.find_label_issues_using_argmax_confusion_matrix(y2, p2)
    with pytest.raises(ValueError, match="neither in labels nor as the argmax"):
        f(y2, p2)
    for bad_labels, bad_p, pattern in [
        (labels[:-1], p, "same length"),
        (np.zeros(100, dtype=int), p, "at least 2 classes"),
        (labels, p * 2, "between 0 and 1"),
        (labels + 4, p, "at least"),
    ]:
        with pytest.raises(ValueError, match=pattern):
            f(bad_labels, bad_p)
