"""The library in forked children (Python multiprocessing's default on Linux): a process that has
loaded libcleanlab forks, and each child runs multi-threaded calls. Each child gets a deadline.

The parent only imports the library before forking, so each child's first calls do the Swift
runtime's first-use initialisations (generic metadata, lazy runtime state), under its locks. In a
forked child the thread that called fork() keeps its parent's cached thread id, which those
futex locks store: when it held one that a worker waited on, both spun forever. About 3 children
in 100 hung that way before the library ran every part of a parallel region on threads of its own
in forked children (and about 1 call in 40 at 1e6 x 100 with libdispatch's pool before that).
"""
import os
import sys
import time

import numpy as np
import pytest

import libcleanlab

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

FILTERS = ("prune_by_noise_rate", "both", "prune_by_class", "confident_learning", "low_normalized_margin")


def _child_result(pid, deadline):
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return "hung"
        time.sleep(0.002)


def test_forked_children_run_threaded_calls(tmp_path):
    # softmax outputs with a skewed prior, 20 % noisy labels and confuser classes (a uniform
    # synthetic input did not show the hang in 150 children; this one did in 2)
    rng = np.random.default_rng(7)
    n, k = 200_000, 100
    prior = (np.arange(k) + 1.0) ** -0.5
    prior /= prior.sum()
    true = rng.choice(k, size=n, p=prior)
    labels = true.copy()
    flip = rng.random(n) < 0.2
    labels[flip] = (true[flip] + rng.integers(1, 4, flip.sum())) % k
    probs = rng.standard_normal((n, k), dtype=np.float32)
    probs[np.arange(n), true] += rng.normal(4.5, 1.5, n).astype(np.float32)
    conf = np.nonzero(rng.random(n) < 0.3)[0]
    probs[conf, (true[conf] + rng.integers(1, k, conf.size)) % k] += rng.normal(3.5, 1.5, conf.size).astype(np.float32)
    probs[np.arange(n), labels] += 0.3
    probs *= 1.6
    probs -= probs.max(axis=1, keepdims=True)
    np.exp(probs, out=probs)
    probs /= probs.sum(axis=1, keepdims=True)
    labels = labels.astype(np.int64)
    children = 100
    results = []
    for trial in range(children):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                masks = [libcleanlab.filter.find_label_issues(labels, probs, filter_by=f, n_jobs=2) for f in FILTERS]
                scores = libcleanlab.rank.get_label_quality_scores(labels, probs)
                np.save(tmp_path / f"{trial}.npy", np.stack(masks))
                np.save(tmp_path / f"{trial}s.npy", scores)
                code = 0
            finally:
                sys.stdout.flush()
                os._exit(code)
        results.append(_child_result(pid, time.monotonic() + 30))
    assert results == [0] * children
    # (the parent's own calls come last, so that every child started from a process that had
    # made none)
    expected = np.stack([libcleanlab.filter.find_label_issues(labels, probs, filter_by=f, n_jobs=2) for f in FILTERS])
    scores = libcleanlab.rank.get_label_quality_scores(labels, probs)
    for trial in range(children):
        assert np.array_equal(np.load(tmp_path / f"{trial}.npy"), expected)
        assert np.array_equal(np.load(tmp_path / f"{trial}s.npy"), scores)
