"""Properties of the random functions of libcleanlab.benchmarking.noise_generation (cleanlab's
documented contract), over many seeds and K = 2..50, checked with cleanlab 2.9.0's own
noise_matrix_is_valid; reproducibility; the documented PRNG (checked by an independent Python
implementation of xoshiro256** / SplitMix64); make_synthetic_dataset.
"""

import math

import numpy as np
import pytest

import cleanlab.benchmarking.noise_generation as ref
import cleanlab.filter

import libcleanlab
from libcleanlab.benchmarking import make_synthetic_dataset
from libcleanlab.benchmarking import noise_generation as ours

TOL = 1e-6  # cleanlab's FLOATING_POINT_COMPARISON
M64 = (1 << 64) - 1


# --- an independent implementation of the documented PRNG ---------------------------------
def _splitmix(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return x, z ^ (z >> 31)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


def _xoshiro_uniforms(seed, count):
    s = []
    x = seed
    for _ in range(4):
        x, v = _splitmix(x)
        s.append(v)
    out = []
    for _ in range(count):
        result = (_rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        out.append((result >> 11) * 2.0**-53)
    return out


def test_documented_prng_stream_and_global_seed():
    """generate_n_rand_probabilities_that_sum_to_m(n, m) without active bounds is
    m * E / sum(E) with E_i = -log1p(-u_i), u the documented uniform stream; the seed is one
    uint64 drawn from numpy's global RandomState."""
    for state in (0, 1, 12345):
        np.random.seed(state)
        seed = int(np.random.randint(0, 2**64, dtype=np.uint64))
        u = _xoshiro_uniforms(seed, 6)
        e = [-math.log1p(-v) for v in u]
        total = 0.0
        for v in e:
            total += v
        expected = np.array([v / total * 1.0 for v in e])
        np.random.seed(state)
        got = ours.generate_n_rand_probabilities_that_sum_to_m(6, 1.0)
        assert np.array_equal(got, expected)


def _check_noise_matrix(nm, k, trace, py, *, valid, max_tp=1.0, min_tp=1e-5, max_nr=1 - 1e-5,
                        min_nr=0.0, frac=0.0):
    assert nm.shape == (k, k) and nm.dtype == np.float64
    assert abs(np.trace(nm) - trace) < 1e-9
    assert np.allclose(nm.sum(axis=0), 1.0, rtol=0, atol=1e-9)
    d = np.diag(nm)
    off = nm[~np.eye(k, dtype=bool)]
    if k > 2:
        assert np.all(d <= max_tp + TOL) and np.all(d >= min_tp - TOL)
        nz = off[off != 0]
        assert np.all(nz <= max_nr + TOL) and np.all(nz >= min_nr - TOL)
        want_zero = min(int(k * (k - 1) * frac), k * (k - 2))
        assert np.count_nonzero(off == 0) >= want_zero
    assert np.all(nm >= -TOL) and np.all(nm <= 1 + TOL)
    if valid and k > 2:
        assert ref.noise_matrix_is_valid(nm, py)


@pytest.mark.parametrize("k", list(range(2, 51)))
def test_noise_matrix_from_trace_properties(k):
    rng = np.random.default_rng(500 + k)
    reps = 6 if k <= 10 else 2
    for rep in range(reps):
        py = rng.dirichlet(np.ones(k) * 2)
        trace = 1 + (k - 1) * (0.2 + 0.7 * rng.random())
        frac = [0.0, 0.3, 0.6][rep % 3]
        kw = dict(py=py, frac_zero_noise_rates=frac, seed=int(rng.integers(1 << 31)))
        if rep % 2 and k > 2:
            # tighter bounds that are still feasible
            kw.update(max_trace_prob=min(1.0, trace / k + 0.3), min_trace_prob=max(0.0, trace / k - 0.3),
                      max_noise_rate=0.9, min_noise_rate=0.0)
        nm = ours.generate_noise_matrix_from_trace(k, trace, **kw)
        assert nm is not None
        _check_noise_matrix(nm, k, trace, py, valid=True, frac=frac,
                            max_tp=kw.get("max_trace_prob", 1.0), min_tp=kw.get("min_trace_prob", 1e-5),
                            max_nr=kw.get("max_noise_rate", 1 - 1e-5))
        # reproducible for a seed, different for another
        again = ours.generate_noise_matrix_from_trace(k, trace, **kw)
        assert np.array_equal(nm, again)
        kw["seed"] += 1
        if k == 2 and frac >= 0.5:
            continue  # only two possible matrices
        assert not np.array_equal(nm, ours.generate_noise_matrix_from_trace(k, trace, **kw))


def test_noise_matrix_from_trace_invalid_allowed_and_k2():
    rng = np.random.default_rng(3)
    for k in (2, 3, 5, 20):
        for trace in (0.3, 0.9, 1.5):
            if trace > k:
                continue
            nm = ours.generate_noise_matrix_from_trace(k, trace, valid_noise_matrix=False,
                                                       seed=int(rng.integers(1000)))
            _check_noise_matrix(nm, k, trace, None, valid=False)
    for frac in (0.0, 0.5):
        for seed in range(20):
            nm = ours.generate_noise_matrix_from_trace(2, 1.4, frac_zero_noise_rates=frac, seed=seed)
            _check_noise_matrix(nm, 2, 1.4, None, valid=False)
            if frac >= 0.5:  # cleanlab's K == 2 special case: exactly one zero noise rate
                assert np.count_nonzero(nm == 0) == 1 and np.count_nonzero(nm == 1) == 1
            assert ref.noise_matrix_is_valid(nm, np.array([0.5, 0.5]))
    # no valid matrix exists: max_iter exhausted -> None (as cleanlab 2.x)
    py = np.array([1.0, 0.0, 0.0])  # ps[i] * 0 < 0 never holds for i > 0
    assert ours.generate_noise_matrix_from_trace(3, 1.05, py=py, max_iter=5, seed=1) is None
    assert ref.generate_noise_matrix_from_trace(3, 1.05, py=py, max_iter=5, seed=1) is None


def test_rand_probabilities_properties():
    rng = np.random.default_rng(11)
    np.random.seed(11)
    for _ in range(300):
        n = int(rng.integers(1, 60))
        m = float(rng.random() * n)
        lo = max(0.0, m / n - rng.random() * m / n)
        hi = min(max(1.0, m), m / n + rng.random() * (1 - m / n) if m / n < 1 else m / n)
        p = ours.generate_n_rand_probabilities_that_sum_to_m(n, m, max_prob=hi, min_prob=lo)
        assert p.shape == (n,) and p.dtype == np.float64
        assert abs(p.sum() - m) <= 1e-9 * max(1.0, m)
        assert np.all(p <= hi + TOL) and np.all(p >= lo - TOL)
    # reproducible through numpy's global state
    np.random.seed(5)
    a = ours.generate_n_rand_probabilities_that_sum_to_m(10, 1.0, max_prob=0.2)
    np.random.seed(5)
    b = ours.generate_n_rand_probabilities_that_sum_to_m(10, 1.0, max_prob=0.2)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, ours.generate_n_rand_probabilities_that_sum_to_m(10, 1.0, max_prob=0.2))


def test_balls_properties():
    rng = np.random.default_rng(12)
    np.random.seed(12)
    for _ in range(300):
        k = int(rng.integers(1, 40))
        n = int(rng.integers(0, 2000))
        mx = None if rng.random() < 0.3 else int(rng.integers(0, n // max(k, 1) + 5)) or None
        mn = None if rng.random() < 0.5 else int(rng.integers(0, max(1, n // k) + 1))
        if mx is not None and mn is not None and mn > mx:
            mn = mx
        r = ours.randomly_distribute_N_balls_into_K_bins(n, k, max_balls_per_bin=mx, min_balls_per_bin=mn)
        assert r.shape == (k,) and r.dtype == np.int64
        total = n if mx is None or n / k <= mx else mx * k
        assert r.sum() == total
        if mx is not None:
            assert r.max() <= mx
        if mn is not None and n > 0:
            assert r.min() >= min(mn, n // k)
        assert r.min() >= 0


def test_noisy_labels_choice_is_random_and_reproducible():
    y = np.repeat(np.arange(3), 100)
    nm = np.array([[0.8, 0.1, 0.0], [0.1, 0.8, 0.2], [0.1, 0.1, 0.8]])
    np.random.seed(1)
    a = ours.generate_noisy_labels(y, nm)
    np.random.seed(1)
    b = ours.generate_noisy_labels(y, nm)
    c = ours.generate_noisy_labels(y, nm)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    # exactly the documented counts
    for true in range(3):
        for given in range(3):
            if true != given:
                assert np.count_nonzero((y == true) & (a == given)) == int(nm[given, true] * (1 / 3) * 300)


@pytest.mark.parametrize("k", [2, 5, 20])
def test_make_synthetic_dataset(k):
    n = 300 * k
    d = make_synthetic_dataset(n, k, 0.8 * k, seed=4, frac_zero_noise_rates=0.2)
    y, s, p = d["true_labels"], d["labels"], d["pred_probs"]
    assert y.shape == s.shape == (n,) and p.shape == (n, k) and p.dtype == np.float64
    assert np.array_equal(np.unique(y), np.arange(k))
    assert np.allclose(p.sum(axis=1), 1.0) and np.all(p >= 0)
    assert ref.noise_matrix_is_valid(d["noise_matrix"], d["py"])
    assert np.array_equal(d["is_label_issue"], s != y)
    # the flips are exactly those of generate_noisy_labels' count rule
    counts = np.bincount(y, minlength=k)
    for t in range(k):
        for g in range(k):
            if t != g:
                assert np.count_nonzero((y == t) & (s == g)) == int(d["noise_matrix"][g, t] * (counts[t] / n) * n)
    # an imperfect but informative classifier
    acc = np.mean(p.argmax(axis=1) == y)
    assert 0.6 < acc < 0.995
    # confident learning finds a good share of the label errors
    issues = cleanlab.filter.find_label_issues(s, p)
    truth = d["is_label_issue"]
    if truth.any():
        recall = np.mean(issues[truth])
        precision = np.mean(truth[issues]) if issues.any() else 0.0
        assert recall > 0.4 and precision > 0.5
    # deterministic for a seed, float32 variant identical up to rounding
    d2 = make_synthetic_dataset(n, k, 0.8 * k, seed=4, frac_zero_noise_rates=0.2, dtype=np.float32)
    assert np.array_equal(d2["labels"], s) and d2["pred_probs"].dtype == np.float32
    assert np.array_equal(d2["pred_probs"], p.astype(np.float32))
    d3 = make_synthetic_dataset(n, k, 0.8 * k, seed=5, frac_zero_noise_rates=0.2)
    assert not np.array_equal(d3["pred_probs"], p)


def test_make_synthetic_dataset_errors():
    with pytest.raises(libcleanlab.ShapeError):
        make_synthetic_dataset(10, 1, 1.0, seed=0)
    with pytest.raises(libcleanlab.ShapeError):
        make_synthetic_dataset(3, 5, 2.0, seed=0)
    with pytest.raises(libcleanlab.InvalidArgumentError):
        make_synthetic_dataset(100, 3, 1.0, seed=0)
    with pytest.raises(libcleanlab.InvalidArgumentError):
        make_synthetic_dataset(100, 3, 3.5, seed=0)
    with pytest.raises(libcleanlab.InvalidArgumentError):
        make_synthetic_dataset(100, 3, 2.0, frac_zero_noise_rates=2.0, seed=0)
    with pytest.raises(TypeError):
        make_synthetic_dataset(100, 3, 2.0, seed=0, dtype=np.int64)
    np.random.seed(0)
    a = make_synthetic_dataset(100, 3, 2.0)
    np.random.seed(0)
    b = make_synthetic_dataset(100, 3, 2.0)
    assert np.array_equal(a["pred_probs"], b["pred_probs"])
