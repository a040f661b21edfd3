"""Learning with noisy labels: wrap any scikit-learn compatible classifier so that it is trained
only on the examples whose labels confident learning trusts.

* :class:`CleanLearning` has the interface of ``cleanlab.classification.CleanLearning``
  (cleanlab 2.9.0);
* :class:`LearningWithNoisyLabels` has the interface of the 1.x
  ``cleanlab.classification.LearningWithNoisyLabels`` (``fit(X, s, psx=...)``).

The classifier's own work (the cross-validation fits and predictions, the final fit) runs in
Python; everything computed from its predicted probabilities (the confident joint, the latent
noise estimates, the label issues and the label quality scores) is computed by libcleanlab's
native core. Both classes are scikit-learn estimators (``get_params``/``set_params``,
``sklearn.base.clone``, usable in a ``Pipeline`` and in ``GridSearchCV``).

Requires scikit-learn and pandas (``pip install libcleanlab[learn]``).
"""

import copy
import inspect
import os
import warnings
from typing import Any, Optional

import numpy as np

try:
    import pandas as pd
    from sklearn.base import BaseEstimator
    from sklearn.metrics import accuracy_score
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        "libcleanlab.classification needs scikit-learn and pandas: "
        "pip install scikit-learn pandas (or libcleanlab[learn])"
    ) from e

from . import count as _count
from . import filter as _filter
from . import rank as _rank
from .internal.latent_algebra import compute_noise_matrix_from_inverse, compute_py_inv_noise_matrix
from .internal.util import compress_int_array, get_num_classes, value_counts

__all__ = ["CleanLearning", "LearningWithNoisyLabels"]

_DEFAULT_FIND_LABEL_ISSUES_KWARGS = {"min_examples_per_class": 10}
_UNSUPPORTED_FIND_LABEL_ISSUES_KWARGS = ["return_indices_ranked_by", "multi_label"]
_PRUNE_METHODS = ("prune_by_noise_rate", "prune_by_class", "both")
_MIN_NUM_PER_CLASS_1X = 5  # cleanlab 1.x pruning.MIN_NUM_PER_CLASS


def _check_clf(clf: Any) -> None:
    if not hasattr(clf, "fit"):
        raise ValueError("The classifier (clf) must define a .fit() method.")
    if not hasattr(clf, "predict_proba"):
        raise ValueError("The classifier (clf) must define a .predict_proba() method.")
    if not hasattr(clf, "predict"):
        raise ValueError("The classifier (clf) must define a .predict() method.")


def _force_two_dimensions(X: Any) -> Any:
    """X reshaped to ``(N, -1)`` when it has more than two dimensions (for the default
    LogisticRegression)."""
    shape = getattr(X, "shape", None)
    if X is not None and shape is not None and len(shape) > 2:
        X = X.reshape((len(X), -1))
    return X


def _accepts(method: Any, name: str) -> bool:
    try:
        return name in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False


def _check_trace(noise_matrix: Any, inverse_noise_matrix: Any) -> None:
    if noise_matrix is not None and np.trace(noise_matrix) <= 1:
        t = np.round(np.trace(noise_matrix), 2)
        raise ValueError("Trace(noise_matrix) is {}, but must exceed 1.".format(t))
    if inverse_noise_matrix is not None and np.trace(inverse_noise_matrix) <= 1:
        t = np.round(np.trace(inverse_noise_matrix), 2)
        raise ValueError("Trace(inverse_noise_matrix) is {}. Must exceed 1.".format(t))


def _subset(X: Any, mask: np.ndarray) -> Any:
    """The rows of X where mask is True (torch Datasets become a Subset)."""
    if _count._torch_dataset(X):
        import torch

        return torch.utils.data.Subset(X, list(np.nonzero(mask)[0]))
    try:
        return X[mask]
    except Exception:
        raise TypeError("Data features X must be subsettable with boolean mask array: X[mask]") from None


def _subset_labels(labels: Any, mask: np.ndarray) -> Any:
    if isinstance(labels, list):
        labels = np.asarray(labels)
    try:
        return labels[mask]
    except Exception:
        raise TypeError("labels must be 1D np.ndarray, list, or pd.Series.") from None


def _label_issues_batched():
    """libcleanlab's ``experimental.label_issues_batched.find_label_issues_batched`` (low-memory
    mode), or NotImplementedError when this build does not have it."""
    try:
        from .experimental.label_issues_batched import find_label_issues_batched
    except ImportError:
        raise NotImplementedError(
            "CleanLearning(low_memory=True) needs libcleanlab.experimental.label_issues_batched, "
            "which this build of libcleanlab does not include; use low_memory=False"
        ) from None
    return find_label_issues_batched


def _score(clf: Any, X: Any, y: Any, sample_weight: Any) -> float:
    """``clf.score(X, y[, sample_weight])``, or the accuracy of ``clf.predict(X)`` when ``clf``
    has no ``score``."""
    if hasattr(clf, "score"):
        if _accepts(clf.score, "sample_weight"):
            return clf.score(X, y, sample_weight=sample_weight)
        return clf.score(X, y)
    return accuracy_score(y, clf.predict(X), sample_weight=sample_weight)


def _apply_pulearning(pu: int, noise_matrix, inverse_noise_matrix, confident_joint) -> None:
    """PU learning (K = 2, class `pu` has no label errors): fixes the noise matrices (and the
    confident joint, when there is one) in place."""
    noise_matrix[pu][1 - pu] = 0
    noise_matrix[1 - pu][1 - pu] = 1
    inverse_noise_matrix[1 - pu][pu] = 0
    inverse_noise_matrix[pu][pu] = 1
    if confident_joint is not None:
        confident_joint[pu][1 - pu] = 0
        confident_joint[1 - pu][1 - pu] = 1


def _clf_is_fitted(clf: Any) -> bool:
    """scikit-learn's fitted check of the wrapped classifier (a Pipeline asks its last step)."""
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(clf)
    except NotFittedError:
        return False
    except TypeError:  # not a scikit-learn estimator: assume it is usable
        return True
    return True


class CleanLearning(BaseEstimator):
    """Wraps any scikit-learn compatible classifier ``clf`` so that it learns with noisy labels:
    ``fit`` finds the label issues with confident learning (cross-validated predicted
    probabilities unless `pred_probs` is given), removes them, and trains ``clf`` on the rest,
    each class weighted by ``1 / noise_matrix[k][k]`` when ``clf.fit`` takes ``sample_weight``.

    Interface and answers of ``cleanlab.classification.CleanLearning`` (cleanlab 2.9.0); see the
    package README for the documented differences.

    Parameters
    ----------
    clf : estimator, default=LogisticRegression(solver="lbfgs")
        Any classifier with ``fit(X, y)``, ``predict(X)`` and ``predict_proba(X)``; it must be
        clonable with ``sklearn.base.clone`` for the cross-validation. With the default
        classifier, X of more than two dimensions is flattened to ``(N, -1)``.
    seed : int, optional
        Seeds numpy's global random state (in the constructor, as cleanlab) and the shuffling of
        the cross-validation folds.
    cv_n_folds : int, default=5
        Number of cross-validation folds for the out-of-sample predicted probabilities.
    converge_latent_estimates : bool, default=False
        Make the latent estimates (py, noise matrices) algebraically consistent.
    pulearning : {None, 0, 1}
        For two classes only: the class known to have no label errors.
    find_label_issues_kwargs : dict, default={}
        Options of :func:`libcleanlab.filter.find_label_issues` (``min_examples_per_class``
        defaults to 10 here; ``return_indices_ranked_by`` and ``multi_label`` are rejected).
    label_quality_scores_kwargs : dict, default={}
        Options of :func:`libcleanlab.rank.get_label_quality_scores`.
    verbose : bool, default=False
        Print progress messages.
    low_memory : bool, default=False
        Find the label issues with ``experimental.label_issues_batched`` (raises
        NotImplementedError when this build does not include it).
    """

    def __init__(
        self,
        clf=None,
        *,
        seed=None,
        cv_n_folds=5,
        converge_latent_estimates=False,
        pulearning=None,
        find_label_issues_kwargs={},
        label_quality_scores_kwargs={},
        verbose=False,
        low_memory=False,
    ):
        self._default_clf = False
        if clf is None:
            from sklearn.linear_model import LogisticRegression

            clf = LogisticRegression(solver="lbfgs")
            self._default_clf = True
        _check_clf(clf)
        if seed is not None:
            np.random.seed(seed=seed)
        self.clf = clf
        self.seed = seed
        self.cv_n_folds = cv_n_folds
        self.converge_latent_estimates = converge_latent_estimates
        self.pulearning = pulearning
        self.find_label_issues_kwargs = find_label_issues_kwargs
        self.label_quality_scores_kwargs = label_quality_scores_kwargs
        self.verbose = verbose
        self.low_memory = low_memory
        self._clear_results()

    def _clear_results(self) -> None:
        """Sets every attribute that fit / find_label_issues compute to None."""
        self.label_issues_df = None
        self.label_issues_mask = None
        self.sample_weight = None
        self.confident_joint = None
        self.py = None
        self.ps = None
        self.num_classes = None
        self.noise_matrix = None
        self.inverse_noise_matrix = None
        self.clf_kwargs = None
        self.clf_final_kwargs = None

    # -----------------------------------------------------------------------------------------
    def fit(
        self,
        X,
        labels=None,
        *,
        pred_probs=None,
        thresholds=None,
        noise_matrix=None,
        inverse_noise_matrix=None,
        label_issues=None,
        sample_weight=None,
        clf_kwargs={},
        clf_final_kwargs={},
        validation_func=None,
        y=None,
    ) -> "CleanLearning":
        """Finds the label issues (unless `label_issues` is given), removes them and trains
        ``clf`` on the remaining data.

        Parameters
        ----------
        X : array_like
            Features (anything ``clf`` accepts and that can be indexed by a boolean mask).
        labels : array_like of int
            Given (noisy) labels ``0, ..., K-1``. ``y`` is an alias (give one of them).
        pred_probs : np.ndarray, optional
            Out-of-sample predicted probabilities ``(N, K)``; computed by cross-validation when
            omitted.
        thresholds : array_like, optional
            Per-class thresholds of the confident joint.
        noise_matrix, inverse_noise_matrix : np.ndarray, optional
            Known ``P(label|true_label)`` / ``P(true_label|label)`` (trace must exceed 1).
        label_issues : pandas.DataFrame or np.ndarray, optional
            Precomputed issues: a DataFrame with column ``is_label_issue``, a bool mask or unique
            int indices.
        sample_weight : np.ndarray, optional
            Per-example weights for the final fit (``clf.fit`` must accept ``sample_weight``).
        clf_kwargs : dict
            Keyword arguments of every ``clf.fit`` (cross-validation and final fit); must not
            contain ``sample_weight``.
        clf_final_kwargs : dict
            Keyword arguments of the final ``clf.fit`` only.
        validation_func : callable, optional
            ``validation_func(X_val, y_val)`` -> extra ``fit`` keyword arguments per fold.
        y : array_like, optional
            Alias of `labels` (scikit-learn's name).

        Returns
        -------
        self
        """
        if labels is not None and y is not None:
            raise ValueError("You must specify either `labels` or `y`, but not both.")
        if y is not None:
            labels = y
        if labels is None:
            raise ValueError("You must specify `labels`.")
        if self._default_clf:
            X = _force_two_dimensions(X)
        if clf_kwargs is None:
            clf_kwargs = {}
        if clf_final_kwargs is None:
            clf_final_kwargs = {}
        self.clf_final_kwargs = {**clf_kwargs, **clf_final_kwargs}
        if "sample_weight" in clf_kwargs:
            raise ValueError(
                "sample_weight should be provided directly in fit() or in clf_final_kwargs rather than in clf_kwargs"
            )
        if sample_weight is not None and not _accepts(self.clf.fit, "sample_weight"):
            raise ValueError(
                "sample_weight must be a supported fit() argument for your model in order to be specified here"
            )

        if label_issues is None:
            if self.label_issues_df is not None and self.verbose:
                print(
                    "If you already ran self.find_label_issues() and don't want to recompute, you "
                    "should pass the label_issues in as a parameter to this function next time."
                )
            label_issues = self.find_label_issues(
                X,
                labels,
                pred_probs=pred_probs,
                thresholds=thresholds,
                noise_matrix=noise_matrix,
                inverse_noise_matrix=inverse_noise_matrix,
                clf_kwargs=clf_kwargs,
                validation_func=validation_func,
            )
        else:
            _count._assert_valid_inputs(X, labels, pred_probs)
            if self.num_classes is None:
                label_matrix = noise_matrix if noise_matrix is not None else inverse_noise_matrix
                self.num_classes = get_num_classes(
                    labels, pred_probs, None if label_matrix is None else np.asarray(label_matrix)
                )
            if self.verbose:
                print("Using provided label_issues instead of finding label issues.")
                if self.label_issues_df is not None:
                    print(
                        "These will overwrite self.label_issues_df and will be returned by "
                        "`self.get_label_issues()`. "
                    )

        self.label_issues_df = self._process_label_issues_arg(label_issues, labels)
        if "label_quality" not in self.label_issues_df.columns and pred_probs is not None:
            if self.verbose:
                print("Computing label quality scores based on given pred_probs ...")
            self.label_issues_df["label_quality"] = _rank.get_label_quality_scores(
                labels, pred_probs, **self.label_quality_scores_kwargs
            )
        self.label_issues_mask = self.label_issues_df["is_label_issue"].to_numpy()
        x_mask = np.invert(self.label_issues_mask)
        x_cleaned = _subset(X, x_mask)
        labels_cleaned = _subset_labels(labels, x_mask)
        if self.verbose:
            print(f"Pruning {np.sum(self.label_issues_mask)} examples with label issues ...")
            print(f"Remaining clean data has {len(labels_cleaned)} examples.")

        fit_takes_weights = _accepts(self.clf.fit, "sample_weight")
        if sample_weight is None:
            if (
                fit_takes_weights
                and "sample_weight" not in self.clf_final_kwargs
                and self.noise_matrix is not None
            ):
                if self.verbose:
                    print("Assigning sample weights for final training based on estimated label quality.")
                weights = np.ones(np.shape(labels_cleaned))
                for k in range(self.num_classes):
                    weights[labels_cleaned == k] = 1.0 / max(self.noise_matrix[k][k], 1e-3)
                expanded = np.zeros(len(labels))
                expanded[x_mask] = weights
                self.label_issues_df["sample_weight"] = expanded
                self.sample_weight = self.label_issues_df["sample_weight"]
                self.clf_final_kwargs["sample_weight"] = weights
                if self.verbose:
                    print("Fitting final model on the clean data ...")
            elif self.verbose:
                if "sample_weight" in self.clf_final_kwargs:
                    print("Fitting final model on the clean data with custom sample_weight ...")
                else:
                    if fit_takes_weights and self.noise_matrix is None:
                        print(
                            "Cannot utilize sample weights for final training! To use sample "
                            "weights, you need to either provide the noise_matrix or have "
                            "previously called self.find_label_issues()."
                        )
                    print("Fitting final model on the clean data ...")
        elif "sample_weight" not in self.clf_final_kwargs:
            self.clf_final_kwargs["sample_weight"] = np.asarray(sample_weight)[x_mask]
            if self.verbose:
                print("Fitting final model on the clean data with custom sample_weight ...")
        elif self.verbose:
            print("Fitting final model on the clean data with custom sample_weight ...")

        self.clf.fit(x_cleaned, labels_cleaned, **self.clf_final_kwargs)
        if self.verbose:
            print(
                "Label issues stored in label_issues_df DataFrame accessible via: "
                "self.get_label_issues(). Call self.save_space() to delete this potentially large "
                "DataFrame attribute."
            )
        return self

    # -----------------------------------------------------------------------------------------
    def _x_from_args(self, args, kwargs):
        if args:
            X = args[0]
            args = args[1:]
        elif "X" in kwargs:
            kwargs = dict(kwargs)
            X = kwargs.pop("X")
        else:
            raise ValueError("No input provided to predict, please provide X.")
        return (_force_two_dimensions(X),) + tuple(args), kwargs

    def __sklearn_is_fitted__(self) -> bool:
        """True once the wrapped classifier is fitted (lets a Pipeline use this as its last
        step)."""
        return _clf_is_fitted(self.clf)

    def predict(self, *args, **kwargs) -> np.ndarray:
        """``clf.predict(X)`` of the classifier trained on the cleaned data."""
        if self._default_clf:
            args, kwargs = self._x_from_args(args, kwargs)
        return self.clf.predict(*args, **kwargs)

    def predict_proba(self, *args, **kwargs) -> np.ndarray:
        """``clf.predict_proba(X)`` of the classifier trained on the cleaned data."""
        if self._default_clf:
            args, kwargs = self._x_from_args(args, kwargs)
        return self.clf.predict_proba(*args, **kwargs)

    def score(self, X, y, sample_weight=None) -> float:
        """``clf.score(X, y[, sample_weight])``, or the accuracy of ``clf.predict(X)`` when
        ``clf`` has no ``score``."""
        if self._default_clf:
            X = _force_two_dimensions(X)
        return _score(self.clf, X, y, sample_weight)

    # -----------------------------------------------------------------------------------------
    def find_label_issues(
        self,
        X=None,
        labels=None,
        *,
        pred_probs=None,
        thresholds=None,
        noise_matrix=None,
        inverse_noise_matrix=None,
        save_space=False,
        clf_kwargs={},
        validation_func=None,
    ) -> "pd.DataFrame":
        """Identifies the label issues without training the final classifier.

        Returns
        -------
        pandas.DataFrame
            One row per example: ``is_label_issue`` (bool), ``label_quality`` (score of
            `label_quality_scores_kwargs`), ``given_label`` and ``predicted_label`` (argmax of
            the out-of-sample predicted probabilities), the labels as int16 (int32 for 32767
            classes or more). Stored as ``self.label_issues_df`` unless `save_space`.
        """
        _count._assert_valid_inputs(X, labels, pred_probs)
        labels = _count._labels_to_array(labels)
        _check_trace(noise_matrix, inverse_noise_matrix)
        if self._default_clf:
            X = _force_two_dimensions(X)
        label_matrix = noise_matrix if noise_matrix is not None else inverse_noise_matrix
        self.num_classes = get_num_classes(
            labels, pred_probs, None if label_matrix is None else np.asarray(label_matrix)
        )
        if pred_probs is None and len(labels) / self.num_classes < self.cv_n_folds:
            raise ValueError(
                "Need more data from each class for cross-validation. "
                "Try decreasing cv_n_folds (eg. to 2 or 3) in CleanLearning()"
            )
        self.ps = value_counts(labels) / float(len(labels))
        self.clf_kwargs = clf_kwargs
        if self.low_memory:
            find_label_issues_batched = _label_issues_batched()
            if pred_probs is None:
                pred_probs = self._cv_pred_probs(X, labels, validation_func)
            if self.find_label_issues_kwargs:
                warnings.warn("`find_label_issues_kwargs` is not used when `low_memory=True`.")
            for name, value in (
                ("thresholds", thresholds),
                ("noise_matrix", noise_matrix),
                ("inverse_noise_matrix", inverse_noise_matrix),
            ):
                if value is not None:
                    warnings.warn(f"`{name}` is not used when `low_memory=True`.")
            label_issues_mask = find_label_issues_batched(labels, pred_probs, return_mask=True)
        else:
            kwargs = self._label_issues_kwargs()
            user_cj = "confident_joint" in kwargs
            # A confident joint given in find_label_issues_kwargs is used as is (a copy, so that
            # pulearning does not modify the caller's array); otherwise it is estimated afresh.
            self.confident_joint = None
            if user_cj and kwargs["confident_joint"] is not None:
                self.confident_joint = np.array(kwargs["confident_joint"])
                self.py, noise_matrix, _ = _count.estimate_latent(self.confident_joint, labels)
            if noise_matrix is not None:
                self.noise_matrix = np.array(noise_matrix, dtype=np.float64)
                if inverse_noise_matrix is None:
                    if self.verbose:
                        print("Computing label noise estimates from provided noise matrix ...")
                    self.py, self.inverse_noise_matrix = compute_py_inv_noise_matrix(
                        self.ps, self.noise_matrix
                    )
            if inverse_noise_matrix is not None:
                self.inverse_noise_matrix = np.array(inverse_noise_matrix, dtype=np.float64)
                if noise_matrix is None:
                    if self.verbose:
                        print("Computing label noise estimates from provided inverse noise matrix ...")
                    self.noise_matrix = compute_noise_matrix_from_inverse(
                        self.ps, self.inverse_noise_matrix
                    )
            if noise_matrix is None and inverse_noise_matrix is None:
                if pred_probs is None:
                    if self.verbose:
                        print(
                            f"Computing out of sample predicted probabilities via "
                            f"{self.cv_n_folds}-fold cross validation. May take a while ..."
                        )
                    (
                        self.py,
                        self.noise_matrix,
                        self.inverse_noise_matrix,
                        self.confident_joint,
                        pred_probs,
                    ) = _count.estimate_py_noise_matrices_and_cv_pred_proba(
                        X,
                        labels,
                        self.clf,
                        cv_n_folds=self.cv_n_folds,
                        thresholds=thresholds,
                        converge_latent_estimates=self.converge_latent_estimates,
                        seed=self.seed,
                        clf_kwargs=self.clf_kwargs,
                        validation_func=validation_func,
                    )
                else:
                    if self.verbose:
                        print("Computing label noise estimates from provided pred_probs ...")
                    (
                        self.py,
                        self.noise_matrix,
                        self.inverse_noise_matrix,
                        self.confident_joint,
                    ) = _count.estimate_py_and_noise_matrices_from_probabilities(
                        labels,
                        pred_probs,
                        thresholds=thresholds,
                        converge_latent_estimates=self.converge_latent_estimates,
                    )
            if pred_probs is None:
                pred_probs = self._cv_pred_probs(X, labels, validation_func)
            if self.confident_joint is None:
                self.confident_joint = _count.compute_confident_joint(
                    labels, pred_probs, thresholds=thresholds
                )
            if self.num_classes == 2 and self.pulearning is not None:
                _apply_pulearning(
                    self.pulearning, self.noise_matrix, self.inverse_noise_matrix,
                    self.confident_joint,
                )
            if user_cj:
                if kwargs["confident_joint"] is not None:
                    kwargs["confident_joint"] = self.confident_joint
            elif kwargs.get("filter_by") != "confident_learning":
                kwargs["confident_joint"] = self.confident_joint
            if self.verbose:
                print("Using predicted probabilities to identify label issues ...")
            label_issues_mask = _filter.find_label_issues(labels, pred_probs, **kwargs)

        label_quality_scores = _rank.get_label_quality_scores(
            labels, pred_probs, **(self.label_quality_scores_kwargs or {})
        )
        label_issues_df = pd.DataFrame(
            {"is_label_issue": label_issues_mask, "label_quality": label_quality_scores}
        )
        if self.verbose:
            print(f"Identified {np.sum(label_issues_mask)} examples with label issues.")
        predicted_labels = np.asarray(pred_probs).argmax(axis=1)
        label_issues_df["given_label"] = compress_int_array(labels, self.num_classes)
        label_issues_df["predicted_label"] = compress_int_array(predicted_labels, self.num_classes)
        if not save_space:
            if self.label_issues_df is not None and self.verbose:
                print(
                    "Overwriting previously identified label issues stored at self.label_issues_df. "
                    "self.get_label_issues() will now return the newly identified label issues. "
                )
            self.label_issues_df = label_issues_df
            self.label_issues_mask = label_issues_df["is_label_issue"]
        elif self.verbose:
            print("Not storing label_issues as attributes since save_space was specified.")
        return label_issues_df

    def _cv_pred_probs(self, X, labels, validation_func):
        """Out-of-sample pred_probs by cross-validation (announced when verbose)."""
        if self.verbose:
            print(
                f"Computing out of sample predicted probabilities via {self.cv_n_folds}-fold "
                "cross validation. May take a while ..."
            )
        return _count.estimate_cv_predicted_probabilities(
            X,
            labels,
            self.clf,
            cv_n_folds=self.cv_n_folds,
            seed=self.seed,
            clf_kwargs=self.clf_kwargs,
            validation_func=validation_func,
        )

    def _label_issues_kwargs(self) -> dict:
        """cleanlab's effective options of filter.find_label_issues: ``min_examples_per_class``
        10 unless given; ``return_indices_ranked_by`` / ``multi_label`` rejected."""
        kwargs = {**_DEFAULT_FIND_LABEL_ISSUES_KWARGS, **(self.find_label_issues_kwargs or {})}
        for name in _UNSUPPORTED_FIND_LABEL_ISSUES_KWARGS:
            if name in kwargs:
                raise ValueError(
                    "These kwargs of `find_label_issues()` are not supported for "
                    f"`CleanLearning`: {_UNSUPPORTED_FIND_LABEL_ISSUES_KWARGS}"
                )
        return kwargs

    def get_label_issues(self) -> Optional["pd.DataFrame"]:
        """The DataFrame of the last ``find_label_issues`` / ``fit`` (None, with a warning,
        before either ran)."""
        if self.label_issues_df is None:
            warnings.warn(
                "Label issues have not yet been computed. Run `self.find_label_issues()` or `self.fit()` first."
            )
        return self.label_issues_df

    def save_space(self):
        """Deletes the attributes computed by ``fit`` / ``find_label_issues`` (the label-issues
        DataFrame, the noise estimates, ...); the trained classifier and the constructor's
        parameters are kept."""
        if self.label_issues_df is None and self.verbose:
            print("self.label_issues_df is already empty")
        self._clear_results()
        if self.verbose:
            print("Deleted non-sklearn attributes such as label_issues_df to save space.")

    def _process_label_issues_arg(self, label_issues, labels) -> "pd.DataFrame":
        """The `label_issues` argument of fit as a DataFrame with column ``is_label_issue``."""
        labels = _count._labels_to_array(labels)
        if isinstance(label_issues, pd.DataFrame):
            if "is_label_issue" not in label_issues.columns:
                raise ValueError(
                    "DataFrame label_issues must contain column: 'is_label_issue'. "
                    "See CleanLearning.fit() documentation for label_issues column descriptions."
                )
            if len(label_issues) != len(labels):
                raise ValueError("label_issues and labels must have same length")
            if "given_label" in label_issues.columns and np.any(
                label_issues["given_label"].to_numpy() != labels
            ):
                raise ValueError("labels must match label_issues['given_label']")
            return label_issues
        if isinstance(label_issues, np.ndarray):
            if label_issues.dtype not in (np.dtype("bool"), np.dtype("int")):
                raise ValueError("If label_issues is numpy.array, dtype must be 'bool' or 'int'.")
            if label_issues.dtype == np.dtype("bool") and label_issues.shape != labels.shape:
                raise ValueError(
                    "If label_issues is boolean numpy.array, must have same shape as labels"
                )
            if label_issues.dtype == np.dtype("int"):
                if len(np.unique(label_issues)) != len(label_issues):
                    raise ValueError(
                        "If label_issues.dtype is 'int', must contain unique integer indices "
                        "corresponding to examples with label issues such as output by: "
                        "filter.find_label_issues(..., return_indices_ranked_by=...)"
                    )
                indices = label_issues
                label_issues = np.full(len(labels), False, dtype=bool)
                if len(indices) > 0:
                    label_issues[indices] = True
            return pd.DataFrame({"is_label_issue": label_issues})
        raise ValueError("label_issues must be either pandas.DataFrame or numpy.array")


def _noise_indices_1x(s, psx, inverse_noise_matrix, confident_joint, prune_method, n_jobs):
    """1.x's ``pruning.get_noise_indices(s, psx, inverse_noise_matrix, confident_joint,
    prune_method=..., n_jobs=...)``: libcleanlab's ``pruning`` module when the package has it (the
    1.x tie rules), else its 2.x equivalent ``filter.find_label_issues(filter_by=prune_method,
    min_examples_per_class=5)`` (the same masks on inputs without ties)."""
    try:
        from .pruning import get_noise_indices
    except ImportError:
        get_noise_indices = None
    if get_noise_indices is not None:
        return np.asarray(
            get_noise_indices(
                s,
                psx,
                inverse_noise_matrix=inverse_noise_matrix,
                confident_joint=confident_joint,
                prune_method=prune_method,
                n_jobs=n_jobs,
            ),
            dtype=bool,
        )
    with warnings.catch_warnings():
        # 1.x's get_noise_indices does not warn about classes too small to prune
        warnings.filterwarnings("ignore", message="May not flag all label issues")
        return _filter.find_label_issues(
            s,
            psx,
            confident_joint=confident_joint,
            filter_by=prune_method,
            min_examples_per_class=_MIN_NUM_PER_CLASS_1X,
            n_jobs=n_jobs,
        )


class LearningWithNoisyLabels(BaseEstimator):
    """The cleanlab 1.x interface of learning with noisy labels (the seed's "3 lines")::

        lnl = LearningWithNoisyLabels(clf=LogisticRegression())
        lnl.fit(X=X_train_data, s=train_noisy_labels)
        predicted_test_labels = lnl.predict(X_test)

    ``fit`` estimates the noise (cross-validated ``psx`` with ``copy.deepcopy(clf)`` per fold,
    unless `psx` is given), prunes the label errors found by `prune_method` (never pruning a class
    below 5 examples, as 1.x) and trains ``clf`` on the rest, class ``k`` weighted by
    ``1 / noise_matrix[k][k]`` when ``clf.fit`` takes ``sample_weight``.

    The pruning is libcleanlab's ``pruning.get_noise_indices`` when the package has the 1.x
    ``pruning`` module, else ``filter.find_label_issues(s, psx, confident_joint=...,
    filter_by=prune_method, min_examples_per_class=5)``: the 2.x form of 1.x's
    ``get_noise_indices``, with the same masks on inputs without ties (see the README).

    Parameters
    ----------
    clf : estimator, default=LogisticRegression(solver="lbfgs")
        Any classifier with ``fit``, ``predict`` and ``predict_proba``.
    seed : int, optional
        Seeds numpy's global random state (in the constructor) and the fold shuffling.
    cv_n_folds : int, default=5
    prune_method : {'prune_by_noise_rate', 'prune_by_class', 'both'}
    converge_latent_estimates : bool, default=False
    pulearning : {None, 0, 1}
        For two classes only: the class known to have no label errors.
    n_jobs : int, optional
        Threads of the pruning (default: the number of CPUs). Results never depend on it.
    """

    def __init__(
        self,
        clf=None,
        seed=None,
        cv_n_folds=5,
        prune_method="prune_by_noise_rate",
        converge_latent_estimates=False,
        pulearning=None,
        n_jobs=None,
    ):
        if clf is None:
            from sklearn.linear_model import LogisticRegression

            clf = LogisticRegression(solver="lbfgs")
        _check_clf(clf)
        if seed is not None:
            np.random.seed(seed=seed)
        if n_jobs is None:
            n_jobs = os.cpu_count() or 1
        elif not n_jobs >= 1:
            raise ValueError(f"n_jobs must be >= 1, got {n_jobs!r}")
        self.clf = clf
        self.seed = seed
        self.cv_n_folds = cv_n_folds
        self.prune_method = prune_method
        self.converge_latent_estimates = converge_latent_estimates
        self.pulearning = pulearning
        self.n_jobs = n_jobs
        self.noise_mask = None
        self.sample_weight = None
        self.confident_joint = None
        self.py = None
        self.ps = None
        self.K = None
        self.noise_matrix = None
        self.inverse_noise_matrix = None

    def fit(self, X, s, psx=None, thresholds=None, noise_matrix=None, inverse_noise_matrix=None):
        """Prunes the likely label errors of (X, s) and trains ``clf`` on the rest.

        Parameters
        ----------
        X : np.ndarray
            Features ``(N, ...)``.
        s : np.ndarray
            Given (noisy) labels ``0, ..., K-1``.
        psx : np.ndarray, optional
            Out-of-sample predicted probabilities ``(N, K)``; computed by cross-validation when
            omitted.
        thresholds : array_like, optional
            Per-class thresholds of the confident joint.
        noise_matrix, inverse_noise_matrix : np.ndarray, optional
            Known noise matrices (trace must exceed 1).

        Returns
        -------
        clf
            The trained classifier ``self.clf`` (as 1.x; scikit-learn ignores the return value
            in ``Pipeline`` and ``GridSearchCV``).
        """
        _count._assert_valid_inputs(X, s)
        if psx is not None:
            _count._assert_valid_inputs(None, s, psx)
        if self.prune_method not in _PRUNE_METHODS:
            raise ValueError(
                f"prune_method must be one of {list(_PRUNE_METHODS)}, got {self.prune_method!r}"
            )
        _check_trace(noise_matrix, inverse_noise_matrix)
        s = _count._labels_to_array(s)
        self.K = len(np.unique(s))
        self.ps = value_counts(s) / float(len(s))
        self.confident_joint = None
        deepcopy = copy.deepcopy

        if noise_matrix is not None:
            self.noise_matrix = np.array(noise_matrix, dtype=np.float64)
            if inverse_noise_matrix is None:
                self.py, self.inverse_noise_matrix = compute_py_inv_noise_matrix(
                    self.ps, self.noise_matrix
                )
        if inverse_noise_matrix is not None:
            self.inverse_noise_matrix = np.array(inverse_noise_matrix, dtype=np.float64)
            if noise_matrix is None:
                self.noise_matrix = compute_noise_matrix_from_inverse(
                    self.ps, self.inverse_noise_matrix
                )
        if noise_matrix is None and inverse_noise_matrix is None:
            if psx is None:
                (
                    self.py,
                    self.noise_matrix,
                    self.inverse_noise_matrix,
                    self.confident_joint,
                    psx,
                ) = _count._py_noise_matrices_and_cv_pred_proba(
                    X, s, self.clf, self.cv_n_folds, thresholds, self.converge_latent_estimates,
                    "cnt", self.seed, None, None, copy_clf=deepcopy,
                )
            else:
                (
                    self.py,
                    self.noise_matrix,
                    self.inverse_noise_matrix,
                    self.confident_joint,
                ) = _count.estimate_py_and_noise_matrices_from_probabilities(
                    s, psx, thresholds=thresholds,
                    converge_latent_estimates=self.converge_latent_estimates,
                )
        if psx is None:
            psx = _count._py_noise_matrices_and_cv_pred_proba(
                X, s, self.clf, self.cv_n_folds, None, False, "cnt", self.seed, None, None,
                copy_clf=deepcopy,
            )[-1]

        if self.K == 2 and self.pulearning is not None:
            _apply_pulearning(
                self.pulearning, self.noise_matrix, self.inverse_noise_matrix, self.confident_joint
            )

        self.noise_mask = _noise_indices_1x(
            s, psx, self.inverse_noise_matrix, self.confident_joint, self.prune_method, self.n_jobs
        )
        x_mask = ~self.noise_mask
        x_pruned = _subset(X, x_mask)
        s_pruned = s[x_mask]
        if _accepts(self.clf.fit, "sample_weight"):
            self.sample_weight = np.ones(np.shape(s_pruned))
            for k in range(self.K):
                self.sample_weight[s_pruned == k] = 1.0 / self.noise_matrix[k][k]
            self.clf.fit(x_pruned, s_pruned, sample_weight=self.sample_weight)
        else:
            self.clf.fit(x_pruned, s_pruned)
        return self.clf

    def __sklearn_is_fitted__(self) -> bool:
        """True once the wrapped classifier is fitted (lets a Pipeline use this as its last
        step)."""
        return _clf_is_fitted(self.clf)

    def predict(self, *args, **kwargs):
        """``clf.predict(X)``."""
        return self.clf.predict(*args, **kwargs)

    def predict_proba(self, *args, **kwargs):
        """``clf.predict_proba(X)``."""
        return self.clf.predict_proba(*args, **kwargs)

    def score(self, X, y, sample_weight=None):
        """``clf.score(X, y[, sample_weight])``, or the accuracy of ``clf.predict(X)``."""
        return _score(self.clf, X, y, sample_weight)
