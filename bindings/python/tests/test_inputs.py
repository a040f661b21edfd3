"""Input conversions (lists, pandas, other dtypes and layouts, memmap), return types and
signatures."""

import inspect

import numpy as np
import pandas as pd
import pytest

import cleanlab.count
import cleanlab.filter
import cleanlab.rank

import libcleanlab
from libcleanlab import _common
from conftest import assert_same_result, dirichlet_probs, noisy_labels


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(42)
    p = dirichlet_probs(rng, 500, 4, alpha=0.8)
    y = noisy_labels(rng, p, noise=0.3)
    return y, p


def _all_results(y, p):
    return [
        libcleanlab.filter.find_label_issues(y, p),
        libcleanlab.filter.find_label_issues(y, p, return_indices_ranked_by="normalized_margin"),
        libcleanlab.filter.find_predicted_neq_given(y, p),
        libcleanlab.count.get_confident_thresholds(y, p),
        libcleanlab.count.compute_confident_joint(y, p),
        libcleanlab.count.num_label_issues(y, p),
        libcleanlab.count.estimate_joint(y, p),
        libcleanlab.rank.get_label_quality_scores(y, p),
        libcleanlab.rank.get_normalized_margin_for_each_label(y, p),
    ]


def _assert_all_equal(a, b):
    for x, z in zip(a, b):
        assert_same_result(x, z)


@pytest.mark.parametrize(
    "convert",
    [
        list,
        lambda y: pd.Series(y),
        lambda y: pd.DataFrame({"label": y}),
        lambda y: y.astype(np.int8),
        lambda y: y.astype(np.uint8),
        lambda y: y.astype(np.int16),
        lambda y: y.astype(np.uint64),
        lambda y: y.astype(np.int32),
        lambda y: y.astype(np.float64),
        lambda y: y.astype(np.float32),
        lambda y: y.astype(">i8"),
        lambda y: y.astype(object),
        lambda y: np.repeat(y, 2)[::2],
    ],
)
def test_label_conversions(data, convert):
    y, p = data
    _assert_all_equal(_all_results(convert(y), p), _all_results(y, p))


def test_bool_labels():
    rng = np.random.default_rng(1)
    p = dirichlet_probs(rng, 200, 2)
    y = noisy_labels(rng, p).astype(bool)
    _assert_all_equal(_all_results(y, p), _all_results(y.astype(np.int64), p))


def test_label_conversion_errors(data):
    y, p = data
    with pytest.raises(ValueError, match="labels must be one dimensional"):
        libcleanlab.filter.find_label_issues(pd.DataFrame({"a": y, "b": y}), p)
    with pytest.raises(ValueError, match="Labels cannot be strings"):
        libcleanlab.filter.find_label_issues(["0"] * len(y), p)
    with pytest.raises(ValueError, match="zero-indexed integers"):
        libcleanlab.filter.find_label_issues(np.full(len(y), np.nan), p)


@pytest.mark.parametrize(
    "layout",
    ["fortran", "row_slice", "col_slice_of_wider", "reversed", "byteswapped", "float128",
     "int_onehot", "unaligned", "readonly"],
)
def test_pred_probs_layouts_and_dtypes(data, layout):
    y, p = data
    if layout == "fortran":
        q, yy = np.asfortranarray(p), y
    elif layout == "row_slice":
        q, yy = np.repeat(p, 3, axis=0)[::3], y
    elif layout == "col_slice_of_wider":
        wide = np.concatenate([p, np.zeros((len(y), 3))], axis=1)
        q, yy = wide[:, :4], y
        assert _common._readable_in_place(q)  # read in place, no copy
    elif layout == "reversed":
        q, yy = p[::-1], y[::-1]
    elif layout == "byteswapped":
        q, yy = p.astype(">f8"), y
    elif layout == "float128":
        q, yy = p.astype(np.longdouble), y
    elif layout == "int_onehot":
        q = np.eye(4, dtype=np.int64)[np.argmax(p, axis=1)]
        yy = y
        _assert_all_equal(_all_results(yy, q), _all_results(yy, q.astype(np.float64)))
        return
    elif layout == "unaligned":
        raw = np.zeros(p.size * 8 + 1, dtype=np.uint8)
        q = raw[1:].view(np.float64).reshape(p.shape)
        q[:] = p
        yy = y
    else:
        q = p.copy()
        q.flags.writeable = False
        yy = y
    expected = _all_results(np.ascontiguousarray(yy), np.ascontiguousarray(q, dtype=np.float64))
    _assert_all_equal(_all_results(yy, q), expected)


def test_row_strided_view_is_read_in_place(data):
    y, p = data
    big = np.repeat(p, 2, axis=0)  # rows 0,0,1,1,...
    view = big[::2]
    assert not view.flags.c_contiguous and _common._readable_in_place(view)
    _assert_all_equal(_all_results(y, view), _all_results(y, p))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_memmap(tmp_path, data, dtype):
    y, p = data
    path = tmp_path / "p.bin"
    mm = np.memmap(path, dtype=dtype, mode="w+", shape=p.shape)
    mm[:] = p
    mm.flush()
    ro = np.memmap(path, dtype=dtype, mode="r", shape=p.shape)
    assert _common._readable_in_place(ro)
    _assert_all_equal(_all_results(y, ro), _all_results(y, p.astype(dtype)))


def test_return_types_match_cleanlab(data):
    y, p = data
    for dtype in (np.float16, np.float32, np.float64):
        q = p.astype(dtype)
        pairs = [
            (libcleanlab.count.get_confident_thresholds(y, q),
             cleanlab.count.get_confident_thresholds(y, q)),
            (libcleanlab.count.compute_confident_joint(y, q),
             cleanlab.count.compute_confident_joint(y, q)),
            (libcleanlab.count.estimate_joint(y, q), cleanlab.count.estimate_joint(y, q)),
            (libcleanlab.filter.find_label_issues(y, q),
             cleanlab.filter.find_label_issues(y, q, n_jobs=1)),
            (libcleanlab.filter.find_label_issues(y, q, return_indices_ranked_by="self_confidence"),
             cleanlab.filter.find_label_issues(y, q, return_indices_ranked_by="self_confidence",
                                               n_jobs=1)),
            (libcleanlab.rank.get_label_quality_scores(y, q, method="normalized_margin"),
             cleanlab.rank.get_label_quality_scores(y, q, method="normalized_margin")),
            (libcleanlab.rank.get_label_quality_scores(y, q, adjust_pred_probs=True),
             cleanlab.rank.get_label_quality_scores(y, q, adjust_pred_probs=True)),
            (libcleanlab.rank.get_confidence_weighted_entropy_for_each_label(y, q),
             cleanlab.rank.get_confidence_weighted_entropy_for_each_label(y, q)),
            (libcleanlab.rank.find_top_issues(q[:, 0]), cleanlab.rank.find_top_issues(q[:, 0])),
        ]
        for ours, ref in pairs:
            assert type(ours) is type(ref)
            assert ours.dtype == ref.dtype and ours.shape == ref.shape
        cj, idx = libcleanlab.count.compute_confident_joint(
            y, q, return_indices_of_off_diagonals=True)
        rcj, ridx = cleanlab.count.compute_confident_joint(
            y, q, return_indices_of_off_diagonals=True)
        assert cj.dtype == rcj.dtype and idx.dtype == ridx.dtype
        n_ours = libcleanlab.count.num_label_issues(y, q)
        n_ref = cleanlab.count.num_label_issues(y, q)
        assert type(n_ours) is type(n_ref) and n_ours == n_ref
    # the uncalibrated joint keeps cleanlab's memory layout (Fortran order)
    u = libcleanlab.count.compute_confident_joint(y, p, calibrate=False)
    assert u.flags.f_contiguous == cleanlab.count.compute_confident_joint(
        y, p, calibrate=False).flags.f_contiguous


def test_thresholds_column_vector_accepted(data):
    # cleanlab fails to broadcast a (K, 1) array; libcleanlab takes it as (K,)
    y, p = data
    t = cleanlab.count.get_confident_thresholds(y, p)
    assert_same_result(
        libcleanlab.count.compute_confident_joint(y, p, thresholds=t.reshape(-1, 1)),
        libcleanlab.count.compute_confident_joint(y, p, thresholds=t),
    )


def test_order_label_issues_with_index_array(data):
    y, p = data
    mask = np.argmax(p, axis=1) != y
    idx = np.flatnonzero(mask)
    assert_same_result(
        libcleanlab.rank.order_label_issues(idx, y, p),
        libcleanlab.rank.order_label_issues(mask, y, p),
    )


@pytest.mark.parametrize(
    "mod,names",
    [
        ("count", ["get_confident_thresholds", "compute_confident_joint",
                   "calibrate_confident_joint", "estimate_joint", "num_label_issues"]),
        ("filter", ["find_label_issues", "find_predicted_neq_given"]),
        ("rank", ["get_label_quality_scores", "order_label_issues", "find_top_issues",
                  "get_self_confidence_for_each_label", "get_normalized_margin_for_each_label",
                  "get_confidence_weighted_entropy_for_each_label"]),
    ],
)
def test_signatures_match_cleanlab(mod, names):
    for name in names:
        ours = inspect.signature(getattr(getattr(libcleanlab, mod), name))
        ref = inspect.signature(getattr(getattr(cleanlab, mod), name))
        got = [(p.name, p.kind, p.default) for p in ours.parameters.values()]
        want = [(p.name, p.kind, p.default) for p in ref.parameters.values()]
        assert got == want, f"{mod}.{name}"
        assert getattr(getattr(libcleanlab, mod), name).__doc__


def test_package_surface():
    assert libcleanlab.__version__
    for name in ("count", "filter", "rank", "set_num_threads", "get_num_threads",
                 "CleanlabError", "DTypeError", "ShapeError"):
        assert hasattr(libcleanlab, name)
    assert issubclass(libcleanlab.CleanlabError, ValueError)
    assert issubclass(libcleanlab.DTypeError, TypeError)
    import importlib.resources as res

    files = {p.name for p in res.files("libcleanlab").iterdir()}
    assert {"py.typed", "_native.pyi", "libcleanlab.so"} <= files
