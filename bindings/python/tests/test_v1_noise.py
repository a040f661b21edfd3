"""The seed API's ``libcleanlab.noise_generation`` (cleanlab 1.x names and return conventions).

The random functions use libcleanlab's PRNG (not numpy's stream), so they are checked by their
documented properties; the deterministic ones (noise_matrix_is_valid, the argument checks, the
return conventions) are compared with cleanlab 1.0.1 in its venv (see v1ref.py).
"""
import numpy as np
import pytest

import libcleanlab as cleanlab
from libcleanlab import noise_generation as ng
from libcleanlab._errors import InvalidArgumentError, ShapeError

from v1ref import RefError, ref  # noqa: F401  (ref is a fixture)


def _valid_shape(nm, k, trace):
    assert nm.shape == (k, k) and nm.dtype == np.float64
    assert np.allclose(nm.sum(axis=0), 1, atol=1e-9)
    assert abs(np.trace(nm) - trace) < 1e-6
    assert nm.min() >= -1e-12


def test_module_is_reachable_as_cleanlab_attribute():
    assert cleanlab.noise_generation is ng
    assert set(ng.__all__) >= {"noise_matrix_is_valid", "generate_noisy_labels",
                               "generate_noise_matrix_from_trace", "generate_noise_matrix",
                               "generate_n_rand_probabilities_that_sum_to_m",
                               "randomly_distribute_N_balls_into_K_bins"}


@pytest.mark.parametrize("k,trace,frac", [(3, 2.4, 0.0), (5, 3.0, 0.5), (8, 6.5, 0.2), (2, 1.6, 0.0),
                                          (2, 1.3, 0.5)])
def test_generate_noise_matrix_from_trace_properties(k, trace, frac):
    rng = np.random.default_rng(k)
    py = rng.dirichlet(np.ones(k) * 5)
    for seed in range(4):
        # positional arguments, as 1.x scripts call it
        nm = ng.generate_noise_matrix_from_trace(k, trace, 1.0, 1e-5, 1 - 1e-5, 0.0, True, py, frac, seed)
        _valid_shape(nm, k, trace)
        if k > 2:
            assert ng.noise_matrix_is_valid(nm, py)
            off = nm[~np.eye(k, dtype=bool)]
            assert np.count_nonzero(off == 0) >= int(k * (k - 1) * frac)
        # seeded: reproducible
        again = ng.generate_noise_matrix_from_trace(k, trace, py=py, frac_zero_noise_rates=frac, seed=seed)
        assert np.array_equal(nm, again)


def test_generate_noise_matrix_from_trace_bounds():
    nm = ng.generate_noise_matrix_from_trace(4, 2.0, max_trace_prob=0.7, min_trace_prob=0.3,
                                             max_noise_rate=0.5, min_noise_rate=0.01,
                                             valid_noise_matrix=False, seed=3)
    _valid_shape(nm, 4, 2.0)
    d = np.diag(nm)
    off = nm[~np.eye(4, dtype=bool)]
    assert d.min() >= 0.3 - 1e-6 and d.max() <= 0.7 + 1e-6
    assert off.min() >= 0.01 - 1e-6 and off.max() <= 0.5 + 1e-6


def test_no_valid_matrix_returns_the_last_one_tried_like_1x(ref):
    # a near-uniform diagonal of trace 1.05 with a skewed prior is (almost) never valid
    py = np.array([0.9, 0.05, 0.05])
    kw = dict(py=py, max_iter=3, min_trace_prob=0.3, max_trace_prob=0.4)
    theirs = ref("noise_generation.generate_noise_matrix_from_trace", 3, 1.05, **kw)
    assert isinstance(theirs, np.ndarray) and not ng.noise_matrix_is_valid(theirs, py)
    ours = ng.generate_noise_matrix_from_trace(3, 1.05, **kw)
    assert isinstance(ours, np.ndarray)
    _valid_shape(ours, 3, 1.05)
    assert not ng.noise_matrix_is_valid(ours, py)
    # 2.x returns None there
    assert cleanlab.benchmarking.noise_generation.generate_noise_matrix_from_trace(3, 1.05, **kw) is None


def test_max_iter_below_one_returns_false_like_1x(ref):
    py = np.full(3, 1 / 3)
    for it in (0, -2):
        theirs = ref("noise_generation.generate_noise_matrix_from_trace", 3, 2.0, py=py, max_iter=it)
        ours = ng.generate_noise_matrix_from_trace(3, 2.0, py=py, max_iter=it)
        assert theirs is False and ours is False


@pytest.mark.parametrize("args,kwargs", [
    ((3, 1.0), dict(py=np.full(3, 1 / 3))),      # trace <= 1 with valid_noise_matrix
    ((3, 2.0), {}),                               # py missing
    ((1, 2.0), dict(valid_noise_matrix=False)),   # K <= 1
])
def test_generate_noise_matrix_from_trace_value_errors_like_1x(ref, args, kwargs):
    theirs = ref("noise_generation.generate_noise_matrix_from_trace", *args, **kwargs)
    assert isinstance(theirs, RefError) and theirs.type_name == "ValueError"
    with pytest.raises(ValueError) as e:
        ng.generate_noise_matrix_from_trace(*args, **kwargs)
    assert str(e.value) == theirs.message


def test_generate_noise_matrix_from_trace_rejects_impossible_arguments():
    with pytest.raises(InvalidArgumentError, match="must lie in"):
        ng.generate_noise_matrix_from_trace(3, 4.0, valid_noise_matrix=False)
    with pytest.raises(InvalidArgumentError):
        ng.generate_noise_matrix_from_trace(3, 2.0, min_trace_prob=0.9, max_trace_prob=0.1, valid_noise_matrix=False)
    with pytest.raises(ShapeError):
        ng.generate_noise_matrix_from_trace(3, 2.0, py=np.ones(4) / 4)


def test_noise_matrix_is_valid_identical_to_1x(ref):
    rng = np.random.default_rng(5)
    answers = []
    for k in (2, 3, 4, 7):
        for _ in range(25):
            nm = rng.random((k, k)) + np.eye(k) * rng.uniform(0, 2 * k)
            nm /= nm.sum(axis=0)
            py = rng.dirichlet(np.ones(k))
            ours = ng.noise_matrix_is_valid(nm, py)
            theirs = ref("noise_generation.noise_matrix_is_valid", nm, py)
            assert ours == theirs, (nm, py)
            answers.append(ours)
    assert any(answers) and not all(answers)
    # verbose prints 1.x's text
    nm = np.array([[0.8, 0.3], [0.2, 0.7]])
    py = np.array([0.5, 0.5])
    ref("noise_generation.noise_matrix_is_valid", nm, py, True)
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        ng.noise_matrix_is_valid(nm, py, True)
    assert buf.getvalue() == ref.printed


def test_generate_noisy_labels_exact_flip_counts():
    py = np.array([0.3, 0.3, 0.4])
    nm = ng.generate_noise_matrix_from_trace(3, 2.1, py=py, seed=1)
    y = np.repeat(np.arange(3), [300, 300, 400])
    np.random.seed(0)
    s = ng.generate_noisy_labels(y, nm)
    assert s.dtype == y.dtype and s.shape == y.shape
    counts = (nm * (np.bincount(y) / len(y)) * len(y)).astype(int)
    for j in range(3):
        for k in range(3):
            if j != k:
                assert np.sum((s == j) & (y == k)) == counts[j][k]
    np.random.seed(0)
    assert np.array_equal(s, ng.generate_noisy_labels(y, nm, True))  # verbose accepted
    with pytest.raises(ValueError):
        ng.generate_noisy_labels(np.array([0, 1, 5]), nm)


def test_generate_n_rand_probabilities_and_balls():
    np.random.seed(3)
    for n, m, hi, lo in [(5, 1.0, 1.0, 0.0), (10, 3.0, 0.5, 0.1), (4, 2.0, 0.6, 0.4)]:
        p = ng.generate_n_rand_probabilities_that_sum_to_m(n, m, hi, lo)  # positional, as 1.x
        assert p.shape == (n,) and abs(p.sum() - m) < 1e-9
        assert p.min() >= lo - 1e-6 and p.max() <= hi + 1e-6
    assert ng.generate_n_rand_probabilities_that_sum_to_m(0, 1.0).shape == (0,)
    for N, K, hi, lo in [(100, 7, None, None), (50, 5, 12, 8), (10, 4, 2, None)]:
        b = ng.randomly_distribute_N_balls_into_K_bins(N, K, hi, lo)
        assert b.shape == (K,) and b.dtype.kind == "i"
        assert b.sum() == (min(N, hi * K) if hi is not None else N)
        if hi is not None:
            assert b.max() <= hi
        if lo is not None:
            assert b.min() >= lo


@pytest.mark.parametrize("args", [(3, 2.0, 0.5), (3, 0.5, 1.0, 0.2)])
def test_generate_n_rand_probabilities_value_errors_like_1x(ref, args):
    theirs = ref("noise_generation.generate_n_rand_probabilities_that_sum_to_m", *args)
    assert isinstance(theirs, RefError) and theirs.type_name == "ValueError"
    with pytest.raises(ValueError) as e:
        ng.generate_n_rand_probabilities_that_sum_to_m(*args)
    assert str(e.value) == theirs.message


def test_generate_noise_matrix_deprecated():
    np.random.seed(0)
    for k, rate, frac in [(4, 1.0, 0.0), (6, 0.4, 0.3), (2, 0.9, 0.0)]:
        with pytest.warns(DeprecationWarning, match="generate_noise_matrix_from_trace"):
            nm = ng.generate_noise_matrix(k, rate, frac)
        assert nm.shape == (k, k)
        assert np.allclose(nm.sum(axis=0), 1)
        off = nm[~np.eye(k, dtype=bool)]
        assert off.min() >= 0 and off.max() <= rate + 1e-12
        assert np.all(np.round(off, 2) == off)
        assert np.all(off.reshape(k, k - 1).sum(axis=1) >= 0)
        assert np.all(np.diag(nm) > 0)
    with pytest.warns(DeprecationWarning):
        with pytest.raises(InvalidArgumentError):
            ng.generate_noise_matrix(3, frac_zero_noise_rates=2.0)
