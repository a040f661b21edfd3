"""The library in forked children (Python multiprocessing's default on Linux): a process that has
loaded libcleanlab forks, and each child runs a multi-threaded call. The workers are threads
created per pass (no pool survives a call), so a child must never hang; each child gets a
deadline. (With libdispatch's pool a forked child livelocked about once in 40 calls at 1e6 x 100.)
"""
import os
import sys
import time

import numpy as np
import pytest

import libcleanlab

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _child_result(pid, deadline):
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return "hung"
        time.sleep(0.01)


def test_forked_children_run_threaded_calls():
    rng = np.random.default_rng(7)
    n, k = 200_000, 40
    probs = rng.random((n, k), dtype=np.float32) + np.eye(k, dtype=np.float32)[rng.integers(0, k, n)] * 3
    probs /= probs.sum(axis=1, keepdims=True)
    labels = np.where(rng.random(n) < 0.2, rng.integers(0, k, n), probs.argmax(axis=1)).astype(np.int64)
    expected = libcleanlab.filter.find_label_issues(labels, probs, n_jobs=2)   # the parent has run a call too
    results = []
    for trial in range(12):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                got = libcleanlab.filter.find_label_issues(labels, probs, filter_by=("prune_by_noise_rate", "both")[trial % 2],
                                                           n_jobs=2)
                ok = got.shape == expected.shape and (trial % 2 == 1 or np.array_equal(got, expected))
                code = 0 if ok else 2
            finally:
                sys.stdout.flush()
                os._exit(code)
        results.append(_child_result(pid, time.monotonic() + 30))
    assert results == [0] * len(results)
