"""Differential tests of libcleanlab.rank against cleanlab 2.9.0 (see conftest for the method)."""

import numpy as np
import pytest

from conftest import (
    check_case,
    make_data,
    assert_same_result,
    dirichlet_probs,
    noisy_labels,
    ours,
    quantised_probs,
    reference,
    same,
    softmax_probs,
)

DTYPES = [np.float16, np.float32, np.float64]
METHODS = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]


def _rtol(method):
    # scores are bit-identical except confidence_weighted_entropy (log/xlogy): 1e-9 relative
    return 1e-9 if method == "confidence_weighted_entropy" else 0.0


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("adjust", [False, True])
@pytest.mark.parametrize("k,missing", [(2, ()), (5, ()), (6, (1, 4)), (1000, ())])
def test_label_quality_scores(dtype, method, adjust, k, missing):
    n = 3000 if k == 1000 else 2000
    y, p = make_data(k * 31 + len(missing), n, k, dtype, missing=missing,
                 gen="softmax" if k == 1000 else "dirichlet")
    check_case(
        "rank.get_label_quality_scores",
        (y, p),
        dict(method=method, adjust_pred_probs=adjust),
        require_tie_free=True,
        rtol=_rtol(method),
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "fn,method",
    [
        ("rank.get_self_confidence_for_each_label", "self_confidence"),
        ("rank.get_normalized_margin_for_each_label", "normalized_margin"),
        ("rank.get_confidence_weighted_entropy_for_each_label", "confidence_weighted_entropy"),
    ],
)
@pytest.mark.parametrize("gen", ["dirichlet", "quantised"])
def test_scores_for_each_label(dtype, fn, method, gen):
    y, p = make_data(17, 3000, 4, dtype, gen=gen)
    check_case(fn, (y, p), require_tie_free=True, rtol=_rtol(method))


@pytest.mark.parametrize("n", [1, 2, 9, 1000, 100_000])
def test_scores_sizes(n):
    y, p = make_data(n, n, 3, np.float32)
    for method in METHODS:
        check_case(
            "rank.get_label_quality_scores", (y, p), dict(method=method),
            require_tie_free=True, rtol=_rtol(method),
        )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("rank_by", METHODS)
@pytest.mark.parametrize("adjust", [False, True])
def test_order_label_issues(dtype, rank_by, adjust):
    if adjust and rank_by == "confidence_weighted_entropy":
        kwargs = dict(rank_by=rank_by, rank_by_kwargs={"adjust_pred_probs": True})
    else:
        kwargs = dict(rank_by=rank_by, rank_by_kwargs={"adjust_pred_probs": adjust})
    for seed in range(10):
        y, p = make_data(40 + seed, 1500, 4, dtype)
        mask = np.argmax(p, axis=1) != y
        if check_case("rank.order_label_issues", (mask, y, p), kwargs):
            return
    if dtype != np.float16:
        pytest.fail("no tie-free input in 10 seeds")


@pytest.mark.parametrize("dtype", DTYPES)
def test_order_label_issues_tie_heavy_sets(dtype):
    """Quantised data: the ranked indices follow the tie rule (checked against cleanlab under
    the rule), and against plain cleanlab the same set comes out in the same score order."""
    import cleanlab.rank

    import libcleanlab

    y, p = make_data(3, 3000, 5, dtype, gen="quantised")
    mask = np.argmax(p, axis=1) != y
    for rank_by in METHODS:
        check_case("rank.order_label_issues", (mask, y, p), dict(rank_by=rank_by))
        o = libcleanlab.rank.order_label_issues(mask, y, p, rank_by=rank_by)
        r = cleanlab.rank.order_label_issues(mask, y, p, rank_by=rank_by)
        assert sorted(o.tolist()) == sorted(r.tolist())
        s = cleanlab.rank.get_label_quality_scores(y, p, method=rank_by)
        np.testing.assert_array_equal(s[o], s[r])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64])
@pytest.mark.parametrize("top", [None, 0, 1, 10, 50, 5000, -3])
def test_find_top_issues(dtype, top):
    """cleanlab calls the ndarray method quality_scores.argsort() (unstable, not patchable): the
    rule is checked against a stable argsort, and cleanlab's answer must hold the same values
    in the same order."""
    import cleanlab.rank

    import libcleanlab

    rng = np.random.default_rng(2)
    q = (rng.random(1000) * 100).astype(dtype)
    if dtype == np.float64:
        q[::97] = np.nan
    o, _ = ours("rank.find_top_issues", q, top=top)
    r = cleanlab.rank.find_top_issues(q, top=top)
    expected = np.argsort(q, kind="stable")[: (len(q) if top is None else top)]
    assert_same_result(o, expected, what="find_top_issues vs stable argsort")
    assert o.dtype == r.dtype and o.shape == r.shape
    np.testing.assert_array_equal(q[o], q[r])  # same values in the same order
    assert libcleanlab.rank.find_top_issues(q) .shape == (10,)  # default top=10
