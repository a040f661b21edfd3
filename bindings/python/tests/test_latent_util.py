"""Parity of libcleanlab.internal.util with cleanlab 2.9.0's cleanlab.internal.util: clipping,
rounding that preserves totals, label counting helpers and the print_* functions (same text)."""

import numpy as np
import pandas as pd
import pytest

from cleanlab.internal import util as cu

from libcleanlab.internal import util as lu
from conftest import tie_rule


def close(a, b):
    np.testing.assert_allclose(np.asarray(b, dtype=float), np.asarray(a, dtype=float), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("k", [1, 2, 5, 9, 33])
def test_clip_noise_rates(k):
    rng = np.random.default_rng(k)
    m = rng.normal(0.3, 0.6, (k, k))  # negative entries and entries above 0.9999
    close(cu.clip_noise_rates(m), lu.clip_noise_rates(m))
    z = np.zeros((k, k))  # zero columns: divisor clipped at 1e-100
    close(cu.clip_noise_rates(z), lu.clip_noise_rates(z))
    ints = rng.integers(0, 3, (k, k))
    close(cu.clip_noise_rates(ints), lu.clip_noise_rates(ints))


def test_clip_values():
    rng = np.random.default_rng(1)
    for n in [1, 3, 8, 20, 200]:
        x = rng.normal(0.4, 0.5, n)
        for kw in [dict(), dict(low=0.1, high=0.8), dict(low=1e-6, high=1.0, new_sum=1.0),
                   dict(low=0.5, high=0.2, new_sum=2.0), dict(new_sum=0.0)]:
            close(cu.clip_values(x, **kw), lu.clip_values(x, **kw))
    close(cu.clip_values(np.zeros(4), new_sum=1.0), lu.clip_values(np.zeros(4), new_sum=1.0))
    with pytest.raises(TypeError, match="only size-1 arrays"):
        cu.clip_values(np.ones((2, 2)))
    with pytest.raises(TypeError, match="only size-1 arrays"):
        lu.clip_values(np.ones((2, 2)))
    with pytest.raises(ValueError, match="not finite"):
        lu.clip_values(np.array([0.1, np.nan]))


def test_remove_noise_from_class():
    rng = np.random.default_rng(2)
    for k in [2, 4, 11]:
        m = rng.random((k, k))
        for c in range(k):
            close(cu.remove_noise_from_class(m, c), lu.remove_noise_from_class(m, c))
        close(cu.remove_noise_from_class(m, -1), lu.remove_noise_from_class(m, -1))
        with pytest.raises(IndexError):
            cu.remove_noise_from_class(m, k)
        with pytest.raises(IndexError):
            lu.remove_noise_from_class(m, k)


def test_round_preserving_sum_and_row_totals():
    rng = np.random.default_rng(3)
    for n in [1, 2, 7, 8, 9, 130, 300]:
        for scale in [1.0, 10.0, 1000.0]:
            x = rng.random(n) * scale
            np.testing.assert_array_equal(lu.round_preserving_sum(x), cu.round_preserving_sum(x))
            np.testing.assert_array_equal(lu.round_preserving_sum(list(x)), cu.round_preserving_sum(list(x)))
    m = rng.random((6, 9)) * 20
    np.testing.assert_array_equal(lu.round_preserving_row_totals(m), cu.round_preserving_row_totals(m))
    # ties between equal residuals: the documented stable-argsort rule
    x = np.array([0.5, 1.5, 2.5, 0.5, 0.25, 0.25, 0.25, 0.25])
    with tie_rule("low"):
        ref = cu.round_preserving_sum(x)
        ref_m = cu.round_preserving_row_totals(np.array([x, x[::-1]]))
    np.testing.assert_array_equal(lu.round_preserving_sum(x), ref)
    np.testing.assert_array_equal(lu.round_preserving_row_totals(np.array([x, x[::-1]])), ref_m)
    assert lu.round_preserving_sum([]).shape == (0,)
    with pytest.raises(ValueError, match="not finite"):
        lu.round_preserving_sum([1.5, np.inf])
    with pytest.raises(ValueError, match="not finite"):
        lu.round_preserving_row_totals(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError):
        lu.round_preserving_row_totals(np.ones(3))


def test_value_counts_and_classes():
    y = np.array([3, 1, 1, 0, 3, 3])
    np.testing.assert_array_equal(lu.value_counts(y), cu.value_counts(y))
    np.testing.assert_array_equal(lu.value_counts(y, num_classes=6), cu.value_counts(y, num_classes=6))
    np.testing.assert_array_equal(lu.value_counts_fill_missing_classes(y, 5),
                                  cu.value_counts_fill_missing_classes(y, 5))
    np.testing.assert_array_equal(lu.value_counts(["b", "a", "b"], num_classes=3),
                                  cu.value_counts(["b", "a", "b"], num_classes=3))
    ml = [[0, 2], [2], [1, 2]]
    np.testing.assert_array_equal(lu.value_counts(ml, multi_label=True), cu.value_counts(ml, multi_label=True))
    for fn in (cu.value_counts, lu.value_counts):
        with pytest.raises(ValueError, match="num_classes > max"):
            fn(y, num_classes=2)
    assert lu.get_missing_classes(y, num_classes=6) == cu.get_missing_classes(y, num_classes=6)
    pp = np.zeros((6, 5))
    assert lu.get_missing_classes(y, pred_probs=pp) == cu.get_missing_classes(y, pred_probs=pp)
    for kw in [dict(), dict(pred_probs=pp, num_classes=5)]:
        for fn in (cu.get_missing_classes, lu.get_missing_classes):
            with pytest.raises(ValueError, match="Both pred_probs and num_classes"):
                fn(y, **kw)
    assert lu.get_num_classes(labels=y) == cu.get_num_classes(labels=y)
    assert lu.get_num_classes(labels=y, pred_probs=pp) == cu.get_num_classes(labels=y, pred_probs=pp)
    assert lu.get_num_classes(label_matrix=np.eye(4)) == cu.get_num_classes(label_matrix=np.eye(4))
    assert lu.get_num_classes(labels=ml) == cu.get_num_classes(labels=ml)
    for fn in (cu.get_num_classes, lu.get_num_classes):
        with pytest.raises(ValueError, match="K x K"):
            fn(label_matrix=np.ones((2, 3)))
        with pytest.raises(ValueError, match="from None input"):
            fn()
    assert lu.num_unique_classes(y) == cu.num_unique_classes(y)
    assert lu.get_unique_classes(ml) == cu.get_unique_classes(ml)
    assert lu.get_unique_classes(y, multi_label=False) == cu.get_unique_classes(y, multi_label=False)


def test_format_labels_and_compress():
    for labels in [["dog", "cat", "dog", "bird"], np.array([10, -2, 10, 7]),
                   pd.Series([2.5, 1.0, 2.5]), pd.DataFrame({"a": [3, 1, 3]})]:
        a, ia = cu.format_labels(labels)
        b, ib = lu.format_labels(labels)
        np.testing.assert_array_equal(b, a)
        assert b.dtype == a.dtype
        assert ia == ib
    for fn in (cu.format_labels, lu.format_labels):
        with pytest.raises(ValueError):
            fn(np.ones((2, 2)))
        with pytest.raises(ValueError, match="one dimensional"):
            fn(pd.DataFrame({"a": [1], "b": [2]}))
    x = np.arange(10)
    for nv in [10, 40000, 2**31]:
        assert lu.compress_int_array(x, nv).dtype == cu.compress_int_array(x, nv).dtype
    assert lu.compress_int_array([1, 2], 3) == [1, 2]


def test_confusion_matrix_and_pu_f1():
    rng = np.random.default_rng(4)
    t = rng.integers(0, 4, 60)
    p = rng.integers(1, 5, 60)
    np.testing.assert_array_equal(lu.confusion_matrix(t, p), cu.confusion_matrix(t, p))
    np.testing.assert_array_equal(lu.confusion_matrix(list("abca"), list("xxyy")),
                                  cu.confusion_matrix(list("abca"), list("xxyy")))
    s = rng.integers(0, 2, 40)
    prob = rng.random(40)
    assert lu.estimate_pu_f1(s, prob) == cu.estimate_pu_f1(s, prob)
    assert np.isnan(lu.estimate_pu_f1(s, np.zeros(40))) and np.isnan(cu.estimate_pu_f1(s, np.zeros(40)))


def test_print_functions(capsys):
    rng = np.random.default_rng(5)
    m = rng.random((3, 3))
    calls = [("print_square_matrix", (m,), {}),
             ("print_square_matrix", (m,), dict(left_name="a", top_name="b", title="T", short_title="abcdefgh", round_places=3)),
             ("print_noise_matrix", (m,), {}),
             ("print_noise_matrix", (m,), dict(round_places=4)),
             ("print_inverse_noise_matrix", (m,), {}),
             ("print_joint_matrix", (m / m.sum(),), {})]
    for name, args, kw in calls:
        getattr(cu, name)(*args, **kw)
        ref = capsys.readouterr().out
        getattr(lu, name)(*args, **kw)
        got = capsys.readouterr().out
        assert got == ref and len(ref) > 20, name
    outs = []
    for fn in (cu.print_square_matrix, lu.print_square_matrix):  # 1-D input: cleanlab fails
        with pytest.raises(IndexError):
            fn(m[0])
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1] and "s=0 |" in outs[0]
