"""Parity of libcleanlab.dataset with cleanlab 2.9.0's cleanlab.dataset (single-label).

DataFrames are compared column by column: names, order, dtypes, index, exact equality of integer
and string columns and of the row order, floats to 1e-12 relative. cleanlab sorts with pandas'
default (unstable) quicksort; ties in the sort column (common: many classes with quality 1, many
pairs with joint probability 0) are compared against cleanlab with a stable sort_values (the
libcleanlab rule), and tie-free inputs against plain cleanlab.
"""


import numpy as np
import pandas as pd
import pytest

import cleanlab.dataset as ref_dataset
from conftest import stable_pandas_sort, tie_rule
import libcleanlab.dataset as our_dataset

def make_data(n, k, seed, dtype=np.float64, missing=(), noise=0.3):
    rng = np.random.default_rng(seed)
    true = rng.integers(0, k, n)
    labels = true.copy()
    flip = rng.random(n) < noise
    labels[flip] = rng.integers(0, k, int(flip.sum()))
    for m in missing:
        labels[labels == m] = (m + 1) % k
    logits = rng.normal(size=(n, k)) + 2.5 * np.eye(k)[true]
    p = np.exp(logits)
    p /= p.sum(1, keepdims=True)
    return labels, p.astype(dtype)


def assert_same_frame(ours, ref):
    assert isinstance(ours, pd.DataFrame)
    assert list(ours.columns) == list(ref.columns)
    assert type(ours.index) is type(ref.index) and ours.index.equals(ref.index)
    for c in ref.columns:
        a, b = ours[c], ref[c]
        assert a.dtype == b.dtype, (c, a.dtype, b.dtype)
        if b.dtype.kind == "f":
            np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, atol=1e-300, err_msg=c)
        else:
            assert a.tolist() == b.tolist(), c


def has_ties(values) -> bool:
    v = np.asarray(values)
    return len(np.unique(v)) < len(v)


CASES = [
    (400, 2, 1, np.float64, ()),
    (500, 3, 2, np.float32, ()),
    (800, 5, 3, np.float64, (2,)),
    (1500, 12, 4, np.float32, (0, 7)),
    (300, 4, 5, np.float16, ()),
    (2000, 30, 6, np.float64, ()),
]


@pytest.mark.parametrize("n,k,seed,dtype,missing", CASES)
def test_rank_classes_parity(n, k, seed, dtype, missing):
    labels, p = make_data(n, k, seed, dtype, missing)
    with stable_pandas_sort():
        ref = ref_dataset.rank_classes_by_label_quality(labels, p)
    ours = our_dataset.rank_classes_by_label_quality(labels, p)
    assert_same_frame(ours, ref)
    if not has_ties(ref["Label Quality Score"]) and k <= 12:
        assert_same_frame(ours, ref_dataset.rank_classes_by_label_quality(labels, p))


@pytest.mark.parametrize("n,k,seed,dtype,missing", CASES)
@pytest.mark.parametrize("asymmetric", [False, True])
def test_overlapping_parity(n, k, seed, dtype, missing, asymmetric):
    labels, p = make_data(n, k, seed, dtype, missing)
    with stable_pandas_sort():
        ref = ref_dataset.find_overlapping_classes(labels, p, asymmetric=asymmetric)
    ours = our_dataset.find_overlapping_classes(labels, p, asymmetric=asymmetric)
    assert_same_frame(ours, ref)
    if not has_ties(ref["Joint Probability"]) and k <= 12:
        assert_same_frame(ours, ref_dataset.find_overlapping_classes(labels, p, asymmetric=asymmetric))


def test_tie_free_plain_cleanlab():
    # a joint without equal values anywhere: plain cleanlab (unstable sort) must agree exactly
    rng = np.random.default_rng(11)
    k = 9
    joint = rng.random((k, k)) + np.eye(k) * 3
    joint /= joint.sum()
    for asym in (False, True):
        assert_same_frame(
            our_dataset.find_overlapping_classes(joint=joint, num_examples=1234, asymmetric=asym),
            ref_dataset.find_overlapping_classes(joint=joint, num_examples=1234, asymmetric=asym),
        )
    assert_same_frame(
        our_dataset.rank_classes_by_label_quality(joint=joint, num_examples=1234),
        ref_dataset.rank_classes_by_label_quality(joint=joint, num_examples=1234),
    )


@pytest.mark.parametrize("order", ["C", "F"])
def test_joint_and_confident_joint_inputs(order):
    labels, p = make_data(700, 6, 21, np.float64, (3,))
    cj = np.asarray(cleanlab.count.compute_confident_joint(labels, p), order=order)
    joint = np.asarray(cleanlab.count.estimate_joint(labels, p), order=order)
    with stable_pandas_sort():
        for kw in [dict(joint=joint, num_examples=700), dict(confident_joint=cj, num_examples=700),
                   dict(labels=labels, confident_joint=cj), dict(joint=joint, num_examples=12345.5)]:
            assert_same_frame(our_dataset.rank_classes_by_label_quality(**kw),
                              ref_dataset.rank_classes_by_label_quality(**kw))
        for kw in [dict(joint=joint, num_examples=700), dict(confident_joint=cj),
                   dict(labels=labels, confident_joint=cj), dict(confident_joint=cj.astype(float) * 0.37)]:
            for asym in (False, True):
                assert_same_frame(our_dataset.find_overlapping_classes(asymmetric=asym, **kw),
                                  ref_dataset.find_overlapping_classes(asymmetric=asym, **kw))


def test_class_names():
    labels, p = make_data(600, 4, 8)
    names = ["cat", "dog", "bird", "fish"]
    with stable_pandas_sort():
        for fn in ["rank_classes_by_label_quality", "find_overlapping_classes"]:
            for cn in (names, np.array(names), tuple(names)):
                assert_same_frame(getattr(our_dataset, fn)(labels, p, class_names=cn),
                                  getattr(ref_dataset, fn)(labels, p, class_names=cn))
    with pytest.raises(ValueError) as ours:
        our_dataset.rank_classes_by_label_quality(labels, p, class_names=names[:3])
    with pytest.raises(ValueError) as ref:
        ref_dataset.rank_classes_by_label_quality(labels, p, class_names=names[:3])
    assert str(ours.value) == str(ref.value)


@pytest.mark.parametrize("n,k,seed,dtype,missing", CASES)
def test_overall_score_parity(n, k, seed, dtype, missing, capsys):
    labels, p = make_data(n, k, seed, dtype, missing)
    for kw in [dict(labels=labels, pred_probs=p), dict(labels=labels, pred_probs=p, num_examples=n + 17)]:
        ref = ref_dataset.overall_label_health_score(**kw)
        ref_out = capsys.readouterr().out
        ours = our_dataset.overall_label_health_score(**kw)
        assert capsys.readouterr().out == ref_out
        assert type(ours) is type(ref) and ours == ref
    joint = cleanlab.count.estimate_joint(labels, p)
    cj = cleanlab.count.compute_confident_joint(labels, p)
    for kw in [dict(joint=joint, num_examples=n), dict(confident_joint=cj), dict(labels=labels, confident_joint=cj),
               dict(pred_probs=p, joint=joint, labels=None, num_examples=99)]:
        ref = ref_dataset.overall_label_health_score(**kw)
        ref_out = capsys.readouterr().out
        ours = our_dataset.overall_label_health_score(**kw)
        assert capsys.readouterr().out == ref_out
        assert type(ours) is type(ref)
        assert ours == pytest.approx(ref, rel=1e-12)
    assert our_dataset.overall_label_health_score(labels, p, verbose=False) == \
        ref_dataset.overall_label_health_score(labels, p, verbose=False)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("n,k,seed,dtype,missing", CASES[:4])
@pytest.mark.parametrize("asymmetric", [False, True])
def test_health_summary_parity(n, k, seed, dtype, missing, asymmetric, capsys):
    labels, p = make_data(n, k, seed, dtype, missing)
    names = [f"class_{i}" for i in range(k)]
    with stable_pandas_sort():
        ref = ref_dataset.health_summary(labels, p, asymmetric=asymmetric, class_names=names)
        ref_out = capsys.readouterr().out
        ours = our_dataset.health_summary(labels, p, asymmetric=asymmetric, class_names=names)
        out = capsys.readouterr().out
    assert out == ref_out
    assert list(ours) == list(ref)
    assert ours["overall_label_health_score"] == ref["overall_label_health_score"]
    np.testing.assert_allclose(ours["joint"], ref["joint"], rtol=1e-12)
    assert_same_frame(ours["classes_by_label_quality"], ref["classes_by_label_quality"])
    assert_same_frame(ours["overlapping_classes"], ref["overlapping_classes"])
    ours_quiet = our_dataset.health_summary(labels, p, verbose=False)
    assert capsys.readouterr().out == ""
    assert ours_quiet["overall_label_health_score"] == ref["overall_label_health_score"]


def test_health_summary_from_confident_joint(capsys):
    labels, p = make_data(500, 5, 9)
    cj = cleanlab.count.compute_confident_joint(labels, p)
    with stable_pandas_sort():
        ref = ref_dataset.health_summary(confident_joint=cj, num_examples=500)
        ref_out = capsys.readouterr().out
        ours = our_dataset.health_summary(confident_joint=cj, num_examples=500)
    assert capsys.readouterr().out == ref_out
    assert ours["overall_label_health_score"] == pytest.approx(ref["overall_label_health_score"], rel=1e-12)
    assert_same_frame(ours["classes_by_label_quality"], ref["classes_by_label_quality"])
    assert_same_frame(ours["overlapping_classes"], ref["overlapping_classes"])


def _raises_same(fn_name, **kwargs):
    with pytest.raises(Exception) as ref:
        getattr(ref_dataset, fn_name)(**kwargs)
    with pytest.raises(Exception) as ours:
        getattr(our_dataset, fn_name)(**kwargs)
    assert isinstance(ours.value, type(ref.value)) or isinstance(ours.value, ValueError)
    return ours.value, ref.value


@pytest.mark.parametrize("fn", ["rank_classes_by_label_quality", "find_overlapping_classes",
                                "overall_label_health_score", "health_summary"])
def test_multi_label_error(fn):
    labels, p = make_data(50, 3, 1)
    ours, ref = _raises_same(fn, labels=labels, pred_probs=p, multi_label=True)
    assert type(ours) is ValueError and str(ours) == str(ref)


def test_num_examples_missing_errors():
    labels, p = make_data(100, 3, 2)
    joint = cleanlab.count.estimate_joint(labels, p)
    cj = cleanlab.count.compute_confident_joint(labels, p)
    for fn, kw in [("rank_classes_by_label_quality", dict(joint=joint)),
                   ("rank_classes_by_label_quality", dict(confident_joint=cj)),
                   ("find_overlapping_classes", dict(joint=joint)),
                   ("overall_label_health_score", dict(joint=joint)),
                   ("health_summary", dict(joint=joint)),
                   ("health_summary", dict(confident_joint=cj))]:
        ours, ref = _raises_same(fn, **kw)
        assert type(ours) is ValueError and str(ours) == str(ref), fn


def test_bad_joint_errors():
    with pytest.raises(ValueError, match="not finite"):
        our_dataset.rank_classes_by_label_quality(joint=np.array([[0.5, np.nan], [0.1, 0.4]]), num_examples=10)
    with pytest.raises(ValueError, match="square"):
        our_dataset.find_overlapping_classes(joint=np.ones((2, 3)) / 6, num_examples=10)
    with pytest.raises(ValueError, match="not finite"):
        our_dataset.overall_label_health_score(joint=np.eye(2) / 2, num_examples=float("inf"), verbose=False)
    # invalid labels / pred_probs surface the errors of estimate_joint, as in cleanlab
    labels, p = make_data(60, 3, 3)
    bad = p.copy()
    bad[0, 0] = 1.5
    # (cleanlab's estimate_joint does not check the range and returns a table; libcleanlab's
    # estimate_joint rejects it, as count.estimate_joint does)
    with pytest.raises(ValueError, match="between 0 and 1"):
        our_dataset.rank_classes_by_label_quality(labels=labels, pred_probs=bad)
    # (cleanlab fails with an IndexError deep inside; libcleanlab says what is wrong)
    with pytest.raises(ValueError, match="same length"):
        our_dataset.find_overlapping_classes(labels=labels, pred_probs=p[:-1])


import cleanlab.count  # noqa: E402  (used above through the module attribute)


@pytest.mark.parametrize("k,seed", [(3, 31), (8, 32)])
def test_tie_heavy_quantised(k, seed, capsys):
    # probabilities on a 0.1 grid: equal thresholds, equal joint entries, equal quality scores
    labels, p = make_data(600, k, seed)
    p = np.round(p, 1)
    p[:, 0] += 1 - p.sum(1)
    p = np.clip(p, 0, 1)
    with stable_pandas_sort():
        ref = ref_dataset.health_summary(labels, p, asymmetric=True)
        ref_out = capsys.readouterr().out
        ours = our_dataset.health_summary(labels, p, asymmetric=True)
        out = capsys.readouterr().out
    assert out == ref_out
    assert_same_frame(ours["classes_by_label_quality"], ref["classes_by_label_quality"])
    assert_same_frame(ours["overlapping_classes"], ref["overlapping_classes"])
    assert ours["overall_label_health_score"] == ref["overall_label_health_score"]


def test_health_summary_joint_only():
    joint = np.array([[0.4, 0.1], [0.05, 0.45]])
    with pytest.raises(AttributeError):  # cleanlab: None.shape deep inside
        ref_dataset.health_summary(joint=joint, num_examples=100, verbose=False)
    with pytest.raises(ValueError, match="does not pass `joint` on"):
        our_dataset.health_summary(joint=joint, num_examples=100, verbose=False)
    assert our_dataset.overall_label_health_score(joint=joint, num_examples=100, verbose=False) == \
        ref_dataset.overall_label_health_score(joint=joint, num_examples=100, verbose=False)
