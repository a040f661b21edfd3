"""Low-memory label issue detection with cleanlab's ``experimental.label_issues_batched`` API.

cleanlab's version only *approximates* ``filter.find_label_issues(..., filter_by=
'low_self_confidence', return_indices_ranked_by='self_confidence')``: its thresholds are running
means of per-batch means, its issue count uses ``argmax`` instead of the confident joint, and it
removes the examples whose given label is the argmax afterwards. Here the default (``exact=True``)
result is *exact*: the streaming core computes, batch by batch in two passes and O(n + K^2)
memory, the very numbers of the in-memory functions:

* ``find_label_issues_batched(labels, pred_probs)`` returns the issues of
  ``filter.find_label_issues(labels, pred_probs, filter_by='low_self_confidence')``;
  in general the ``count.num_label_issues(**num_issue_kwargs)`` lowest
  ``rank.get_label_quality_scores(**quality_score_kwargs)`` (``low_normalized_margin`` for
  ``method='normalized_margin'``). Like cleanlab, indices come sorted by index
  (``return_mask=False``) or as a mask (``return_mask=True``).
* ``LabelInspector`` returns the exact thresholds, scores and issue count.

``exact=False`` reproduces cleanlab's approximate algorithm (same arithmetic, so the same
numbers; ties broken by lower index).
"""

import operator
from typing import Any, List, Optional

import numpy as np

from .. import _native, _native_stream
from .._common import as_labels, as_pred_probs, call_native, label_counts, rank_method_code
from .._errors import InvalidArgumentError
from ..count import get_confident_thresholds as _batch_thresholds
from ..rank import find_top_issues, get_confidence_weighted_entropy_for_each_label
from .streaming import _threads, run_passes

__all__ = ["find_label_issues_batched", "LabelInspector", "split_arr"]

# cl_estimation_method codes
_ESTIMATION = {"off_diagonal": 1, "off_diagonal_calibrated": 2}
_QUALITY_KEYS = ("method", "adjust_pred_probs")


def split_arr(arr: np.ndarray, chunksize: int) -> List[np.ndarray]:
    """Splits `arr` along its first axis into consecutive chunks of `chunksize` rows (the last
    one shorter), as cleanlab's helper."""
    return np.split(arr, np.arange(chunksize, arr.shape[0], chunksize), axis=0)


def _quality_options(quality_score_kwargs: Optional[dict]):
    q = dict(quality_score_kwargs or {})
    for key in q:
        if key not in _QUALITY_KEYS:
            raise TypeError(f"_compute_label_quality_scores() got an unexpected keyword argument '{key}'")
    method = q.get("method", "self_confidence")
    adjust = bool(q.get("adjust_pred_probs", False))
    code = rank_method_code(method)
    if adjust and code == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY:
        raise InvalidArgumentError("adjust_pred_probs is not currently supported for confidence_weighted_entropy.")
    return method, code, adjust


def _estimation(num_issue_kwargs: Optional[dict], exact: bool) -> str:
    method = (num_issue_kwargs or {}).get("estimation_method", "off_diagonal")
    if method not in _ESTIMATION:
        if not exact:
            return "off_diagonal"  # cleanlab's batched mode treats anything else as uncalibrated
        raise InvalidArgumentError(
            f"{method} is not a valid estimation method for the batched mode! Please choose one of: "
            f"{list(_ESTIMATION)}"
        )
    return method


class LabelInspector:
    """cleanlab's ``LabelInspector``: thresholds from a first pass over batches
    (:meth:`update_confident_thresholds`), then scores and the issue count from a second pass
    (:meth:`score_label_quality`).

    With ``exact=True`` (the default) both passes must visit the same rows in the same order
    (every row once per pass; batch sizes may differ), and the results equal the in-memory
    ``count.get_confident_thresholds``, ``rank.get_label_quality_scores`` and
    ``count.num_label_issues`` on the whole dataset. With ``exact=False`` the numbers are those
    of cleanlab's approximation (which allows the first pass to see a subset only).

    Parameters
    ----------
    num_class : int
        K, the number of classes (columns of pred_probs).
    store_results : bool, default=True
        Keep every score (needed by :meth:`get_quality_scores` and :meth:`get_label_issues`).
    verbose : bool, default=True
        Print progress messages as cleanlab does.
    quality_score_kwargs : dict, optional
        ``method`` and ``adjust_pred_probs`` of ``rank.get_label_quality_scores``.
    num_issue_kwargs : dict, optional
        ``estimation_method``: ``'off_diagonal'`` (default) or ``'off_diagonal_calibrated'``.
    n_jobs : int, optional
        Number of threads (None: libcleanlab's default). Results never depend on it.
    exact : bool, default=True
        False reproduces cleanlab's approximate algorithm.
    """

    def __init__(
        self,
        *,
        num_class: int,
        store_results: bool = True,
        verbose: bool = True,
        quality_score_kwargs: Optional[dict] = None,
        num_issue_kwargs: Optional[dict] = None,
        n_jobs: Optional[int] = 1,
        exact: bool = True,
    ):
        self.num_class = operator.index(num_class)
        self.store_results = store_results
        self.verbose = verbose
        self.exact = bool(exact)
        self.quality_score_kwargs = dict(quality_score_kwargs or {})
        self.num_issue_kwargs = dict(num_issue_kwargs or {})
        self._method, self._method_code, self._adjust = _quality_options(quality_score_kwargs)
        self._estimation = _estimation(num_issue_kwargs, self.exact)
        self.off_diagonal_calibrated = self._estimation == "off_diagonal_calibrated"
        self.n_jobs = n_jobs
        self._threads = _threads(n_jobs)
        self.examples_processed_thresh = 0
        self.examples_processed_quality = 0
        self.label_quality_scores: List[Any] = []
        self.examples_per_class = np.zeros(self.num_class)
        self.confident_thresholds = np.zeros(self.num_class)
        if self.exact:
            with call_native(None, self.num_class):
                self._stream = _native_stream.create(
                    None, self.num_class, _native.FILTER_CONFIDENT_LEARNING, _native.RANK_NONE, False,
                    1.0, 1, None, None, self._threads, 0, self._method_code, self._adjust,
                )
            self._phase = 0  # 0: thresholds pass, 1: scoring pass, 2: done
            self._dtype = None
        else:
            self.prune_count = 0
            self.prune_counts = np.zeros(self.num_class)
            self.class_counts = np.zeros(self.num_class)
            self.normalization = np.zeros(self.num_class)

    # -- input checks (cleanlab's _batch_check, plus the library's validation) --------------
    def _batch(self, labels: Any, pred_probs: Any):
        pred_probs = np.asarray(pred_probs)
        if pred_probs.ndim != 2:
            raise ValueError("pred_probs array must have shape: num_examples x num_classes.")
        labels = np.asarray(labels)
        if len(labels) != pred_probs.shape[0]:
            raise ValueError("labels and pred_probs must have same length")
        if pred_probs.shape[1] != self.num_class:
            raise ValueError("num_class must equal pred_probs.shape[1]")
        return as_labels(labels), as_pred_probs(pred_probs)

    # -- exact mode: the native stream ------------------------------------------------------
    def _end_thresholds_pass(self) -> None:
        if self._phase == 0:
            if self.examples_processed_thresh < 1:
                raise ValueError("Have not computed any confident_thresholds yet. Call `update_confident_thresholds()` first.")
            with call_native(None, self.num_class):
                self._stream.end_pass()
                self._stream.begin_pass()
            self._phase = 1

    def _end_scoring_pass(self) -> None:
        if self._phase == 1:
            if self.examples_processed_quality != self.examples_processed_thresh:
                raise ValueError(
                    f"exact mode: {self.examples_processed_quality} examples were scored but "
                    f"{self.examples_processed_thresh} were used for the thresholds; both passes must see "
                    "the same examples in the same order (or use exact=False for cleanlab's approximation)"
                )
            with call_native(None, self.num_class):
                self._stream.end_pass()
            self._phase = 2

    def update_confident_thresholds(self, labels: Any, pred_probs: np.ndarray) -> None:
        """Adds a batch to the thresholds pass (``count.get_confident_thresholds``)."""
        y, p = self._batch(labels, pred_probs)
        if self.exact:
            if self._phase != 0:
                raise ValueError(
                    "exact mode: update_confident_thresholds() must see every batch before the first "
                    "score_label_quality() call"
                )
            if self.examples_processed_thresh == 0 and self._stream.pass_count()[1] == 0:
                self._stream.begin_pass()
            with call_native(y, self.num_class):
                self._stream.feed(p, self.examples_processed_thresh, y)
            self.examples_per_class += label_counts(y, self.num_class)
            self._dtype = p.dtype
        else:
            t = np.asarray(_batch_thresholds(y, p), dtype=np.float64)
            counts = label_counts(y, self.num_class).astype(np.float64)
            self.confident_thresholds = (self.examples_per_class * self.confident_thresholds + counts * t) / np.clip(
                self.examples_per_class + counts, a_min=1, a_max=None
            )
            self.confident_thresholds = np.clip(self.confident_thresholds, a_min=2e-6, a_max=None)
            self.examples_per_class += counts
        self.examples_processed_thresh += len(y)

    def get_confident_thresholds(self, silent: bool = False) -> np.ndarray:
        """The confident thresholds (exact: those of ``count.get_confident_thresholds`` on all
        rows of the first pass, as float64)."""
        if self.examples_processed_thresh < 1:
            raise ValueError("Have not computed any confident_thresholds yet. Call `update_confident_thresholds()` first.")
        if self.verbose and not silent:
            print(f"Total number of examples used to estimate confident thresholds: {self.examples_processed_thresh}")
        if self.exact:
            self._end_thresholds_pass()
            out = np.empty(self.num_class, dtype=np.float64)
            self._stream.thresholds(out)
            self.confident_thresholds = out
        return self.confident_thresholds

    def _score_dtype(self, p: np.ndarray) -> np.dtype:
        if self._method_code == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY or p.dtype == np.float64:
            return np.dtype(np.float64)
        if self._adjust and (not self.exact or np.any(self.examples_per_class == 0)):
            return np.dtype(np.float64)
        return p.dtype

    def score_label_quality(self, labels: Any, pred_probs: np.ndarray, *, update_num_issues: bool = True) -> np.ndarray:
        """Scores a batch (``rank.get_label_quality_scores``) and counts its issues."""
        y, p = self._batch(labels, pred_probs)
        if self.exact:
            self._end_thresholds_pass()
            if self._phase != 1:
                raise ValueError("exact mode: every example has been scored already")
            first = self.examples_processed_quality
            with call_native(y, self.num_class):
                self._stream.feed(p, first, y)
                scores = np.empty(len(y), dtype=np.float64)
                self._stream.quality_scores(scores, first)
            scores = scores.astype(self._score_dtype(p), copy=False)
        else:
            if self.examples_processed_thresh < 1:
                raise ValueError("Have not computed any confident_thresholds yet. Call `update_confident_thresholds()` first.")
            scores = self._approximate_scores(y, p)
            if update_num_issues:
                self._approximate_count(y, p)
        self.examples_processed_quality += len(y)
        if self.store_results:
            self.label_quality_scores.append(scores)
        return scores

    # -- approximate mode: cleanlab's arithmetic --------------------------------------------
    def _approximate_scores(self, y: np.ndarray, p: np.ndarray) -> np.ndarray:
        rows = np.arange(len(y))
        if self._method_code == _native.RANK_CONFIDENCE_WEIGHTED_ENTROPY:
            return get_confidence_weighted_entropy_for_each_label(y, p)
        q = p
        if self._adjust:
            t = self.confident_thresholds
            q = p - t + t.max()
            q = q / q.sum(axis=1)[:, np.newaxis]
        if self._method_code == _native.RANK_SELF_CONFIDENCE:
            return q[rows, y]
        given = q[rows, y]
        other = q.copy()
        other[rows, y] = -np.inf
        return (given - other.max(axis=1) + 1) / 2

    def _approximate_count(self, y: np.ndarray, p: np.ndarray) -> None:
        adj = self.confident_thresholds - 1e-6
        pred = np.argmax(p, axis=1)
        confident = p[np.arange(len(y)), pred] >= adj[pred]
        off = pred != y
        if not self.off_diagonal_calibrated:
            self.prune_count += int(np.sum(confident & off))
        else:
            self.class_counts += label_counts(y, self.num_class)
            self.normalization += np.bincount(y[confident], minlength=self.num_class)
            self.prune_counts += np.bincount(y[confident & off], minlength=self.num_class)

    # -- results ----------------------------------------------------------------------------
    def get_num_issues(self, silent: bool = False) -> int:
        """The number of label issues (exact: ``count.num_label_issues`` on all rows)."""
        if self.examples_processed_quality < 1:
            raise ValueError("Have not evaluated any labels yet. Call `score_label_quality()` first.")
        if self.verbose and not silent:
            print(f"Total number of examples whose labels have been evaluated: {self.examples_processed_quality}")
        if self.exact:
            self._end_scoring_pass()
            with call_native(None, self.num_class):
                return int(self._stream.num_label_issues(_ESTIMATION[self._estimation]))
        if self.off_diagonal_calibrated:
            calibrated = self.prune_counts * self.class_counts / np.clip(self.normalization, a_min=1e-6, a_max=None)
            return int(np.rint(np.sum(calibrated)))
        return int(self.prune_count)

    def get_quality_scores(self) -> np.ndarray:
        """Every score computed so far, in order."""
        if not self.store_results:
            raise ValueError(
                "Must initialize the LabelInspector with `store_results` == True. Otherwise you can assemble "
                "the label quality scores yourself based on the scores returned for each batch of data from "
                "`score_label_quality()`"
            )
        if not self.label_quality_scores:
            return np.asarray([])
        return np.concatenate(self.label_quality_scores)

    def get_label_issues(self) -> np.ndarray:
        """Indices of the ``get_num_issues()`` lowest scores, sorted by score (ties: lower index
        first)."""
        if not self.store_results:
            raise ValueError(
                "Must initialize the LabelInspector with `store_results` == True. Otherwise you can identify "
                "label issues yourself based on the scores from all the batches of data and the total number of "
                "issues returned by `get_num_issues()`"
            )
        if self.examples_processed_quality < 1:
            raise ValueError("Have not evaluated any labels yet. Call `score_label_quality()` first.")
        if self.verbose:
            print(f"Total number of examples whose labels have been evaluated: {self.examples_processed_quality}")
        return find_top_issues(self.get_quality_scores(), top=self.get_num_issues(silent=True))


def _given_is_argmax(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    """cleanlab's ``_reduce_issues`` rule on a batch: argmax(p + 1e-6 * onehot(y)) == y."""
    q = np.array(p, copy=True)  # the addition happens in the input's dtype, as in cleanlab
    q[np.arange(len(y)), y] += 1e-6
    return np.argmax(q, axis=1) == y


def find_label_issues_batched(
    labels: Optional[Any] = None,
    pred_probs: Optional[np.ndarray] = None,
    *,
    labels_file: Optional[str] = None,
    pred_probs_file: Optional[str] = None,
    batch_size: int = 10000,
    n_jobs: Optional[int] = 1,
    verbose: bool = True,
    quality_score_kwargs: Optional[dict] = None,
    num_issue_kwargs: Optional[dict] = None,
    return_mask: bool = False,
    exact: bool = True,
) -> np.ndarray:
    """Label issues of a dataset too large for memory, read in batches (cleanlab's signature).

    With ``exact=True`` (default) the result equals, exactly, the issues of
    ``filter.find_label_issues(labels, pred_probs, filter_by='low_self_confidence')``
    (``'low_normalized_margin'`` with ``quality_score_kwargs={'method': 'normalized_margin'}``;
    in general the ``count.num_label_issues(**num_issue_kwargs)`` lowest
    ``rank.get_label_quality_scores(**quality_score_kwargs)``). ``exact=False`` reproduces
    cleanlab's approximation, including its final removal of examples whose given label is the
    argmax.

    `labels_file` / `pred_probs_file` are ``.npy`` files, memory-mapped (``np.load(...,
    mmap_mode='r')``); arrays (memmap, HDF5, Zarr, ndarray) are read in slices of `batch_size`.

    Returns
    -------
    np.ndarray
        The issue indices sorted by index (as cleanlab's code returns them), or a bool mask
        with ``return_mask=True``.
    """
    if labels_file is not None:
        if labels is not None:
            raise ValueError("only specify one of: `labels` or `labels_file`")
        if not isinstance(labels_file, str):
            raise ValueError("labels_file must be str specifying path to .npy file containing the array of labels")
        labels = np.load(labels_file, mmap_mode="r")
    if pred_probs_file is not None:
        if pred_probs is not None:
            raise ValueError("only specify one of: `pred_probs` or `pred_probs_file`")
        if not isinstance(pred_probs_file, str):
            raise ValueError("pred_probs_file must be str specifying path to .npy file containing 2D array of pred_probs")
        pred_probs = np.load(pred_probs_file, mmap_mode="r")
        if verbose:
            print(f"mmap-loaded numpy arrays have: {len(pred_probs)} examples, {pred_probs.shape[1]} classes")
    if labels is None:
        raise ValueError("must provide one of: `labels` or `labels_file`")
    if pred_probs is None:
        raise ValueError("must provide one of: `pred_probs` or `pred_probs_file`")
    if len(labels) != len(pred_probs):
        raise ValueError(
            f"len(labels)={len(labels)} does not match len(pred_probs)={len(pred_probs)}. Perhaps an issue loading mmap numpy arrays from file."
        )
    bs = operator.index(batch_size)
    if bs < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
    n = len(labels)
    k = int(pred_probs.shape[1])
    if exact:
        _, method_code, adjust = _quality_options(quality_score_kwargs)
        estimation = _estimation(num_issue_kwargs, True)
        y = as_labels(np.asarray(labels))
        with call_native(y, k):
            stream = _native_stream.create(
                y, k, _native.FILTER_CONFIDENT_LEARNING, _native.RANK_NONE, False, 1.0, 1, None, None,
                _threads(n_jobs), 0, method_code, adjust,
            )
            try:
                run_passes(stream, lambda: (pred_probs[i : i + bs] for i in range(0, n, bs)))
                num = stream.num_label_issues(_ESTIMATION[estimation])
                scores = np.empty(n, dtype=np.float64)
                stream.quality_scores(scores)
            finally:
                stream.close()
        mask = np.zeros(n, dtype=bool)
        mask[find_top_issues(scores, top=num)] = True
        if verbose:
            print(f"Number of label issues found: {int(mask.sum())}")
    else:
        lab = LabelInspector(
            num_class=k, verbose=False, n_jobs=n_jobs, quality_score_kwargs=quality_score_kwargs,
            num_issue_kwargs=num_issue_kwargs, exact=False,
        )
        for i in range(0, n, bs):
            lab.update_confident_thresholds(labels[i : i + bs], pred_probs[i : i + bs])
        for i in range(0, n, bs):
            lab.score_label_quality(labels[i : i + bs], pred_probs[i : i + bs])
        mask = np.zeros(n, dtype=bool)
        mask[lab.get_label_issues()] = True
        for i in range(0, n, bs):
            y = as_labels(np.asarray(labels[i : i + bs]))
            p = np.asarray(pred_probs[i : i + bs])
            mask[i : i + bs] &= ~_given_is_argmax(y, p)
    if return_mask:
        return mask
    return np.where(mask)[0]
