"""Error paths: every bad input raises, with cleanlab's exception type (and message where cleanlab
has one), as a libcleanlab.CleanlabError subclass. Also the extension's own checks."""

import os
import warnings

import numpy as np
import pytest

import cleanlab.count
import cleanlab.filter
import cleanlab.rank

import libcleanlab
from libcleanlab import (
    CleanlabError,
    DTypeError,
    InvalidArgumentError,
    LabelRangeError,
    LayoutError,
    NotFiniteError,
    ProbabilityRangeError,
    ShapeError,
    TooFewClassesError,
    _native,
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(3), size=40)
    y = np.argmax(p, axis=1)
    y[:3] = [0, 1, 2]
    return y, p


FUNCS = [
    ("filter", "find_label_issues", dict(n_jobs=1)),
    ("filter", "find_predicted_neq_given", {}),
    ("count", "num_label_issues", {}),
    ("rank", "get_label_quality_scores", {}),
    ("rank", "get_label_quality_scores", dict(method="confidence_weighted_entropy")),
]


def _bad_inputs(y, p):
    p_range = p.copy()
    p_range[4, 1] = 1.01
    p_neg = p.copy()
    p_neg[4, 1] = -0.01
    y_neg = y.copy()
    y_neg[5] = -1
    y_big = y.copy()
    y_big[5] = 3
    return {
        "pred_probs list": (y, p.tolist()),
        "labels tuple": (tuple(y), p),
        "labels 2-D": (y.reshape(-1, 1), p),
        "labels strings": (np.array(["a"] * len(y)), p),
        "labels fractional": (y + 0.5, p),
        "labels negative": (y_neg, p),
        "labels >= K": (y_big, p),
        "length mismatch": (y[:-1], p),
        "pred_probs 1-D": (y, p[:, 0]),
        "pred_probs 3-D": (y, p[:, :, None]),
        "probability > 1": (y, p_range),
        "probability < 0": (y, p_neg),
        "one class": (np.ones_like(y), p),
    }


@pytest.mark.parametrize("mod,fn,kw", FUNCS)
def test_same_exception_type_and_message_as_cleanlab(data, mod, fn, kw):
    y, p = data
    for case, (yy, pp) in _bad_inputs(y, p).items():
        ref_fn = getattr(getattr(cleanlab, mod), fn)
        our_fn = getattr(getattr(libcleanlab, mod), fn)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ref_fn(yy, pp, **kw)
                ref_exc = None
            except Exception as e:  # noqa: BLE001
                ref_exc = e
            try:
                our_fn(yy, pp, **kw)
                our_exc = None
            except Exception as e:  # noqa: BLE001
                our_exc = e
        if ref_exc is None:
            # cleanlab accepts it: so must we (lenient conversions), except our documented
            # rejections
            assert our_exc is None, f"{fn} [{case}]: cleanlab accepts, we raised {our_exc!r}"
            continue
        assert our_exc is not None, f"{fn} [{case}]: cleanlab raised {ref_exc!r}, we did not"
        assert isinstance(our_exc, CleanlabError), f"{fn} [{case}]: {our_exc!r}"
        if isinstance(ref_exc, (ValueError, TypeError)) and case != "labels 2-D":
            assert isinstance(our_exc, type(ref_exc)), f"{fn} [{case}]: {our_exc!r} vs {ref_exc!r}"
            assert str(ref_exc).strip().split("\n")[0] in str(our_exc), (
                f"{fn} [{case}]: message {our_exc} lacks cleanlab's {ref_exc}"
            )
        else:  # cleanlab fails by accident (AssertionError, unhashable ndarray...): ValueError
            assert isinstance(our_exc, ValueError)


@pytest.mark.parametrize("value,exc", [(np.nan, NotFiniteError), (np.inf, NotFiniteError),
                                       (-np.inf, NotFiniteError), (1.5, ProbabilityRangeError)])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_not_finite_and_range(data, value, exc, dtype):
    y, p = data
    bad = p.astype(dtype)
    bad[7, 2] = value
    for call in (
        lambda: libcleanlab.filter.find_label_issues(y, bad),
        lambda: libcleanlab.count.get_confident_thresholds(y, bad),
        lambda: libcleanlab.count.compute_confident_joint(y, bad),
        lambda: libcleanlab.rank.get_self_confidence_for_each_label(y, bad),
        lambda: libcleanlab.rank.get_normalized_margin_for_each_label(y, bad),
    ):
        with pytest.raises(exc) as info:
            call()
        assert isinstance(info.value, ValueError)
        assert "7, 2" in str(info.value) or "[7" in str(info.value) or exc is ProbabilityRangeError


def test_error_attributes(data):
    y, p = data
    bad = p.copy()
    bad[1, 1] = np.nan
    with pytest.raises(NotFiniteError) as info:
        libcleanlab.filter.find_label_issues(y, bad)
    e = info.value
    assert e.status == 6 and e.status_name == "CL_E_NOT_FINITE"
    assert e.detail and "NaN" in e.detail
    assert _native.status_string(6) == "CL_E_NOT_FINITE"
    assert _native.status_string(12345) == "CL_E_UNKNOWN"


def test_status_mapping():
    from libcleanlab._errors import _from_status

    expected = {1: "NullPointerError", 2: "InvalidArgumentError", 3: "ShapeError",
                4: "DTypeError", 5: "LabelRangeError", 6: "NotFiniteError",
                7: "ProbabilityRangeError", 8: "TooFewClassesError",
                9: "BufferTooSmallError", 10: "NumericError", 99: "InternalError"}
    for status, name in expected.items():
        e = _from_status(status, "X", "detail")
        assert type(e).__name__ == name and isinstance(e, CleanlabError)
        assert isinstance(e, ValueError)
        assert str(e) == "detail"
    assert isinstance(_from_status(4, "CL_E_DTYPE", ""), TypeError)
    assert type(_from_status(11, "CL_E_NO_MEMORY", "oom")) is MemoryError
    assert type(_from_status(77, "CL_E_UNKNOWN", "")) is CleanlabError


def test_empty_input(data):
    y, p = data
    y0, p0 = y[:0], p[:0]
    for fn in (
        lambda: libcleanlab.filter.find_label_issues(y0, p0),
        lambda: libcleanlab.filter.find_predicted_neq_given(y0, p0),
        lambda: libcleanlab.count.num_label_issues(y0, p0),
        lambda: libcleanlab.rank.get_label_quality_scores(y0, p0),
        lambda: libcleanlab.rank.order_label_issues(np.zeros(0, bool), y0, p0),
    ):
        with pytest.raises(ValueError):  # cleanlab: ValueError("min() arg is an empty sequence")
            fn()
    # cleanlab answers these on empty input; so do we
    t = libcleanlab.count.get_confident_thresholds(y0, p0)
    np.testing.assert_array_equal(t, cleanlab.count.get_confident_thresholds(y0, p0))
    assert t.dtype == np.float64
    assert libcleanlab.rank.get_self_confidence_for_each_label(y0, p0).shape == (0,)


def test_k_below_two_rejected():
    p = np.ones((10, 1))
    y = np.zeros(10, dtype=np.int64)
    with pytest.raises(ShapeError):
        libcleanlab.filter.find_label_issues(y, p)
    with pytest.raises(ShapeError):
        libcleanlab.rank.get_label_quality_scores(y, p)
    with pytest.raises(ShapeError):
        libcleanlab.count.compute_confident_joint(y, np.ones((10, 0)))


def test_option_errors(data):
    y, p = data
    f = libcleanlab.filter.find_label_issues
    with pytest.raises(InvalidArgumentError, match="filter_by"):
        f(y, p, filter_by="nope")  # cleanlab: bare AssertionError
    with pytest.raises(InvalidArgumentError, match="n_jobs"):
        f(y, p, n_jobs=0)  # cleanlab: bare AssertionError
    with pytest.raises(ValueError, match="is not a valid scoring method for rank_by"):
        f(y, p, return_indices_ranked_by="nope")
    with pytest.raises(ValueError, match="adjust_pred_probs is not currently supported"):
        f(y, p, return_indices_ranked_by="confidence_weighted_entropy",
          rank_by_kwargs={"adjust_pred_probs": True})
    with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
        f(y, p, return_indices_ranked_by="self_confidence", rank_by_kwargs={"foo": 1})
    for frac in (0.0, -0.5, 1.5, np.nan):
        with pytest.raises(InvalidArgumentError):
            f(y, p, frac_noise=frac)  # cleanlab: accepted, meaningless
    with pytest.raises(ShapeError):
        f(y, p, num_to_remove_per_class=[1, 2])
    with pytest.raises(InvalidArgumentError):
        f(y, p, num_to_remove_per_class=[1.5, 2, 3])
    with pytest.raises(ShapeError):
        f(y, p, confident_joint=np.ones((2, 2)))
    with pytest.warns(UserWarning, match="frac_noise and num_to_remove_per_class"):
        with pytest.raises(ValueError, match="is not supported \\(yet\\)"):
            f(y, p, filter_by="confident_learning", num_to_remove_per_class=[1, 1, 1])
    with pytest.raises(TypeError, match="must be list"):
        f(y, p, multi_label=True)

    with pytest.raises(ValueError, match="is not a valid estimation method"):
        libcleanlab.count.num_label_issues(y, p, estimation_method="nope")
    with pytest.raises(ValueError, match="No `confident_joint` provided"):
        libcleanlab.count.num_label_issues(y, p, estimation_method="off_diagonal_custom")
    with pytest.raises(ValueError, match="not a valid scoring method"):
        libcleanlab.rank.get_label_quality_scores(y, p, method="nope")
    with pytest.raises(ValueError, match="adjust_pred_probs is not currently supported"):
        libcleanlab.rank.get_label_quality_scores(
            y, p, method="confidence_weighted_entropy", adjust_pred_probs=True
        )
    with pytest.raises(ShapeError):
        libcleanlab.count.compute_confident_joint(y, p, thresholds=[0.5, 0.5])
    with pytest.raises(ShapeError):
        libcleanlab.count.calibrate_confident_joint(np.ones((3, 2)), y)
    with pytest.raises(ShapeError):
        libcleanlab.rank.order_label_issues(np.zeros(5, dtype=bool), y, p)
    with pytest.raises(InvalidArgumentError):
        libcleanlab.set_num_threads(-1)
    with pytest.raises(TypeError, match="must be list"):
        libcleanlab.filter.find_predicted_neq_given(y, p, multi_label=True)
    # count.*(multi_label=True) is implemented (area multilabel): an int array is not a list of
    # lists, rejected as cleanlab rejects it (TypeError "must be list" / ValueError "wrong format")
    for fn in (libcleanlab.count.compute_confident_joint, libcleanlab.count.estimate_joint,
               libcleanlab.count.get_confident_thresholds):
        with pytest.raises((TypeError, ValueError)):
            fn(y, p, multi_label=True)


def test_dtype_errors(data):
    y, p = data
    with pytest.raises(TypeError):
        libcleanlab.filter.find_label_issues(y, p.astype(np.complex128))
    with pytest.raises(TypeError):
        libcleanlab.filter.find_label_issues(y, p.astype(object))
    with pytest.raises(TypeError, match="pred_probs must be a numpy array"):
        libcleanlab.filter.find_label_issues(y, p.tolist())
    with pytest.raises(TypeError, match="labels should be a numpy array"):
        libcleanlab.filter.find_label_issues({0: 1}, p)


# ---------------------------------------------------------------------------------------------
# The extension itself (no façade): buffer checks, never a crash
# ---------------------------------------------------------------------------------------------


def _out(n):
    return np.empty(n, dtype=bool)


def test_native_rejects_byte_swapped(data):
    y, p = data
    with pytest.raises(DTypeError, match="byte-swapped"):
        _native.find_predicted_neq_given(p.astype(">f8"), y, _out(len(y)))
    with pytest.raises(DTypeError, match="byte-swapped"):
        _native.find_predicted_neq_given(p, y.astype(">i8"), _out(len(y)))
    # explicit little-endian / native prefixes are fine
    _native.find_predicted_neq_given(p.astype("<f8"), y.astype("<i4"), _out(len(y)))
    _native.find_predicted_neq_given(p.astype("=f4"), y.astype("=i8"), _out(len(y)))


def test_native_rejects_layouts(data):
    y, p = data
    wide = np.ascontiguousarray(np.repeat(p, 2, axis=1))
    with pytest.raises(LayoutError, match="contiguous columns"):
        _native.find_predicted_neq_given(wide[:, ::2], y, _out(len(y)))
    with pytest.raises(LayoutError, match="row stride"):
        _native.find_predicted_neq_given(p[::-1], y, _out(len(y)))
    with pytest.raises(LayoutError):
        _native.find_predicted_neq_given(np.asfortranarray(p), y, _out(len(y)))
    raw = np.zeros(p.size * 8 + 1, dtype=np.uint8)
    unaligned = raw[1:].view(np.float64).reshape(p.shape)
    unaligned[:] = p
    with pytest.raises(LayoutError, match="aligned"):
        _native.find_predicted_neq_given(unaligned, y, _out(len(y)))
    with pytest.raises(ValueError):  # numpy: ndarray is not C-contiguous
        _native.find_predicted_neq_given(p[::2], np.repeat(y, 2)[::4], _out(20))
    # a row-strided view (every other row) and a column slice of a wider array are read in place
    m = _out(20)
    _native.find_predicted_neq_given(p[::2], np.ascontiguousarray(y[::2]), m)
    np.testing.assert_array_equal(m, np.argmax(p[::2], axis=1) != y[::2])
    m = _out(len(y))
    _native.find_predicted_neq_given(wide[:, :3], y, m)
    np.testing.assert_array_equal(m, np.argmax(wide[:, :3], axis=1) != y)


def test_native_rejects_dtypes_and_sizes(data):
    y, p = data
    n = len(y)
    with pytest.raises(DTypeError):
        _native.find_predicted_neq_given(p.astype(np.int64), y, _out(n))
    with pytest.raises(DTypeError):
        _native.find_predicted_neq_given(p, y.astype(np.float64), _out(n))
    with pytest.raises(DTypeError):
        _native.find_predicted_neq_given(p, y.astype(np.int16), _out(n))
    with pytest.raises(DTypeError):
        _native.get_self_confidence_for_each_label(p, y, np.empty(n, dtype=np.float32))
    with pytest.raises(ShapeError):
        _native.find_predicted_neq_given(p, y, _out(n - 1))
    with pytest.raises(ShapeError):
        _native.find_predicted_neq_given(p[:, 0], y, _out(n))
    with pytest.raises(ShapeError):
        _native.compute_confident_joint(p, y, np.ones(2), 3, True, np.empty((3, 3), np.int64), None)
    with pytest.raises(ShapeError):
        _native.compute_confident_joint(p, y, None, 3, True, np.empty((2, 2), np.int64), None)
    with pytest.raises(ShapeError):
        _native.calibrate_confident_joint(np.ones(8), 3, y, np.empty((3, 3), np.int64))
    with pytest.raises(ShapeError):
        _native.find_top_issues(np.ones(5), 3, np.empty(2, np.int64))
    with pytest.raises((TypeError, ValueError, BufferError)):  # read-only output
        out = _out(n)
        out.flags.writeable = False
        _native.find_predicted_neq_given(p, y, out)
    with pytest.raises(ShapeError):  # length mismatch is reported by the library
        _native.find_predicted_neq_given(p, y[:-1], _out(n))
    with pytest.raises(LabelRangeError):
        _native.find_predicted_neq_given(p, np.full(n, 7), _out(n))
    with pytest.raises(TooFewClassesError):
        _native.num_label_issues(p, np.ones(n, dtype=np.int64), 1, None)
    with pytest.raises(InvalidArgumentError):
        _native.num_label_issues(p, y, 99, None)
    with pytest.raises(TypeError):
        _native.find_predicted_neq_given(None, y, _out(n))


def test_abi_and_versions():
    assert _native.abi_version() == _native.CL_ABI_VERSION
    assert _native.version_string() == _native.__version__ == libcleanlab.__version__
    assert libcleanlab.library_version() == libcleanlab.__version__
    major, minor, patch = (int(v) for v in libcleanlab.__version__.split("."))
    assert _native.version_number() == major * 10000 + minor * 100 + patch


def _cpu_has_x86_64_v3():
    import platform
    if platform.machine() != "x86_64":
        return False
    with open("/proc/cpuinfo") as f:
        flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    return {"avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm", "xsave"} <= set(flags)


def test_cpu_kernels_follow_the_cpu_and_the_environment():
    import subprocess
    import sys
    expected = "x86-64-v3" if _cpu_has_x86_64_v3() and os.environ.get("CLEANLAB_CPU") != "baseline" else "baseline"
    assert libcleanlab.cpu_kernels() == expected
    code = "import libcleanlab; print(libcleanlab.cpu_kernels())"
    forced = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env=dict(os.environ, CLEANLAB_CPU="baseline")).stdout.strip()
    assert forced == "baseline"


def test_cpu_kernels_agree_on_the_answers():
    # the same calls in a process forced to the baseline kernels give the same bytes
    import subprocess
    import sys
    code = r"""
import sys, numpy as np, libcleanlab
from libcleanlab import count, filter as flt, rank
rng = np.random.default_rng(7)
out = []
for n, k, dt in [(3000, 10, np.float32), (2000, 40, np.float64), (1500, 300, np.float16)]:
    p = rng.dirichlet(np.full(k, 0.3), n).astype(dt)
    y = np.where(rng.random(n) < 0.8, p.argmax(1), rng.integers(0, k, n)); y[:k] = np.arange(k)
    for fb in ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning", "low_normalized_margin"]:
        out.append(flt.find_label_issues(y, p, filter_by=fb, return_indices_ranked_by="self_confidence"))
    out.append(count.compute_confident_joint(y, p))
    out.append(rank.get_label_quality_scores(y, p, method="normalized_margin"))
sys.stdout.buffer.write(b"".join(np.ascontiguousarray(a).tobytes() for a in out))
"""
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                           env=dict(os.environ, CLEANLAB_CPU=mode)).stdout for mode in ("auto", "baseline")]
    assert len(runs[0]) > 100000 and runs[0] == runs[1]
