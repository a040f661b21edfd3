"""libcleanlab's tie rule, checked against a small independent Python implementation.

The rule (include/cleanlab.h, "Ties"): where cleanlab orders equal keys with numpy's unstable
argsort, the example with the lower index comes first (it is preferred when the k smallest or
the k largest are selected). Equal residuals in round_preserving_sum (which takes
``argsort(residuals)[::-increment]``) are resolved as a stable argsort would: when rounding up the
later position first, when rounding down the earlier position first.

Inputs here are tie-heavy on purpose (probabilities quantised to tenths).
"""

import math

import numpy as np
import pytest

import cleanlab.count
import cleanlab.filter
import cleanlab.rank

import libcleanlab
from conftest import noisy_labels, quantised_probs, tie_rule

DTYPES = [np.float16, np.float32, np.float64]


def _data(seed, n=2000, k=4, dtype=np.float64):
    rng = np.random.default_rng(seed)
    p = quantised_probs(rng, n, k, levels=10, dtype=dtype)
    y = noisy_labels(rng, p, noise=0.3)
    return y, p


def _smallest_first(keys, candidates):
    """Candidates sorted by (key, index): the rule, written without numpy's argsort."""
    return sorted(candidates, key=lambda i: (math.isnan(keys[i]), keys[i], i))


def _reduce(p, y):
    """cleanlab's _reduce_issues in the input dtype: the given label wins ties within 1e-6."""
    q = p.copy()
    q[np.arange(len(y)), y] += 1e-6
    return q.argmax(axis=1) == y


def _pcm(y, p, min_examples=1):
    with tie_rule("low"):
        cj = cleanlab.count.compute_confident_joint(y, p)
        return cleanlab.filter._keep_at_least_n_per_class(cj.T, min_examples)


@pytest.mark.parametrize("dtype", DTYPES)
def test_find_top_issues_rule(dtype):
    rng = np.random.default_rng(0)
    q = (rng.integers(0, 20, size=500) / 20).astype(dtype)
    q64 = q.astype(np.float64)
    q64[[3, 77, 200]] = np.nan
    for top in (1, 5, 37, 500):
        got = libcleanlab.rank.find_top_issues(q64, top=top).tolist()
        assert got == _smallest_first(q64.tolist(), range(500))[:top]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("method", ["self_confidence", "normalized_margin", "confidence_weighted_entropy"])
def test_order_label_issues_rule(dtype, method):
    y, p = _data(1, dtype=dtype)
    mask = np.argmax(p, axis=1) != y
    scores = cleanlab.rank.get_label_quality_scores(y, p, method=method).tolist()
    expected = _smallest_first(scores, np.flatnonzero(mask).tolist())
    got = libcleanlab.rank.order_label_issues(mask, y, p, rank_by=method)
    assert got.tolist() == expected
    # the same through find_label_issues(return_indices_ranked_by=...)
    issues = libcleanlab.filter.find_label_issues(y, p, filter_by="confident_learning")
    ranked = libcleanlab.filter.find_label_issues(
        y, p, filter_by="confident_learning", return_indices_ranked_by=method
    )
    assert ranked.tolist() == _smallest_first(scores, np.flatnonzero(issues).tolist())


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("filter_by", ["low_self_confidence", "low_normalized_margin"])
def test_low_score_filters_rule(dtype, filter_by):
    y, p = _data(2, dtype=dtype)
    method = filter_by[4:]
    scores = cleanlab.rank.get_label_quality_scores(y, p, method=method).tolist()
    k = int(cleanlab.count.num_label_issues(y, p))  # tie-independent
    expected = np.zeros(len(y), dtype=bool)
    expected[_smallest_first(scores, range(len(y)))[:k]] = True
    got = libcleanlab.filter.find_label_issues(y, p, filter_by=filter_by)
    np.testing.assert_array_equal(got, expected)


def _prune_by_class_expected(y, p):
    """prune_by_class under the rule, and how many classes' cutoffs split their equal values."""
    pcm = _pcm(y, p)
    expected = np.zeros(len(y), dtype=bool)
    partial = 0
    for k in range(p.shape[1]):
        members = np.flatnonzero(y == k).tolist()
        if len(members) <= 1:
            continue
        num = len(members) - pcm[k][k]
        if num >= 1:
            keys = {i: float(p[i, k]) for i in members}
            chosen = sorted(members, key=lambda i: (keys[i], i))[:num]
            expected[chosen] = True
            cut = keys[chosen[-1]]
            partial += sum(keys[i] == cut for i in members) > sum(keys[i] == cut for i in chosen)
    return expected & ~_reduce(p, y), partial


@pytest.mark.parametrize("dtype", DTYPES)
def test_prune_by_class_rule(dtype):
    y, p = _data(3, dtype=dtype)
    expected, _ = _prune_by_class_expected(y, p)
    got = libcleanlab.filter.find_label_issues(y, p, filter_by="prune_by_class")
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_prune_by_class_rule_wide_rows(dtype, n_jobs):
    """The rule from 32 classes, where each class's choice is written per element of its run in
    the thresholds' gather (equal values at the cutoff taken in row order) and then marked."""
    y, p = _data(5, n=6000, k=40, dtype=dtype)
    expected, partial = _prune_by_class_expected(y, p)
    assert partial > 0  # some cutoffs split their equal values
    got = libcleanlab.filter.find_label_issues(y, p, filter_by="prune_by_class", n_jobs=n_jobs)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_prune_by_noise_rate_rule(dtype):
    y, p = _data(4, dtype=dtype)
    K = p.shape[1]
    pcm = _pcm(y, p)
    expected = np.zeros(len(y), dtype=bool)
    for k in range(K):
        members = np.flatnonzero(y == k)
        if len(members) <= 1:
            continue
        for j in range(K):
            c = pcm[j][k]
            if j == k or c <= 0:
                continue
            margin = (p[members, j] - p[members, k]).tolist()  # in the input dtype
            order = sorted(range(len(members)), key=lambda t: (-margin[t], t))
            expected[members[order[:c]]] = True
    expected &= ~_reduce(p, y)
    got = libcleanlab.filter.find_label_issues(y, p, filter_by="prune_by_noise_rate")
    np.testing.assert_array_equal(got, expected)


def _calibrate_rows(rows_and_counts):
    k = len(rows_and_counts)
    cj = np.array([r for r, _ in rows_and_counts], dtype=np.int64)
    y = np.repeat(np.arange(k), [c for _, c in rows_and_counts])
    return libcleanlab.count.calibrate_confident_joint(cj, y)


def test_rounding_rule_round_up_prefers_later_position():
    # row 0: [1, 1, 1] scaled to 4 -> 1.333 each, rounded 1+1+1 = 3: one entry goes up
    out = _calibrate_rows([([1, 1, 1], 4), ([0, 3, 0], 3), ([0, 0, 3], 3)])
    assert out[0].tolist() == [1, 1, 2]
    # two must go up: the last two
    out = _calibrate_rows(
        [([1, 1, 1, 1], 6), ([0, 3, 0, 0], 3), ([0, 0, 3, 0], 3), ([0, 0, 0, 3], 3)]
    )
    assert out[0].tolist() == [1, 1, 2, 2]


def test_rounding_rule_round_down_prefers_earlier_position():
    # row 0: [2, 2, 2] scaled to 5 -> 1.667 each, rounded 2+2+2 = 6: one entry goes down
    out = _calibrate_rows([([2, 2, 2], 5), ([0, 3, 0], 3), ([0, 0, 3], 3)])
    assert out[0].tolist() == [1, 2, 2]


def test_rounding_rule_matches_cleanlab_with_stable_argsort():
    rng = np.random.default_rng(9)
    for _ in range(30):
        k = int(rng.integers(3, 9))
        cj = rng.integers(0, 4, size=(k, k)) * 3  # many equal entries -> equal residuals
        np.fill_diagonal(cj, rng.integers(5, 20, size=k))
        y = np.repeat(np.arange(k), rng.integers(1, 30, size=k))
        with tie_rule("low"):
            expected = cleanlab.count.calibrate_confident_joint(cj.copy(order="C"), y)
        got = libcleanlab.count.calibrate_confident_joint(cj.copy(order="C"), y)
        np.testing.assert_array_equal(got, expected)
