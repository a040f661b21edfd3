"""Differential tests of the seed API (cleanlab 1.x) against cleanlab 1.0.1 itself, run in its own
venv (see v1ref.py). Masks, indices and integer matrices must be identical; so must the floats
(libcleanlab reproduces numpy's operation order).

Inputs: random (Dirichlet, softmax), tie-heavy (quantised probabilities: 1.x's pruning tie rules
are deterministic, so masks must equal plain 1.x; sorted indices are compared with 1.x run with a
stable argsort, libcleanlab's tie rule), K = 2, large K (some classes with <= 5 examples), every
dtype; missing classes (1.x fails, libcleanlab raises a clear error).
"""
import itertools

import numpy as np
import pytest

import libcleanlab as cleanlab
from libcleanlab import latent_estimation, pruning
from libcleanlab._errors import CleanlabError

from conftest import make_data
from v1ref import RefError, assert_same, check, ref  # noqa: F401  (ref is a fixture)

PRUNE = ["prune_by_noise_rate", "prune_by_class", "both"]
SORTS = [None, "prob_given_label", "normalized_margin"]

# (name, seed, n, k, dtype, generator)
CASES = [
    ("dirichlet_f64", 1, 300, 4, np.float64, "dirichlet"),
    ("softmax_f32", 2, 400, 6, np.float32, "softmax"),
    ("dirichlet_f16", 3, 150, 3, np.float16, "dirichlet"),
    ("k2_f64", 4, 200, 2, np.float64, "dirichlet"),
    ("k2_f32", 5, 120, 2, np.float32, "softmax"),
    ("largek_f64", 6, 1500, 60, np.float64, "dirichlet"),
    ("ties_f64", 7, 300, 4, np.float64, "quantised"),
    ("ties_f32", 8, 250, 3, np.float32, "quantised"),
    ("ties_k2", 9, 200, 2, np.float64, "quantised"),
]
TIES = {"ties_f64", "ties_f32", "ties_k2"}


def data(case):
    name, seed, n, k, dtype, gen = case
    s, p = make_data(seed, n, k, dtype, gen=gen)
    assert len(np.unique(s)) == k, "generator must produce every class"
    return s, p


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def case(request):
    return request.param


def test_get_noise_indices_every_option(ref, case):
    s, p = data(case)
    tie_heavy = case[0] in TIES
    for method, sort in itertools.product(PRUNE, SORTS):
        kw = dict(prune_method=method, sorted_index_method=sort, n_jobs=1)
        ours = pruning.get_noise_indices(s, p, **kw)
        check(ref, ours, "pruning.get_noise_indices", s, p, **kw)
        if tie_heavy and sort is None:
            # 1.x's pruning tie rules are deterministic (and numpy sorts K <= 16 rounding
            # residuals stably): the masks equal plain 1.x
            assert_same(ours, ref("pruning.get_noise_indices", s, p, **kw), f"{case[0]} {kw}")


def test_get_noise_indices_frac_noise_and_counts(ref, case):
    s, p = data(case)
    k = p.shape[1]
    rng = np.random.default_rng(case[1])
    counts = np.bincount(s, minlength=k)
    nrpc = [int(rng.integers(0, max(1, c // 4))) for c in counts]
    for kw in [
        dict(frac_noise=0.5),
        dict(frac_noise=0.2, prune_method="prune_by_class"),
        dict(num_to_remove_per_class=nrpc, prune_method="prune_by_class"),
        dict(num_to_remove_per_class=nrpc, prune_method="prune_by_noise_rate"),
        dict(num_to_remove_per_class=nrpc, prune_method="both", frac_noise=0.7),
    ]:
        theirs = ref("pruning.get_noise_indices", s, p, n_jobs=1, ties="low", **kw)
        if isinstance(theirs, RefError):
            # 1.x fails (kth out of bounds) where a rounded count leaves nothing: so do we
            with pytest.raises(CleanlabError):
                pruning.get_noise_indices(s, p, n_jobs=1, **kw)
            continue
        ours = pruning.get_noise_indices(s, p, n_jobs=1, **kw)
        check(ref, ours, "pruning.get_noise_indices", s, p, n_jobs=1, **kw)


def test_get_noise_indices_given_confident_joint(ref, case):
    s, p = data(case)
    k = p.shape[1]
    rng = np.random.default_rng(case[1] + 100)
    cj = rng.integers(0, 40, size=(k, k)) + np.diag(rng.integers(20, 80, size=k))
    for joint in (cj, np.asfortranarray(cj), cj.astype(np.float64) + 0.25):
        for method in PRUNE:
            kw = dict(confident_joint=joint, prune_method=method, n_jobs=1)
            theirs = ref("pruning.get_noise_indices", s, p, ties="low", **kw)
            if isinstance(theirs, RefError):
                with pytest.raises(CleanlabError):
                    pruning.get_noise_indices(s, p, **kw)
                continue
            check(ref, pruning.get_noise_indices(s, p, **kw), "pruning.get_noise_indices", s, p, **kw)


@pytest.mark.parametrize("which", ["ties_f64", "dirichlet_f16"])
def test_get_noise_indices_n_jobs_float32(ref, which):
    # n_jobs > 1: 1.x prunes on a float32 copy of psx (its shared-memory array)
    case = next(c for c in CASES if c[0] == which)
    s, p = data(case)
    for method in PRUNE:
        ours = pruning.get_noise_indices(s, p, prune_method=method, n_jobs=2)
        check(ref, ours, "pruning.get_noise_indices", s, p, prune_method=method, n_jobs=2)


def test_confident_joint_functions(ref, case):
    s, p = data(case)
    k = p.shape[1]
    for calibrate in (True, False):
        ours = latent_estimation.compute_confident_joint(s, p, calibrate=calibrate)
        check(ref, ours, "latent_estimation.compute_confident_joint", s, p, calibrate=calibrate)
        theirs = ref("latent_estimation.compute_confident_joint", s, p, calibrate=calibrate)
        assert ours.flags.f_contiguous == theirs.flags.f_contiguous
    ours = latent_estimation.compute_confident_joint(s, p, K=k, return_indices_of_off_diagonals=True)
    check(ref, ours, "latent_estimation.compute_confident_joint", s, p, K=k, return_indices_of_off_diagonals=True)
    thr = np.linspace(0.2, 0.6, k)
    for calibrate in (False, True):
        kw = dict(thresholds=thr, calibrate=calibrate)
        theirs = ref("latent_estimation.compute_confident_joint", s, p, ties="low", **kw)
        if isinstance(theirs, RefError) or theirs.shape != (k, k):
            # 1.x fails, or drops the classes nobody is confidently counted in (a smaller,
            # misaligned matrix): libcleanlab raises
            with pytest.raises(CleanlabError):
                latent_estimation.compute_confident_joint(s, p, **kw)
            continue
        check(ref, latent_estimation.compute_confident_joint(s, p, **kw),
              "latent_estimation.compute_confident_joint", s, p, **kw)
    raw = ref("latent_estimation.compute_confident_joint", s, p, calibrate=False)
    for joint in (raw, np.ascontiguousarray(raw), raw * 1.5):
        check(ref, latent_estimation.calibrate_confident_joint(joint, s),
              "latent_estimation.calibrate_confident_joint", joint, s)
        check(ref, latent_estimation.estimate_joint(s, confident_joint=joint),
              "latent_estimation.estimate_joint", s, confident_joint=joint)
        check(ref, latent_estimation.num_label_errors(s, p, confident_joint=joint),
              "latent_estimation.num_label_errors", s, p, confident_joint=joint)
    check(ref, latent_estimation.estimate_joint(s, p), "latent_estimation.estimate_joint", s, p)
    check(ref, latent_estimation.num_label_errors(s, p), "latent_estimation.num_label_errors", s, p)


def test_prune_count_helpers(ref, case):
    s, p = data(case)
    cal = ref("latent_estimation.compute_confident_joint", s, p)
    for pcm in (cal.T, np.ascontiguousarray(cal.T), cal.T * 0.7):
        for n, frac in [(5, 1.0), (1, 0.5), (30, 0.3)]:
            check(ref, pruning.keep_at_least_n_per_class(pcm, n, frac),
                  "pruning.keep_at_least_n_per_class", pcm, n, frac)
        for frac in (1.0, 0.5, 0.13):
            check(ref, pruning.reduce_prune_counts(pcm, frac), "pruning.reduce_prune_counts", pcm, frac)


def test_order_label_errors(ref, case):
    s, p = data(case)
    rng = np.random.default_rng(case[1] + 7)
    mask = rng.random(len(s)) < 0.3
    for method in ("prob_given_label", "normalized_margin", "anything-else"):
        check(ref, pruning.order_label_errors(mask, p, s, method), "pruning.order_label_errors", mask, p, s, method)


@pytest.mark.parametrize("which", ["softmax_f32"])
def test_baseline_methods(ref, which):
    # 1.x runs these with n_jobs=None (a process pool, float32 pruning on a multi-core machine)
    case = next(c for c in CASES if c[0] == which)
    s, p = data(case)
    check(ref, cleanlab.baseline_methods.baseline_argmax(p, s), "baseline_methods.baseline_argmax", p, s)
    for method in PRUNE:
        for fn in ("baseline_argmax_confusion_matrix", "baseline_argmax_calibrated_confusion_matrix"):
            theirs = ref(f"baseline_methods.{fn}", p, s, prune_method=method, ties="low")
            if isinstance(theirs, RefError):
                with pytest.raises(CleanlabError):
                    getattr(cleanlab.baseline_methods, fn)(p, s, prune_method=method)
                continue
            check(ref, getattr(cleanlab.baseline_methods, fn)(p, s, prune_method=method),
                  f"baseline_methods.{fn}", p, s, prune_method=method)


def test_tie_heavy_rules_are_1x_not_2x(ref):
    # the documented example: quantised probabilities, prune_by_class with 3 per class. 1.x's
    # strict '<' at the cut flags fewer examples than 2.x's exact count.
    s, p = make_data(11, 200, 4, np.float64, gen="quantised")
    kw = dict(num_to_remove_per_class=[3] * 4, prune_method="prune_by_class", n_jobs=1)
    ours = pruning.get_noise_indices(s, p, **kw)
    assert check(ref, ours, "pruning.get_noise_indices", s, p, **kw)
    two = cleanlab.filter.find_label_issues(s, p, filter_by="prune_by_class",
                                            num_to_remove_per_class=[3] * 4, min_examples_per_class=5)
    assert ours.sum() <= two.sum()


@pytest.mark.parametrize("missing", [(0,), (2,), (3,)])
def test_missing_class_is_a_clear_error(ref, missing):
    # 1.x takes K from the labels: with a class missing it fails with a numpy broadcast error
    # (or an IndexError with a given confident joint); libcleanlab names the missing class
    s, p = make_data(12, 200, 4, np.float64, missing=missing)
    assert len(np.unique(s)) == 3
    cj = np.full((4, 4), 3) + np.eye(4, dtype=int) * 40
    for fn, args, kwargs in [
        ("pruning.get_noise_indices", (s, p), {"n_jobs": 1}),
        ("pruning.get_noise_indices", (s, p), {"n_jobs": 1, "confident_joint": cj}),
        ("latent_estimation.compute_confident_joint", (s, p), {}),
        ("latent_estimation.estimate_joint", (s, p), {}),
        ("latent_estimation.num_label_errors", (s, p), {}),
        ("latent_estimation.calibrate_confident_joint", (cj, s), {}),
    ]:
        theirs = ref(fn, *args, **kwargs)
        assert isinstance(theirs, RefError) and theirs.type_name in ("ValueError", "IndexError"), (fn, theirs)
        mod, name = fn.split(".")
        with pytest.raises(CleanlabError, match=f"class {missing[0]} does not occur in the labels"):
            getattr(getattr(cleanlab, mod), name)(*args, **kwargs)


def test_label_lists_and_int32(ref):
    s, p = make_data(13, 150, 3, np.float64)
    for labels in (list(map(int, s)), s.astype(np.int32)):
        check(ref, pruning.get_noise_indices(labels, p, n_jobs=1), "pruning.get_noise_indices", labels, p, n_jobs=1)
        check(ref, latent_estimation.compute_confident_joint(labels, p),
              "latent_estimation.compute_confident_joint", labels, p)


def test_multi_label(ref):
    # 1.x's multi-label heuristics, on rectangular label lists (1.x's np.asarray(s) fails on
    # ragged ones with numpy 2)
    rng = np.random.default_rng(14)
    n, k = 240, 4
    p = rng.dirichlet(np.ones(k) * 0.8, size=n)
    labels = []
    for i in range(n):
        first = int(np.argmax(p[i])) if rng.random() < 0.7 else int(rng.integers(k))
        second = int((first + 1 + rng.integers(k - 1)) % k)
        labels.append(sorted([first, second]))
    for calibrate in (True, False):
        check(ref, latent_estimation.compute_confident_joint(labels, p, calibrate=calibrate, multi_label=True),
              "latent_estimation.compute_confident_joint", labels, p, calibrate=calibrate, multi_label=True)
    check(ref, latent_estimation.estimate_joint(labels, p, multi_label=True),
          "latent_estimation.estimate_joint", labels, p, multi_label=True)
    check(ref, pruning.multiclass_crossval_predict(p, labels), "pruning.multiclass_crossval_predict", p, labels)
    compared = 0
    for method, sort in [(m, None) for m in PRUNE] + [("both", "normalized_margin"), ("prune_by_class", "prob_given_label")]:
        kw = dict(prune_method=method, sorted_index_method=sort, multi_label=True, n_jobs=1)
        # masks: deterministic in 1.x (plain run); orderings: 1.x with the stable tie rule
        theirs = ref("pruning.get_noise_indices", labels, p, ties="low" if sort else None, **kw)
        if isinstance(theirs, RefError):
            with pytest.raises(CleanlabError):
                pruning.get_noise_indices(labels, p, **kw)
            continue
        assert_same(pruning.get_noise_indices(labels, p, **kw), theirs, f"multi-label {kw}")
        compared += 1
    assert compared >= 4
