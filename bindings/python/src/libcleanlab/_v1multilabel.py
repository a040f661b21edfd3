"""cleanlab 1.x's multi-label heuristics (``multi_label=True``), computed with numpy (private).

cleanlab 1.x treated multi-label data with a few ad-hoc rules, reproduced here as it computed
them (they are not 2.x's ``multilabel_classification``):

- the confident joint counts, for each class k and each example labelled with k, every class j
  with ``psx[i, j] >= t[j]`` (no 1e-6 tolerance; an example is counted several times);
- calibration uses the counts of all labels (``bincount`` of the flattened lists);
- pruning uses "k in s[i]" as the class filter;
- the final filter un-flags examples whose one-hot prediction (``psx > b`` for the boundary b with
  the best micro-F1, :func:`crossval_predict`) equals their one-hot labels;
- ordering uses ``mean(psx[i][onehot(s)[i]])``, i.e. the mean of psx[i] at column indices 0 and 1
  as picked by the one-hot row (1.x indexes with the one-hot vector itself).

Deviations: ragged label lists work (1.x's ``np.asarray(s)`` fails on them with numpy >= 1.24);
ties in the final ordering go to the lower index.
"""

from typing import Any, List, Optional

import numpy as np

from . import _native_v1
from ._errors import InvalidArgumentError, LabelRangeError, NumericError, ShapeError
from ._v1common import as_counts, matrix_order, square, v1_psx

_MIN = 5


def _flat(labels: List[List[int]]) -> np.ndarray:
    return np.array([v for lst in labels for v in lst], dtype=np.int64)


def _membership(labels: List[List[int]], k: int) -> np.ndarray:
    """(k, N) bool: member[c, i] = c in labels[i]."""
    member = np.zeros((k, len(labels)), dtype=np.bool_)
    for i, lst in enumerate(labels):
        for v in lst:
            if v >= k:
                raise LabelRangeError(
                    f"s[{i}] contains class {v}, but there are only {k} classes"
                )
            member[v, i] = True
    return member


def _onehot(labels: List[List[int]]) -> np.ndarray:
    """sklearn's MultiLabelBinarizer().fit_transform: one column per class that occurs."""
    classes = np.unique(_flat(labels))
    col = {int(c): j for j, c in enumerate(classes)}
    out = np.zeros((len(labels), len(classes)), dtype=np.int64)
    for i, lst in enumerate(labels):
        for v in lst:
            out[i, col[v]] = 1
    return out


def calibrate_multi_label(confident_joint: Any, labels: List[List[int]]) -> np.ndarray:
    flat = _flat(labels)
    cj, order = square(confident_joint, "confident_joint")
    k = cj.shape[0]
    out = np.empty((k, k), dtype=np.int64)
    _native_v1.calibrate_confident_joint(cj, k, order, flat, out)
    return out


def confident_joint_multi_label(labels: List[List[int]], psx: Any, thresholds: Optional[Any],
                                calibrate: bool) -> np.ndarray:
    p = v1_psx(psx, len(labels))
    n, kp = p.shape
    k = len(np.unique(_flat(labels)))
    if k != kp:
        raise ShapeError(
            f"the labels contain {k} distinct classes but psx has {kp} columns: cleanlab 1.x "
            "takes K from the labels and fails here"
        )
    member = _membership(labels, k)
    if thresholds is None:
        t = np.asarray([np.mean(p[:, c][member[c]]) for c in range(k)])
    else:
        t = np.asarray(thresholds)
        if t.shape != (k,):
            raise ShapeError(f"thresholds must have shape ({k},), got {t.shape}")
    confident = p >= t
    cj = np.array([confident[member[c]].sum(axis=0) for c in range(k)])
    if calibrate:
        return calibrate_multi_label(cj, labels)
    return cj


def crossval_predict(pyx: Any, labels: List[List[int]]) -> np.ndarray:
    p = np.asarray(pyx)
    truth = _onehot(labels).astype(bool)
    if truth.shape != p.shape:
        raise ShapeError(
            f"the one-hot labels have shape {truth.shape} but pyx has shape {p.shape}"
        )
    boundaries = np.arange(0.05, 0.9, 0.05)
    best, best_f1 = None, None
    for b in boundaries:
        pred = p > b
        tp = int(np.sum(pred & truth))
        fp = int(np.sum(pred & ~truth))
        fn = int(np.sum(~pred & truth))
        denom = 2 * tp + fp + fn
        f1 = 0.0 if denom == 0 else 2 * tp / denom
        if best_f1 is None or f1 > best_f1:
            best, best_f1 = b, f1
    return (p > best).astype(np.uint8)


def _kth(values: np.ndarray, kth: int, what: str) -> float:
    m = len(values)
    idx = kth + m if kth < 0 else kth
    if not 0 <= idx < m:
        raise NumericError(
            f"{what}: position {kth} is out of bounds for {m} examples (cleanlab 1.x fails here)"
        )
    return np.partition(values, idx)[idx]


def get_noise_indices_multi_label(s, psx, confident_joint, frac_noise, num_to_remove_per_class,
                                  prune_method, sorted_index_method, jobs):
    from .util import round_preserving_row_totals

    labels = [[int(v) for v in lst] for lst in s]
    if not (0 < float(frac_noise) <= 1):
        raise InvalidArgumentError(f"frac_noise must be in (0, 1], got {frac_noise}")
    p = v1_psx(psx, len(labels))
    n, k = p.shape
    flat = _flat(labels)
    counts = np.bincount(flat)
    if confident_joint is None:
        cj = confident_joint_multi_label(labels, p, None, True)
        order = 1  # cj.T of a C-ordered matrix
    else:
        cj, order = square(confident_joint, "confident_joint", k)
        order = 1 - matrix_order(confident_joint)
    pcm_in = np.ascontiguousarray(cj.T, dtype=np.float64)
    pcm = np.empty((k, k), dtype=np.int64)
    _native_v1.keep_at_least_n_per_class(pcm_in, k, order, _MIN, float(frac_noise), pcm)
    if num_to_remove_per_class is not None:
        r = as_counts(num_to_remove_per_class, k, "num_to_remove_per_class")
        if len(counts) != k:
            raise ShapeError("num_to_remove_per_class needs every class to occur in s")
        with np.errstate(divide="ignore", invalid="ignore"):
            psy = pcm / np.sum(pcm, axis=1)
            noise = psy.sum(axis=1) - psy.diagonal()
            tmp = (psy.T * r / noise).T
        np.fill_diagonal(tmp, counts - r)
        pcm = round_preserving_row_totals(tmp)
    q = p.astype(np.float32) if jobs > 1 else p
    member = _membership(labels, max(k, len(counts)))
    by_class = np.zeros(n, dtype=bool)
    by_noise = np.zeros(n, dtype=bool)
    if prune_method in ("prune_by_class", "both"):
        for c in range(k):
            if counts[c] <= _MIN if c < len(counts) else True:
                continue
            f = member[c]
            rank = _kth(q[:, c][f], int(counts[c] - pcm[c][c]), "prune_by_class")
            by_class |= f & (q[:, c] < rank)
    if prune_method in ("prune_by_noise_rate", "both"):
        kk = len(counts)
        for c in range(min(k, kk)):
            if counts[c] <= _MIN:
                continue
            f = member[c]
            for j in range(kk):
                num = int(pcm[j][c])
                if j == c or num <= 0:
                    continue
                margin = q[:, j] - q[:, c]
                cut = -_kth(-margin[f], num - 1, "prune_by_noise_rate")
                by_noise |= f & (margin >= cut)
    if prune_method == "prune_by_class":
        mask = by_class
    elif prune_method == "prune_by_noise_rate":
        mask = by_noise
    else:
        mask = by_class & by_noise
    pred = crossval_predict(p, labels)
    onehot = _onehot(labels)
    if pred.shape != onehot.shape:
        raise ShapeError("the one-hot labels and psx have different shapes")
    mask &= ~np.all(pred == onehot, axis=1)
    if sorted_index_method is None:
        return mask
    idx = np.flatnonzero(mask)
    conf = np.array([np.mean(p[i][onehot[i]]) for i in idx])
    if sorted_index_method == "prob_given_label":
        key = conf
    else:
        key = conf - p[mask].max(axis=1) if len(idx) else conf
    return idx[np.argsort(key, kind="stable")]
