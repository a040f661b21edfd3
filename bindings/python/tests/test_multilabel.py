"""Parity of libcleanlab's multi-label functions with cleanlab 2.9.0:
multilabel_classification.{filter,rank,dataset}, internal.multilabel_scorer and
count.*(multi_label=True). cleanlab runs in-process (n_jobs=1) and, where ties can matter, with
stable argsorts / sort_values (the libcleanlab rule); the tie-free checks compare with plain
cleanlab."""

import warnings

import numpy as np
import pandas as pd
import pytest

import cleanlab.count
import cleanlab.internal.multilabel_scorer as ref_scorer
import cleanlab.multilabel_classification.dataset as ref_dataset
import cleanlab.multilabel_classification.filter as ref_filter
import cleanlab.multilabel_classification.rank as ref_rank
import libcleanlab.count
import libcleanlab.internal.multilabel_scorer as our_scorer
import libcleanlab.multilabel_classification.dataset as our_dataset
import libcleanlab.multilabel_classification.filter as our_filter
import libcleanlab.multilabel_classification.rank as our_rank
from conftest import stable_pandas_sort as stable
from conftest import tie_rule

def make(n, k, seed, dtype=np.float64, noise=0.1, absent=(), everywhere=()):
    rng = np.random.default_rng(seed)
    true = rng.random((n, k)) < 0.35
    p = np.clip(true * 0.65 + rng.random((n, k)) * 0.4, 0, 1).astype(dtype)
    given = true ^ (rng.random((n, k)) < noise)
    for c in absent:
        given[:, c] = False
    for c in everywhere:
        given[:, c] = True
    labels = [[int(c) for c in np.flatnonzero(r)] for r in given]
    return labels, p


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            out = fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001
            out = e
    return out, [str(w.message) for w in rec if issubclass(w.category, UserWarning)
                 and not issubclass(w.category, DeprecationWarning)]


def same_exc(a, b):
    return isinstance(a, Exception) and isinstance(b, Exception) and isinstance(a, ValueError) == isinstance(b, ValueError)


FILTERS = ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning",
           "predicted_neq_given", "low_normalized_margin", "low_self_confidence"]
DATA = [(300, 3, 1, np.float64, ()), (400, 6, 2, np.float32, (4,)), (250, 2, 3, np.float16, ()),
        (500, 11, 4, np.float64, ())]


@pytest.mark.parametrize("filter_by", FILTERS)
@pytest.mark.parametrize("rank_by", [None, "self_confidence", "normalized_margin", "confidence_weighted_entropy"])
@pytest.mark.parametrize("n,k,seed,dtype,absent", DATA)
def test_find_label_issues(filter_by, rank_by, n, k, seed, dtype, absent):
    labels, p = make(n, k, seed, dtype, absent=absent)
    with stable():
        ref, rw = quiet(ref_filter.find_label_issues, labels, p, return_indices_ranked_by=rank_by,
                        filter_by=filter_by, n_jobs=1)
    ours, ow = quiet(our_filter.find_label_issues, labels, p, return_indices_ranked_by=rank_by, filter_by=filter_by)
    if isinstance(ref, Exception):
        assert same_exc(ours, ref), (ref, ours)
        return
    assert not isinstance(ours, Exception), ours
    assert ours.dtype == ref.dtype and np.array_equal(ours, ref)
    assert ow == rw


@pytest.mark.parametrize("filter_by", ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning",
                                       "low_self_confidence"])
def test_find_label_issues_options(filter_by):
    labels, p = make(400, 5, 7)
    cj = cleanlab.count.compute_confident_joint(labels, p, multi_label=True)
    cases = [dict(min_examples_per_class=150), dict(frac_noise=0.5), dict(confident_joint=cj),
             dict(confident_joint=np.ones((5, 5))), dict(rank_by_kwargs={"adjust_pred_probs": True},
                                                         return_indices_ranked_by="self_confidence")]
    if filter_by.startswith("prune") or filter_by in ("both", "low_self_confidence"):
        # (low_*: cleanlab's counting pass ignores it, so it is accepted there)
        cases.append(dict(num_to_remove_per_class=[3, 1, 4, 1, 5]))
    if filter_by == "confident_learning":
        cases.append(dict(num_to_remove_per_class=[3, 1, 4, 1, 5]))  # ValueError in both
    for kw in cases:
        with stable():
            ref, rw = quiet(ref_filter.find_label_issues, labels, p, filter_by=filter_by, n_jobs=1, **kw)
        ours, ow = quiet(our_filter.find_label_issues, labels, p, filter_by=filter_by, **kw)
        if isinstance(ref, Exception):
            assert same_exc(ours, ref), (kw, ref, ours)
            continue
        assert np.array_equal(ours, ref), kw
        assert ow == rw, kw


@pytest.mark.parametrize("rank_by", [None, "self_confidence"])
@pytest.mark.parametrize("filter_by", ["prune_by_noise_rate", "confident_learning", "low_self_confidence"])
def test_per_class(rank_by, filter_by):
    labels, p = make(300, 4, 8, np.float32, absent=(2,))
    with stable():
        ref, rw = quiet(ref_filter.find_multilabel_issues_per_class, labels, p, return_indices_ranked_by=rank_by,
                        filter_by=filter_by, n_jobs=1)
    ours, ow = quiet(our_filter.find_multilabel_issues_per_class, labels, p, return_indices_ranked_by=rank_by,
                     filter_by=filter_by)
    if isinstance(ref, Exception):
        assert same_exc(ours, ref), (ref, ours)
        return
    assert ow == rw
    if rank_by is None:
        assert ours.dtype == ref.dtype and ours.shape == ref.shape and np.array_equal(ours, ref)
    else:
        for a, b in zip(ours, ref):
            assert len(a) == len(b)
            for x, y in zip(a, b):
                assert np.array_equal(x, y) and x.dtype == y.dtype


def test_class_in_every_example_fails_like_cleanlab():
    labels, p = make(100, 3, 9, everywhere=(1,))
    ref, _ = quiet(ref_filter.find_label_issues, labels, p, n_jobs=1)
    ours, _ = quiet(our_filter.find_label_issues, labels, p)
    assert isinstance(ref, ValueError) and isinstance(ours, ValueError)
    assert "at least 2 classes" in str(ours) and "class 1" in str(ours)


def test_filter_errors():
    labels, p = make(100, 3, 10)
    f = our_filter.find_label_issues
    with pytest.raises(ValueError, match="shape"):
        f(labels, p, confident_joint=np.zeros((3, 3, 3)))
    with pytest.raises(ValueError, match="not a valid filter_by"):
        f(labels, p, filter_by="bogus")
    with pytest.raises(ValueError, match="Invalid method name"):
        f(labels, p, return_indices_ranked_by="bogus")
    with pytest.raises(ValueError, match="wrong format"):
        f([1, 2, 0] * 33 + [1], p)
    with pytest.raises(ValueError, match="same length"):
        f(labels[:-1], p)
    with pytest.raises(ValueError, match="class 3"):
        f(labels[:-1] + [[3]], p)
    with pytest.raises(ValueError, match="between 0 and 1"):
        f(labels, p * 3)
    with pytest.raises(ValueError, match="not supported"):
        f(labels, p, filter_by="confident_learning", num_to_remove_per_class=[1, 1, 1])
    with pytest.raises(ValueError, match="adjust_pred_probs"):
        f(labels, p, return_indices_ranked_by="confidence_weighted_entropy",
          rank_by_kwargs={"adjust_pred_probs": True})


@pytest.mark.parametrize("method", ["self_confidence", "normalized_margin", "confidence_weighted_entropy"])
@pytest.mark.parametrize("adjust", [False, True])
@pytest.mark.parametrize("agg", [None, {"method": "exponential_moving_average", "alpha": 0.8},
                                 {"method": "exponential_moving_average"}, {"method": "softmin"},
                                 {"method": "softmin", "temperature": 0.5}, {"method": np.min}])
@pytest.mark.parametrize("n,k,seed,dtype,absent", DATA[:3])
def test_rank_scores(method, adjust, agg, n, k, seed, dtype, absent):
    labels, p = make(n, k, seed, dtype, absent=absent)
    kw = dict(method=method, adjust_pred_probs=adjust)
    if agg is not None:
        kw["aggregator_kwargs"] = agg
    ref, _ = quiet(ref_rank.get_label_quality_scores, labels, p, **kw)
    ours, _ = quiet(our_rank.get_label_quality_scores, labels, p, **kw)
    if isinstance(ref, Exception):
        assert same_exc(ours, ref) and str(ref) == str(ours), (ref, ours)
        return
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    if method == "confidence_weighted_entropy" or (agg and agg["method"] == "softmin"):
        np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-300)
    else:
        np.testing.assert_array_equal(ours, ref)
    ref_pc, _ = quiet(ref_rank.get_label_quality_scores_per_class, labels, p, method=method, adjust_pred_probs=adjust)
    ours_pc, _ = quiet(our_rank.get_label_quality_scores_per_class, labels, p, method=method, adjust_pred_probs=adjust)
    if isinstance(ref_pc, Exception):
        assert same_exc(ours_pc, ref_pc)
    else:
        np.testing.assert_allclose(ours_pc, ref_pc, rtol=1e-12, atol=1e-300)


def test_rank_errors():
    labels, p = make(60, 3, 11)
    for kw in [dict(method="bogus"), dict(aggregator_kwargs={"method": "bogus"}),
               dict(aggregator_kwargs={"method": "exponential_moving_average", "alpha": 1.5})]:
        ref, _ = quiet(ref_rank.get_label_quality_scores, labels, p, **kw)
        ours, _ = quiet(our_rank.get_label_quality_scores, labels, p, **kw)
        assert isinstance(ref, ValueError) and isinstance(ours, ValueError) and str(ref) == str(ours), kw
    ref, _ = quiet(ref_rank.get_label_quality_scores, labels, p, aggregator_kwargs={"method": 3})
    ours, _ = quiet(our_rank.get_label_quality_scores, labels, p, aggregator_kwargs={"method": 3})
    assert type(ref) is TypeError and type(ours) is TypeError
    # strict multi-label format check: every class in every example (one-hot all 1)
    full = [[0, 1, 2] for _ in range(60)]
    ref, _ = quiet(ref_rank.get_label_quality_scores, full, p)
    ours, _ = quiet(our_rank.get_label_quality_scores, full, p)
    assert str(ref) == str(ours) == "Labels must be in multi-label format."
    # no label at all: cleanlab fails in its validation (max() of an empty sequence)
    empty = [[] for _ in range(60)]
    ref, _ = quiet(ref_rank.get_label_quality_scores, empty, p)
    ours, _ = quiet(our_rank.get_label_quality_scores, empty, p)
    assert isinstance(ref, ValueError) and isinstance(ours, ValueError)
    for bad, exc in [(np.zeros(60), None), (labels, "list")]:
        ref, _ = quiet(ref_rank.get_label_quality_scores, bad, p if exc is None else p.tolist())
        ours, _ = quiet(our_rank.get_label_quality_scores, bad, p if exc is None else p.tolist())
        assert isinstance(ref, Exception) and isinstance(ours, Exception)
    ref, _ = quiet(ref_rank.get_label_quality_scores, labels[:-1] + [[5]], p)
    ours, _ = quiet(our_rank.get_label_quality_scores, labels[:-1] + [[5]], p)
    assert str(ref) == str(ours)


def test_scorer_classes():
    labels, p = make(200, 4, 12)
    y = np.zeros((200, 4), dtype=int)
    for i, r in enumerate(labels):
        y[i, r] = 1
    for base in ["SELF_CONFIDENCE", "NORMALIZED_MARGIN", "CONFIDENCE_WEIGHTED_ENTROPY"]:
        for agg in [("exponential_moving_average", {}), ("softmin", {"temperature": 0.3}),
                    ("exponential_moving_average", {"alpha": 0.3})]:
            rs = ref_scorer.MultilabelScorer(getattr(ref_scorer.ClassLabelScorer, base), ref_scorer.Aggregator(agg[0], **agg[1]))
            os_ = our_scorer.MultilabelScorer(getattr(our_scorer.ClassLabelScorer, base), our_scorer.Aggregator(agg[0], **agg[1]))
            np.testing.assert_allclose(os_(y, p), rs(y, p), rtol=1e-12)
            np.testing.assert_allclose(our_scorer.get_label_quality_scores(y, p, method=os_),
                                       ref_scorer.get_label_quality_scores(y, p, method=rs), rtol=1e-12)
    s = np.random.default_rng(1).random((50, 6))
    np.testing.assert_array_equal(our_scorer.exponential_moving_average(s), ref_scorer.exponential_moving_average(s))
    np.testing.assert_array_equal(our_scorer.exponential_moving_average(s, alpha=0.1),
                                  ref_scorer.exponential_moving_average(s, alpha=0.1))
    np.testing.assert_allclose(our_scorer.softmin(s), ref_scorer.softmin(s), rtol=1e-12)
    np.testing.assert_allclose(our_scorer.softmin(s, temperature=0), ref_scorer.softmin(s, temperature=0), rtol=1e-12)
    with pytest.raises(ValueError, match="Invalid method name"):
        our_scorer.ClassLabelScorer.from_str("nope")
    with pytest.raises(ValueError, match="Invalid aggregation method"):
        our_scorer.Aggregator("nope")
    with pytest.raises(TypeError, match="Expected callable"):
        our_scorer.Aggregator(3)
    with pytest.raises(ValueError, match="multi-label format"):
        our_scorer.MultilabelScorer()(np.zeros((200, 4), dtype=int), p)
    with pytest.raises(ValueError, match="same shape"):
        our_scorer.MultilabelScorer()(y, p[:, :3])
    with pytest.raises(ValueError, match="alpha"):
        our_scorer.exponential_moving_average(s, alpha=-0.5)
    assert our_scorer.ClassLabelScorer.from_str("self_confidence") is our_scorer.ClassLabelScorer.SELF_CONFIDENCE
    yb = y[:, 0]
    pb = np.vstack((1 - p[:, 0], p[:, 0])).T
    for name in ["SELF_CONFIDENCE", "NORMALIZED_MARGIN"]:
        for adj in (False, True):
            np.testing.assert_array_equal(getattr(our_scorer.ClassLabelScorer, name)(yb, pb, adjust_pred_probs=adj),
                                          getattr(ref_scorer.ClassLabelScorer, name)(yb, pb, adjust_pred_probs=adj))
    np.testing.assert_array_equal(our_scorer.multilabel_py(y), ref_scorer.multilabel_py(y))


@pytest.mark.parametrize("n,k,seed,dtype,absent", DATA)
def test_count_multi_label(n, k, seed, dtype, absent):
    labels, p = make(n, k, seed, dtype, absent=absent)
    rc, oc = cleanlab.count, libcleanlab.count
    a = rc.get_confident_thresholds(labels, p, multi_label=True)
    b = oc.get_confident_thresholds(labels, p, multi_label=True)
    assert a.dtype == b.dtype and np.array_equal(a, b)
    for cal in (True, False):
        with tie_rule("low"):
            a = rc.compute_confident_joint(labels, p, multi_label=True, calibrate=cal, return_indices_of_off_diagonals=True)
        b = oc.compute_confident_joint(labels, p, multi_label=True, calibrate=cal, return_indices_of_off_diagonals=True)
        assert a[0].dtype == b[0].dtype and np.array_equal(a[0], b[0])
        assert len(a[1]) == len(b[1]) and all(np.array_equal(x, y) for x, y in zip(a[1], b[1]))
        assert np.array_equal(rc.compute_confident_joint(labels, p, multi_label=True, calibrate=cal, thresholds=[0.4, 0.6]),
                              oc.compute_confident_joint(labels, p, multi_label=True, calibrate=cal, thresholds=[0.4, 0.6]))
    with tie_rule("low"):
        cj = rc.compute_confident_joint(labels, p, multi_label=True, calibrate=False)
        ref_cal = rc.calibrate_confident_joint(cj, labels, multi_label=True)
        ref_joint = rc.estimate_joint(labels, p, multi_label=True)
        ref_joint_cj = rc.estimate_joint(labels, p, confident_joint=cj, multi_label=True)
    if not absent:
        assert np.array_equal(oc.calibrate_confident_joint(cj, labels, multi_label=True), ref_cal)
    else:
        # cleanlab infers K from the distinct classes in labels here (ignoring the joint), so
        # with an absent class it drops rows and ignores the highest class; libcleanlab keeps
        # K = len(confident_joint) and calibrates every class with its own binary labels
        ours_cal = oc.calibrate_confident_joint(cj, labels, multi_label=True)
        assert ours_cal.shape == cj.shape and len(ref_cal) < len(cj)
        for c in range(len(cj)):
            if c not in absent:
                y = np.array([int(c in r) for r in labels])
                assert np.array_equal(ours_cal[c], rc.calibrate_confident_joint(cj[c], y))
    np.testing.assert_allclose(oc.estimate_joint(labels, p, multi_label=True), ref_joint, rtol=1e-12)
    np.testing.assert_allclose(oc.estimate_joint(labels, p, confident_joint=cj, multi_label=True), ref_joint_cj, rtol=1e-12)
    ref, rw = quiet(rc.num_label_issues, labels, p, multi_label=True)
    ours, ow = quiet(oc.num_label_issues, labels, p, multi_label=True)
    assert ours == ref and type(ours) is type(ref) and ow == rw
    ref, rw = quiet(rc.num_label_issues, labels, p, multi_label=True, confident_joint=cj)
    ours, ow = quiet(oc.num_label_issues, labels, p, multi_label=True, confident_joint=cj)
    assert ours == ref and ow == rw


def test_count_multi_label_errors():
    labels, p = make(50, 3, 13)
    for fn, args in [("compute_confident_joint", (np.array(labels, dtype=object), p)),
                     ("estimate_joint", (tuple(labels), p))]:
        with pytest.raises(TypeError, match="must be list"):
            getattr(libcleanlab.count, fn)(*args, multi_label=True)
    with pytest.raises(TypeError, match="must be list"):
        libcleanlab.count.calibrate_confident_joint(np.ones((3, 2, 2)), tuple(labels), multi_label=True)
    with pytest.raises(ValueError, match="shape"):
        libcleanlab.count.calibrate_confident_joint(np.ones((3, 3)), labels, multi_label=True)


def assert_same_frame(ours, ref):
    assert list(ours.columns) == list(ref.columns)
    assert ours.index.equals(ref.index)
    for c in ref.columns:
        assert ours[c].dtype == ref[c].dtype, c
        if ref[c].dtype.kind == "f":
            np.testing.assert_allclose(ours[c].to_numpy(), ref[c].to_numpy(), rtol=1e-12)
        else:
            assert ours[c].tolist() == ref[c].tolist(), c


@pytest.mark.parametrize("n,k,seed,dtype,absent", DATA[:3])
def test_dataset(n, k, seed, dtype, absent, capsys, monkeypatch):
    # cleanlab's per-class calls would start a process pool each (slow; warnings lost)
    import cleanlab.filter

    orig = cleanlab.filter.find_label_issues
    monkeypatch.setattr(cleanlab.filter, "find_label_issues", lambda *a, **kw: orig(*a, **{**kw, "n_jobs": 1}))
    labels, p = make(n, k, seed, dtype, absent=absent)
    names = [f"c{i}" for i in range(k)]
    cj = cleanlab.count.compute_confident_joint(labels, p, multi_label=True)
    with stable():
        for kw in [dict(), dict(class_names=names), dict(confident_joint=cj)]:
            a, _ = quiet(ref_dataset.common_multilabel_issues, labels, p, **kw)
            b, _ = quiet(our_dataset.common_multilabel_issues, labels, p, **kw)
            assert_same_frame(b, a)
            kw2 = {("joint" if key == "confident_joint" else key): v for key, v in kw.items()}
            a, _ = quiet(ref_dataset.rank_classes_by_multilabel_quality, labels, p, **kw2)
            b, _ = quiet(our_dataset.rank_classes_by_multilabel_quality, labels, p, **kw2)
            assert_same_frame(b, a)
        a = ref_dataset.overall_multilabel_health_score(labels, p)
        b = our_dataset.overall_multilabel_health_score(labels, p)
        assert a == b and type(a) is type(b)
        capsys.readouterr()
        ra, _ = quiet(ref_dataset.multilabel_health_summary, labels, p, class_names=names)
        ref_out = capsys.readouterr().out
        rb, _ = quiet(our_dataset.multilabel_health_summary, labels, p, class_names=names)
        out = capsys.readouterr().out
    assert out == ref_out
    assert list(ra) == list(rb) and ra["overall_multilabel_health_score"] == rb["overall_multilabel_health_score"]
    assert_same_frame(rb["classes_by_multilabel_quality"], ra["classes_by_multilabel_quality"])
    assert_same_frame(rb["common_multilabel_issues"], ra["common_multilabel_issues"])
    with pytest.raises(ValueError, match="num_examples is None"):
        our_dataset.overall_multilabel_health_score(None, p)


def test_thread_count_does_not_change_results():
    import libcleanlab
    import libcleanlab.rank

    labels, p = make(3000, 6, 14, np.float32)
    rng = np.random.default_rng(2)
    y1 = rng.integers(0, 6, 3000)
    members = [p / p.sum(1, keepdims=True), np.roll(p, 1, axis=1) / p.sum(1, keepdims=True)]
    results = []
    try:
        for t in (1, 2):
            libcleanlab.set_num_threads(t)
            results.append((
                our_filter.find_label_issues(labels, p, return_indices_ranked_by="self_confidence"),
                our_rank.get_label_quality_scores(labels, p),
                libcleanlab.count.compute_confident_joint(labels, p, multi_label=True),
                libcleanlab.rank.get_label_quality_ensemble_scores(y1, members, verbose=False,
                                                                   weight_ensemble_members_by="log_loss_search"),
            ))
    finally:
        libcleanlab.set_num_threads(0)
    for a, b in zip(*results):
        assert np.array_equal(a, b)


# --------------------------------------------------------------------------------------------
# low_memory=True: every class through find_label_issues_batched. libcleanlab's batched result is
# exact by default (filter.find_label_issues with the matching low_* filter), where cleanlab's is
# an approximation: cleanlab is run with its batched function replaced by exactly that.
# --------------------------------------------------------------------------------------------
def _exact_batched(labels=None, pred_probs=None, *, quality_score_kwargs=None, return_mask=False, **_):
    import cleanlab.filter

    method = (quality_score_kwargs or {}).get("method", "self_confidence")
    filter_by = "low_normalized_margin" if method == "normalized_margin" else "low_self_confidence"
    mask = cleanlab.filter.find_label_issues(labels, pred_probs, filter_by=filter_by)
    return mask if return_mask else np.flatnonzero(mask)


@pytest.mark.parametrize("rank_by", [None, "self_confidence", "normalized_margin"])
@pytest.mark.parametrize("n,k,seed,dtype,absent", DATA[:3])
def test_low_memory_matches_cleanlab_with_exact_batches(monkeypatch, rank_by, n, k, seed, dtype, absent):
    import cleanlab.experimental.label_issues_batched as ref_batched

    labels, p = make(n, k, seed, dtype, absent=absent)
    monkeypatch.setattr(ref_batched, "find_label_issues_batched", _exact_batched)
    with tie_rule("low"):
        ref, ref_w = quiet(ref_filter.find_label_issues, labels, p, return_indices_ranked_by=rank_by,
                           low_memory=True)
        ref_pc, _ = quiet(ref_filter.find_multilabel_issues_per_class, labels, p,
                          return_indices_ranked_by=rank_by, low_memory=True)
    ours, our_w = quiet(our_filter.find_label_issues, labels, p, return_indices_ranked_by=rank_by,
                        low_memory=True, verbose=False)
    ours_pc, _ = quiet(our_filter.find_multilabel_issues_per_class, labels, p,
                       return_indices_ranked_by=rank_by, low_memory=True, verbose=False)
    if isinstance(ref, Exception):  # a class absent from the labels: one-class binary problem
        assert same_exc(ours, ref) and str(ref) in str(ours), (ours, ref)
        return
    np.testing.assert_array_equal(ours, ref)
    assert 0 < np.count_nonzero(ours if rank_by is None else np.ones(len(ours))) < n
    if rank_by is None:
        np.testing.assert_array_equal(ours_pc, ref_pc)
    else:
        for a, b in zip(ours_pc[0], ref_pc[0]):
            np.testing.assert_array_equal(a, b)
        for a, b in zip(ours_pc[2], ref_pc[2]):
            np.testing.assert_array_equal(a, b)


def test_low_memory_warns_about_ignored_options():
    labels, p = make(200, 3, 5)
    _, ref_w = quiet(ref_filter.find_label_issues, labels, p, filter_by="both", frac_noise=0.5,
                     rank_by_kwargs={"adjust_pred_probs": True}, low_memory=True, verbose=False)
    _, our_w = quiet(our_filter.find_label_issues, labels, p, filter_by="both", frac_noise=0.5,
                     rank_by_kwargs={"adjust_pred_probs": True}, low_memory=True, verbose=False)
    assert our_w == ref_w and len(our_w) == 3


# --------------------------------------------------------------------------------------------
# the deprecated multi_label=True of filter.find_label_issues / find_predicted_neq_given
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("filter_by,rank_by", [("prune_by_noise_rate", None), ("both", "self_confidence"),
                                               ("low_self_confidence", None)])
@pytest.mark.parametrize("n,k,seed,dtype,absent", DATA)
def test_filter_multi_label_true(filter_by, rank_by, n, k, seed, dtype, absent):
    import cleanlab.filter
    import libcleanlab.filter

    labels, p = make(n, k, seed, dtype, absent=absent)
    with tie_rule("low"):
        ref, ref_w = quiet(cleanlab.filter.find_label_issues, labels, p, filter_by=filter_by,
                           return_indices_ranked_by=rank_by, multi_label=True, n_jobs=1)
    ours, our_w = quiet(libcleanlab.filter.find_label_issues, labels, p, filter_by=filter_by,
                        return_indices_ranked_by=rank_by, multi_label=True, n_jobs=1)
    if isinstance(ref, Exception):
        assert same_exc(ours, ref), (ours, ref)
    else:
        np.testing.assert_array_equal(ours, ref)
    ref_neq, _ = quiet(cleanlab.filter.find_predicted_neq_given, labels, p, multi_label=True)
    ours_neq, _ = quiet(libcleanlab.filter.find_predicted_neq_given, labels, p, multi_label=True)
    if isinstance(ref_neq, Exception):  # a class absent from every example's labels
        assert same_exc(ours_neq, ref_neq) and str(ref_neq) in str(ours_neq), (ours_neq, ref_neq)
        return
    np.testing.assert_array_equal(ours_neq, ref_neq)
    assert 0 < ours_neq.sum() < n
    with pytest.warns(DeprecationWarning, match="multi_label argument to filter.find_label_issues"):
        libcleanlab.filter.find_label_issues(labels, p, multi_label=True)
