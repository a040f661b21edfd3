"""Threads: the GIL is released during library calls; results never depend on the thread count;
concurrent calls from several Python threads are safe."""

import threading
import time

import numpy as np
import pytest

import libcleanlab
from conftest import FILTERS, assert_same_result, dirichlet_probs, noisy_labels



@pytest.fixture(scope="module")
def big():
    rng = np.random.default_rng(7)
    p = dirichlet_probs(rng, 50_000, 20, alpha=0.3, dtype=np.float32)
    y = noisy_labels(rng, p, noise=0.2)
    return y, p


def test_other_thread_progresses_during_long_call():
    rng = np.random.default_rng(0)
    p = rng.random((300_000, 50), dtype=np.float32) ** 4
    p /= p.sum(axis=1, keepdims=True)
    y = noisy_labels(rng, p, noise=0.2)
    counter = [0]
    done = threading.Event()
    started = threading.Event()

    def spin():
        started.set()
        while not done.is_set():
            counter[0] += 1

    t = threading.Thread(target=spin)
    t.start()
    started.wait()
    try:
        before = counter[0]
        t0 = time.perf_counter()
        libcleanlab.filter.find_label_issues(y, p, return_indices_ranked_by="normalized_margin")
        elapsed = time.perf_counter() - t0
        progress = counter[0] - before
    finally:
        done.set()
        t.join()
    # with the GIL held for the whole call the spinning thread would only run between bytecodes
    # of this thread (a handful of switch intervals at most)
    assert elapsed > 0.02, "call too short to measure"
    assert progress > 10_000, f"other thread made {progress} steps in {elapsed:.3f}s"
    print(f"other thread made {progress} steps during a {elapsed:.3f}s call")


@pytest.mark.parametrize("filter_by", FILTERS)
def test_n_jobs_does_not_change_results(big, filter_by):
    y, p = big
    kw = dict(filter_by=filter_by, return_indices_ranked_by="self_confidence")
    one = libcleanlab.filter.find_label_issues(y, p, n_jobs=1, **kw)
    two = libcleanlab.filter.find_label_issues(y, p, n_jobs=2, **kw)
    four = libcleanlab.filter.find_label_issues(y, p, n_jobs=4, **kw)
    assert_same_result(two, one)
    assert_same_result(four, one)


def test_set_num_threads_does_not_change_results(big):
    y, p = big
    default = libcleanlab.get_num_threads()
    assert default >= 1
    results = {}
    try:
        for n in (1, 2, 3):
            libcleanlab.set_num_threads(n)
            assert libcleanlab.get_num_threads() == n
            results[n] = [
                libcleanlab.count.get_confident_thresholds(y, p),
                libcleanlab.count.compute_confident_joint(y, p, return_indices_of_off_diagonals=True),
                libcleanlab.count.num_label_issues(y, p, estimation_method="off_diagonal_calibrated"),
                libcleanlab.rank.get_label_quality_scores(y, p, method="confidence_weighted_entropy"),
                libcleanlab.rank.get_label_quality_scores(y, p, adjust_pred_probs=True),
                libcleanlab.filter.find_label_issues(y, p),
            ]
    finally:
        libcleanlab.set_num_threads(0)
    assert libcleanlab.get_num_threads() == default
    for n in (2, 3):
        for a, b in zip(results[n], results[1]):
            assert_same_result(a, b)


def test_concurrent_python_threads(big):
    y, p = big
    expected = libcleanlab.filter.find_label_issues(y, p, filter_by="both")
    errors = []
    results = [None] * 4

    def work(i):
        try:
            bad = p.copy()
            bad[i, 0] = np.nan
            for _ in range(3):
                results[i] = libcleanlab.filter.find_label_issues(y, p, filter_by="both")
                # an error on one thread must not leak its message to another
                try:
                    libcleanlab.filter.find_label_issues(y, bad)
                except libcleanlab.NotFiniteError as e:
                    assert f"[{i}, 0]" in str(e), str(e)
                else:
                    raise AssertionError("NaN accepted")
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for r in results:
        assert_same_result(r, expected)
