"""Dataset-level label health for multi-label classification (cleanlab 2.9.0's
``multilabel_classification.dataset``): same DataFrames, row order (stable sorts) and printed
text; the per-class issues come from the native core (``cl_ml_find_label_issues_per_class``)."""

from collections import defaultdict
from typing import Any, Dict, Optional

import numpy as np

from .._multilabel import as_multilabels, onehot_rows
from ..dataset import _display, _print_summary_banner
from .filter import find_label_issues, find_multilabel_issues_per_class

__all__ = [
    "common_multilabel_issues",
    "rank_classes_by_multilabel_quality",
    "overall_multilabel_health_score",
    "multilabel_health_summary",
]


def _pd():
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover
        raise ImportError(
            "libcleanlab.multilabel_classification.dataset returns pandas DataFrames: install pandas"
        ) from e
    return pd


def _get_num_examples_multilabel(labels=None, confident_joint: Optional[np.ndarray] = None) -> int:
    if labels is None and confident_joint is None:
        raise ValueError(
            "Error: num_examples is None. You must either provide confident_joint, "
            "or provide both num_example and joint as input parameters."
        )
    return len(labels) if labels is not None else np.sum(confident_joint[0])


def common_multilabel_issues(labels=list, pred_probs=None, *, class_names=None, confident_joint=None):
    """Per class, how many examples have it in their given label but likely should not
    (``In Given Label``) and how many lack it but likely should have it; sorted by
    ``Issue Probability`` (descending, ties in class order)."""
    pd = _pd()
    num_examples = _get_num_examples_multilabel(labels=labels, confident_joint=confident_joint)
    summary = defaultdict(list)
    label_issues_list, labels_list, _ = find_multilabel_issues_per_class(
        labels=labels, pred_probs=pred_probs, confident_joint=confident_joint,
        return_indices_ranked_by="self_confidence")
    for class_num, (label, issues) in enumerate(zip(labels_list, label_issues_list)):
        flagged = np.zeros(len(label), dtype=bool)
        flagged[issues] = True
        true_but_false = int(np.sum(np.logical_and(label == 1, flagged)))
        false_but_true = int(np.sum(np.logical_and(label == 0, flagged)))
        for in_given, count in ((True, true_but_false), (False, false_but_true)):
            if class_names is not None:
                summary["Class Name"].append(class_names[class_num])
            summary["Class Index"].append(class_num)
            summary["In Given Label"].append(in_given)
            summary["In Suggested Label"].append(not in_given)
            summary["Num Examples"].append(np.int64(count))
            summary["Issue Probability"].append(np.int64(count) / num_examples)
    return (
        pd.DataFrame.from_dict(summary)
        .sort_values(by=["Issue Probability"], ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def rank_classes_by_multilabel_quality(labels=None, pred_probs=None, *, class_names=None, joint=None,
                                       confident_joint=None):
    """One row per class: ``Label Issues``, ``Inverse Label Issues``, ``Label Noise``, ``Inverse
    Label Noise``, ``Label Quality Score``; sorted by ascending quality (ties in class order).
    As cleanlab, `joint` is what is passed on as the confident joint of the issue search."""
    pd = _pd()
    issues_df = common_multilabel_issues(labels=labels, pred_probs=pred_probs, class_names=class_names,
                                         confident_joint=joint)
    issues_dict: Dict[Any, Any] = defaultdict(defaultdict)
    num_examples = _get_num_examples_multilabel(labels=labels, confident_joint=confident_joint)
    return_columns = ["Class Name", "Class Index", "Label Issues", "Inverse Label Issues", "Label Noise",
                      "Inverse Label Noise", "Label Quality Score"]
    if class_names is None:
        return_columns = return_columns[1:]
    for _, row in issues_df.iterrows():
        d = issues_dict[row["Class Index"]]
        if class_names is not None:
            d["Class Name"] = row["Class Name"]
        if row["In Given Label"]:
            d["Label Issues"] = int(row["Issue Probability"] * num_examples)
            d["Label Noise"] = row["Issue Probability"]
            d["Label Quality Score"] = 1 - d["Label Noise"]
        else:
            d["Inverse Label Issues"] = int(row["Issue Probability"] * num_examples)
            d["Inverse Label Noise"] = row["Issue Probability"]
    table = defaultdict(list)
    for i in issues_dict:
        table["Class Index"].append(i)
        for j in issues_dict[i]:
            table[j].append(issues_dict[i][j])
    return (
        pd.DataFrame.from_dict(table)
        .sort_values(by="Label Quality Score", ascending=True, kind="stable")
        .reset_index(drop=True)
    )[return_columns]


def overall_multilabel_health_score(labels=None, pred_probs=None, *, confident_joint=None) -> float:
    """``1 - (number of examples with a label issue) / N`` (default ``prune_by_noise_rate``)."""
    num_examples = _get_num_examples_multilabel(labels=labels)
    issues = find_label_issues(labels=labels, pred_probs=pred_probs, confident_joint=confident_joint)
    return 1.0 - sum(issues) / num_examples


def multilabel_health_summary(labels=None, pred_probs=None, *, class_names=None, num_examples=None,
                              confident_joint=None, verbose=True) -> Dict:
    """Prints (with `verbose`) and returns cleanlab's multi-label health summary dict:
    ``overall_multilabel_health_score``, ``classes_by_multilabel_quality``,
    ``common_multilabel_issues``."""
    if num_examples is None:
        num_examples = _get_num_examples_multilabel(labels=labels)
    if verbose:
        longest_line = f"|   for your dataset with {num_examples:,} examples "
        _print_summary_banner(longest_line)
    df_class_label_quality = rank_classes_by_multilabel_quality(
        labels=labels, pred_probs=pred_probs, class_names=class_names, confident_joint=confident_joint)
    if verbose:
        print("Overall Class Quality and Noise across your dataset (below)")
        print("-" * 60, "\n", flush=True)
        _display(df_class_label_quality)
    df_common_issues = common_multilabel_issues(
        labels=labels, pred_probs=pred_probs, class_names=class_names, confident_joint=confident_joint)
    if verbose:
        print("\nCommon multilabel issues are" + "\n" + "-" * 83 + "\n", flush=True)
        _display(df_common_issues)
        print()
    health_score = overall_multilabel_health_score(labels=labels, pred_probs=pred_probs,
                                                   confident_joint=confident_joint)
    if verbose:
        print("\nGenerated with <3 from Cleanlab.\n")
    return {
        "overall_multilabel_health_score": health_score,
        "classes_by_multilabel_quality": df_class_label_quality,
        "common_multilabel_issues": df_common_issues,
    }
