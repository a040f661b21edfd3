"""Client side of the cleanlab 1.0.1 reference (private helper of the test_v1*.py files).

cleanlab 1.0.1 does not import with scikit-learn >= 1.8, so it lives in its own venv
(``.venv-cl1``, created by ``make test-python``). One worker process per test session answers
requests; ``ref("pruning.get_noise_indices", s, psx, n_jobs=1)`` returns 1.x's result, or a
``RefError`` describing the exception 1.x raised.

The venv's python is taken from $LIBCLEANLAB_V1_PYTHON (set by the Makefile: then a missing venv
is a failure) or ``<repo>/.venv-cl1/bin/python`` (else the tests are skipped).
"""
import atexit
import os
import pickle
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]
WORKER = Path(__file__).with_name("v1ref_worker.py")


class RefError(Exception):
    """cleanlab 1.x raised `type_name`."""

    def __init__(self, type_name, message, printed=""):
        super().__init__(f"{type_name}: {message}")
        self.type_name = type_name
        self.message = message
        self.printed = printed


class Reference:
    def __init__(self, python):
        self.proc = subprocess.Popen(
            [python, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            cwd=str(WORKER.parent.parent),  # not the repo root: no stray imports
        )
        self.printed = ""

    def __call__(self, fn_name, *args, ties=None, **kwargs):
        data = pickle.dumps((fn_name, args, kwargs, ties), protocol=4)
        self.proc.stdin.write(struct.pack("<Q", len(data)) + data)
        self.proc.stdin.flush()
        head = self.proc.stdout.read(8)
        if len(head) < 8:
            raise RuntimeError("the cleanlab 1.x reference worker died")
        (size,) = struct.unpack("<Q", head)
        reply = pickle.loads(self.proc.stdout.read(size))
        if reply[0] == "ok":
            self.printed = reply[2]
            return reply[1]
        self.printed = reply[3]
        return RefError(reply[1], reply[2], reply[3])

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _python():
    env = os.environ.get("LIBCLEANLAB_V1_PYTHON")
    if env:
        if not os.access(env, os.X_OK):
            pytest.fail(f"LIBCLEANLAB_V1_PYTHON={env} is not executable")
        return env
    default = ROOT / ".venv-cl1" / "bin" / "python"
    if not default.exists():
        pytest.skip("no cleanlab 1.0.1 venv (.venv-cl1): run `make test-python`")
    return str(default)


_shared = []


@pytest.fixture(scope="session")
def ref():
    # one worker for the whole session, whichever test module asks first
    if not _shared:
        r = Reference(_python())
        version = r("version.__version__")
        assert version == "1.0.1", f"the reference venv has cleanlab {version}, not 1.0.1"
        atexit.register(r.close)
        _shared.append(r)
    return _shared[0]


def same(a, b):
    """Exact equality incl. dtype and shape (arrays), recursively for tuples."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
                and all(same(x, y) for x, y in zip(a, b)))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return a == b and type(a) is type(b)
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b))


def assert_same(ours, theirs, what=""):
    assert not isinstance(theirs, RefError), f"{what}: cleanlab 1.x raised {theirs}"
    if not same(ours, theirs):
        oa, ta = np.asarray(ours), np.asarray(theirs)
        detail = ""
        if oa.shape == ta.shape and oa.size:
            bad = np.flatnonzero((oa != ta).ravel())
            detail = f"; {len(bad)} differ, first at {bad[:8]}: ours {oa.ravel()[bad[:8]]} 1.x {ta.ravel()[bad[:8]]}"
        raise AssertionError(
            f"{what}: ours {type(ours).__name__} {getattr(oa, 'dtype', '')} {getattr(oa, 'shape', '')} "
            f"!= cleanlab 1.x {type(theirs).__name__} {getattr(ta, 'dtype', '')} {getattr(ta, 'shape', '')}{detail}"
        )


def check(ref, ours, fn_name, *args, **kwargs):
    """ours == cleanlab 1.x run with libcleanlab's tie rule (numpy's 1-D argsort made stable:
    it decides equal rounding residuals in round_preserving_sum and equal keys in
    order_label_errors), and == plain cleanlab 1.x whenever the input is tie-free for the call
    (the opposite rule gives the same answer). Returns whether it was tie-free."""
    low = ref(fn_name, *args, ties="low", **kwargs)
    assert_same(ours, low, f"{fn_name}{kwargs} (1.x with the tie rule)")
    high = ref(fn_name, *args, ties="high", **kwargs)
    if isinstance(high, RefError) or not same(low, high):
        return False
    assert_same(ours, ref(fn_name, *args, **kwargs), f"{fn_name}{kwargs}")
    return True
