"""libcleanlab.experimental.label_issues_batched against cleanlab 2.9.0:

* exact mode (default): equal to the in-memory cleanlab functions (find_label_issues with
  low_self_confidence / low_normalized_margin; num_label_issues; get_label_quality_scores;
  get_confident_thresholds);
* exact=False: equal to cleanlab's own experimental.label_issues_batched (its approximation);
* cleanlab's ValueErrors.
"""

import numpy as np
import pytest

import cleanlab.count
import cleanlab.filter
import cleanlab.rank
from cleanlab.experimental import label_issues_batched as ref_batched

import libcleanlab
from libcleanlab.experimental import label_issues_batched as lb

from conftest import call, make_data, tie_rule


def _cleanlab_exact(y, p, method="self_confidence", adjust=False, estimation="off_diagonal"):
    """What the exact mode computes, from cleanlab's in-memory functions."""
    with tie_rule("low"):
        if not adjust and estimation == "off_diagonal" and method in ("self_confidence", "normalized_margin"):
            return cleanlab.filter.find_label_issues(y, p, filter_by="low_" + method, n_jobs=1)
        scores = cleanlab.rank.get_label_quality_scores(y, p, method=method, adjust_pred_probs=adjust)
        num = cleanlab.count.num_label_issues(y, p, estimation_method=estimation)
        mask = np.zeros(len(y), dtype=bool)
        mask[cleanlab.rank.find_top_issues(scores, top=num)] = True
        return mask


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("batch_size", [1, 7, 1000, 10000])
def test_exact_default_equals_find_label_issues(dtype, batch_size):
    y, p = make_data(3 + batch_size % 97, 500 if batch_size > 1 else 120, 5, dtype)
    ref = _cleanlab_exact(y, p)
    mask = lb.find_label_issues_batched(y, p, batch_size=batch_size, verbose=False, return_mask=True)
    assert mask.dtype == bool and np.array_equal(mask, ref)
    idx = lb.find_label_issues_batched(y, p, batch_size=batch_size, verbose=False)
    assert np.array_equal(idx, np.flatnonzero(ref))  # sorted by index, as cleanlab's code returns


@pytest.mark.parametrize("qkw,nkw", [
    ({"method": "normalized_margin"}, None),
    ({"adjust_pred_probs": True}, None),
    ({"method": "normalized_margin", "adjust_pred_probs": True}, {"estimation_method": "off_diagonal_calibrated"}),
    ({"method": "confidence_weighted_entropy"}, None),
    (None, {"estimation_method": "off_diagonal_calibrated"}),
])
def test_exact_options(qkw, nkw):
    y, p = make_data(11, 700, 6, np.float32, missing=(4,))
    q = qkw or {}
    ref = _cleanlab_exact(y, p, q.get("method", "self_confidence"), q.get("adjust_pred_probs", False),
                          (nkw or {}).get("estimation_method", "off_diagonal"))
    mask = lb.find_label_issues_batched(y, p, batch_size=64, verbose=False, return_mask=True,
                                        quality_score_kwargs=qkw, num_issue_kwargs=nkw)
    assert np.array_equal(mask, ref)


@pytest.mark.parametrize("dtype,missing", [(np.float32, ()), (np.float16, (2,)), (np.float64, (0, 4))])
def test_exact_label_inspector_matches_in_memory_cleanlab(dtype, missing):
    y, p = make_data(13, 900, 5, dtype, missing=missing)
    for qkw in [{}, {"method": "normalized_margin", "adjust_pred_probs": True}]:
        lab = lb.LabelInspector(num_class=5, verbose=False, quality_score_kwargs=qkw)
        for i in range(0, 900, 128):
            lab.update_confident_thresholds(y[i:i + 128], p[i:i + 128])
        t = lab.get_confident_thresholds()
        assert np.array_equal(t, np.asarray(cleanlab.count.get_confident_thresholds(y, p), dtype=np.float64))
        parts = [lab.score_label_quality(y[i:i + 300], p[i:i + 300]) for i in range(0, 900, 300)]
        scores = lab.get_quality_scores()
        ref_scores = cleanlab.rank.get_label_quality_scores(y, p, **qkw)
        assert scores.dtype == ref_scores.dtype and np.array_equal(scores, ref_scores)
        assert np.array_equal(np.concatenate(parts), ref_scores)
        assert lab.get_num_issues() == cleanlab.count.num_label_issues(y, p)
        with tie_rule("low"):
            top = cleanlab.rank.find_top_issues(ref_scores, top=cleanlab.count.num_label_issues(y, p))
        assert np.array_equal(lab.get_label_issues(), top)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("qkw,nkw", [
    (None, None),
    ({"method": "normalized_margin"}, None),
    ({"adjust_pred_probs": True}, None),
    (None, {"estimation_method": "off_diagonal_calibrated"}),
    ({"method": "confidence_weighted_entropy"}, None),
])
def test_approximate_mode_matches_cleanlab_batched(dtype, qkw, nkw):
    y, p = make_data(17, 1500, 6, dtype, gen="softmax")
    for bs in (100, 777, 5000):
        ours = lb.find_label_issues_batched(y, p, batch_size=bs, verbose=False, exact=False,
                                            quality_score_kwargs=qkw, num_issue_kwargs=nkw, return_mask=True)
        with tie_rule("low"):
            ref = ref_batched.find_label_issues_batched(y, p, batch_size=bs, verbose=False, quality_score_kwargs=qkw,
                                                        num_issue_kwargs=nkw, return_mask=True)
        assert np.array_equal(ours, ref), (bs, int(ours.sum()), int(ref.sum()))


def test_approximate_label_inspector_matches_cleanlab():
    y, p = make_data(19, 1200, 4, np.float32, gen="softmax")
    for qkw in [{}, {"adjust_pred_probs": True, "method": "normalized_margin"}]:
        ours = lb.LabelInspector(num_class=4, verbose=False, quality_score_kwargs=qkw, exact=False)
        ref = ref_batched.LabelInspector(num_class=4, verbose=False, quality_score_kwargs=qkw)
        for i in range(0, 600, 250):  # thresholds from a subset, as cleanlab allows
            ours.update_confident_thresholds(y[i:i + 250], p[i:i + 250])
            ref.update_confident_thresholds(y[i:i + 250], p[i:i + 250])
        assert np.array_equal(ours.get_confident_thresholds(), ref.get_confident_thresholds())
        for i in range(0, 1200, 400):
            a = ours.score_label_quality(y[i:i + 400], p[i:i + 400])
            b = ref.score_label_quality(y[i:i + 400], p[i:i + 400])
            assert a.dtype == b.dtype and np.array_equal(a, b)
        assert ours.get_num_issues() == ref.get_num_issues()
        assert np.array_equal(ours.get_quality_scores(), ref.get_quality_scores())
        with tie_rule("low"):
            assert np.array_equal(ours.get_label_issues(), ref.get_label_issues())


def test_exact_and_approximate_differ_and_exact_is_right():
    """On data where cleanlab's approximation is off, the exact default is find_label_issues.

    100 rows labelled 2 have p = [0.55, 0.45, 0]: class 0 (the argmax) is not confident, class 1
    (threshold ~0.37, from 1500 low-confidence rows) is. The confident joint counts them as
    issues; cleanlab's batched count (argmax-based) does not."""
    rng = np.random.default_rng(3)
    y0, p0 = make_data(23, 1000, 3, np.float64)
    p = np.vstack([p0, np.tile([0.32, 0.36, 0.32], (1500, 1)), np.tile([0.55, 0.45, 0.0], (100, 1))])
    y = np.concatenate([y0, np.full(1500, 1), np.full(100, 2)])
    p = p + rng.random(p.shape) * 1e-3
    p /= p.sum(axis=1, keepdims=True)
    order = rng.permutation(len(y))
    p, y = p[order], y[order]
    exact = lb.find_label_issues_batched(y, p, batch_size=100, verbose=False, return_mask=True)
    approx = lb.find_label_issues_batched(y, p, batch_size=100, verbose=False, return_mask=True, exact=False)
    with tie_rule("low"):
        ref = cleanlab.filter.find_label_issues(y, p, filter_by="low_self_confidence", n_jobs=1)
    assert np.array_equal(exact, ref)
    assert not np.array_equal(approx, ref)


def test_split_arr_matches_cleanlab():
    a = np.arange(23)
    for chunk in (1, 5, 23, 40):
        ours, ref = lb.split_arr(a, chunk), ref_batched.split_arr(a, chunk)
        assert len(ours) == len(ref) and all(np.array_equal(x, z) for x, z in zip(ours, ref))


def test_value_errors_match_cleanlab(tmp_path):
    y, p = make_data(29, 50, 3, np.float64)
    np.save(tmp_path / "y.npy", y)
    cases = [
        dict(labels=y, labels_file=str(tmp_path / "y.npy"), pred_probs=p),
        dict(labels=y, pred_probs=p, pred_probs_file=str(tmp_path / "y.npy")),
        dict(labels_file=3, pred_probs=p),
        dict(labels=y, pred_probs_file=3),
        dict(pred_probs=p),
        dict(labels=y),
        dict(labels=y[:-1], pred_probs=p),
    ]
    for kw in cases:
        ours, _ = call(lb.find_label_issues_batched, verbose=False, **kw)
        ref, _ = call(ref_batched.find_label_issues_batched, verbose=False, **kw)
        assert isinstance(ref, ValueError) and isinstance(ours, ValueError), (kw, ours, ref)
        assert str(ours) == str(ref), (str(ours), str(ref))
    for exact in (True, False):
        lab = lb.LabelInspector(num_class=3, verbose=False, exact=exact)
        ref = ref_batched.LabelInspector(num_class=3, verbose=False)
        for method in ("get_confident_thresholds", "get_num_issues", "get_label_issues"):
            a, _ = call(getattr(lab, method))
            b, _ = call(getattr(ref, method))
            assert type(a) is type(b) is ValueError and str(a) == str(b), (method, a, b)
        for args in [(y[:-1], p), (y, p[:, :2])]:
            a, _ = call(lab.update_confident_thresholds, *args)
            b, _ = call(ref.update_confident_thresholds, *args)
            assert isinstance(a, ValueError) and isinstance(b, ValueError) and str(a) == str(b)
        nostore = lb.LabelInspector(num_class=3, verbose=False, store_results=False, exact=exact)
        nostore_ref = ref_batched.LabelInspector(num_class=3, verbose=False, store_results=False)
        for method in ("get_quality_scores", "get_label_issues"):
            a, _ = call(getattr(nostore, method))
            b, _ = call(getattr(nostore_ref, method))
            assert type(a) is type(b) is ValueError and str(a) == str(b)
    with pytest.raises(ValueError):
        lb.find_label_issues_batched(y, p, verbose=False, quality_score_kwargs={"method": "bad"})
    with pytest.raises(ValueError):
        lb.find_label_issues_batched(y, p, verbose=False, num_issue_kwargs={"estimation_method": "off_diagonal_custom"})
    with pytest.raises(TypeError):
        lb.find_label_issues_batched(y, p, verbose=False, quality_score_kwargs={"bogus": 1})


def test_exact_inspector_needs_the_same_rows_in_both_passes():
    y, p = make_data(31, 300, 3, np.float64)
    lab = lb.LabelInspector(num_class=3, verbose=False)
    lab.update_confident_thresholds(y, p)
    lab.score_label_quality(y[:100], p[:100])
    with pytest.raises(ValueError, match="same examples"):
        lab.get_num_issues()
    lab = lb.LabelInspector(num_class=3, verbose=False)
    lab.update_confident_thresholds(y, p)
    lab.score_label_quality(y[:100], p[:100])
    with pytest.raises(ValueError, match="update_confident_thresholds"):
        lab.update_confident_thresholds(y, p)
    with pytest.raises(libcleanlab.InvalidArgumentError):
        lab.score_label_quality((y[100:200] + 1) % 3, p[100:200])  # labels differ from pass 1
