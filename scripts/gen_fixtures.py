#!/usr/bin/env python3
"""Golden fixtures for libcleanlab's Swift tests, produced by the reference cleanlab 2.9.0.

Usage (from the repository root, with the venv that has cleanlab 2.9.0):

    .venv/bin/python scripts/gen_fixtures.py            # writes Tests/CleanlabCoreTests/Fixtures/*.json
    .venv/bin/python scripts/gen_fixtures.py --check    # regenerates in memory, fails if a file differs

Each fixture is one JSON file:

    name, description, dtype ("float16" | "float32" | "float64"), n, K, seed, ties (bool),
    labels        [int] of length n
    pred_probs    [float] row-major n*K, each value written exactly (the float64 repr of the value,
                  which float16/float32 values are exactly), or, for large inputs,
    pred_probs_base64  the same values as little-endian bytes of `dtype`, base64-encoded
    inputs        shared case inputs, referred to by name from args: matrices (K*K confident
                  joints, row-major; args column_major: true when cleanlab received the matrix
                  F-ordered, which changes numpy's summation order), masks (n 0/1), scores
                  (n floats; "nan" for NaN)
    cases         [{id, fn, args, expected | error, tie_dependent, rule?}]
Long, mostly-zero number lists (large K x K matrices) are written sparse:
{"size": N, "index": [i...], "value": [v...]}.

`fn` is the cleanlab function (count.*, filter.*, rank.*). `expected` holds cleanlab's outputs;
where cleanlab raises, `error` = {type, message, code} holds the exception and the libcleanlab
status code (CleanlabError.Code case name) that matches it. Where cleanlab computes with NaN/inf
(numpy RuntimeWarnings, e.g. num_to_remove_per_class with a class whose noise rates are all zero),
its answer is recorded as is, with the warnings in `numpy_warnings`.

Ties. numpy's argsort is not stable, so where equal keys straddle a selection cut (prune_by_class,
prune_by_noise_rate, low_*, find_top_issues), or are ranked (order_label_issues /
return_indices_ranked_by), or where equal residuals straddle the cut of round_preserving_sum,
cleanlab's answer depends on the sort algorithm. libcleanlab's documented rule: among equal keys the
lower index comes first; in round_preserving_sum (cleanlab: argsort(residuals)[::-increment])
equal residuals are ordered as a stable argsort would order them: when rounding up the later
position first, when rounding down the earlier position first (include/cleanlab.h, "Ties").
This script implements those selection/ordering steps independently (below, `Rule`), reusing
cleanlab for everything tie-independent, and:
  * for tie-free fixtures (ties: false) it checks that no tie decides any result (and that the rule
    implementation reproduces cleanlab's outputs), trying further seeds until that holds, so the
    Swift side can demand exact equality;
  * for tie-heavy fixtures (ties: true) it marks each case whose result a tie decides
    (tie_dependent: true) and writes the rule's result in `rule` when it differs from cleanlab's.
  * a few fixtures (K >= 12) allow ties in the rounding of calibrated confident joints only (equal
    off-diagonal counts make them unavoidable); the cases they decide are marked tie_dependent.
Cases on NaN scores (find_top_issues) are tie-dependent by nature (numpy orders NaNs arbitrarily).
Confidence-weighted-entropy rankings also reject near-ties (relative gap <= 1e-9), which a
last-ulp difference in log() could flip.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import sys
import warnings
from pathlib import Path

import numpy as np

import cleanlab
import cleanlab.internal.util
from cleanlab import count, filter as clfilter, rank
from cleanlab.internal.util import value_counts_fill_missing_classes

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "Tests" / "CleanlabCoreTests" / "Fixtures"

FILTER_BY = [
    "prune_by_noise_rate",
    "prune_by_class",
    "both",
    "confident_learning",
    "predicted_neq_given",
    "low_normalized_margin",
    "low_self_confidence",
]
PRUNE = ["prune_by_noise_rate", "prune_by_class", "both"]
RANK_BY = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]
DTYPES = {"float16": np.float16, "float32": np.float32, "float64": np.float64}
TINY_VALUE = 1e-100
INLINE_LIMIT = 20000  # n*K above which pred_probs is written base64

# cleanlab exception message -> libcleanlab CleanlabError.Code case name
ERROR_CODES = [
    ("Labels must contain at least 2 classes", "tooFewClasses"),
    ("min() arg is an empty sequence", "shape"),  # empty input, via assert_valid_inputs
    ("zero-size array to reduction operation", "shape"),  # empty input, via value_counts
    ("adjust_pred_probs is not currently supported", "invalidArgument"),
    ("is not supported (yet) when setting 'num_to_remove_per_class'", "invalidArgument"),
    ("you need to provide pre-calculated", "invalidArgument"),
    ("Values in pred_probs must be between 0 and 1", "probabilityRange"),
    ("All probabilities are required to be in the interval [0, 1]", "probabilityRange"),
    ("pred_probs must have at least", "labelRange"),
    ("Labels must be positive integers", "labelRange"),
    ("pred_probs and labels must have same length", "shape"),
    ("cannot convert float infinity to integer", "numeric"),  # round_preserving_sum of an inf total
]


def error_code(message: str) -> str:
    for pattern, code in ERROR_CODES:
        if pattern in message:
            return code
    raise RuntimeError(f"no libcleanlab status code known for cleanlab error: {message!r}")


class Reject(Exception):
    """This seed cannot make a tie-free fixture."""


def call_cleanlab(fn):
    """Runs fn(); returns ("ok", (value, numpy RuntimeWarning messages)) or
    ("error", {type, message, code})."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(all="warn"):
                value = fn()
        except Exception as e:  # noqa: BLE001 - we record whatever cleanlab raises
            msg = str(e)
            return "error", {"type": type(e).__name__, "message": msg, "code": error_code(msg)}
    numeric = sorted({str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)})
    return "ok", (value, numeric)


# ------------------------------------------------------------------------------------------------
# The independent implementation of the tie-dependent steps (libcleanlab's documented rule)
# ------------------------------------------------------------------------------------------------


class Rule:
    """cleanlab's selection/ordering steps under libcleanlab's documented tie rule (equal keys:
    lower index first; equal residuals in round_preserving_sum: as a stable argsort orders them in
    cleanlab's expression), logging every place where a tie decides the outcome (equal keys or
    residuals straddling a cut, equal keys in a ranking). The arithmetic around these steps is
    cleanlab's, copied verbatim (same numpy operations on arrays of the same memory layout), and
    everything tie-independent is taken from cleanlab itself."""

    def __init__(self):
        self.ties: list[str] = []  # where a tie decides the outcome
        self.tie_kinds: set[str] = set()  # "selection" (argsort cuts and rankings) / "rounding"
        self.near_ties: list[str] = []

    def tie(self, message, kind="selection"):
        self.ties.append(message)
        self.tie_kinds.add(kind)

    # --- primitives -------------------------------------------------------------------------
    def select_smallest(self, keys, c, where):
        """Indices of the c smallest keys (ascending, equal keys: lower index first)."""
        keys = np.asarray(keys)
        order = np.argsort(keys, kind="stable")
        c = int(c)
        if 0 < c < len(keys) and keys[order[c - 1]] == keys[order[c]]:
            self.tie(f"{where}: equal keys {keys[order[c]]!r} at the cut {c} of {len(keys)}")
        return order[:max(c, 0)]

    def rank(self, idx, scores, where, near_tie_rel=None):
        """idx ordered by ascending scores[idx] (equal scores: lower index first)."""
        s = np.asarray(scores)[idx]
        order = np.argsort(s, kind="stable")
        srt = s[order].astype(np.float64)
        if len(srt) > 1:
            eq = srt[1:] == srt[:-1]
            if eq.any():
                self.tie(f"{where}: {int(eq.sum())} equal scores in the ranking")
            if near_tie_rel is not None:
                gap = np.abs(srt[1:] - srt[:-1])
                scale = np.maximum(np.abs(srt[1:]), np.abs(srt[:-1]))
                near = (~eq) & (gap <= near_tie_rel * scale)
                if near.any():
                    self.near_ties.append(f"{where}: {int(near.sum())} near-equal scores")
        return np.asarray(idx)[order]

    def round_preserving_sum(self, iterable, where):
        """cleanlab.internal.util.round_preserving_sum with the documented rule for equal residuals."""
        floats = np.asarray(iterable, dtype=float)
        ints = floats.round()
        orig_sum = np.sum(floats).round()
        int_sum = np.sum(ints).round()
        while abs(int_sum - orig_sum) > 1e-6:
            diff = np.round(orig_sum - int_sum)
            increment = -1 if int(diff < 0.0) else 1
            changes = min(int(abs(diff)), len(floats))
            residual = floats - ints
            # the documented rule: cleanlab's expression with a stable argsort, i.e. among equal
            # residuals the later position first when rounding up, the earlier when rounding down
            order = np.argsort(residual, kind="stable")[::-increment]
            if 0 < changes < len(order) and residual[order[changes - 1]] == residual[order[changes]]:
                self.tie(f"{where}: equal residuals {residual[order[changes]]!r} at the cut {changes}", "rounding")
            for i in order[:changes]:
                ints[i] = ints[i] + increment
            int_sum = np.sum(ints).round()
        return ints.astype(int)

    def round_preserving_row_totals(self, m, where):
        return np.array([self.round_preserving_sum(row, f"{where} row {r}") for r, row in enumerate(m)]).astype(int)

    # --- cleanlab functions, tie-dependent steps replaced ------------------------------------
    def calibrate_confident_joint(self, cj, labels, where="calibrate_confident_joint"):
        # the arithmetic of count.calibrate_confident_joint, verbatim
        num_classes = len(cj)
        label_counts = value_counts_fill_missing_classes(labels, num_classes, multi_label=False)
        c = (cj.T / np.clip(cj.sum(axis=1), a_min=TINY_VALUE, a_max=None) * label_counts).T
        c = c / np.clip(np.sum(c), a_min=TINY_VALUE, a_max=None) * sum(label_counts)
        return self.round_preserving_row_totals(c, where)

    def compute_confident_joint(self, labels, P, calibrate):
        cj, idx = count.compute_confident_joint(labels, P, calibrate=False, return_indices_of_off_diagonals=True)
        if calibrate:
            cj = self.calibrate_confident_joint(cj, labels, "compute_confident_joint calibration")
        return cj, idx

    def estimate_joint(self, labels, P, confident_joint=None):
        if confident_joint is None:
            cal, _ = self.compute_confident_joint(labels, P, True)
        elif labels is not None:
            cal = self.calibrate_confident_joint(confident_joint, labels, "estimate_joint calibration")
        else:
            cal = confident_joint
        return cal / np.clip(float(np.sum(cal)), a_min=TINY_VALUE, a_max=None)

    def num_label_issues(self, labels, P, method, confident_joint=None):
        if method == "off_diagonal":
            return int(count.num_label_issues(labels, P))  # tie-independent
        if method == "off_diagonal_calibrated":
            cal, _ = self.compute_confident_joint(labels, P, True)
            joint = self.estimate_joint(labels, P, cal)
        else:
            joint = self.estimate_joint(labels, P, confident_joint)
        return int(np.rint((1.0 - joint.trace()) * len(labels)).astype(int))

    def keep_at_least_n_per_class(self, pcm, n, frac_noise):
        # filter._keep_at_least_n_per_class / _reduce_prune_counts arithmetic, verbatim
        diag = np.diagonal(pcm)
        new_diag = np.maximum(diag, n)
        diff = new_diag - diag
        per_col = np.maximum(np.count_nonzero(pcm, axis=0) - 1.0, 1.0)
        new_mat = pcm - diff / per_col
        new_mat[new_mat < 0] = 0
        np.fill_diagonal(new_mat, new_diag)
        reduced = new_mat * frac_noise
        np.fill_diagonal(reduced, new_mat.diagonal())
        np.fill_diagonal(reduced, new_mat.diagonal() + np.sum(new_mat - reduced, axis=0))
        reduced = reduced.astype(int)
        return self.round_preserving_row_totals(reduced, "_keep_at_least_n_per_class").astype(int)

    def find_label_issues(self, labels, P, filter_by="prune_by_noise_rate", frac_noise=1.0,
                          num_to_remove_per_class=None, min_examples_per_class=1, confident_joint=None,
                          return_indices_ranked_by=None, adjust_pred_probs=False):
        K = P.shape[1]
        n = len(labels)
        label_counts = value_counts_fill_missing_classes(labels, K, multi_label=False)
        cl_error_indices = None
        if confident_joint is None or filter_by == "confident_learning":
            # the calibrated joint only matters to the prune_by_* filters
            confident_joint, cl_error_indices = self.compute_confident_joint(labels, P, filter_by in PRUNE)
        if filter_by in ("low_normalized_margin", "low_self_confidence"):
            scores = rank.get_label_quality_scores(labels, P, method=filter_by[4:])
            num_errors = count.num_label_issues(labels, P)
            cl_error_indices = self.select_smallest(scores, num_errors, f"{filter_by} selection")
        if filter_by in PRUNE:
            pcm = self.keep_at_least_n_per_class(confident_joint.T, min_examples_per_class, frac_noise)
            if num_to_remove_per_class is not None:
                psy = pcm / np.sum(pcm, axis=1)
                noise_per_s = psy.sum(axis=1) - psy.diagonal()
                tmp = (psy.T * num_to_remove_per_class / noise_per_s).T
                np.fill_diagonal(tmp, label_counts - num_to_remove_per_class)
                pcm = self.round_preserving_row_totals(tmp, "num_to_remove_per_class")
        mask = np.zeros(n, dtype=bool)
        if filter_by in ("prune_by_class", "both"):
            for k in range(K):
                rows = np.flatnonzero(labels == k)
                if len(rows) <= 1 or len(rows) <= min_examples_per_class:
                    continue
                num = len(rows) - pcm[k][k]
                if num >= 1:
                    sel = self.select_smallest(P[rows, k], num, f"prune_by_class class {k}")
                    mask[rows[sel]] = True
        if filter_by == "both":
            by_class = mask
            mask = np.zeros(n, dtype=bool)
        if filter_by in ("prune_by_noise_rate", "both"):
            for k in range(K):
                rows = np.flatnonzero(labels == k)
                if len(rows) <= 1 or len(rows) <= min_examples_per_class:
                    continue
                Pk = P[rows]
                for j in range(K):
                    c = pcm[j][k]
                    if j != k and c > 0:
                        margin = Pk[:, j] - Pk[:, k]
                        sel = self.select_smallest(-margin, c, f"prune_by_noise_rate class {k} true {j}")
                        mask[rows[sel]] = True
        if filter_by == "both":
            mask = mask & by_class
        if filter_by in ("confident_learning", "low_normalized_margin", "low_self_confidence"):
            mask = np.zeros(n, dtype=bool)
            mask[cl_error_indices] = True
        if filter_by == "predicted_neq_given":
            mask = clfilter.find_predicted_neq_given(labels, P)
        if filter_by not in ("low_self_confidence", "low_normalized_margin"):
            mask[count._reduce_issues(pred_probs=P, labels=labels)] = False
        if return_indices_ranked_by is not None:
            return self.order_label_issues(mask, labels, P, return_indices_ranked_by, adjust_pred_probs)
        return mask

    def order_label_issues(self, mask, labels, P, rank_by, adjust_pred_probs):
        scores = rank.get_label_quality_scores(labels, P, method=rank_by, adjust_pred_probs=adjust_pred_probs)
        near = 1e-9 if rank_by == "confidence_weighted_entropy" else None
        return self.rank(np.flatnonzero(mask), scores, f"ranking by {rank_by}", near)

    def find_top_issues(self, scores, top):
        """rank.find_top_issues: the `top` smallest scores in ascending order, NaN last; equal
        scores (and NaNs among themselves): lower index first."""
        scores = np.asarray(scores, dtype=np.float64)
        if top is None or top > len(scores):
            top = len(scores)
        order = np.argsort(scores, kind="stable")  # NaN last, in index order
        head = scores[order[: top + 1]]
        if top > 0 and len(head) > 1:
            a, b = head[1:], head[:-1]
            eq = (a == b) | (np.isnan(a) & np.isnan(b))
            if eq.any():
                self.tie(f"find_top_issues: {int(eq.sum())} equal scores in the first {top} (+1)")
        return order[:top]


# ------------------------------------------------------------------------------------------------
# Cases
# ------------------------------------------------------------------------------------------------


def as_list(x):
    a = np.asarray(x)
    if a.dtype == bool:
        return [int(v) for v in a.ravel()]
    if np.issubdtype(a.dtype, np.integer):
        return [int(v) for v in a.ravel()]
    # exact float64 values; +0.0 written as 0 to keep large sparse matrices small
    return [0 if (v == 0.0 and not math.copysign(1.0, v) < 0) else v
            for v in (float(x) for x in a.astype(np.float64).ravel())]


def sparsify(obj):
    """Writes long, mostly-zero number lists as {"size", "index", "value"} (the Swift loader
    accepts both forms), recursively."""
    if isinstance(obj, dict):
        return {k: sparsify(v) for k, v in obj.items()}
    if isinstance(obj, list):
        if len(obj) >= 1000 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in obj):
            nz = [i for i, v in enumerate(obj) if v != 0 or (isinstance(v, float) and math.copysign(1.0, v) < 0)]
            if len(nz) * 4 < len(obj):
                return {"size": len(obj), "index": nz, "value": [obj[i] for i in nz]}
        return [sparsify(v) for v in obj]
    return obj


def float_list(x):
    """Floats with NaN/inf written as strings (JSON has no NaN)."""
    out = []
    for v in np.asarray(x, dtype=np.float64).ravel():
        v = float(v)
        out.append(v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")))
    return out


def same(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


class FixtureBuilder:
    def __init__(self, labels, P, ties_expected, allowed_tie_kinds=()):
        self.labels = labels
        self.P = P
        self.K = P.shape[1]
        self.cases = []
        self.inputs = {"matrices": {}, "masks": {}, "scores": {}}
        self.ties_expected = ties_expected
        self.allowed_tie_kinds = set(allowed_tie_kinds)

    def add(self, cid, fn, args, run_cleanlab, run_rule, to_json, allow_ties=False):
        """run_cleanlab() -> value; run_rule(rule) -> value (or None: no tie-dependent step).
        allow_ties: the case may be tie-dependent even in a tie-free fixture (NaN scores)."""
        status, value = call_cleanlab(run_cleanlab)
        case = {"id": cid, "fn": fn, "args": args}
        if status == "error":
            case["error"] = value
            case["tie_dependent"] = False
            self.cases.append(case)
            return
        value, numpy_warnings = value
        case["expected"] = to_json(value)
        if numpy_warnings:
            # cleanlab computed with NaN/inf (e.g. num_to_remove_per_class dividing by a zero
            # noise rate); its answer is recorded as is
            case["numpy_warnings"] = numpy_warnings
        tie_dependent = False
        if run_rule is not None:
            r = Rule()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rule_value = to_json(run_rule(r))
            if r.near_ties:
                raise Reject(f"{cid}: near ties: {r.near_ties[:3]}")
            if r.ties:
                tie_dependent = True
                if not (self.ties_expected or allow_ties or r.tie_kinds <= self.allowed_tie_kinds):
                    raise Reject(f"{cid}: a tie decides the result: {r.ties[:3]}")
                if not same(rule_value, case["expected"]):
                    case["rule"] = rule_value  # absent: the rule gives cleanlab's answer
            elif not same(rule_value, case["expected"]):
                raise RuntimeError(f"{cid}: the rule implementation disagrees with cleanlab without a tie "
                                   f"(generator bug)\n cleanlab: {case['expected']}\n rule: {rule_value}")
        case["tie_dependent"] = tie_dependent
        self.cases.append(case)


def custom_joint(rng, K, n):
    """A caller-supplied confident joint: nonnegative integer counts, diagonal-heavy."""
    if K <= 20:
        cj = rng.integers(0, 6, size=(K, K))
        cj[np.arange(K), np.arange(K)] += rng.integers(5, 30, size=K)
    else:
        cj = np.zeros((K, K), dtype=np.int64)
        cj[np.arange(K), np.arange(K)] = rng.integers(2, 10, size=K)
        m = max(1, n // 4)
        cj[rng.integers(0, K, m), rng.integers(0, K, m)] += rng.integers(1, 3, m)
    return cj.astype(np.int64)


class SequentialColumnSumsRule(Rule):
    """Rule, but _reduce_prune_counts' column sums added sequentially (numpy sums the
    F-contiguous columns pairwise)."""

    def keep_at_least_n_per_class(self, pcm, n, frac_noise):
        diag = np.diagonal(pcm)
        new_diag = np.maximum(diag, n)
        diff = new_diag - diag
        per_col = np.maximum(np.count_nonzero(pcm, axis=0) - 1.0, 1.0)
        new_mat = np.ascontiguousarray(pcm - diff / per_col)
        new_mat[new_mat < 0] = 0
        np.fill_diagonal(new_mat, new_diag)
        reduced = new_mat * frac_noise
        np.fill_diagonal(reduced, new_mat.diagonal())
        removed = new_mat - reduced
        sums = []
        for j in range(len(pcm)):
            r = -0.0
            for v in removed[:, j]:
                r += float(v)
            sums.append(r)
        np.fill_diagonal(reduced, new_mat.diagonal() + np.array(sums))
        return self.round_preserving_row_totals(reduced.astype(int), "alt").astype(int)


def order_sensitive_cases(b, labels, P, rng, wanted=4, max_tries=20000):
    """(confident joint, frac_noise) pairs for which find_label_issues' mask changes if
    _reduce_prune_counts' column sums are added sequentially instead of pairwise (numpy reduces the
    F-contiguous columns of cj.T pairwise). Found by search, comparing the documented tie rule's
    answers under both orders; ties are allowed (such cases are compared with the rule's answer).
    (The total of calibrate_confident_joint, summed by numpy in memory order of an F-contiguous
    intermediate, is exercised by ties_missing_f64_q01_n120_k5's calibrations.)"""
    K = P.shape[1]
    y = labels
    found = 0
    for _ in range(max_tries):
        if found >= wanted:
            break
        cj = rng.integers(0, 12, size=(K, K))
        cj[np.arange(K), np.arange(K)] += rng.integers(5, 40, size=K)
        frac = float(rng.choice([0.1, 0.3, 0.7, 0.9, 0.45, 0.55]))
        if (Rule().keep_at_least_n_per_class(cj.T, 1, frac)
                == SequentialColumnSumsRule().keep_at_least_n_per_class(cj.T, 1, frac)).all():
            continue
        for fb in ("prune_by_class", "prune_by_noise_rate"):
            kw = dict(filter_by=fb, confident_joint=cj, frac_noise=frac)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if (Rule().find_label_issues(y, P, **kw) == SequentialColumnSumsRule().find_label_issues(y, P, **kw)).all():
                    continue
            name = f"prune_order_{found}"
            b.inputs["matrices"][name] = as_list(cj)
            args = {"filter_by": fb, "frac_noise": frac, "num_to_remove_per_class": None,
                    "min_examples_per_class": 1, "confident_joint": name, "return_indices_ranked_by": None,
                    "adjust_pred_probs": False}
            b.add(f"find_label_issues/{fb}/{name}", "filter.find_label_issues", args,
                  lambda kw=kw: clfilter.find_label_issues(y, P, n_jobs=1, **kw),
                  lambda r, kw=kw: r.find_label_issues(y, P, **kw),
                  lambda v: {"mask": as_list(v)}, allow_ties=True)
            found += 1
            break
    if found < wanted:
        raise Reject(f"only {found} summation-order cases found")


def build_cases(labels, P, rng, ties_expected, allowed_tie_kinds=(), extra=None):
    b = FixtureBuilder(labels, P, ties_expected, allowed_tie_kinds)
    K = P.shape[1]
    n = len(labels)
    y = labels
    cj_custom = custom_joint(rng, K, n)
    cjl = "custom"  # args name shared inputs, stored once per fixture in b.inputs
    b.inputs["matrices"]["custom"] = as_list(cj_custom)

    b.add("get_confident_thresholds", "count.get_confident_thresholds", {},
          lambda: count.get_confident_thresholds(y, P), None, lambda v: {"thresholds": as_list(v)})
    for cal in (False, True):
        b.add(f"compute_confident_joint/calibrate={cal}", "count.compute_confident_joint", {"calibrate": cal},
              lambda cal=cal: count.compute_confident_joint(y, P, calibrate=cal, return_indices_of_off_diagonals=True),
              lambda r, cal=cal: r.compute_confident_joint(y, P, cal),
              lambda v: {"confident_joint": as_list(v[0]), "off_diagonal_indices": as_list(v[1])})
    # calibrate_confident_joint of the uncalibrated confident joint and of a custom one
    status, raw = call_cleanlab(lambda: count.compute_confident_joint(y, P, calibrate=False))
    raw = raw[0] if status == "ok" else raw
    # The memory order of a matrix decides numpy's summation order inside calibration (np.sum of
    # an intermediate that is F-ordered when the input is): cleanlab's own joint is F-ordered
    # (confusion_matrix(...).T); a caller's is C-ordered. Both are tested; "fortran" marks the
    # F-ordered ones (args column_major: true).
    joints = [("custom", cj_custom)]
    if status == "ok":
        raw = np.asfortranarray(raw)  # as cleanlab returns it (except for n == 0)
        joints[:0] = [("uncalibrated", np.ascontiguousarray(raw)), ("uncalibrated_fortran", raw)]
        b.inputs["matrices"]["uncalibrated"] = as_list(raw)
        b.inputs["matrices"]["uncalibrated_fortran"] = as_list(raw)
    for name, cj in joints:
        b.add(f"calibrate_confident_joint/{name}", "count.calibrate_confident_joint",
              {"confident_joint": name, "column_major": name.endswith("_fortran")},
              lambda cj=cj: count.calibrate_confident_joint(cj, y),
              lambda r, cj=cj: r.calibrate_confident_joint(cj, y),
              lambda v: {"confident_joint": as_list(v)})
    b.add("estimate_joint/computed", "count.estimate_joint", {"confident_joint": None, "labels": True},
          lambda: count.estimate_joint(y, P), lambda r: r.estimate_joint(y, P), lambda v: {"joint": as_list(v)})
    b.add("estimate_joint/custom", "count.estimate_joint", {"confident_joint": cjl, "labels": True},
          lambda: count.estimate_joint(y, P, confident_joint=cj_custom),
          lambda r: r.estimate_joint(y, P, cj_custom), lambda v: {"joint": as_list(v)})
    b.add("estimate_joint/custom_no_labels", "count.estimate_joint", {"confident_joint": cjl, "labels": False},
          lambda: count.estimate_joint(None, P, confident_joint=cj_custom), None, lambda v: {"joint": as_list(v)})
    if status == "ok":
        for with_labels in (True, False):
            b.add(f"estimate_joint/uncalibrated_fortran{'' if with_labels else '_no_labels'}", "count.estimate_joint",
                  {"confident_joint": "uncalibrated_fortran", "labels": with_labels, "column_major": True},
                  lambda wl=with_labels: count.estimate_joint(y if wl else None, P, confident_joint=raw),
                  (lambda r: r.estimate_joint(y, P, raw)) if with_labels else None,
                  lambda v: {"joint": as_list(v)})
        b.add("num_label_issues/off_diagonal_custom/uncalibrated_fortran", "count.num_label_issues",
              {"method": "off_diagonal_custom", "confident_joint": "uncalibrated_fortran", "column_major": True},
              lambda: count.num_label_issues(y, P, estimation_method="off_diagonal_custom", confident_joint=raw),
              lambda r: r.num_label_issues(y, P, "off_diagonal_custom", raw), lambda v: {"count": int(v)})

    for method in ("off_diagonal", "off_diagonal_calibrated", "off_diagonal_custom"):
        cj = cj_custom if method == "off_diagonal_custom" else None
        b.add(f"num_label_issues/{method}", "count.num_label_issues",
              {"method": method, "confident_joint": cjl if cj is not None else None},
              lambda method=method, cj=cj: count.num_label_issues(y, P, estimation_method=method, confident_joint=cj),
              lambda r, method=method, cj=cj: r.num_label_issues(y, P, method, cj),
              lambda v: {"count": int(v)})

    # find_label_issues
    counts = np.bincount(y, minlength=K) if n else np.zeros(K, dtype=np.int64)
    nrpc = [int(min(2, c // 4)) for c in counts]

    def fli(cid, **kw):
        args = {"filter_by": "prune_by_noise_rate", "frac_noise": 1.0, "num_to_remove_per_class": None,
                "min_examples_per_class": 1, "confident_joint": None, "return_indices_ranked_by": None,
                "adjust_pred_probs": False}
        args.update(kw)
        call = dict(filter_by=args["filter_by"], frac_noise=args["frac_noise"],
                    num_to_remove_per_class=args["num_to_remove_per_class"],
                    min_examples_per_class=args["min_examples_per_class"],
                    confident_joint=None if args["confident_joint"] is None else cj_custom,
                    return_indices_ranked_by=args["return_indices_ranked_by"])
        rank_kwargs = {"adjust_pred_probs": True} if args["adjust_pred_probs"] else None
        rule_call = dict(call, adjust_pred_probs=args["adjust_pred_probs"])
        ranked = args["return_indices_ranked_by"] is not None
        b.add(f"find_label_issues/{cid}", "filter.find_label_issues", args,
              lambda: clfilter.find_label_issues(y, P, rank_by_kwargs=rank_kwargs, n_jobs=1, **call),
              lambda r: r.find_label_issues(y, P, **rule_call),
              (lambda v: {"ranked": as_list(v)}) if ranked else (lambda v: {"mask": as_list(v)}))

    for fb in FILTER_BY:
        fli(fb, filter_by=fb)
        for rb in RANK_BY:
            fli(f"{fb}/ranked_by={rb}", filter_by=fb, return_indices_ranked_by=rb)
    for rb in RANK_BY:
        fli(f"prune_by_noise_rate/ranked_by={rb}/adjust_pred_probs", return_indices_ranked_by=rb,
            adjust_pred_probs=True)
    fli("confident_learning/ranked_by=normalized_margin/adjust_pred_probs", filter_by="confident_learning",
        return_indices_ranked_by="normalized_margin", adjust_pred_probs=True)
    for fb in PRUNE:
        fli(f"{fb}/frac_noise=0.5", filter_by=fb, frac_noise=0.5)
        fli(f"{fb}/frac_noise=0.7", filter_by=fb, frac_noise=0.7)
        fli(f"{fb}/num_to_remove_per_class", filter_by=fb, num_to_remove_per_class=nrpc)
        fli(f"{fb}/min_examples_per_class=5", filter_by=fb, min_examples_per_class=5)
        fli(f"{fb}/min_examples_per_class=0", filter_by=fb, min_examples_per_class=0)
        fli(f"{fb}/confident_joint", filter_by=fb, confident_joint=cjl)
    fli("prune_by_noise_rate/frac_noise=0.3/min_examples_per_class=5/ranked_by=self_confidence",
        frac_noise=0.3, min_examples_per_class=5, return_indices_ranked_by="self_confidence")
    fli("confident_learning/confident_joint(ignored)", filter_by="confident_learning", confident_joint=cjl)
    fli("low_self_confidence/frac_noise=0.5(ignored)", filter_by="low_self_confidence", frac_noise=0.5)
    fli("confident_learning/num_to_remove_per_class(unsupported)", filter_by="confident_learning",
        num_to_remove_per_class=nrpc)

    # rank
    for method in RANK_BY:
        for adj in (False, True):
            b.add(f"get_label_quality_scores/{method}/adjust={adj}", "rank.get_label_quality_scores",
                  {"method": method, "adjust_pred_probs": adj},
                  lambda method=method, adj=adj: rank.get_label_quality_scores(y, P, method=method, adjust_pred_probs=adj),
                  None, lambda v: {"scores": as_list(v)})
    for fn, f in (("get_self_confidence_for_each_label", rank.get_self_confidence_for_each_label),
                  ("get_normalized_margin_for_each_label", rank.get_normalized_margin_for_each_label),
                  ("get_confidence_weighted_entropy_for_each_label", rank.get_confidence_weighted_entropy_for_each_label)):
        b.add(fn, f"rank.{fn}", {}, lambda f=f: f(y, P), None, lambda v: {"scores": as_list(v)})

    status, default_mask = call_cleanlab(lambda: clfilter.find_label_issues(y, P, n_jobs=1))
    default_mask = default_mask[0] if status == "ok" else default_mask
    masks = [("random", rng.random(n) < 0.3)]
    if status == "ok":
        masks.insert(0, ("find_label_issues", default_mask))
    for mname, mask in masks:
        b.inputs["masks"][mname] = as_list(mask)
        for rb in RANK_BY:
            for adj in (False, True):
                b.add(f"order_label_issues/{mname}/{rb}/adjust={adj}", "rank.order_label_issues",
                      {"mask": mname, "rank_by": rb, "adjust_pred_probs": adj},
                      lambda mask=mask, rb=rb, adj=adj: rank.order_label_issues(
                          mask, y, P, rank_by=rb, rank_by_kwargs={"adjust_pred_probs": adj}),
                      lambda r, mask=mask, rb=rb, adj=adj: r.order_label_issues(mask, y, P, rb, adj),
                      lambda v: {"ranked": as_list(v)})

    # find_top_issues on the self-confidence and normalized-margin scores (as float64 arrays)
    top_inputs = []
    for method in ("self_confidence", "normalized_margin"):
        s, v = call_cleanlab(lambda method=method: rank.get_self_confidence_for_each_label(y, P)
                             if method == "self_confidence" else rank.get_normalized_margin_for_each_label(y, P))
        if s == "ok":
            top_inputs.append((method, np.asarray(v[0], dtype=np.float64)))
    if n:
        s = top_inputs[0][1].copy()
        nan_at = rng.choice(n, size=max(1, n // 10), replace=False)
        s[nan_at] = np.nan
        top_inputs.append(("self_confidence_with_nan", s))
    for sname, scores in top_inputs:
        b.inputs["scores"][sname] = float_list(scores)
        for top in (10, None, 0, n + 5, max(1, n // 3)):
            b.add(f"find_top_issues/{sname}/top={top}", "rank.find_top_issues",
                  {"scores": sname, "top": top},
                  lambda scores=scores, top=top: rank.find_top_issues(scores, top=top),
                  lambda r, scores=scores, top=top: r.find_top_issues(scores, top),
                  lambda v: {"indices": as_list(v)}, allow_ties=sname.endswith("_nan"))
    if extra is not None:
        extra(b, labels, P, rng)
    return b


# ------------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------------


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def make_input(rng, n, K, dtype, *, present=None, quantum=None, signal=2.5, flip=0.2, spread=1.5):
    """Seeded pred_probs (softmax of noisy logits around a true class) and noisy given labels.
    present: the classes that may appear as given labels (others are missing).
    quantum: round probabilities to multiples of it (tie-heavy inputs)."""
    classes = np.arange(K) if present is None else np.asarray(present)
    priors = rng.dirichlet(np.full(K, 3.0))  # unbalanced classes
    y_true = rng.choice(K, size=n, p=priors)
    logits = rng.normal(0.0, spread, size=(n, K))
    logits[np.arange(n), y_true] += signal
    P = softmax(logits)
    if quantum is not None:
        P = np.round(P / quantum) * quantum
        P = np.clip(P, 0.0, 1.0)
    y = y_true.copy()
    flips = rng.random(n) < flip
    y[flips] = rng.integers(0, K, size=int(flips.sum()))
    # map labels of missing classes onto present ones
    bad = ~np.isin(y, classes)
    y[bad] = rng.choice(classes, size=int(bad.sum()))
    return y.astype(np.int64), P.astype(DTYPES[dtype])


def make_fixture(spec):
    name = spec["name"]
    ties = spec.get("ties", False)
    seed = spec["seed"]
    tries = spec.get("tries", 400)
    last_problems = None
    stats = {}
    for attempt in range(tries):
        s = seed + attempt
        rng = np.random.default_rng(s)
        if "make" in spec:
            labels, P = spec["make"](rng)
        else:
            labels, P = make_input(rng, spec["n"], spec["K"], spec["dtype"], **spec.get("kw", {}))
        try:
            b = build_cases(labels, P, np.random.default_rng(s + 1_000_003), ties, spec.get("allowed_ties", ()),
                            spec.get("extra"))
        except Reject as e:
            last_problems = [str(e)]
            stats[str(e).split(":")[0]] = stats.get(str(e).split(":")[0], 0) + 1
            continue
        if ties and not any(c["tie_dependent"] for c in b.cases):
            last_problems = ["tie-heavy fixture without any tie-dependent result"]
            continue
        if stats:
            print(f"  {name}: rejected {sum(stats.values())} seeds: {stats}", file=sys.stderr)
        return s, labels, P, b
    raise RuntimeError(f"{name}: no usable seed in {tries} tries from {seed}; rejections by case: {stats}; "
                       f"last: {last_problems[:5]}")


def encode_fixture(spec, seed, labels, P, built):
    n, K = P.shape
    doc = {
        "name": spec["name"],
        "description": spec["description"],
        "cleanlab_version": cleanlab.__version__,
        "numpy_version": np.__version__,
        "dtype": str(P.dtype),
        "n": int(n),
        "K": int(K),
        "seed": int(seed),
        "ties": bool(spec.get("ties", False)),
        "labels": as_list(labels),
    }
    raw = np.ascontiguousarray(P).astype(P.dtype.newbyteorder("<")).tobytes()
    doc["pred_probs_fnv1a64"] = f"{fnv1a64(raw):016x}"  # of the little-endian bytes: checks exact parsing
    if n * K <= INLINE_LIMIT:
        doc["pred_probs"] = as_list(P)
    else:
        doc["pred_probs_base64"] = base64.b64encode(raw).decode()
    doc["inputs"] = sparsify(built.inputs)
    doc["cases"] = sparsify(built.cases)
    return json.dumps(doc, separators=(",", ":"), allow_nan=False) + "\n"


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def one_example(label):
    def make(rng):
        P = np.array([[0.2, 0.5, 0.3]], dtype=np.float32)
        return np.array([label], dtype=np.int64), P
    return make


def all_zero_labels(rng):
    _, P = make_input(rng, 12, 3, "float64")
    return np.zeros(12, dtype=np.int64), P


def empty(rng):
    return np.zeros(0, dtype=np.int64), np.zeros((0, 3), dtype=np.float32)


def argmax_ties(rng):
    """Rows with exactly equal maxima (argmax ties, the 1e-6 rule of _reduce_issues) in float64."""
    n, K = 60, 4
    base = np.array([[0.4, 0.4, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25], [0.5, 0.5, 0.0, 0.0],
                     [0.3, 0.3 + 5e-7, 0.2, 0.2 - 5e-7], [0.1, 0.7, 0.1, 0.1], [0.7, 0.1, 0.1, 0.1],
                     [0.1, 0.1, 0.7, 0.1], [0.1, 0.1, 0.1, 0.7]])
    P = base[rng.integers(0, len(base), n)]
    y = rng.integers(0, K, n)
    return y.astype(np.int64), P.astype(np.float64)


SPECS = [
    dict(name="random_f64_n200_k4", description="softmax, float64, tie-free", n=200, K=4, dtype="float64", seed=1000),
    dict(name="random_f32_n300_k5", description="softmax, float32, tie-free", n=300, K=5, dtype="float32", seed=2000),
    dict(name="random_f16_n50_k3", description="softmax, float16, tie-free", n=50, K=3, dtype="float16", seed=3000,
         tries=3000),
    dict(name="random_f32_n700_k12", description="softmax, float32, tie-free, more rows than one pairwise block",
         n=700, K=12, dtype="float32", seed=4000, kw=dict(signal=3.0), allowed_ties=("rounding",)),
    dict(name="count_order_f64_n300_k10", description="float64, K=10, plus confident joints and frac_noise values "
         "whose answers depend on numpy's summation order in calibrate_confident_joint and _reduce_prune_counts",
         n=300, K=10, dtype="float64", seed=4500, kw=dict(signal=3.0), allowed_ties=("rounding",),
         extra=order_sensitive_cases),
    dict(name="k2_f64_n150", description="binary, float64, tie-free", n=150, K=2, dtype="float64", seed=5000),
    dict(name="k2_f32_n160", description="binary, float32, tie-free", n=160, K=2, dtype="float32", seed=5500),
    dict(name="missing_f32_n250_k7", description="classes 1, 4, 6 missing (gaps and K > max label + 1), float32",
         n=250, K=7, dtype="float32", seed=6000, kw=dict(present=[0, 2, 3, 5])),
    dict(name="missing_f64_n200_k6", description="classes 1 and 5 missing, float64", n=200, K=6, dtype="float64",
         seed=6500, kw=dict(present=[0, 2, 3, 4])),
    dict(name="missing_f16_n50_k5", description="classes 3 and 4 missing, float16", n=50, K=5, dtype="float16",
         seed=6800, kw=dict(present=[0, 1, 2]), tries=3000),
    dict(name="largek_f32_n1000_k200", description="large K=200, n=1000, float32", n=1000, K=200, dtype="float32",
         seed=7000, kw=dict(signal=6.0, spread=1.0, flip=0.1), tries=60, allowed_ties=("rounding",)),
    dict(name="ties_f32_q01_n200_k4", description="probabilities rounded to 0.1, float32 (tie-heavy)", n=200, K=4,
         dtype="float32", seed=8000, ties=True, kw=dict(quantum=0.1)),
    dict(name="ties_f64_q01_n150_k3", description="probabilities rounded to 0.1, float64 (tie-heavy)", n=150, K=3,
         dtype="float64", seed=8500, ties=True, kw=dict(quantum=0.1)),
    dict(name="ties_f16_q0125_n120_k5", description="probabilities rounded to 1/8, float16 (tie-heavy)", n=120, K=5,
         dtype="float16", seed=8800, ties=True, kw=dict(quantum=0.125)),
    dict(name="ties_k2_f32_q005_n100", description="binary, probabilities rounded to 0.05, float32 (tie-heavy)",
         n=100, K=2, dtype="float32", seed=8900, ties=True, kw=dict(quantum=0.05)),
    dict(name="ties_missing_f64_q01_n120_k5", description="rounded to 0.1 with classes 2 and 4 missing (tie-heavy)",
         n=120, K=5, dtype="float64", seed=9100, ties=True, kw=dict(quantum=0.1, present=[0, 1, 3])),
    dict(name="argmax_ties_f64_n60_k4", description="exactly equal maxima and near-ties within 1e-6 (tie-heavy)",
         seed=9500, ties=True, make=argmax_ties),
    dict(name="n1_label0_f32", description="a single example labelled 0 (allow_one_class paths)", seed=1,
         make=one_example(0)),
    dict(name="n1_label1_f32", description="a single example labelled 1", seed=1, make=one_example(1)),
    dict(name="all_zero_labels_f64_n12", description="every label 0 (cleanlab's allow_one_class)", seed=42,
         make=all_zero_labels),
    dict(name="n0_f32_k3", description="no examples", seed=0, make=empty),
]


def numerics_fixture():
    """numpy's own answers for the arithmetic libcleanlab must reproduce bit for bit:
    np.sum (pairwise) of float64/float32 arrays, np.mean of float16/float32/float64 arrays, row sums
    (axis=1) of float16/float32/float64 matrices, and cleanlab's round_preserving_sum on tie-free
    inputs."""
    rng = np.random.default_rng(20240607)

    def b64(a):
        a = np.ascontiguousarray(a)
        return base64.b64encode(a.astype(a.dtype.newbyteorder("<")).tobytes()).decode()

    lengths = [0, 1, 2, 5, 7, 8, 9, 15, 16, 17, 31, 100, 127, 128, 129, 130, 255, 256, 257, 1000, 1025, 3001]
    sums = []
    for dt in ("float64", "float32"):
        for n in lengths:
            v = (rng.random(n) * rng.choice([1e-3, 1.0, 1e6], n)).astype(dt)
            if n > 3:
                v[rng.integers(0, n, 2)] *= -1
            sums.append({"dtype": dt, "values_base64": b64(v), "n": n, "sum": float(np.sum(v))})
    means = []
    for dt in ("float16", "float32", "float64"):
        extra = [8191, 8192, 8193, 20000] if dt == "float16" else []  # float16: 8192-element buffers
        for n in [1, 3, 8, 9, 130, 1000, 3001] + extra:
            v = rng.random(n).astype(dt)
            m = np.mean(v)
            assert m.dtype == np.dtype(dt)
            means.append({"dtype": dt, "values_base64": b64(v), "n": n, "mean": float(m)})
    rowsums = []
    for dt in ("float16", "float32", "float64"):
        for k in [2, 3, 7, 8, 9, 17, 130, 300]:
            m = rng.random((5, k)).astype(dt)
            rs = m.sum(axis=1, keepdims=True)
            assert rs.dtype == np.dtype(dt)
            rowsums.append({"dtype": dt, "rows": 5, "k": k, "values_base64": b64(m), "sums": [float(x) for x in rs.ravel()]})
    rps = []
    while len(rps) < 60:
        k = int(rng.integers(2, 40))
        v = rng.random(k) * rng.choice([1.0, 10.0, 1000.0])
        if rng.random() < 0.3:
            v = np.round(v * 2) / 2  # exact halves: round half to even
        r = Rule()
        mine = r.round_preserving_sum(v, "numerics")
        if r.ties:
            continue
        ref = cleanlab.internal.util.round_preserving_sum(v)
        assert (mine == ref).all()
        rps.append({"values": [float(x) for x in v], "rounded": [int(x) for x in ref]})
    doc = {"description": numerics_fixture.__doc__, "numpy_version": np.__version__,
           "pairwise_sum": sums, "mean": means, "row_sum": rowsums, "round_preserving_sum": rps}
    return json.dumps(doc, separators=(",", ":"), allow_nan=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if a committed fixture differs")
    ap.add_argument("--only", nargs="*", help="fixture names to (re)generate")
    ns = ap.parse_args()
    if cleanlab.__version__ != "2.9.0":
        sys.exit(f"cleanlab 2.9.0 is required, found {cleanlab.__version__}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    names = {s["name"] for s in SPECS}
    total = 0
    differ = []
    for spec in SPECS:
        if ns.only and spec["name"] not in ns.only:
            continue
        seed, labels, P, built = make_fixture(spec)
        cases = built.cases
        text = encode_fixture(spec, seed, labels, P, built)
        path = OUT_DIR / f"{spec['name']}.json"
        total += len(text)
        ntie = sum(c["tie_dependent"] for c in cases)
        nerr = sum("error" in c for c in cases)
        print(f"{spec['name']}: seed {seed}, {len(cases)} cases ({ntie} tie-dependent, {nerr} errors), "
              f"{len(text) / 1024:.0f} KiB")
        if ns.check:
            if not path.exists() or path.read_text() != text:
                differ.append(path.name)
        else:
            path.write_text(text)
    if not ns.only:
        text = numerics_fixture()
        path = OUT_DIR / "numerics" / "numpy_reference.json"
        total += len(text)
        print(f"numerics/numpy_reference: {len(text) / 1024:.0f} KiB")
        if ns.check:
            if not path.exists() or path.read_text() != text:
                differ.append("numerics/numpy_reference.json")
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
    if not ns.only and not ns.check:
        for stale in OUT_DIR.glob("*.json"):
            if stale.stem not in names:
                stale.unlink()
    print(f"total {total / 1024 / 1024:.2f} MiB")
    if differ:
        sys.exit(f"fixtures differ from a fresh generation: {differ}")


if __name__ == "__main__":
    main()
