"""Parity of libcleanlab's latent estimation and latent algebra with cleanlab 2.9.0:
count.estimate_latent, count.estimate_py_and_noise_matrices_from_probabilities,
count._converge_estimates and cleanlab.internal.latent_algebra, on generated inputs (random,
missing classes, K=2, large K, every py_method, converge on/off, calibrated or not), plus the
errors cleanlab raises."""

import warnings

import numpy as np
import pytest

import cleanlab.count as cc
from cleanlab.internal import latent_algebra as cla

import libcleanlab
import libcleanlab.count as lc
from conftest import tie_rule
from libcleanlab.internal import latent_algebra as lla

PY_METHODS = ["cnt", "eqn", "marginal", "marginal_ps"]
RTOL = 1e-12


def close(a, b, rtol=RTOL):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape, (a.shape, b.shape)
    np.testing.assert_allclose(b, a, rtol=rtol, atol=1e-15)


def gen(n, k, seed, missing=()):
    rng = np.random.default_rng(seed)
    classes = np.array([c for c in range(k) if c not in missing])
    y = rng.choice(classes, n)
    p = rng.dirichlet(np.full(k, 0.6), n)
    flip = rng.random(n) < 0.8
    p[flip, y[flip]] += rng.random(flip.sum()) * 2
    p /= p.sum(1, keepdims=True)
    return y, p


CASES = [
    (300, 2, 1, ()),
    (400, 3, 2, ()),
    (600, 5, 3, (1,)),  # a class missing from labels
    (800, 8, 4, ()),
    (1500, 12, 5, (0, 7)),
    (3000, 40, 6, ()),  # large K: pairwise sums, a 40 x 40 inverse
]


@pytest.mark.parametrize("n,k,seed,missing", CASES)
@pytest.mark.parametrize("calibrate", [True, False])
def test_estimate_latent_parity(n, k, seed, missing, calibrate):
    y, p = gen(n, k, seed, missing)
    cj = cc.compute_confident_joint(y, p, calibrate=calibrate)
    for method in PY_METHODS:
        for converge in (False, True):
            if method == "eqn" and missing:
                continue  # a missing class can make the noise matrix singular (tested below)
            ref = cc.estimate_latent(cj, y, py_method=method, converge_latent_estimates=converge)
            got = lc.estimate_latent(cj, y, py_method=method, converge_latent_estimates=converge)
            for a, b in zip(ref, got):
                close(a, b)


@pytest.mark.parametrize("n,k,seed,missing", CASES)
def test_estimate_py_and_noise_matrices_parity(n, k, seed, missing):
    y, p = gen(n, k, seed, missing)
    combos = [("cnt", True, True), ("marginal", False, True), ("marginal_ps", True, False),
              ("cnt", False, False)]
    if not missing:
        combos.append(("eqn", True, True))
    for method, converge, calibrate in combos:
        kw = dict(py_method=method, converge_latent_estimates=converge, calibrate=calibrate)
        # equal rounding residuals in the calibration: the project's documented tie rule
        with tie_rule("low"):
            ref = cc.estimate_py_and_noise_matrices_from_probabilities(y, p, **kw)
        got = lc.estimate_py_and_noise_matrices_from_probabilities(y, p, **kw)
        np.testing.assert_array_equal(got[3], ref[3])
        assert got[3].flags.f_contiguous == ref[3].flags.f_contiguous
        for a, b in zip(ref[:3], got[:3]):
            close(a, b)


def test_estimate_py_and_noise_matrices_defaults_float32_and_thresholds():
    y, p = gen(700, 6, 11)
    p32 = p.astype(np.float32)
    for args in [dict(), dict(thresholds=np.full(6, 0.3)), dict(thresholds=[0.2] * 6)]:
        with tie_rule("low"):
            ref = cc.estimate_py_and_noise_matrices_from_probabilities(y, p32, **args)
        got = lc.estimate_py_and_noise_matrices_from_probabilities(y, p32, **args)
        np.testing.assert_array_equal(got[3], ref[3])
        for a, b in zip(ref[:3], got[:3]):
            close(a, b)


def test_estimate_latent_float_and_fortran_joint():
    rng = np.random.default_rng(5)
    k = 10
    cj = rng.random((k, k)) * 50 + np.eye(k) * 100
    y = rng.integers(0, k, 900)
    # (a float32 joint with fractional counts is summed in float32 by numpy: libcleanlab sums
    # in float64, a documented deviation; integer-valued float32 counts are exact either way)
    for m in (cj, np.asfortranarray(cj), np.rint(cj).astype(np.float32), cj.astype(np.int64).tolist()):
        for method in PY_METHODS:
            ref = cc.estimate_latent(np.asarray(m), y, py_method=method, converge_latent_estimates=True)
            got = lc.estimate_latent(m, y, py_method=method, converge_latent_estimates=True)
            for a, b in zip(ref, got):
                close(a, b)


def test_estimate_latent_zero_rows_and_columns():
    # a class never confidently counted (zero row and column): divisions guarded by 1e-100
    cj = np.array([[30, 0, 5], [0, 0, 0], [4, 0, 20]])
    y = np.array([0] * 35 + [1] * 5 + [2] * 24)
    for method in ["cnt", "marginal", "marginal_ps"]:
        for converge in (False, True):
            ref = cc.estimate_latent(cj, y, py_method=method, converge_latent_estimates=converge)
            got = lc.estimate_latent(cj, y, py_method=method, converge_latent_estimates=converge)
            for a, b in zip(ref, got):
                close(a, b)


def test_converge_estimates_parity():
    y, p = gen(900, 7, 21)
    cj = cc.compute_confident_joint(y, p)
    py, nm, inv = cc.estimate_latent(cj, y)
    ps = np.bincount(y, minlength=7) / len(y)
    for iters in [dict(), dict(inv_noise_matrix_iterations=2, noise_matrix_iterations=4),
                  dict(inv_noise_matrix_iterations=0, noise_matrix_iterations=2)]:
        ref = cc._converge_estimates(ps, py, nm, inv, **iters)
        got = lc._converge_estimates(ps, py, nm, inv, **iters)
        for a, b in zip(ref, got):
            close(a, b)
    got = lc._converge_estimates(ps, py, nm, inv, noise_matrix_iterations=0)
    assert got[0] is py and got[1] is nm and got[2] is inv


def _noise(k, seed, diag=0.7):
    rng = np.random.default_rng(seed)
    m = rng.random((k, k))
    np.fill_diagonal(m, 0)
    m = m / m.sum(0) * (1 - diag)
    np.fill_diagonal(m, diag)
    return m


@pytest.mark.parametrize("k", [2, 4, 9, 30])
def test_latent_algebra_parity(k):
    rng = np.random.default_rng(k)
    nm = _noise(k, k)
    ps = rng.dirichlet(np.ones(k))
    py = rng.dirichlet(np.ones(k))
    counts = rng.integers(1, 100, k).astype(float)
    close(cla.compute_inv_noise_matrix(py, nm), lla.compute_inv_noise_matrix(py, nm))
    close(cla.compute_inv_noise_matrix(py, nm, ps=ps), lla.compute_inv_noise_matrix(py, nm, ps=ps))
    inv = cla.compute_inv_noise_matrix(py, nm, ps=ps)
    close(cla.compute_noise_matrix_from_inverse(ps, inv), lla.compute_noise_matrix_from_inverse(ps, inv))
    close(cla.compute_noise_matrix_from_inverse(ps, inv, py=py),
          lla.compute_noise_matrix_from_inverse(ps, inv, py=py))
    for method in PY_METHODS:
        close(cla.compute_py(ps, nm, inv, py_method=method, true_labels_class_counts=counts),
              lla.compute_py(ps, nm, inv, py_method=method, true_labels_class_counts=counts))
    for a, b in zip(cla.compute_py_inv_noise_matrix(ps, nm), lla.compute_py_inv_noise_matrix(ps, nm)):
        close(a, b)
    y = np.concatenate([np.arange(k), rng.integers(0, k, 200)])
    for a, b in zip(cla.compute_ps_py_inv_noise_matrix(y, nm), lla.compute_ps_py_inv_noise_matrix(y, nm)):
        close(a, b)
    pp = rng.dirichlet(np.ones(k), 50)
    pp[0] = 0  # a zero row stays zero
    close(cla.compute_pyx(pp, nm, inv), lla.compute_pyx(pp, nm, inv))
    close(cla.compute_pyx(pp.astype(np.float32), nm, inv), lla.compute_pyx(pp.astype(np.float32), nm, inv))


def test_compute_py_clipping():
    # py_method results outside [1e-6, 1] (negative from 'eqn' with a strongly noisy matrix)
    nm = np.array([[0.55, 0.5], [0.45, 0.5]])
    ps = np.array([0.2, 0.8])
    inv = cla.compute_inv_noise_matrix(np.array([0.5, 0.5]), nm)
    for method in ["cnt", "eqn", "marginal_ps"]:
        ref = cla.compute_py(ps, nm, inv, py_method=method)
        close(ref, lla.compute_py(ps, nm, inv, py_method=method))
    close(cla.compute_py(ps, nm, inv, py_method="marginal", true_labels_class_counts=[0, 10]),
          lla.compute_py(ps, nm, inv, py_method="marginal", true_labels_class_counts=[0, 10]))


def test_count_module_reexports():
    for name in ["compute_inv_noise_matrix", "compute_noise_matrix_from_inverse", "compute_py",
                 "clip_noise_rates", "clip_values", "round_preserving_row_totals",
                 "value_counts_fill_missing_classes", "get_num_classes", "get_unique_classes",
                 "estimate_latent", "estimate_py_and_noise_matrices_from_probabilities",
                 "_converge_estimates"]:
        assert hasattr(cc, name)
        assert callable(getattr(lc, name)), name
    assert libcleanlab.internal.latent_algebra is lla


# -------------------------------------------------------------------------------------------
# errors
# -------------------------------------------------------------------------------------------

def _both_raise(exc, fn_ref, fn_got, match=None):
    with pytest.raises(exc) as e1:
        fn_ref()
    with pytest.raises(exc, match=match) as e2:
        fn_got()
    return e1.value, e2.value


def test_errors_py_method():
    y, p = gen(200, 3, 1)
    cj = cc.compute_confident_joint(y, p)
    _both_raise(ValueError, lambda: cc.estimate_latent(cj, y, py_method="bad"),
                lambda: lc.estimate_latent(cj, y, py_method="bad"),
                "py_method bad should be in \\[cnt, eqn, marginal, marginal_ps\\]")
    _both_raise(ValueError,
                lambda: cc.estimate_py_and_noise_matrices_from_probabilities(y, p, py_method="x"),
                lambda: lc.estimate_py_and_noise_matrices_from_probabilities(y, p, py_method="x"),
                "should be in")
    nm = _noise(3, 0)
    inv = cla.compute_inv_noise_matrix(np.ones(3) / 3, nm)
    ps = np.ones(3) / 3
    _both_raise(ValueError, lambda: cla.compute_py(ps, nm, inv, py_method="nope"),
                lambda: lla.compute_py(ps, nm, inv, py_method="nope"), "should be in")
    _both_raise(ValueError, lambda: cla.compute_py(ps, nm, inv, py_method="marginal"),
                lambda: lla.compute_py(ps, nm, inv, py_method="marginal"),
                "requires true_labels_class_counts")


def test_errors_shapes_and_values():
    nm = _noise(3, 0)
    inv = cla.compute_inv_noise_matrix(np.ones(3) / 3, nm)
    ps3d = np.ones((3, 1, 1)) / 3
    with warnings.catch_warnings(record=True) as w1:
        warnings.simplefilter("always")
        _both_raise(TypeError, lambda: cla.compute_py(ps3d, nm, inv),
                    lambda: lla.compute_py(ps3d, nm, inv), "only size-1 arrays")
    assert sum("shape should be (K, ) or (1, K)" in str(x.message) for x in w1) == 2
    ps2d = np.ones((1, 3)) / 3
    _both_raise(TypeError, lambda: cla.compute_py(ps2d, nm, inv), lambda: lla.compute_py(ps2d, nm, inv))
    _both_raise(ValueError, lambda: cla.compute_py(ps2d, nm, inv, py_method="eqn"),
                lambda: lla.compute_py(ps2d, nm, inv, py_method="eqn"))
    _both_raise(ValueError, lambda: cla.compute_pyx(np.ones(3), nm, inv),
                lambda: lla.compute_pyx(np.ones(3), nm, inv), "shape should be \\(N, K\\)")
    # a singular noise matrix: numpy's LinAlgError
    sing = np.array([[0.5, 0.5], [0.5, 0.5]])
    _both_raise(np.linalg.LinAlgError, lambda: cla.compute_py_inv_noise_matrix(np.array([0.5, 0.5]), sing),
                lambda: lla.compute_py_inv_noise_matrix(np.array([0.5, 0.5]), sing), "Singular")
    # labels outside the confident joint
    cj = np.array([[5, 1], [1, 5]])
    _both_raise(ValueError, lambda: cc.estimate_latent(cj, np.array([0, 1, 2])),
                lambda: lc.estimate_latent(cj, np.array([0, 1, 2])))
    # non-finite input (cleanlab propagates NaN; libcleanlab refuses)
    with pytest.raises(ValueError, match="not finite"):
        lla.compute_inv_noise_matrix(np.array([np.nan, 1.0]), np.eye(2))
    with pytest.raises(ValueError, match="not finite"):
        lc.estimate_latent(np.array([[1.0, np.inf], [0, 1]]), np.array([0, 1]))
    with pytest.raises(ValueError):
        lc.estimate_latent(cj, np.array([], dtype=np.int64))
    # pred_probs / labels validation goes through compute_confident_joint's checks
    y, p = gen(50, 3, 1)
    with pytest.raises(IndexError):  # cleanlab fails while indexing
        cc.estimate_py_and_noise_matrices_from_probabilities(y[:-1], p)
    with pytest.raises(ValueError, match="same length"):
        lc.estimate_py_and_noise_matrices_from_probabilities(y[:-1], p)


def test_errors_mismatched_shapes():
    nm = np.eye(3)
    for ref, got in [(cla, lla)]:
        _both_raise(ValueError, lambda: ref.compute_pyx(np.zeros((0, 3)), nm, nm),
                    lambda: got.compute_pyx(np.zeros((0, 3)), nm, nm), "iteration dimensions are 0")
        _both_raise(ValueError, lambda: ref.compute_pyx(np.ones((2, 2)), nm, nm),
                    lambda: got.compute_pyx(np.ones((2, 2)), nm, nm))
        _both_raise(ValueError, lambda: ref.compute_inv_noise_matrix(np.ones(2) / 2, nm),
                    lambda: got.compute_inv_noise_matrix(np.ones(2) / 2, nm))
        _both_raise(ValueError, lambda: ref.compute_noise_matrix_from_inverse(np.ones(2) / 2, nm),
                    lambda: got.compute_noise_matrix_from_inverse(np.ones(2) / 2, nm))


def test_random_parity():
    """Random K, N, noise level, missing classes, float32/float64, every py_method, converge on
    and off, calibrated or not (cleanlab's calibration ties resolved by the documented rule)."""
    rng = np.random.default_rng(2024)
    for _ in range(25):
        k = int(rng.integers(2, 25))
        n = int(rng.integers(3 * k, 1500))
        classes = np.arange(k)
        if rng.random() < 0.4:
            classes = rng.choice(k, max(2, k - int(rng.integers(1, max(2, k // 3)))), replace=False)
        y = rng.choice(classes, n)
        p = rng.dirichlet(np.full(k, rng.uniform(0.1, 2)), n)
        f = rng.random(n) < rng.uniform(0.3, 0.95)
        p[f, y[f]] += rng.random(f.sum()) * 3
        p /= p.sum(1, keepdims=True)
        if rng.random() < 0.3:
            p = p.astype(np.float32)
        for method in PY_METHODS:
            kw = dict(py_method=method, converge_latent_estimates=bool(rng.random() < 0.5),
                      calibrate=bool(rng.random() < 0.5))
            try:
                with tie_rule("low"):
                    ref = cc.estimate_py_and_noise_matrices_from_probabilities(y, p, **kw)
            except np.linalg.LinAlgError:
                with pytest.raises(np.linalg.LinAlgError):
                    lc.estimate_py_and_noise_matrices_from_probabilities(y, p, **kw)
                continue
            got = lc.estimate_py_and_noise_matrices_from_probabilities(y, p, **kw)
            np.testing.assert_array_equal(got[3], ref[3])
            for a, b in zip(ref[:3], got[:3]):
                close(a, b)


def test_eqn_singular_in_estimate_latent():
    cj = np.array([[10, 10], [10, 10]])
    y = np.array([0] * 20 + [1] * 20)
    _both_raise(np.linalg.LinAlgError, lambda: cc.estimate_latent(cj, y, py_method="eqn"),
                lambda: lc.estimate_latent(cj, y, py_method="eqn"))
