"""Exact streaming: libcleanlab.experimental.find_label_issues_streaming against cleanlab 2.9.0's
in-memory filter.find_label_issues (every filter_by, rankings, dtypes, block sizes, threads),
the memory-mapped .npy path, and the error paths."""

import numpy as np
import pytest

import cleanlab.filter

import libcleanlab
from libcleanlab.experimental import find_label_issues_streaming

from conftest import FILTERS, assert_same_result, call, make_data, reference, tie_rule


def _ref(y, p, **kw):
    out, _ = reference("filter.find_label_issues", y, p, ties="low", **kw)
    return out


def _ours(y, p, **kw):
    out, _ = call(find_label_issues_streaming, y, p, **kw)
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize("filter_by", FILTERS)
def test_every_filter_matches_cleanlab(dtype, filter_by):
    y, p = make_data(7 + FILTERS.index(filter_by), 420, 5, dtype)
    for i, (rank, bs) in enumerate([(None, 1), ("self_confidence", 7), ("normalized_margin", 1000),
                                    ("confidence_weighted_entropy", 420)]):
        kw = dict(filter_by=filter_by, return_indices_ranked_by=rank)
        if rank == "normalized_margin":
            kw["rank_by_kwargs"] = {"adjust_pred_probs": True}
        assert_same_result(_ours(y, p, batch_size=bs, **kw), _ref(y, p, **kw),
                           what=f"{filter_by} rank={rank} batch={bs} {np.dtype(dtype)}")


@pytest.mark.parametrize("case", ["missing", "k2", "ties", "wide"])
def test_edge_inputs(case):
    if case == "missing":
        y, p = make_data(21, 600, 6, np.float32, missing=(2, 5))
    elif case == "k2":
        y, p = make_data(22, 500, 2, np.float64)
    elif case == "ties":
        y, p = make_data(23, 600, 4, np.float64, gen="quantised")
    else:
        y, p = make_data(24, 300, 60, np.float32, gen="softmax")
    for filter_by in ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning", "low_normalized_margin"]:
        kw = dict(filter_by=filter_by, return_indices_ranked_by="self_confidence")
        assert_same_result(_ours(y, p, batch_size=97, **kw), _ref(y, p, **kw), what=f"{case} {filter_by}")


def test_prune_options_match_cleanlab():
    y, p = make_data(31, 800, 4, np.float32)
    cases = [
        dict(filter_by="prune_by_noise_rate", frac_noise=0.5),
        dict(filter_by="both", num_to_remove_per_class=[3, 1, 0, 2]),
        dict(filter_by="prune_by_class", num_to_remove_per_class=4, min_examples_per_class=5),
        dict(filter_by="prune_by_noise_rate", min_examples_per_class=250),
    ]
    cj = cleanlab.count.compute_confident_joint(y, p)
    cases.append(dict(filter_by="prune_by_class", confident_joint=cj))
    cases.append(dict(filter_by="prune_by_noise_rate", confident_joint=np.asfortranarray(cj)))
    for kw in cases:
        ours, ow = call(find_label_issues_streaming, y, p, batch_size=123, **kw)
        ref, rw = reference("filter.find_label_issues", y, p, ties="low", **kw)
        assert_same_result(ours, ref, what=str(kw))
        assert ow == rw, f"warnings differ for {kw}: {ow} vs {rw}"


def test_block_factory_irregular_blocks_and_threads():
    y, p = make_data(41, 1000, 7, np.float32)
    sizes = [1, 2, 3, 500, 0, 94, 400]
    assert sum(sizes) == 1000

    def blocks():
        start = 0
        for s in sizes:
            yield p[start:start + s]
            start += s

    calls = []

    def counted():
        calls.append(1)
        return blocks()

    ref = _ref(y, p, filter_by="both", return_indices_ranked_by="normalized_margin")
    for jobs in (1, 2, None):
        calls.clear()
        out = find_label_issues_streaming(y, counted, filter_by="both", return_indices_ranked_by="normalized_margin",
                                          n_jobs=jobs)
        assert_same_result(out, ref, what=f"n_jobs={jobs}")
        assert len(calls) == 3  # one call per pass


def test_memory_mapped_npy_matches_in_memory(tmp_path):
    """The exact streaming path on a memory-mapped 2e5 x 10 .npy file equals the in-memory
    result (libcleanlab's and cleanlab's)."""
    rng = np.random.default_rng(5)
    n, k = 200_000, 10
    z = rng.normal(size=(n, k)).astype(np.float32) * 2
    z[np.arange(n), rng.integers(0, k, n)] += 3
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    y = np.argmax(p, axis=1)
    flip = rng.random(n) < 0.1
    y[flip] = rng.integers(0, k, int(flip.sum()))
    np.save(tmp_path / "p.npy", p)
    np.save(tmp_path / "y.npy", y)
    pm = np.load(tmp_path / "p.npy", mmap_mode="r")
    ym = np.load(tmp_path / "y.npy", mmap_mode="r")
    for kw in [dict(filter_by="prune_by_noise_rate"), dict(filter_by="low_self_confidence", return_indices_ranked_by="self_confidence")]:
        streamed = find_label_issues_streaming(ym, pm, batch_size=30_000, **kw)
        in_memory = libcleanlab.filter.find_label_issues(y, p, **kw)
        assert np.array_equal(streamed, in_memory), kw
    ref = cleanlab.filter.find_label_issues(y, p, filter_by="low_self_confidence", n_jobs=1)
    from libcleanlab.experimental.label_issues_batched import find_label_issues_batched

    batched = find_label_issues_batched(labels_file=str(tmp_path / "y.npy"), pred_probs_file=str(tmp_path / "p.npy"),
                                        batch_size=30_000, verbose=False, return_mask=True)
    assert np.array_equal(batched, ref)


def test_errors_match_cleanlab():
    y, p = make_data(51, 200, 4, np.float64)
    bad = p.copy()
    bad[17, 1] = 1.5
    yb = y.copy()
    yb[3] = 9
    cases = [
        ((y[:-1], p), {}),
        ((y, bad), {}),
        ((yb, p), {}),
        ((y, p), dict(filter_by="low_self_confidence", num_to_remove_per_class=[1, 1, 1, 1])),
        ((y, p), dict(return_indices_ranked_by="confidence_weighted_entropy", rank_by_kwargs={"adjust_pred_probs": True})),
        ((y, p), dict(return_indices_ranked_by="nonsense")),
        ((np.ones(200, dtype=int), p), dict(filter_by="low_self_confidence")),
    ]
    for args, kw in cases:
        ours, _ = call(find_label_issues_streaming, *args, **kw)
        ref, _ = reference("filter.find_label_issues", *args, **kw)
        assert isinstance(ref, ValueError), (kw, ref)
        assert isinstance(ours, ValueError), (kw, ours)
    # cleanlab: bare AssertionError; libcleanlab: a ValueError naming the options
    ours, _ = call(find_label_issues_streaming, y, p, filter_by="nope")
    assert isinstance(ours, libcleanlab.InvalidArgumentError)
    # NaN: cleanlab does not detect it; the library refuses it (documented deviation)
    nan = p.copy()
    nan[150, 0] = np.nan
    with pytest.raises(libcleanlab.NotFiniteError, match=r"pred_probs\[150, 0\]"):
        find_label_issues_streaming(y, nan, batch_size=64)


def test_protocol_errors():
    y, p = make_data(61, 300, 4, np.float32)
    calls = {"n": 0}

    def changing():
        calls["n"] += 1
        q = p.copy()
        if calls["n"] == 2:
            q[5, y[5]] *= 0.5  # pass 2 sees different data
        yield q

    with pytest.raises(libcleanlab.InvalidArgumentError, match="same pred_probs"):
        find_label_issues_streaming(y, changing)

    def mixed():
        yield p[:100]
        yield p[100:].astype(np.float64)

    with pytest.raises(libcleanlab.DTypeError):
        find_label_issues_streaming(y, mixed)

    def short():
        yield p[:250]

    with pytest.raises(libcleanlab.ShapeError, match="missing rows"):
        find_label_issues_streaming(y, short)

    def wide():
        yield p[:100]
        yield np.hstack([p, p])[100:, :5]

    with pytest.raises(libcleanlab.ShapeError, match="columns"):
        find_label_issues_streaming(y, wide)


def test_stream_object_is_single_threaded_and_closable():
    from libcleanlab import _native_stream

    y, p = make_data(71, 100, 3, np.float64)
    s = _native_stream.create(y, 3, 1, 0, False, 1.0, 1, None, None, 1, 0, 0, False)
    assert s.pass_count() == (3, 0)
    s.close()
    with pytest.raises(RuntimeError, match="closed"):
        s.begin_pass()
