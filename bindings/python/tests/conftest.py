"""Shared helpers of the libcleanlab Python tests: input generators and the reference runner.

The reference is cleanlab 2.9.0 itself. cleanlab orders equal keys with numpy's unstable
argsort; libcleanlab documents one rule instead (among equal keys the lower index comes first;
the same for equal rounding residuals in round_preserving_sum). `reference(..., ties=...)` runs
cleanlab with that choice made explicit:

* ``ties=None``   -- cleanlab as installed;
* ``ties="low"``  -- cleanlab with every 1-D ``np.argsort`` made stable (lower index first): the
  libcleanlab rule (cleanlab.h, "Ties"). It also covers round_preserving_sum, which takes
  ``np.argsort(residuals)[::-increment]``: rounding up prefers the later of equal residuals,
  rounding down the earlier, as the header documents;
* ``ties="high"`` -- the opposite rule (higher index first).

An input is *tie-free* for a call when the "low" and "high" runs agree: then the order of equal
keys cannot matter and libcleanlab must match the unmodified cleanlab exactly.
"""

import contextlib
import subprocess
import zlib
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np
import pytest

import cleanlab
import cleanlab.count
import cleanlab.filter
import cleanlab.rank

import libcleanlab

_ORIG_ARGSORT = np.argsort


# cleanlab 2.9.0's filter_by values and return_indices_ranked_by values (None = a mask)
FILTERS = [
    "prune_by_noise_rate",
    "prune_by_class",
    "both",
    "confident_learning",
    "predicted_neq_given",
    "low_normalized_margin",
    "low_self_confidence",
]
RANKS = [None, "self_confidence", "normalized_margin", "confidence_weighted_entropy"]


def _argsort_ties(tie: str) -> Callable:
    def argsort(a, axis=-1, kind=None, order=None, **kw):
        arr = np.asarray(a)
        if arr.ndim != 1 or order is not None or kw or axis not in (-1, 0):
            return _ORIG_ARGSORT(a, axis=axis, kind=kind, order=order, **kw)
        if tie == "low":
            return _ORIG_ARGSORT(arr, kind="stable")
        n = arr.shape[0]
        return (n - 1) - _ORIG_ARGSORT(arr[::-1], kind="stable")

    return argsort


@contextlib.contextmanager
def tie_rule(tie: Optional[str]):
    if tie is None:
        yield
        return
    np.argsort = _argsort_ties(tie)
    try:
        yield
    finally:
        np.argsort = _ORIG_ARGSORT


def user_warnings(records) -> List[str]:
    return [str(w.message) for w in records if issubclass(w.category, UserWarning)
            and not issubclass(w.category, (DeprecationWarning, FutureWarning, RuntimeWarning))]


def call(fn: Callable, *args, **kwargs) -> Tuple[Any, List[str]]:
    """Call fn, returning (result or exception, user warnings)."""
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            out = fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001
            out = e
    return out, user_warnings(rec)


def reference(fn_name: str, *args, ties: Optional[str] = None, **kwargs):
    """Run cleanlab's `module.function` (e.g. "filter.find_label_issues")."""
    mod, name = fn_name.split(".")
    fn = getattr(getattr(cleanlab, mod), name)
    if mod == "filter" and name == "find_label_issues":
        kwargs.setdefault("n_jobs", 1)  # no process pool in the reference
    with tie_rule(ties):
        return call(fn, *args, **kwargs)


def ours(fn_name: str, *args, **kwargs):
    mod, name = fn_name.split(".")
    return call(getattr(getattr(libcleanlab, mod), name), *args, **kwargs)


def same(a, b) -> bool:
    """Exact equality of results (arrays incl. dtype and shape, tuples, scalars, exceptions)."""
    if isinstance(a, BaseException) or isinstance(b, BaseException):
        return type(a) is type(b) and str(a) == str(b)
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    a = np.asarray(a)
    b = np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f" or b.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))


def assert_same_result(ours_out, ref_out, *, check_dtype=True, rtol=0.0, what=""):
    """ours == reference: same type, dtype, shape, integer values exactly, floats within rtol."""
    if isinstance(ref_out, BaseException):
        if isinstance(ours_out, type(ref_out)) and str(ref_out) in str(ours_out):
            return
        raise AssertionError(f"{what}: cleanlab raised {ref_out!r}; libcleanlab gave {ours_out!r}")
    if isinstance(ours_out, BaseException):
        raise AssertionError(f"{what}: libcleanlab raised {ours_out!r}; cleanlab gave {ref_out!r}")
    if isinstance(ref_out, tuple):
        assert isinstance(ours_out, tuple) and len(ours_out) == len(ref_out), what
        for i, (x, y) in enumerate(zip(ours_out, ref_out)):
            assert_same_result(x, y, check_dtype=check_dtype, rtol=rtol, what=f"{what}[{i}]")
        return
    a = np.asarray(ours_out)
    b = np.asarray(ref_out)
    assert a.shape == b.shape, f"{what}: shape {a.shape} != cleanlab's {b.shape}"
    if check_dtype:
        assert a.dtype == b.dtype, f"{what}: dtype {a.dtype} != cleanlab's {b.dtype}"
    if b.dtype.kind == "f" and rtol > 0:
        np.testing.assert_allclose(a, b, rtol=rtol, atol=0, err_msg=what)
    elif b.dtype.kind == "f":
        np.testing.assert_array_equal(a, b, err_msg=what)
    else:
        mism = np.flatnonzero(np.asarray(a != b).ravel()) if a.size else []
        assert len(mism) == 0, (
            f"{what}: {len(mism)} mismatching entries, first at flat index {mism[:10]}; "
            f"ours={a.ravel()[mism[:10]]} cleanlab={b.ravel()[mism[:10]]}"
        )


# ----------------------------------------------------------------------------------------------
# Input generators
# ----------------------------------------------------------------------------------------------


def check_case(fn, args, kwargs=None, *, require_tie_free=False, rtol=0.0):
    """Compare libcleanlab with cleanlab under the tie rule (numpy's argsort made stable), and
    with plain cleanlab when the input is tie-free for this call (the opposite tie rule gives
    the same answer). Returns True if the input was tie-free."""
    kwargs = kwargs or {}
    o, ow = ours(fn, *args, **kwargs)
    low, _ = reference(fn, *args, ties="low", **kwargs)
    assert_same_result(o, low, rtol=rtol, what=f"{fn}{kwargs} vs cleanlab with the tie rule")
    high, _ = reference(fn, *args, ties="high", **kwargs)
    if not same(low, high):
        assert not require_tie_free, "input not tie-free"
        return False
    real, rw = reference(fn, *args, **kwargs)
    assert_same_result(o, real, rtol=rtol, what=f"{fn}{kwargs} vs cleanlab")
    assert ow == rw, f"{fn}{kwargs}: warnings differ:\n ours={ow}\n cleanlab={rw}"
    return True


def make_data(seed, n, k, dtype, missing=(), gen="dirichlet"):
    """Seeded (labels, pred_probs): Dirichlet(0.7), softmax or quantised probabilities and 30%
    label noise."""
    rng = np.random.default_rng(seed)
    if gen == "dirichlet":
        p = dirichlet_probs(rng, n, k, alpha=0.7, dtype=dtype)
    elif gen == "softmax":
        p = softmax_probs(rng, n, k, dtype=dtype)
    else:
        p = quantised_probs(rng, n, k, dtype=dtype)
    return noisy_labels(rng, p, noise=0.3, missing=missing), p


def dirichlet_probs(rng, n: int, k: int, alpha: float = 1.0, dtype=np.float64) -> np.ndarray:
    p = rng.dirichlet(np.full(k, alpha), size=n)
    return p.astype(dtype)


def softmax_probs(rng, n: int, k: int, scale: float = 3.0, dtype=np.float64) -> np.ndarray:
    z = rng.normal(size=(n, k)) * scale
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(dtype)


def noisy_labels(rng, p: np.ndarray, noise: float = 0.2, missing=()) -> np.ndarray:
    """Labels = argmax with a fraction flipped at random; classes in `missing` never occur."""
    n, k = p.shape
    y = np.argmax(p.astype(np.float64), axis=1)
    flip = rng.random(n) < noise
    y[flip] = rng.integers(0, k, size=int(flip.sum()))
    present = np.array([c for c in range(k) if c not in set(missing)])
    bad = np.isin(y, list(missing))
    if bad.any():
        y[bad] = rng.choice(present, size=int(bad.sum()))
    return y.astype(np.int64)


def quantised_probs(rng, n: int, k: int, levels: int = 10, dtype=np.float64) -> np.ndarray:
    """Tie-heavy probabilities: a Dirichlet sample rounded to multiples of 1/levels."""
    p = rng.dirichlet(np.ones(k) * 0.7, size=n)
    q = np.round(p * levels) / levels
    return np.clip(q, 0.0, 1.0).astype(dtype)


@pytest.fixture
def rng(request):
    # a stable seed per test id
    seed = zlib.crc32(request.node.nodeid.encode())
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------------------------
# The command-line tool (.build/bin/cleanlab): test_cli.py, test_cli_learn.py
# ---------------------------------------------------------------------------------------------
CLI = Path(__file__).resolve().parents[3] / ".build" / "bin" / "cleanlab"


def run_cli(*args, check=None):
    """Runs the CLI; returns (exit code, stdout, stderr). Asserts it did not crash (exit code 0,
    1 or 2, no Swift runtime failure output) and, with `check`, the exit code."""
    p = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, timeout=120)
    assert p.returncode in (0, 1, 2), f"exit code {p.returncode} (crash?)\nstderr: {p.stderr}"
    for bad in ("Fatal error", "Stack dump", "Current stack trace", "Illegal instruction"):
        assert bad not in p.stderr, f"crash output: {p.stderr}"
    if check is not None:
        assert p.returncode == check, f"exit code {p.returncode}, expected {check}\nstdout: {p.stdout}\nstderr: {p.stderr}"
    return p.returncode, p.stdout, p.stderr


# ---------------------------------------------------------------------------------------------
# pandas' sort made stable (test_health.py, test_multilabel.py)
# ---------------------------------------------------------------------------------------------
@contextlib.contextmanager
def stable_pandas_sort():
    """pandas' DataFrame.sort_values made stable (``kind="stable"`` unless given) and 1-D
    np.argsort too (cleanlab's round_preserving_sum in the calibration of the joint breaks equal
    residuals with it): the libcleanlab tie rule for cleanlab's DataFrame-returning functions."""
    import pandas as pd

    orig = pd.DataFrame.sort_values

    def sort_values(self, *args, **kwargs):
        kwargs.setdefault("kind", "stable")
        return orig(self, *args, **kwargs)

    with tie_rule("low"):
        pd.DataFrame.sort_values = sort_values
        try:
            yield
        finally:
            pd.DataFrame.sort_values = orig


# ---------------------------------------------------------------------------------------------
# Classifier tests (test_classification.py, test_classification_cv.py)
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def one_blas_thread():
    """One BLAS/OpenMP thread while the classifiers train: scipy's L-BFGS-B spins BLAS threads
    on tiny problems (5x the CPU time on 2 shared cores). cleanlab and libcleanlab run under the
    same limit, so the comparisons are unaffected. Use with
    ``pytestmark = pytest.mark.usefixtures("one_blas_thread")``."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


def noisy_blobs(n, k, seed, d, spread, noise):
    """(X, noisy labels s, true labels y): k Gaussian blobs in d dimensions (centres drawn with
    standard deviation `spread`, unit noise around them), each label moved to another class,
    uniformly, with probability `noise`."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    centers = rng.normal(0, spread, (k, d))
    X = centers[y] + rng.normal(0, 1.0, (n, d))
    s = y.copy()
    flip = rng.random(n) < noise
    s[flip] = (s[flip] + 1 + rng.integers(0, k - 1, flip.sum())) % k
    return X, s, y
