"""The seed API beyond the pruning core: the announcement's snippets, cleanlab.util, polyplex,
the print_* text (all compared with cleanlab 1.0.1 in its venv), and the clear errors libcleanlab
raises where 1.x crashes or answers garbage.
"""
import contextlib
import io

import numpy as np
import pytest

import libcleanlab as cleanlab
from libcleanlab import latent_estimation, polyplex, pruning, util
from libcleanlab._errors import (
    CleanlabError,
    DTypeError,
    InvalidArgumentError,
    LabelRangeError,
    NotFiniteError,
    ProbabilityRangeError,
    ShapeError,
)

from conftest import make_data
from v1ref import RefError, assert_same, check, ref  # noqa: F401  (ref is a fixture)

# ---------------------------------------------------------------------------------------------
# The announcement (shared/seed/announcement.txt): every snippet, completed with data
# ---------------------------------------------------------------------------------------------



@pytest.fixture
def noisy():
    s, psx = make_data(21, 400, 4, np.float64)
    # features that carry the classes (with pure noise, a class can get no confident example
    # on the diagonal and 1.x's latent estimates are NaN; libcleanlab raises NumericError)
    X = np.log(psx + 1e-3) + np.random.default_rng(21).normal(scale=0.1, size=psx.shape)
    return X, s, psx


def test_announcement_find_label_errors_in_one_line(ref, noisy):
    _, numpy_array_of_noisy_labels, numpy_array_of_predicted_probabilities = noisy
    from libcleanlab.pruning import get_noise_indices

    ordered_label_errors = get_noise_indices(
        s=numpy_array_of_noisy_labels,
        psx=numpy_array_of_predicted_probabilities,
        sorted_index_method='normalized_margin',  # Orders label errors
    )
    assert ordered_label_errors.dtype == np.int64 and len(ordered_label_errors) > 0
    check(ref, ordered_label_errors, "pruning.get_noise_indices", s=numpy_array_of_noisy_labels,
          psx=numpy_array_of_predicted_probabilities, sorted_index_method="normalized_margin")


def test_announcement_import_as_cleanlab(ref, noisy):
    # `import libcleanlab as cleanlab` runs 1.x scripts unchanged
    import libcleanlab as cleanlab

    _, s, psx = noisy
    mask = cleanlab.pruning.get_noise_indices(s, psx, prune_method="both", n_jobs=1)
    check(ref, mask, "pruning.get_noise_indices", s, psx, prune_method="both", n_jobs=1)


def test_announcement_estimate_joint(ref, noisy):
    _, train_labels_with_errors, psx = noisy
    from libcleanlab.latent_estimation import estimate_joint

    joint = estimate_joint(
        s=train_labels_with_errors,
        psx=psx,
        confident_joint=None,  # Provide if you have it already
    )
    assert abs(joint.sum() - 1) < 1e-12
    check(ref, joint, "latent_estimation.estimate_joint", s=train_labels_with_errors, psx=psx)


def test_announcement_learning_with_noisy_labels(noisy):
    X_train_data, train_noisy_labels, _ = noisy
    from libcleanlab.classification import LearningWithNoisyLabels
    from sklearn.linear_model import LogisticRegression

    lnl = LearningWithNoisyLabels(clf=LogisticRegression())
    lnl.fit(X=X_train_data, s=train_noisy_labels)
    predicted_test_labels = lnl.predict(X_train_data)
    assert predicted_test_labels.shape == train_noisy_labels.shape
    assert set(np.unique(predicted_test_labels)) <= set(range(4))
    assert lnl.noise_mask.dtype == bool and 0 < lnl.noise_mask.sum() < len(train_noisy_labels)
    assert lnl.noise_matrix.shape == (4, 4) and np.allclose(lnl.noise_matrix.sum(axis=0), 1)


def _close(ours, theirs, what):
    assert not isinstance(theirs, RefError), f"{what}: cleanlab 1.x raised {theirs}"
    if isinstance(theirs, tuple):
        assert len(ours) == len(theirs)
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _close(a, b, f"{what}[{i}]")
        return
    a, b = np.asarray(ours), np.asarray(theirs)
    assert a.shape == b.shape and a.dtype == b.dtype, what
    if a.dtype.kind in "iub":
        assert np.array_equal(a, b), what
    else:
        np.testing.assert_allclose(a, b, rtol=1e-12, err_msg=what)


def test_announcement_estimate_latent(ref, noisy):
    np.random.seed(0)  # the snippet's folds use numpy's global RandomState (seed=None)
    X_train_data, train_labels_with_errors, _ = noisy
    from libcleanlab.latent_estimation import (
        estimate_confident_joint_and_cv_pred_proba,
        estimate_latent,
    )
    from sklearn.linear_model import LogisticRegression as logreg

    confident_joint, psx = estimate_confident_joint_and_cv_pred_proba(
        X=X_train_data, s=train_labels_with_errors, clf=logreg())
    est_py, est_nm, est_inv = estimate_latent(confident_joint, s=train_labels_with_errors)
    assert psx.shape == (len(train_labels_with_errors), 4)
    assert confident_joint.sum() == len(train_labels_with_errors)
    # the latent estimates of that confident joint are 1.x's
    _close((est_py, est_nm, est_inv),
           ref("latent_estimation.estimate_latent", confident_joint, s=train_labels_with_errors),
           "estimate_latent")


def test_announcement_estimate_everything_at_once(ref, noisy):
    np.random.seed(0)  # the snippet's folds use numpy's global RandomState (seed=None)
    X_train_data, train_labels_with_errors, _ = noisy
    from libcleanlab.latent_estimation import estimate_py_noise_matrices_and_cv_pred_proba

    est_py, est_nm, est_inv, confident_joint, psx = estimate_py_noise_matrices_and_cv_pred_proba(
        X=X_train_data, s=train_labels_with_errors)
    assert abs(est_py.sum() - 1) < 1e-12 and np.allclose(est_nm.sum(axis=0), 1)
    _close(confident_joint, ref("latent_estimation.compute_confident_joint", train_labels_with_errors, psx),
           "confident_joint")


def test_announcement_from_probabilities(ref, noisy):
    _, s, psx = noisy
    from libcleanlab.latent_estimation import estimate_py_and_noise_matrices_from_probabilities

    est_py, est_nm, est_inv, confident_joint = estimate_py_and_noise_matrices_from_probabilities(s=s, psx=psx)
    _close((est_py, est_nm, est_inv, confident_joint),
           ref("latent_estimation.estimate_py_and_noise_matrices_from_probabilities", s=s, psx=psx),
           "estimate_py_and_noise_matrices_from_probabilities")


def test_announcement_noise_generation(ref):
    from libcleanlab.noise_generation import (
        generate_noise_matrix_from_trace,
        generate_noisy_labels,
        noise_matrix_is_valid,
    )

    py = np.full(3, 1 / 3)
    noise_matrix = generate_noise_matrix_from_trace(3, trace=2.4, py=py, valid_noise_matrix=True)
    assert abs(np.trace(noise_matrix) - 2.4) < 1e-6
    is_valid = noise_matrix_is_valid(noise_matrix, py)
    assert is_valid and ref("noise_generation.noise_matrix_is_valid", noise_matrix, py) is True
    y = np.repeat(np.arange(3), 20)
    s_noisy_labels = generate_noisy_labels(y, noise_matrix)
    assert s_noisy_labels.shape == y.shape and set(np.unique(s_noisy_labels)) <= {0, 1, 2}


# ---------------------------------------------------------------------------------------------
# util, polyplex, print_*
# ---------------------------------------------------------------------------------------------


def _printed(fn, *args, **kwargs):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn(*args, **kwargs)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["print_square_matrix", "print_noise_matrix",
                                  "print_inverse_noise_matrix", "print_joint_matrix"])
def test_print_functions_identical_text(ref, name):
    rng = np.random.default_rng(3)
    for m, places in [(rng.random((3, 3)), 2), (rng.random((5, 5)) * 10, 3), (np.eye(2), 1),
                      (rng.random(4), 2), (rng.random(1), 2)]:
        if name != "print_square_matrix" and m.ndim == 1:
            continue
        theirs = ref(f"util.{name}", m, round_places=places)
        if isinstance(theirs, RefError):  # a 1-D matrix of more than one entry
            with pytest.raises(ShapeError):
                getattr(util, name)(m, round_places=places)
            continue
        out = _printed(getattr(util, name), m, round_places=places)
        assert out == ref.printed, f"{name}:\n{out!r}\n!=\n{ref.printed!r}"
    if name == "print_square_matrix":
        m = rng.random((3, 3))
        kw = dict(left_name="a", top_name="b", title=" T", short_title="longer-than-six")
        out = _printed(util.print_square_matrix, m, **kw)
        ref("util.print_square_matrix", m, **kw)
        assert out == ref.printed and "longer" in out and "longer-" not in out


def test_util_helpers_match_1x(ref):
    rng = np.random.default_rng(5)
    nm = rng.random((4, 4))
    for fn, args in [
        ("clip_noise_rates", (nm * 1.5 - 0.2,)),
        ("clip_values", (rng.random(6) * 1.4 - 0.2,)),
        ("clip_values", (rng.random(5), 0.1, 0.8, 2.0)),
        ("remove_noise_from_class", (nm / nm.sum(axis=0), 2)),
        ("value_counts", (np.array([3, 1, 1, 0, 3, 3]),)),
        ("value_counts", ([3, 1, 1, 0, 3, 3],)),
        ("round_preserving_sum", (rng.random(7) * 10,)),
        ("round_preserving_row_totals", (rng.random((4, 4)) * 10,)),
        ("int2onehot", ([[0, 2], [1], [2, 3, 0]],)),
        ("onehot2int", (np.array([[1, 0, 1], [0, 1, 0]]),)),
        ("estimate_pu_f1", (np.array([1, 0, 1, 1, 0]), np.array([0.9, 0.2, 0.4, 0.7, 0.6]))),
        ("confusion_matrix", (np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 1, 1]))),
    ]:
        ours = getattr(util, fn)(*args)
        theirs = ref(f"util.{fn}", *args)
        if fn == "onehot2int":
            assert [list(map(int, r)) for r in ours] == [list(map(int, r)) for r in theirs]
            continue
        if isinstance(theirs, float):
            assert ours == theirs, fn
            continue
        assert_same(np.asarray(ours), np.asarray(theirs), fn)


def test_round_preserving_sum_ties_rule(ref):
    # equal residuals: libcleanlab's rule = 1.x with a stable argsort
    x = np.array([0.5, 1.5, 2.5, 0.5, 3.4, 0.6] * 4)
    check(ref, util.round_preserving_sum(x), "util.round_preserving_sum", x)


def test_assert_inputs_are_valid(ref):
    X = np.zeros((5, 2))
    s = np.array([0, 1, 1, 0, 1])
    psx = np.full((5, 2), 0.5)
    assert util.assert_inputs_are_valid(X, s, psx) is None
    for bad_psx, exc in [(psx.tolist(), TypeError), (psx[:4], ValueError), (psx + 1, ValueError)]:
        theirs = ref("util.assert_inputs_are_valid", X, s, bad_psx)
        assert isinstance(theirs, RefError) and theirs.type_name == exc.__name__
        with pytest.raises(exc, match=theirs.message[:20]):
            util.assert_inputs_are_valid(X, s, bad_psx)
    with pytest.raises(TypeError):
        util.assert_inputs_are_valid(X, s.tolist())
    with pytest.raises(ValueError):
        util.assert_inputs_are_valid(X[:3], s)


def test_polyplex_matches_1x(ref):
    rng = np.random.default_rng(8)
    py = rng.dirichlet(np.ones(5))
    for fn, args in [
        ("slope_intercept", ((1.3, 4), (2.5, -1.0))),
        ("joint_bounds", (py,)),
        ("joint_min_max", (2, py)),
        ("joint_min_max", (2.37, py)),
        ("joint_min_max", (0.5, py)),
    ]:
        ours = getattr(polyplex, fn)(*args)
        theirs = ref(f"polyplex.{fn}", *args)
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert_same(np.asarray(a), np.asarray(b), fn)


# ---------------------------------------------------------------------------------------------
# Clear errors where 1.x crashes or answers garbage (documented in the README)
# ---------------------------------------------------------------------------------------------


def test_bad_options_are_clear_errors(ref):
    s, p = make_data(31, 100, 3, np.float64)
    theirs = ref("pruning.get_noise_indices", s, p, prune_method="nope", n_jobs=1)
    assert isinstance(theirs, RefError) and theirs.type_name == "UnboundLocalError"
    with pytest.raises(InvalidArgumentError, match="prune_method"):
        pruning.get_noise_indices(s, p, prune_method="nope", n_jobs=1)
    theirs = ref("pruning.get_noise_indices", s, p, n_jobs=0)
    assert isinstance(theirs, RefError) and theirs.type_name == "AssertionError"
    with pytest.raises(InvalidArgumentError, match="n_jobs"):
        pruning.get_noise_indices(s, p, n_jobs=0)
    for frac in (0.0, -0.5, 1.5, float("nan")):
        with pytest.raises(InvalidArgumentError, match="frac_noise"):
            pruning.get_noise_indices(s, p, frac_noise=frac, n_jobs=1)
    with pytest.raises(ShapeError, match="num_to_remove_per_class"):
        pruning.get_noise_indices(s, p, num_to_remove_per_class=[1, 2], n_jobs=1)
    with pytest.raises(InvalidArgumentError, match="negative"):
        pruning.get_noise_indices(s, p, num_to_remove_per_class=[1, -2, 0], n_jobs=1)
    with pytest.raises(ShapeError):
        pruning.get_noise_indices(s, p, confident_joint=np.ones((2, 2)), n_jobs=1)
    # any other sorted_index_method string behaves as normalized_margin (as in 1.x)
    a = pruning.get_noise_indices(s, p, sorted_index_method="whatever", n_jobs=1)
    b = pruning.get_noise_indices(s, p, sorted_index_method="normalized_margin", n_jobs=1)
    assert np.array_equal(a, b)


def test_bad_inputs_are_clear_errors():
    s, p = make_data(32, 100, 3, np.float64)
    with pytest.raises(DTypeError, match="psx should be a numpy array"):
        pruning.get_noise_indices(s, p.tolist(), n_jobs=1)
    with pytest.raises(ShapeError, match="same length"):
        pruning.get_noise_indices(s[:50], p, n_jobs=1)
    bad = p.copy()
    bad[3, 1] = np.nan
    with pytest.raises(NotFiniteError):
        pruning.get_noise_indices(s, bad, n_jobs=1)
    bad[3, 1] = 1.5
    with pytest.raises(ProbabilityRangeError):
        latent_estimation.compute_confident_joint(s, bad)
    y = s.copy()
    y[0] = 3
    with pytest.raises(LabelRangeError):
        pruning.get_noise_indices(y, p, n_jobs=1)
    with pytest.raises(ShapeError, match="empty"):
        pruning.get_noise_indices(s[:0], p[:0], n_jobs=1)
    with pytest.raises(ShapeError, match="K = 4"):
        latent_estimation.compute_confident_joint(s, p, K=4)
    with pytest.raises(CleanlabError, match="sums to 0"):
        latent_estimation.calibrate_confident_joint(np.array([[3, 1, 0], [0, 0, 0], [1, 1, 5]]), s)
    with pytest.raises(CleanlabError):
        latent_estimation.num_label_errors(s, p, confident_joint=np.zeros((3, 3)))
    for err in (CleanlabError, ValueError):
        with pytest.raises(err):
            pruning.get_noise_indices(s, p, frac_noise=2, n_jobs=1)


def test_verbose_prints_as_1x(ref, capsys):
    s, p = make_data(33, 100, 3, np.float64)
    pruning.get_noise_indices(s, p, prune_method="both", n_jobs=2, verbose=1)
    ref("pruning.get_noise_indices", s, p, prune_method="both", n_jobs=2, verbose=1)
    assert capsys.readouterr().out == ref.printed != ""


def test_only_the_deprecated_estimator_is_not_provided():
    s, p = make_data(34, 60, 3, np.float64)
    with pytest.raises(NotImplementedError, match="deprecated"):
        latent_estimation.estimate_confident_joint_from_probabilities(s, p)
    py, nm, inv, cj = latent_estimation.estimate_py_and_noise_matrices_from_probabilities(s, p)
    assert py.shape == (3,) and nm.shape == inv.shape == cj.shape == (3, 3)


def test_min_num_per_class_and_k_from_labels(ref):
    # a class with <= MIN_NUM_PER_CLASS examples is never pruned
    rng = np.random.default_rng(35)
    p = rng.dirichlet(np.ones(3) * 0.5, size=120)
    s = rng.integers(0, 2, size=120)
    s[:5] = 2  # class 2 has exactly 5 examples, all with low p[:, 2]
    p[:5] = [0.9, 0.05, 0.05]
    assert pruning.MIN_NUM_PER_CLASS == 5
    for method in ("prune_by_noise_rate", "prune_by_class", "both"):
        mask = pruning.get_noise_indices(s, p, prune_method=method, n_jobs=1)
        assert not mask[:5].any()
        check(ref, mask, "pruning.get_noise_indices", s, p, prune_method=method, n_jobs=1)


def test_readme_seed_example_runs(capsys):
    # the top-level README's "cleanlab 1.x scripts" example, executed as written
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = text.split("## cleanlab 1.x scripts", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Joint Label Noise Distribution Matrix P(s,y)" in out
    assert "Noise Matrix (aka Noisy Channel) P(s|y)" in out
