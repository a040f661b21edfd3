"""Differential tests of libcleanlab.count against cleanlab 2.9.0 (see conftest for the method)."""

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


# ---------------------------------------------------------------------------------------------
# get_confident_thresholds: bit-identical values and cleanlab's dtype
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [1, 2, 7, 8, 9, 15, 16, 17, 128, 129, 1000, 8193, 20000, 100_000])
def test_thresholds_sizes(dtype, n):
    y, p = make_data(n, n, 3, dtype)
    check_case("count.get_confident_thresholds", (y, p), require_tie_free=True)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("missing", [(0,), (2, 4), (5,)])
def test_thresholds_missing_classes(dtype, missing):
    y, p = make_data(7, 500, 6, dtype, missing=missing)
    check_case("count.get_confident_thresholds", (y, p), require_tie_free=True)


@pytest.mark.parametrize("dtype", DTYPES)
def test_thresholds_k1000(dtype):
    y, p = make_data(8, 3000, 1000, dtype, gen="softmax")
    check_case("count.get_confident_thresholds", (y, p), require_tie_free=True)


# ---------------------------------------------------------------------------------------------
# compute_confident_joint
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("k", [2, 3, 7])
@pytest.mark.parametrize("calibrate", [True, False])
def test_confident_joint(dtype, k, calibrate):
    # calibration rounds rows with many equal residuals; large counts make tie-free inputs
    # findable
    n = 20000 if calibrate else 600
    for seed in range(20):
        y, p = make_data(100 + seed, n, k, dtype)
        kw = dict(calibrate=calibrate, return_indices_of_off_diagonals=True)
        if check_case("count.compute_confident_joint", (y, p), kw):
            return
    pytest.fail("no tie-free input in 20 seeds")


@pytest.mark.parametrize("dtype", DTYPES)
def test_confident_joint_missing_classes(dtype):
    for seed in range(20):
        y, p = make_data(200 + seed, 500, 5, dtype, missing=(1, 3))
        for calibrate in (True, False):
            ok = check_case(
                "count.compute_confident_joint",
                (y, p),
                dict(calibrate=calibrate, return_indices_of_off_diagonals=True),
            )
        if ok:
            return
    pytest.fail("no tie-free input in 20 seeds")


@pytest.mark.parametrize("dtype", DTYPES)
def test_confident_joint_tie_heavy(dtype):
    """Quantised probabilities: the uncalibrated joint and the off-diagonal indices are
    tie-independent (argmax ties go to the first maximum in both)."""
    y, p = make_data(3, 2000, 4, dtype, gen="quantised")
    kw = dict(calibrate=False, return_indices_of_off_diagonals=True)
    check_case("count.compute_confident_joint", (y, p), kw, require_tie_free=True)
    check_case("count.compute_confident_joint", (y, p), dict(calibrate=True))


@pytest.mark.parametrize("pp_dtype", DTYPES)
@pytest.mark.parametrize("thr_kind", ["list", "float64", "float32", "float16", "int"])
def test_confident_joint_supplied_thresholds(pp_dtype, thr_kind):
    import cleanlab.count

    y, p = make_data(21, 800, 4, pp_dtype)
    t = np.asarray(cleanlab.count.get_confident_thresholds(y, p), dtype=np.float64)
    # thresholds placed exactly on probabilities: the comparison precision decides
    t = np.array([p[np.argmax(p[:, j]), j] for j in range(4)], dtype=np.float64) * 0.0 + t
    t[0] = float(p[5, 0])
    t[1] = float(np.float32(p[9, 1]) + np.float32(1e-6))
    if thr_kind == "list":
        thr = [float(v) for v in t]
    elif thr_kind == "int":
        thr = [0, 1, 0, 1]
    else:
        thr = t.astype(thr_kind)
    for calibrate in (False, True):
        check_case(
            "count.compute_confident_joint",
            (y, p),
            dict(thresholds=thr, calibrate=calibrate, return_indices_of_off_diagonals=True),
        )


def test_confident_joint_k1000():
    y, p = make_data(9, 4000, 1000, np.float32, gen="softmax")
    check_case(
        "count.compute_confident_joint",
        (y, p),
        dict(calibrate=False, return_indices_of_off_diagonals=True),
        require_tie_free=True,
    )
    check_case("count.compute_confident_joint", (y, p), dict(calibrate=True))


@pytest.mark.parametrize("n", [1, 2, 3, 10, 1000, 100_000])
def test_confident_joint_sizes(n):
    y, p = make_data(n, n, 3, np.float32)
    check_case(
        "count.compute_confident_joint",
        (y, p),
        dict(calibrate=False, return_indices_of_off_diagonals=True),
        require_tie_free=True,
    )
    check_case("count.compute_confident_joint", (y, p), dict(calibrate=True))


# ---------------------------------------------------------------------------------------------
# calibrate_confident_joint / estimate_joint
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["C", "F"])
@pytest.mark.parametrize("k", [3, 10])
def test_calibrate_confident_joint(layout, k):
    """cleanlab's result depends on the memory layout of the matrix: it sums the rescaled matrix
    in memory order. compute_confident_joint(calibrate=False) returns a Fortran-ordered matrix
    in both packages, so calibrating it afterwards is the common case for "F"."""
    import cleanlab.count

    for seed in range(20):
        y, p = make_data(300 + seed, 20000, k, np.float64)
        cj = cleanlab.count.compute_confident_joint(y, p, calibrate=False)
        cj = np.asfortranarray(cj) if layout == "F" else np.ascontiguousarray(cj)
        if check_case("count.calibrate_confident_joint", (cj, y)):
            return
    pytest.fail("no tie-free input in 20 seeds")


def test_calibrate_float_matrix_and_missing_classes():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 5, size=300)
    y[y == 2] = 0
    cj = rng.random((5, 5)) * 30
    check_case("count.calibrate_confident_joint", (np.ascontiguousarray(cj), y))


@pytest.mark.parametrize("dtype", DTYPES)
def test_estimate_joint(dtype):
    import cleanlab.count

    for seed in range(20):
        y, p = make_data(400 + seed, 800, 4, dtype)
        cj = np.ascontiguousarray(cleanlab.count.compute_confident_joint(y, p, calibrate=False))
        ok = check_case("count.estimate_joint", (y, p))
        ok &= check_case("count.estimate_joint", (y, p), dict(confident_joint=cj))
        ok &= check_case("count.estimate_joint", (None, p), dict(confident_joint=cj))
        if ok:
            return
    pytest.fail("no tie-free input in 20 seeds")


# ---------------------------------------------------------------------------------------------
# num_label_issues
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("method", ["off_diagonal", "off_diagonal_calibrated", "off_diagonal_custom"])
@pytest.mark.parametrize("k", [2, 4, 9])
def test_num_label_issues(dtype, method, k):
    import cleanlab.count

    for seed in range(20):
        y, p = make_data(500 + seed, 700, k, dtype)
        kw = dict(estimation_method=method)
        if method == "off_diagonal_custom":
            kw["confident_joint"] = np.ascontiguousarray(
                cleanlab.count.compute_confident_joint(y, p)
            )
        if check_case("count.num_label_issues", (y, p), kw):
            return
    pytest.fail("no tie-free input in 20 seeds")


def test_num_label_issues_ignored_joint_warns():
    import cleanlab.count

    y, p = make_data(5, 300, 3, np.float64)
    cj = cleanlab.count.compute_confident_joint(y, p)
    check_case("count.num_label_issues", (y, p), dict(confident_joint=cj), require_tie_free=True)


def test_num_label_issues_equals_confident_learning_count():
    import libcleanlab

    for dtype in DTYPES:
        y, p = make_data(6, 3000, 5, dtype, gen="quantised")
        mask = libcleanlab.filter.find_label_issues(y, p, filter_by="confident_learning")
        assert libcleanlab.count.num_label_issues(y, p) == mask.sum()


# A regression case: cleanlab's calibrate_confident_joint divides by np.sum(calibrated_cj), a
# pairwise sum taken in *memory order*. For a Fortran-ordered joint -- what
# compute_confident_joint(calibrate=False) returns, and what cleanlab calibrates internally in
# compute_confident_joint(calibrate=True), find_label_issues, estimate_joint -- that is column
# order. Here the row-major total differs by one ulp and row 6 rounds differently.
_CJ_F = [
    [82, 5, 5, 2, 4, 4, 2, 3, 3, 2], [3, 70, 2, 4, 3, 6, 9, 2, 3, 1],
    [3, 3, 75, 5, 2, 2, 2, 3, 3, 3], [3, 6, 0, 91, 6, 4, 2, 2, 2, 3],
    [1, 3, 3, 2, 84, 5, 7, 5, 6, 3], [3, 4, 4, 5, 2, 78, 0, 2, 4, 5],
    [4, 5, 5, 4, 5, 4, 100, 2, 2, 2], [4, 1, 6, 3, 5, 2, 2, 86, 3, 6],
    [4, 3, 7, 2, 3, 0, 5, 1, 80, 6], [6, 1, 3, 2, 3, 6, 3, 2, 3, 77],
]
_COUNTS_F = [148, 130, 139, 160, 161, 150, 175, 150, 155, 132]


@pytest.mark.parametrize("layout", ["C", "F"])
def test_calibrate_memory_order_regression(layout):
    cj = np.array(_CJ_F, dtype=np.int64, order=layout)
    y = np.repeat(np.arange(10), _COUNTS_F)
    check_case("count.calibrate_confident_joint", (cj, y))


def test_compute_confident_joint_internal_calibration_regression():
    """compute_confident_joint(calibrate=True) calibrates the transposed confusion matrix, a
    Fortran-ordered array: the total is summed column by column."""
    from conftest import softmax_probs

    rng = np.random.default_rng(1 * 7919 + 10)
    p = softmax_probs(rng, 3000, 10, scale=2.5, dtype=np.float32)
    y = noisy_labels(rng, p, noise=0.25)
    check_case("count.compute_confident_joint", (y, p))
