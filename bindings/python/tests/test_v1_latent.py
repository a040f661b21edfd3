"""The seed API, second part: 1.x latent estimation (estimate_latent,
estimate_py_and_noise_matrices_from_probabilities, converge_estimates, the cross-validation
functions) and ``libcleanlab.latent_algebra``, compared with cleanlab 1.0.1 in its venv (see
v1ref.py), plus the clear errors libcleanlab raises where 1.x returns NaN or crashes.

Integer results (confident joints) must be identical; floats agree to 1e-12 relative (1.x adds
with Python's left-to-right ``sum``, libcleanlab with numpy's pairwise sums: the last bit may
differ for K >= 8; ``np.linalg.inv`` is an LU decomposition here).
"""
import sys

import numpy as np
import pytest

from libcleanlab import latent_algebra, latent_estimation
from libcleanlab._errors import LabelRangeError, NotFiniteError, NumericError, ShapeError

from conftest import make_data
from v1ref import RefError, ref  # noqa: F401  (ref is a fixture)
from v1ref_models import NearestMeanClassifier

RTOL = 1e-12
METHODS = ["cnt", "eqn", "marginal", "marginal_ps"]

# (name, seed, n, k, dtype, generator)
CASES = [
    ("dirichlet", 1, 300, 4, np.float64, "dirichlet"),
    ("softmax_f32", 2, 400, 6, np.float32, "softmax"),
    ("k2", 4, 200, 2, np.float64, "dirichlet"),
    ("largek", 6, 2000, 12, np.float64, "softmax"),
    ("k20_rounding_ties", 9, 3000, 20, np.float64, "dirichlet"),  # equal residuals in calibration
    ("ties", 7, 300, 4, np.float64, "quantised"),
    ("ties_k3", 8, 250, 3, np.float64, "quantised"),
]


def data(case):
    _, seed, n, k, dtype, gen = case
    s, p = make_data(seed, n, k, dtype, gen=gen)
    assert len(np.unique(s)) == k
    return s, p


def assert_close(ours, theirs, what=""):
    """Tuples element-wise; integer arrays identical (dtype too), floats to RTOL."""
    assert not isinstance(theirs, RefError), f"{what}: cleanlab 1.x raised {theirs}"
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs), what
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_close(a, b, f"{what}[{i}]")
        return
    a, b = np.asarray(ours), np.asarray(theirs)
    assert a.shape == b.shape, f"{what}: shape {a.shape} != 1.x {b.shape}"
    assert a.dtype == b.dtype, f"{what}: dtype {a.dtype} != 1.x {b.dtype}"
    if a.dtype.kind in "iub":
        assert np.array_equal(a, b), f"{what}: {a} != 1.x {b}"
    else:
        assert np.all(np.isfinite(b)), f"{what}: 1.x gave non-finite values {b}"
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=1e-300, err_msg=what)


def _same(a, b):
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b, equal_nan=True))


def check_close(ref, ours, fn_name, *args, **kwargs):
    """ours ~ cleanlab 1.x run with libcleanlab's tie rule (a stable argsort: it decides equal
    rounding residuals when the confident joint is calibrated), and ~ plain 1.x whenever the
    call is tie-free (the opposite rule gives the same answer)."""
    low = ref(fn_name, *args, ties="low", **kwargs)
    assert_close(ours, low, f"{fn_name}{kwargs} (1.x with the tie rule)")
    high = ref(fn_name, *args, ties="high", **kwargs)
    if not isinstance(high, RefError) and _same(low, high):
        assert_close(ours, ref(fn_name, *args, **kwargs), f"{fn_name}{kwargs}")


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def case(request):
    return request.param


# ---------------------------------------------------------------------------------------------
# estimate_latent / estimate_py_and_noise_matrices_from_probabilities / converge_estimates
# ---------------------------------------------------------------------------------------------


def test_estimate_latent_every_method(ref, case):
    s, p = data(case)
    for calibrate in (True, False):
        cj = latent_estimation.compute_confident_joint(s, p, calibrate=calibrate)
        check_close(ref, cj, "latent_estimation.compute_confident_joint", s, p, calibrate=calibrate)
        for method in METHODS:
            for converge in (False, True):
                kw = dict(py_method=method, converge_latent_estimates=converge)
                ours = latent_estimation.estimate_latent(cj, s, **kw)
                theirs = ref("latent_estimation.estimate_latent", cj, s, **kw)
                assert_close(ours, theirs, f"estimate_latent calibrate={calibrate} {kw}")
                py = ours[0]
                assert abs(py.sum() - 1) < 1e-12 and py.min() >= 1e-5 - 1e-18


def test_estimate_latent_float_and_list_inputs(ref):
    s, p = data(CASES[0])
    cj = latent_estimation.compute_confident_joint(s, p) * 1.37  # non-integer counts
    for conf in (cj, np.asfortranarray(cj)):
        assert_close(latent_estimation.estimate_latent(conf, list(s), "eqn", True),
                     ref("latent_estimation.estimate_latent", conf, list(s), "eqn", True), "float cj")


def test_estimate_py_and_noise_matrices_from_probabilities(ref, case):
    s, p = data(case)
    for kw in [{}, dict(converge_latent_estimates=False), dict(calibrate=False),
               dict(py_method="marginal_ps", calibrate=False, converge_latent_estimates=True),
               dict(thresholds=np.full(p.shape[1], 0.3))]:
        ours = latent_estimation.estimate_py_and_noise_matrices_from_probabilities(s, p, **kw)
        check_close(ref, ours, "latent_estimation.estimate_py_and_noise_matrices_from_probabilities", s, p, **kw)
        if kw.get("calibrate", True) is False:
            assert ours[3].flags.f_contiguous  # 1.x's confusion_matrix(...).T


def _latent_inputs(rng, k):
    nm = rng.random((k, k)) + np.eye(k) * k
    nm /= nm.sum(axis=0)
    inv = rng.random((k, k)) + np.eye(k) * k
    inv /= inv.sum(axis=0)
    ps = rng.dirichlet(np.ones(k))
    py = rng.dirichlet(np.ones(k))
    return ps, py, nm, inv


@pytest.mark.parametrize("k", [2, 3, 5, 9])
def test_converge_estimates(ref, k):
    rng = np.random.default_rng(k)
    ps, py, nm, inv = _latent_inputs(rng, k)
    for its in [(), (5, 3), (1, 1), (0, 2), (3, 0), (2, -1)]:
        ours = latent_estimation.converge_estimates(ps, py, nm, inv, *its)
        theirs = ref("latent_estimation.converge_estimates", ps, py, nm, inv, *its)
        assert_close(ours, theirs, f"converge_estimates{its}")
    # no outer iteration: the very arguments come back, as 1.x
    out = latent_estimation.converge_estimates(ps, py, nm, inv, 5, 0)
    assert out[0] is py and out[1] is nm and out[2] is inv


# ---------------------------------------------------------------------------------------------
# latent_algebra
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [2, 4, 10])
def test_latent_algebra_matches_1x(ref, k):
    rng = np.random.default_rng(100 + k)
    ps, py, nm, inv = _latent_inputs(rng, k)
    s = np.concatenate([np.arange(k), rng.integers(0, k, 50)])
    calls = [
        ("compute_ps_py_inv_noise_matrix", (s, nm), {}),
        ("compute_ps_py_inv_noise_matrix", (list(s), nm), {}),
        ("compute_py_inv_noise_matrix", (ps, nm), {}),
        ("compute_inv_noise_matrix", (py, nm), {}),
        ("compute_inv_noise_matrix", (py, nm, ps), {}),
        ("compute_noise_matrix_from_inverse", (ps, inv), {}),
        ("compute_noise_matrix_from_inverse", (ps, inv, py), {}),
        ("compute_pyx", (rng.dirichlet(np.ones(k), 30), nm, inv), {}),
    ]
    for method in METHODS:
        calls.append(("compute_py", (ps, nm, inv, method, rng.integers(1, 50, k).astype(float)), {}))
    calls.append(("compute_py", (ps, nm, inv), {"py_method": "marginal", "y_count": np.arange(1.0, k + 1)}))
    for name, args, kw in calls:
        ours = getattr(latent_algebra, name)(*args, **kw)
        assert_close(ours, ref(f"latent_algebra.{name}", *args, **kw), name)


def test_latent_algebra_bounds_are_1x(ref):
    # py clipped to [0.001, 1] by compute_py_inv_noise_matrix and to [1e-5, 1] by compute_py
    nm = np.array([[0.9, 0.5], [0.1, 0.5]])
    ps = np.array([0.5, 0.5])  # inv(nm) . ps = (0, 1): the clip decides py
    py, _ = latent_algebra.compute_py_inv_noise_matrix(ps, nm)
    assert_close((py, _), ref("latent_algebra.compute_py_inv_noise_matrix", ps, nm), "py_inv")
    assert py[0] == pytest.approx(0.001 / 1.001, rel=1e-12)
    q = latent_algebra.compute_py(ps, nm, nm, "eqn")
    assert_close(q, ref("latent_algebra.compute_py", ps, nm, nm, "eqn"), "compute_py eqn")
    assert q[0] == pytest.approx(1e-5 / (1 + 1e-5), rel=1e-12)


def test_inf_clipped_back_into_range_is_1x(ref):
    # diag(nm) has a 0 where diag(inv) does not: 1.x's py is inf, clipped to 1
    nm = np.array([[0.0, 0.3], [1.0, 0.7]])
    inv = np.array([[0.4, 0.2], [0.6, 0.8]])
    ps = np.array([0.4, 0.6])
    assert_close(latent_algebra.compute_py(ps, nm, inv), ref("latent_algebra.compute_py", ps, nm, inv), "inf")


# ---------------------------------------------------------------------------------------------
# cross-validation
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xy():
    rng = np.random.default_rng(11)
    k, n = 3, 240
    y = np.repeat(np.arange(k), n // k)
    X = rng.normal(size=(n, 2)) + y[:, None] * 1.2
    s = y.copy()
    flip = rng.choice(n, 40, replace=False)
    s[flip] = (s[flip] + 1) % k
    return X, s


def test_cv_functions_match_1x(ref, xy):
    X, s = xy
    clf = NearestMeanClassifier()
    for seed, folds in [(0, 5), (7, 3)]:
        kw = dict(clf=clf, cv_n_folds=folds, seed=seed)
        ours = latent_estimation.estimate_confident_joint_and_cv_pred_proba(X, s, **kw)
        theirs = ref("latent_estimation.estimate_confident_joint_and_cv_pred_proba", X, s, **kw)
        assert_close(ours, theirs, f"estimate_confident_joint_and_cv_pred_proba {seed}")
        ours5 = latent_estimation.estimate_py_noise_matrices_and_cv_pred_proba(
            X, s, converge_latent_estimates=True, **kw)
        assert_close(ours5, ref("latent_estimation.estimate_py_noise_matrices_and_cv_pred_proba", X, s,
                                converge_latent_estimates=True, **kw), "estimate_py_noise_matrices_and_cv_pred_proba")
        psx = latent_estimation.estimate_cv_predicted_probabilities(X, s, **kw)
        assert_close(psx, ref("latent_estimation.estimate_cv_predicted_probabilities", X, s, **kw), "cv psx")
        nm = latent_estimation.estimate_noise_matrices(X, s, **kw)
        assert_close(nm, ref("latent_estimation.estimate_noise_matrices", X, s, **kw), "estimate_noise_matrices")
    # calibrate=False and thresholds are passed through
    kw = dict(clf=clf, seed=3, calibrate=False, thresholds=[0.3, 0.3, 0.3])
    assert_close(latent_estimation.estimate_confident_joint_and_cv_pred_proba(X, s, **kw),
                 ref("latent_estimation.estimate_confident_joint_and_cv_pred_proba", X, s, **kw), "thresholds")


def test_cv_default_clf_is_logistic_regression(xy):
    pytest.importorskip("sklearn")
    X, s = xy
    cj, psx = latent_estimation.estimate_confident_joint_and_cv_pred_proba(X, s, seed=0)
    assert psx.shape == (len(s), 3) and np.allclose(psx.sum(axis=1), 1)
    assert cj.sum() == len(s) and np.array_equal(cj.sum(axis=1), np.bincount(s))
    # the split is seeded: same answer twice
    assert np.array_equal(psx, latent_estimation.estimate_cv_predicted_probabilities(X, s, seed=0))


def test_cv_without_sklearn_is_a_clear_import_error(xy, monkeypatch):
    X, s = xy
    monkeypatch.setitem(sys.modules, "sklearn.model_selection", None)
    for fn in [latent_estimation.estimate_confident_joint_and_cv_pred_proba,
               latent_estimation.estimate_py_noise_matrices_and_cv_pred_proba,
               latent_estimation.estimate_cv_predicted_probabilities,
               latent_estimation.estimate_noise_matrices]:
        with pytest.raises(ImportError, match="needs scikit-learn"):
            fn(X, s, clf=NearestMeanClassifier())


@pytest.mark.filterwarnings("ignore:The least populated class")
def test_cv_fold_missing_a_class_is_a_clear_error(ref, xy):
    X, s = xy
    s2 = s.copy()
    s2[:1] = 3  # class 3 has 1 example: the fold holding it out trains without it
    with pytest.raises(ShapeError, match="every class must occur in every training fold"):
        latent_estimation.estimate_confident_joint_and_cv_pred_proba(X, s2, clf=NearestMeanClassifier(), seed=0)
    theirs = ref("latent_estimation.estimate_confident_joint_and_cv_pred_proba", X, s2,
                 clf=NearestMeanClassifier(), seed=0)
    assert isinstance(theirs, RefError)  # 1.x: a broadcast ValueError


# ---------------------------------------------------------------------------------------------
# errors: 1.x's ValueErrors, and libcleanlab's where 1.x returns NaN or fails obscurely
# ---------------------------------------------------------------------------------------------


def test_unknown_py_method_raises_like_1x(ref):
    s, p = data(CASES[0])
    cj = latent_estimation.compute_confident_joint(s, p)
    theirs = ref("latent_estimation.estimate_latent", cj, s, py_method="bogus")
    assert isinstance(theirs, RefError) and theirs.type_name == "ValueError"
    with pytest.raises(ValueError, match=r"py_method bogus should be in \[cnt, eqn, marginal, marginal_ps\]"):
        latent_estimation.estimate_latent(cj, s, py_method="bogus")
    with pytest.raises(ValueError, match="should be in"):
        latent_estimation.estimate_py_and_noise_matrices_from_probabilities(s, p, py_method="x")
    with pytest.raises(ValueError, match="should be in"):
        latent_algebra.compute_py(np.full(2, 0.5), np.eye(2), np.eye(2), "x")


def test_marginal_without_y_count_raises_like_1x(ref):
    args = (np.full(2, 0.5), np.eye(2), np.eye(2), "marginal")
    theirs = ref("latent_algebra.compute_py", *args)
    assert isinstance(theirs, RefError) and theirs.type_name == "ValueError"
    with pytest.raises(ValueError, match="requires y_count"):
        latent_algebra.compute_py(*args)
    with pytest.raises(NumericError, match="sums to 0"):
        latent_algebra.compute_py(np.full(2, 0.5), np.eye(2), np.eye(2), "marginal", np.zeros(2))


def test_compute_pyx_needs_2d_like_1x(ref):
    theirs = ref("latent_algebra.compute_pyx", np.full(3, 0.5), np.eye(3), np.eye(3))
    assert isinstance(theirs, RefError) and theirs.type_name == "ValueError"
    with pytest.raises(ValueError, match=r"shape should be \(N, K\)"):
        latent_algebra.compute_pyx(np.full(3, 0.5), np.eye(3), np.eye(3))
    with pytest.raises(NotFiniteError):
        latent_algebra.compute_pyx(np.array([[np.nan, 1.0]]), np.eye(2), np.eye(2))


def test_zero_column_gives_numeric_error_where_1x_gives_nan(ref):
    s = np.array([0, 0, 0, 1, 1, 1])
    cj = np.array([[3, 0], [3, 0]])  # no example confidently in class 1
    theirs = ref("latent_estimation.estimate_latent", cj, s)
    assert not isinstance(theirs, RefError) and np.isnan(theirs[0]).any()
    with pytest.raises(NumericError, match="cleanlab 1.x divides without a guard"):
        latent_estimation.estimate_latent(cj, s)
    with pytest.raises(NumericError):
        latent_algebra.compute_inv_noise_matrix(np.array([0.5, 0.5]), np.eye(2), np.array([1.0, 0.0]))
    psx, nm0 = np.array([[0.0, 1.0]]), np.array([[0.0, 0.0], [1.0, 1.0]])  # 0 * 1 / 0
    assert np.isnan(ref("latent_algebra.compute_pyx", psx, nm0, np.eye(2))).any()
    with pytest.raises(NumericError):
        latent_algebra.compute_pyx(psx, nm0, np.eye(2))
    # an inf that 1.x clips back into range is fine: 1 * 1 / 0 -> 1
    psx1 = np.array([[1.0, 0.0]])
    assert_close(latent_algebra.compute_pyx(psx1, nm0, np.eye(2)),
                 ref("latent_algebra.compute_pyx", psx1, nm0, np.eye(2)), "pyx inf")


def test_missing_class_and_bad_shapes_are_clear_errors(ref):
    s = np.array([0, 0, 2, 2])
    cj = np.array([[2, 0, 0], [0, 1, 0], [0, 0, 2]])
    assert isinstance(ref("latent_estimation.estimate_latent", cj, s), RefError)
    with pytest.raises(LabelRangeError, match="class 1 does not occur"):
        latent_estimation.estimate_latent(cj, s)
    with pytest.raises(LabelRangeError, match="class 1 does not occur"):
        latent_algebra.compute_ps_py_inv_noise_matrix(s, np.eye(3))
    with pytest.raises(LabelRangeError):
        latent_estimation.estimate_latent(cj, np.array([0, 1, 2, 3]))
    with pytest.raises(ShapeError):
        latent_estimation.estimate_latent(np.ones((2, 3)), s)
    with pytest.raises(ShapeError):
        latent_algebra.compute_inv_noise_matrix(np.ones(3), np.eye(2))
    with pytest.raises(NotFiniteError):
        latent_estimation.estimate_latent(np.array([[1.0, np.inf], [0, 1]]), np.array([0, 1]))
    with pytest.raises(np.linalg.LinAlgError):
        latent_algebra.compute_py_inv_noise_matrix(np.full(2, 0.5), np.ones((2, 2)))
    with pytest.raises(TypeError):
        latent_algebra.compute_py(np.array(["a", "b"]), np.eye(2), np.eye(2))
