"""Parity of libcleanlab.benchmarking.noise_generation with cleanlab 2.9.0.

noise_matrix_is_valid is deterministic: identical answers on generated matrices, including
borderline ones whose answer is decided by floating-point rounding (ties between ps[i] * py[i]
and joint[i][i], totals within a few ulps of 1 +- 1e-6). generate_noisy_labels flips a
deterministic number of labels per (true, given) pair: the confusion counts must equal
cleanlab's. Every ValueError cleanlab raises has our equivalent.
"""

import numpy as np
import pytest

import cleanlab.benchmarking.noise_generation as ref

import libcleanlab
import libcleanlab.benchmarking
from libcleanlab.benchmarking import noise_generation as ours

KS = list(range(2, 51))


def _dirichlet(rng, k):
    return rng.dirichlet(np.ones(k))


def _valid_pairs(rng, k):
    """(noise_matrix, py) pairs of several kinds for one K."""
    py = _dirichlet(rng, k)
    out = []
    # 1. cleanlab's own generator without the validity filter (about half are invalid)
    for trace in (1.0 + 0.5 * rng.random(), k * (0.3 + 0.6 * rng.random())):
        nm = ref.generate_noise_matrix_from_trace(
            k, trace, valid_noise_matrix=False, seed=int(rng.integers(1 << 30)))
        out.append((nm, py))
    # 2. exact ties in real arithmetic: constant rows, nm[i, :] = c[i] -> ps[i] == c[i]
    c = _dirichlet(rng, k)
    tie = np.repeat(c[:, None], k, axis=1)
    out.append((tie, py))
    out.append((np.full((k, k), 1.0 / k), py))
    # 3. the same nudged by a few ulps on the diagonal
    for steps in (-2, -1, 1, 2):
        m = tie.copy()
        d = np.diag(m).copy()
        for _ in range(abs(steps)):
            d = np.nextafter(d, np.inf if steps > 0 else -np.inf)
        np.fill_diagonal(m, d)
        out.append((m, py))
    # 4. random column-stochastic matrices with a strong diagonal
    m = rng.random((k, k))
    m += np.eye(k) * k * rng.random()
    m /= m.sum(axis=0)
    out.append((m, py))
    # 5. totals at the 1e-6 edge: scale py so that sum(nm * py) is 1 +- 1e-6 +- a few ulps
    for sign in (-1, 1):
        for eps in (-4e-16, -2e-16, 0.0, 2e-16, 4e-16):
            out.append((m, py * (1 + sign * 1e-6 + eps)))
    # 6. a matrix with an identity column block (diagonal 1) and a missing class in py
    m2 = m.copy()
    m2[:, 0] = 0
    m2[0, 0] = 1
    p2 = py.copy()
    p2[-1] = 0
    p2 /= p2.sum()
    out.append((m2, p2))
    return out


@pytest.mark.parametrize("k", KS)
def test_noise_matrix_is_valid_parity(k):
    rng = np.random.default_rng(1000 + k)
    n_true = 0
    cases = 0
    for _ in range(3):
        for nm, py in _valid_pairs(rng, k):
            nm = np.ascontiguousarray(nm, dtype=np.float64)
            expected = ref.noise_matrix_is_valid(nm, py)
            got = ours.noise_matrix_is_valid(nm, py)
            assert isinstance(got, bool)
            assert got == expected, (k, nm, py)
            n_true += expected
            cases += 1
    assert 0 < n_true < cases  # both answers occur


def test_noise_matrix_is_valid_borderline_ties_many():
    """Constant-row matrices make ps[i] * py[i] vs joint[i][i] a tie in exact arithmetic, so
    only numpy's exact order of operations (BLAS dot, pairwise sum) reproduces the answer."""
    rng = np.random.default_rng(7)
    disagreements_with_naive = 0
    for k in range(2, 51):
        for _ in range(20):
            c = rng.dirichlet(np.ones(k))
            py = rng.dirichlet(np.ones(k))
            nm = np.repeat(c[:, None], k, axis=1)
            expected = ref.noise_matrix_is_valid(nm, py)
            assert ours.noise_matrix_is_valid(nm, py) == expected
            naive = all((sum(nm[i, j] * py[j] for j in range(k))) * py[i] < nm[i, i] * py[i]
                        for i in range(k))
            disagreements_with_naive += naive != expected
    # the test exercises inputs where the order of operations matters
    assert disagreements_with_naive > 0


def test_noise_matrix_is_valid_other_layouts():
    """Fortran-ordered matrices and views (numpy runs another BLAS kernel) on exact ties."""
    rng = np.random.default_rng(8)
    for k in range(2, 40):
        for _ in range(10):
            c = rng.dirichlet(np.ones(k))
            py = rng.dirichlet(np.ones(k))
            tie = np.repeat(c[:, None], k, axis=1)
            for nm in (np.asfortranarray(tie), tie[::-1, ::-1], tie.T.copy().T):
                assert ours.noise_matrix_is_valid(nm, py) == ref.noise_matrix_is_valid(nm, py)
    for s in range(100):
        nm = ref.generate_noise_matrix_from_trace(2, 1 + rng.random(), frac_zero_noise_rates=0.5,
                                                  valid_noise_matrix=False, seed=s)
        py = rng.dirichlet(np.ones(2))
        assert ours.noise_matrix_is_valid(nm, py) == ref.noise_matrix_is_valid(nm, py)


def test_noise_matrix_is_valid_non_finite_and_shapes():
    py = np.array([0.5, 0.5])
    for bad in (np.nan, np.inf, -np.inf):
        nm = np.array([[0.9, 0.2], [0.1, bad]])
        assert ours.noise_matrix_is_valid(nm, py) == ref.noise_matrix_is_valid(nm, py)
    assert ours.noise_matrix_is_valid(np.eye(2), [0.5, 0.5]) == ref.noise_matrix_is_valid(np.eye(2), [0.5, 0.5])
    # lists are accepted, as in cleanlab
    assert ours.noise_matrix_is_valid([[0.8, 0.3], [0.2, 0.7]], [0.4, 0.6]) == \
        ref.noise_matrix_is_valid(np.array([[0.8, 0.3], [0.2, 0.7]]), np.array([0.4, 0.6]))
    with pytest.raises(ValueError):
        ref.noise_matrix_is_valid(np.eye(3), np.array([0.5, 0.5]))
    with pytest.raises(ValueError):
        ours.noise_matrix_is_valid(np.eye(3), np.array([0.5, 0.5]))


def test_noise_matrix_is_valid_verbose(capsys):
    nm = np.array([[0.8, 0.3], [0.2, 0.7]])
    py = np.array([0.4, 0.6])
    ref.noise_matrix_is_valid(nm, py, verbose=True)
    expected = capsys.readouterr().out
    assert ours.noise_matrix_is_valid(nm, py, verbose=True) is True
    assert capsys.readouterr().out == expected


def _confusion(given, true, k):
    c = np.zeros((k, k), dtype=np.int64)
    np.add.at(c, (given, true), 1)
    return c


@pytest.mark.parametrize("k", [2, 3, 4, 5, 7, 10, 16, 25, 50])
def test_generate_noisy_labels_flip_counts_match_cleanlab(k):
    rng = np.random.default_rng(k)
    for rep in range(4):
        n = int(rng.integers(k, 40 * k + 200))
        y = np.concatenate([np.arange(k), rng.integers(0, k, n - k)])
        rng.shuffle(y)
        py = np.bincount(y, minlength=k) / n
        if rep % 2 == 0:
            nm = ref.generate_noise_matrix_from_trace(
                k, k * (0.4 + 0.5 * rng.random()), py=py, valid_noise_matrix=k > 2 and False,
                seed=int(rng.integers(1 << 30)))
        else:
            nm = rng.random((k, k)) + np.eye(k) * rng.random() * k
            nm /= nm.sum(axis=0)
            if rep == 3:  # some columns whose flips exceed the class: cleanlab skips them
                nm[:, 0] = 0.0
                nm[1, 0] = 1.0
        np.random.seed(rep)
        r = ref.generate_noisy_labels(y, nm)
        s = ours.generate_noisy_labels(y, nm)
        assert s.dtype == r.dtype and s.shape == r.shape
        assert np.array_equal(_confusion(s, y, k), _confusion(r, y, k)), (k, rep)


def test_generate_noisy_labels_single_class_and_dtypes():
    nm = np.array([[0.7, 0.4, 0.1], [0.2, 0.5, 0.1], [0.1, 0.1, 0.8]])
    y = np.full(50, 1, dtype=np.int32)  # one class present: cleanlab broadcasts py = [1.0]
    r = ref.generate_noisy_labels(y, nm)
    s = ours.generate_noisy_labels(y, nm)
    assert s.dtype == np.int32
    assert np.array_equal(_confusion(s, y, 3), _confusion(r, y, 3))
    yl = [0, 1, 2] * 20  # a list
    assert np.array_equal(_confusion(ours.generate_noisy_labels(yl, nm), yl, 3),
                          _confusion(ref.generate_noisy_labels(yl, nm), yl, 3))


def test_generate_noisy_labels_errors():
    nm = np.array([[0.7, 0.4, 0.1], [0.2, 0.5, 0.1], [0.1, 0.1, 0.8]])
    y = np.array([0, 1, 0, 1, 0, 1])  # class 2 missing, two present: cleanlab cannot broadcast
    with pytest.raises(ValueError):
        ref.generate_noisy_labels(y, nm)
    with pytest.raises(libcleanlab.ShapeError):
        ours.generate_noisy_labels(y, nm)
    with pytest.raises(ValueError):
        ref.generate_noisy_labels(np.array([], dtype=int), nm)
    with pytest.raises(ValueError):
        ours.generate_noisy_labels(np.array([], dtype=int), nm)
    # libcleanlab's own checks
    with pytest.raises(libcleanlab.LabelRangeError):
        ours.generate_noisy_labels(np.array([0, 1, 3]), nm)
    with pytest.raises(libcleanlab.LabelRangeError):
        ours.generate_noisy_labels(np.array([0, 1, -1]), nm)
    bad = nm.copy()
    bad[0, 1] = np.nan
    with pytest.raises(libcleanlab.NotFiniteError):
        ours.generate_noisy_labels(np.array([0, 1, 2]), bad)
    bad[0, 1] = -0.1
    with pytest.raises(libcleanlab.ProbabilityRangeError):
        ours.generate_noisy_labels(np.array([0, 1, 2]), bad)
    with pytest.raises(libcleanlab.ShapeError):
        ours.generate_noisy_labels(np.array([0, 1]), np.ones((2, 3)))
    with pytest.raises(TypeError):
        ours.generate_noisy_labels(np.array(["a", "b"]), np.eye(2))


def _both_raise(call_ref, call_ours, match, exc=ValueError):
    with pytest.raises(exc, match=match):
        call_ref()
    with pytest.raises(exc, match=match):
        call_ours()


def test_generate_noise_matrix_from_trace_cleanlab_errors():
    py3 = np.array([0.2, 0.3, 0.5])
    for mod_call in ((lambda m: m.generate_noise_matrix_from_trace(3, 1.0, py=py3)),
                     (lambda m: m.generate_noise_matrix_from_trace(3, 0.5, py=py3))):
        _both_raise(lambda: mod_call(ref), lambda: mod_call(ours), "trace > 1 is necessary")
    _both_raise(lambda: ref.generate_noise_matrix_from_trace(3, 2.0),
                lambda: ours.generate_noise_matrix_from_trace(3, 2.0), "py must be provided")
    _both_raise(lambda: ref.generate_noise_matrix_from_trace(1, 2.0, valid_noise_matrix=False),
                lambda: ours.generate_noise_matrix_from_trace(1, 2.0, valid_noise_matrix=False),
                r"K must be >= 2, but K = 1\.")
    # impossible bounds: errors of generate_n_rand_probabilities_that_sum_to_m
    _both_raise(lambda: ref.generate_noise_matrix_from_trace(4, 3.0, py=np.full(4, .25), max_trace_prob=0.5),
                lambda: ours.generate_noise_matrix_from_trace(4, 3.0, py=np.full(4, .25), max_trace_prob=0.5),
                "max_prob must be greater or equal to m / n")
    _both_raise(lambda: ref.generate_noise_matrix_from_trace(4, 1.5, py=np.full(4, .25), min_trace_prob=0.5),
                lambda: ours.generate_noise_matrix_from_trace(4, 1.5, py=np.full(4, .25), min_trace_prob=0.5),
                "min_prob must be less or equal to m / n")
    _both_raise(lambda: ref.generate_noise_matrix_from_trace(4, 2.0, py=np.full(4, .25), max_noise_rate=0.01),
                lambda: ours.generate_noise_matrix_from_trace(4, 2.0, py=np.full(4, .25), max_noise_rate=0.01),
                "max_prob must be greater or equal to m / n")
    # max_iter < 1 returns None in both
    assert ref.generate_noise_matrix_from_trace(3, 2.0, py=py3, max_iter=0) is None
    assert ours.generate_noise_matrix_from_trace(3, 2.0, py=py3, max_iter=0) is None


def test_generate_noise_matrix_from_trace_own_errors():
    py3 = np.array([0.2, 0.3, 0.5])
    with pytest.raises(libcleanlab.InvalidArgumentError, match="trace"):
        ours.generate_noise_matrix_from_trace(3, 3.5, py=py3)
    with pytest.raises(libcleanlab.InvalidArgumentError, match="trace"):
        ours.generate_noise_matrix_from_trace(3, -0.5, valid_noise_matrix=False)
    with pytest.raises(libcleanlab.InvalidArgumentError, match="larger than"):
        ours.generate_noise_matrix_from_trace(3, 2.0, py=py3, min_noise_rate=0.5, max_noise_rate=0.4)
    with pytest.raises(libcleanlab.InvalidArgumentError, match=r"\[0, 1\]"):
        ours.generate_noise_matrix_from_trace(3, 2.0, py=py3, max_trace_prob=1.5)
    with pytest.raises(libcleanlab.InvalidArgumentError, match="frac_zero_noise_rates"):
        ours.generate_noise_matrix_from_trace(3, 2.0, py=py3, frac_zero_noise_rates=1.5)
    with pytest.raises(libcleanlab.ShapeError, match="py"):
        ours.generate_noise_matrix_from_trace(3, 2.0, py=np.array([0.5, 0.5]))
    with pytest.raises(libcleanlab.NotFiniteError):
        ours.generate_noise_matrix_from_trace(3, 2.0, py=np.array([0.5, np.nan, 0.5]))
    with pytest.raises(libcleanlab.InvalidArgumentError, match="2 x 2"):
        ours.generate_noise_matrix_from_trace(2, 0.5, valid_noise_matrix=False, frac_zero_noise_rates=0.5)
    # a rejected call has no side effect on numpy's global state
    np.random.seed(3)
    before = np.random.get_state()[1].copy()
    with pytest.raises(ValueError):
        ours.generate_noise_matrix_from_trace(3, 3.5, py=py3, seed=9)
    assert np.array_equal(np.random.get_state()[1], before)


def test_generate_noise_matrix_from_trace_seeds_numpy_like_cleanlab():
    # cleanlab calls np.random.seed(seed) (then draws from it); so do we (without drawing when
    # the seed is an integer: the native PRNG takes the seed itself)
    py3 = np.array([0.2, 0.3, 0.5])
    np.random.seed(123)
    ours.generate_noise_matrix_from_trace(3, 2.0, py=py3, seed=11)
    b = np.random.rand(3)
    np.random.seed(11)
    assert np.array_equal(b, np.random.rand(3))
    # seed=None: reseeded from the OS, the native seed drawn from numpy's state
    m1 = ours.generate_noise_matrix_from_trace(3, 2.0, py=py3, seed=None)
    m2 = ours.generate_noise_matrix_from_trace(3, 2.0, py=py3, seed=None)
    assert m1 is not None and m2 is not None and not np.array_equal(m1, m2)
    with pytest.raises(ValueError):
        ref.generate_noise_matrix_from_trace(3, 2.0, py=py3, seed=-1)
    with pytest.raises(ValueError):
        ours.generate_noise_matrix_from_trace(3, 2.0, py=py3, seed=-1)


def test_rand_probabilities_cleanlab_errors_and_empty():
    for kw, match in (
        (dict(n=2, m=1.0, max_prob=0.1), r"max_prob must be greater or equal to m / n, but max_prob = 0.1, m = 1.0, n = 2, m / n = 0.5"),
        (dict(n=4, m=1, min_prob=0.5), r"min_prob must be less or equal to m / n, but max_prob = 1.0, m = 1, n = 4, m / n = 0.25"),
    ):
        n = kw.pop("n")
        m = kw.pop("m")
        _both_raise(lambda: ref.generate_n_rand_probabilities_that_sum_to_m(n, m, **kw),
                    lambda: ours.generate_n_rand_probabilities_that_sum_to_m(n, m, **kw), match)
    r = ours.generate_n_rand_probabilities_that_sum_to_m(0, 1.0)
    e = ref.generate_n_rand_probabilities_that_sum_to_m(0, 1.0)
    assert r.shape == e.shape == (0,) and r.dtype == e.dtype


def test_balls_edge_cases_match_cleanlab():
    for args, kw in (((0, 4), {}), ((0, 0), {}), ((5, 1), {}), ((12, 3), dict(max_balls_per_bin=4)),
                     ((12, 3), dict(min_balls_per_bin=4)), ((7, 7), {})):
        np.random.seed(0)
        r = ref.randomly_distribute_N_balls_into_K_bins(*args, **kw)
        s = ours.randomly_distribute_N_balls_into_K_bins(*args, **kw)
        assert s.dtype == r.dtype and s.shape == r.shape
        if args[0] == 0 or args[1] == 1 or ("min_balls_per_bin" in kw) or kw.get("max_balls_per_bin") == 4:
            assert np.array_equal(np.sort(s), np.sort(r)), (args, kw)  # forced answers
    # impossible requests: cleanlab raises (ZeroDivisionError / ValueError); we raise ValueError
    with pytest.raises(ZeroDivisionError):
        ref.randomly_distribute_N_balls_into_K_bins(5, 0)
    with pytest.raises(ValueError):
        ours.randomly_distribute_N_balls_into_K_bins(5, 0)
    with pytest.raises(ZeroDivisionError):
        ref.randomly_distribute_N_balls_into_K_bins(5, 2, max_balls_per_bin=0)
    with pytest.raises(ValueError):
        ours.randomly_distribute_N_balls_into_K_bins(5, 2, max_balls_per_bin=0)
    _both_raise(lambda: ref.randomly_distribute_N_balls_into_K_bins(10, 3, max_balls_per_bin=2, min_balls_per_bin=5),
                lambda: ours.randomly_distribute_N_balls_into_K_bins(10, 3, max_balls_per_bin=2, min_balls_per_bin=5),
                "min_prob must be less or equal to m / n")
    with pytest.raises(ValueError, match="max_balls_per_bin"):
        ours.randomly_distribute_N_balls_into_K_bins(5, 2, max_balls_per_bin=-1)
    with pytest.raises(ValueError):
        ours.randomly_distribute_N_balls_into_K_bins(-5, 2)


def test_module_paths():
    import cleanlab.benchmarking
    for name in ("noise_matrix_is_valid", "generate_noisy_labels", "generate_noise_matrix_from_trace",
                 "generate_n_rand_probabilities_that_sum_to_m", "randomly_distribute_N_balls_into_K_bins"):
        assert hasattr(cleanlab.benchmarking.noise_generation, name)
        assert getattr(libcleanlab.benchmarking.noise_generation, name) is getattr(libcleanlab.benchmarking, name)
    assert libcleanlab.benchmarking.noise_generation is ours
