"""Reference worker for the cleanlab 1.x parity tests: runs inside the cleanlab 1.0.1 venv
(.venv-cl1) and answers requests from the test process (see v1ref.py).

Protocol: length-prefixed pickles on stdin/stdout. A request is
``(function "module.name", args, kwargs, ties)``; ``ties="low"`` makes every 1-D np.argsort
stable (libcleanlab's documented tie rule), ``"high"`` the opposite (higher index first). The answer is ``("ok", result, printed_text)`` or
``("err", exception type name, message, printed_text)``.
"""
import contextlib
import importlib
import io
import pickle
import struct
import sys
import warnings

import numpy as np

_ARGSORT = np.argsort


def _tie_argsort(tie):
    def argsort(a, axis=-1, kind=None, order=None, **kw):
        arr = np.asarray(a)
        if arr.ndim != 1 or order is not None or kw or axis not in (-1, 0):
            return _ARGSORT(a, axis=axis, kind=kind, order=order, **kw)
        if tie == "low":
            return _ARGSORT(arr, kind="stable")
        return (arr.shape[0] - 1) - _ARGSORT(arr[::-1], kind="stable")

    return argsort


def _read(stream, n):
    buf = b""
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def main():
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    warnings.simplefilter("ignore")
    import cleanlab  # noqa: F401  (fail early if the venv is broken)

    while True:
        head = _read(inp, 8)
        if head is None:
            return
        (size,) = struct.unpack("<Q", head)
        fn_name, args, kwargs, ties = pickle.loads(_read(inp, size))
        mod, name = fn_name.rsplit(".", 1)
        printed = io.StringIO()
        if ties in ("low", "high"):
            np.argsort = _tie_argsort(ties)
        try:
            with contextlib.redirect_stdout(printed):
                obj = getattr(importlib.import_module("cleanlab." + mod), name)
                result = obj(*args, **kwargs) if callable(obj) else obj
            reply = ("ok", result, printed.getvalue())
        except BaseException as e:  # noqa: BLE001
            reply = ("err", type(e).__name__, str(e), printed.getvalue())
        finally:
            np.argsort = _ARGSORT
        try:
            data = pickle.dumps(reply, protocol=4)
        except Exception as e:  # noqa: BLE001
            data = pickle.dumps(("err", "PickleError", str(e), ""), protocol=4)
        out.write(struct.pack("<Q", len(data)) + data)
        out.flush()


if __name__ == "__main__":
    main()
