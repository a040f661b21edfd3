"""Dataset-level label health: which classes are noisiest, which classes overlap, and one overall
score.

Drop-in replacements for ``cleanlab.dataset`` (cleanlab 2.9.0): the same DataFrame columns,
dtypes and row order (ties in a sort column keep class / pair order, as a stable sort would) and
the same printed text with ``verbose=True``. The numbers are computed by libcleanlab's native core
(``cl_rank_classes_by_label_quality``, ``cl_find_overlapping_classes``,
``cl_overall_label_health_score``).

pandas is needed only by the functions that return DataFrames; it is imported when they are
called.
"""

from typing import Optional, Tuple

import numpy as np

from . import _native_health
from . import count as _count
from ._common import as_float64_matrix, call_native

__all__ = [
    "rank_classes_by_label_quality",
    "find_overlapping_classes",
    "overall_label_health_score",
    "health_summary",
]


def _pd():
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - pandas is installed in the test environment
        raise ImportError(
            "libcleanlab.dataset returns pandas DataFrames: install pandas (pip install pandas)"
        ) from e
    return pd


def _joint(labels, pred_probs, joint, confident_joint) -> Tuple[np.ndarray, int]:
    """(joint as float64 C-contiguous, cl_matrix_order numpy would sum it in)."""
    if joint is None:
        j = _count.estimate_joint(labels=labels, pred_probs=pred_probs, confident_joint=confident_joint)
        # estimate_joint keeps the layout of a confident_joint it only normalises
        order = _count._memory_order(confident_joint) if (confident_joint is not None and labels is None) else 0
        return j, order
    return as_float64_matrix(joint, "joint"), _count._memory_order(joint)


def _get_num_examples(labels=None, confident_joint: Optional[np.ndarray] = None):
    if labels is None and confident_joint is None:
        raise ValueError(
            "Error: num_examples is None. You must either provide confident_joint, "
            "or provide both num_example and joint as input parameters."
        )
    return len(labels) if labels is not None else np.sum(confident_joint)


def rank_classes_by_label_quality(
    labels=None,
    pred_probs=None,
    *,
    class_names=None,
    num_examples=None,
    joint=None,
    confident_joint=None,
    multi_label=False,
):
    """Returns a DataFrame with one row per class, ranked by label quality (noisiest first).

    Columns: ``Class Index``, ``Label Issues`` (estimated number of examples labeled as the
    class that belong to another), ``Inverse Label Issues`` (examples of the class labeled as
    another), ``Label Noise`` (``p(true != k | given = k)``), ``Inverse Label Noise``
    (``p(given != k | true = k)``) and ``Label Quality Score`` (``1 - Label Noise``), preceded by
    ``Class Name`` when `class_names` is given. Sorted by ascending ``Label Quality Score``;
    equal scores keep class order.

    Parameters are those of ``cleanlab.dataset.rank_classes_by_label_quality``: give `labels` and
    `pred_probs`, or a `joint` (``K x K``, ``p(given, true)``) with `num_examples`, or a
    `confident_joint`. ``multi_label=True`` raises ValueError (see
    :mod:`libcleanlab.multilabel_classification.dataset`).
    """
    if multi_label:
        raise ValueError(
            "For multilabel data, please instead call:  multilabel_classification.dataset.overall_multilabel_health_score()"
        )
    pd = _pd()
    j, order = _joint(labels, pred_probs, joint, confident_joint)
    if num_examples is None:
        num_examples = _get_num_examples(labels=labels)
    k = j.shape[0]
    ci = np.empty(k, dtype=np.int64)
    li = np.empty(k, dtype=np.int64)
    ili = np.empty(k, dtype=np.int64)
    ln = np.empty(k, dtype=np.float64)
    iln = np.empty(k, dtype=np.float64)
    q = np.empty(k, dtype=np.float64)
    with call_native(None, k):
        _native_health.rank_classes_by_label_quality(j, k, order, float(num_examples), ci, li, ili, ln, iln, q)
    df = pd.DataFrame(
        {
            "Class Index": ci,
            "Label Issues": li,
            "Inverse Label Issues": ili,
            "Label Noise": ln,
            "Inverse Label Noise": iln,
            "Label Quality Score": q,
        }
    )
    if class_names is not None:
        # insert in class order first (pandas' own dtype inference and length check), then reorder
        names = pd.DataFrame({"Class Index": np.arange(k)})
        names.insert(loc=0, column="Class Name", value=class_names)
        df.insert(loc=0, column="Class Name", value=names["Class Name"].take(ci).reset_index(drop=True))
    return df


def find_overlapping_classes(
    labels=None,
    pred_probs=None,
    *,
    asymmetric=False,
    class_names=None,
    num_examples=None,
    joint=None,
    confident_joint=None,
    multi_label=False,
):
    """Returns the pairs of classes that overlap most (that the labels and the model confuse).

    Columns: ``Class Index A``, ``Class Index B``, ``Num Overlapping Examples``, ``Joint
    Probability`` (``J[a,b] + J[b,a]`` for the pairs ``a < b``, or ``J[a,b]`` for every ordered pair
    ``a != b`` with ``asymmetric=True``), preceded by ``Class Name A`` / ``Class Name B`` when
    `class_names` is given. Sorted by descending ``Joint Probability``; equal values keep
    row-major pair order.

    Parameters are those of ``cleanlab.dataset.find_overlapping_classes``.
    """
    if multi_label:
        raise ValueError(
            "For multilabel data, please instead call: multilabel_classification.dataset.common_multilabel_issues()"
        )
    pd = _pd()
    j, order = _joint(labels, pred_probs, joint, confident_joint)
    if num_examples is None:
        num_examples = _get_num_examples(labels=labels, confident_joint=confident_joint)
    k = j.shape[0]
    cap = k * (k - 1)
    a = np.empty(cap, dtype=np.int64)
    b = np.empty(cap, dtype=np.int64)
    no = np.empty(cap, dtype=np.int64)
    jp = np.empty(cap, dtype=np.float64)
    with call_native(None, k):
        rows = _native_health.find_overlapping_classes(j, k, order, float(num_examples), bool(asymmetric), a, b, no, jp)
    df = pd.DataFrame(
        {
            "Class Index A": a[:rows],
            "Class Index B": b[:rows],
            "Num Overlapping Examples": no[:rows],
            "Joint Probability": jp[:rows],
        }
    )
    if class_names is not None:
        df.insert(loc=0, column="Class Name A", value=df["Class Index A"].apply(lambda x: class_names[x]))
        df.insert(loc=1, column="Class Name B", value=df["Class Index B"].apply(lambda x: class_names[x]))
    return df


def overall_label_health_score(
    labels=None,
    pred_probs=None,
    *,
    num_examples=None,
    confident_joint=None,
    joint=None,
    multi_label=False,
    verbose=True,
) -> float:
    """Returns a single score in [0, 1] for the quality of all labels (1 = no issues estimated).

    With `labels` and `pred_probs`: ``1 - num_label_issues(labels, pred_probs) / num_examples``.
    Otherwise ``trace(joint)`` (the joint estimated from `confident_joint` if not given).
    Prints cleanlab's two summary lines when `verbose`.
    """
    if multi_label:
        raise ValueError(
            "For multilabel data, please instead call: multilabel_classification.dataset.overall_multilabel_health_score()"
        )
    if num_examples is None:
        num_examples = _get_num_examples(labels=labels, confident_joint=confident_joint)

    if pred_probs is None or labels is None:
        if joint is None:
            j, order = _joint(labels, pred_probs, None, confident_joint)
        else:
            j, order = as_float64_matrix(joint, "joint"), _count._memory_order(joint)
        k = j.shape[0]
        with call_native(None, k):
            score, issues = _native_health.overall_label_health_score_from_joint(j, k, order, float(num_examples))
        num_issues = np.int64(issues)
        health_score = np.float64(score)
    else:
        num_issues = _count.num_label_issues(labels=labels, pred_probs=pred_probs, confident_joint=confident_joint)
        health_score = 1 - num_issues / num_examples

    if verbose:
        print(
            f" * Overall, about {(1 - health_score):.0%} ({num_issues:,} of the {num_examples:,}) "
            f"labels in your dataset have potential issues.\n"
            f" ** The overall label health score for this dataset is: {health_score:.2f}."
        )
    return health_score


def _print_summary_banner(longest_line: str) -> None:
    """The framed title of cleanlab's health summaries, as wide as `longest_line`."""
    print(
        "-" * (len(longest_line) - 1)
        + "\n"
        + f"|  Generating a Cleanlab Dataset Health Summary{' ' * (len(longest_line) - 49)}|\n"
        + longest_line
        + f"|  Note, Cleanlab is not a medical doctor... yet.{' ' * (len(longest_line) - 51)}|\n"
        + "-" * (len(longest_line) - 1)
        + "\n",
    )


def _display(df) -> None:
    """Display a DataFrame in a notebook, otherwise print it (cleanlab's smart_display_dataframe)."""
    try:
        from IPython.display import display

        display(df)
    except Exception:
        print(df)


def health_summary(
    labels=None,
    pred_probs=None,
    *,
    asymmetric=False,
    class_names=None,
    num_examples=None,
    joint=None,
    confident_joint=None,
    multi_label=False,
    verbose=True,
) -> dict:
    """Prints (with `verbose`) and returns a health summary of the dataset's labels.

    Returns cleanlab's dict: ``overall_label_health_score``, ``joint``,
    ``classes_by_label_quality`` (:func:`rank_classes_by_label_quality`) and
    ``overlapping_classes`` (:func:`find_overlapping_classes`).
    """
    if multi_label:
        raise ValueError(
            "For multilabel data, please call multilabel_classification.dataset.health_summary"
        )
    joint_given = joint is not None
    if joint is None:
        joint = _count.estimate_joint(labels=labels, pred_probs=pred_probs, confident_joint=confident_joint)
        if confident_joint is not None and labels is None and _count._memory_order(confident_joint):
            joint = np.asfortranarray(joint)  # the layout cleanlab's division keeps
    if num_examples is None:
        num_examples = _get_num_examples(labels=labels)
    if joint_given and confident_joint is None and (labels is None or pred_probs is None):
        # cleanlab's health_summary does not pass `joint` on to overall_label_health_score,
        # which then has nothing to work with (cleanlab: AttributeError on None)
        raise ValueError(
            "health_summary needs labels and pred_probs, or a confident_joint, for the overall "
            "label health score: cleanlab does not pass `joint` on to overall_label_health_score "
            "(call overall_label_health_score(joint=..., num_examples=...) directly)"
        )

    if verbose:
        longest_line = (
            f"|   for your dataset with {num_examples:,} examples "
            f"and {len(joint):,} classes.  |\n"
        )
        _print_summary_banner(longest_line)

    df_class_label_quality = rank_classes_by_label_quality(
        labels=labels,
        pred_probs=pred_probs,
        class_names=class_names,
        num_examples=num_examples,
        joint=joint,
        confident_joint=confident_joint,
    )
    if verbose:
        print("Overall Class Quality and Noise across your dataset (below)")
        print("-" * 60, "\n", flush=True)
        _display(df_class_label_quality)

    df_overlapping_classes = find_overlapping_classes(
        labels=labels,
        pred_probs=pred_probs,
        asymmetric=asymmetric,
        class_names=class_names,
        num_examples=num_examples,
        joint=joint,
        confident_joint=confident_joint,
    )
    if verbose:
        print(
            "\nClass Overlap. In some cases, you may want to merge classes in the top rows (below)"
            + "\n"
            + "-" * 83
            + "\n",
            flush=True,
        )
        _display(df_overlapping_classes)
        print()

    health_score = overall_label_health_score(
        labels=labels,
        pred_probs=pred_probs,
        num_examples=num_examples,
        confident_joint=confident_joint,
        verbose=verbose,
    )
    if verbose:
        print("\nGenerated with <3 from Cleanlab.\n")
    return {
        "overall_label_health_score": health_score,
        "joint": joint,
        "classes_by_label_quality": df_class_label_quality,
        "overlapping_classes": df_overlapping_classes,
    }
