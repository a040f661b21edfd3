"""Type stubs of the private extension module libcleanlab._native_health (the dataset-health,
ensemble and argmax-confusion functions of include/cleanlab.h)."""

from typing import Any, Optional, Sequence, Tuple

ENSEMBLE_UNIFORM: int
ENSEMBLE_ACCURACY: int
ENSEMBLE_LOG_LOSS_SEARCH: int
ENSEMBLE_CUSTOM: int

def rank_classes_by_label_quality(joint: Any, n_classes: int, order: int, num_examples: float, class_index: Any,
                                  label_issues: Any, inverse_label_issues: Any, label_noise: Any,
                                  inverse_label_noise: Any, label_quality_score: Any) -> None: ...
def find_overlapping_classes(joint: Any, n_classes: int, order: int, num_examples: float, asymmetric: bool,
                             class_a: Any, class_b: Any, num_overlapping: Any, joint_probability: Any) -> int: ...
def overall_label_health_score_from_joint(joint: Any, n_classes: int, order: int, num_examples: float) -> Tuple[float, int]: ...
def overall_label_health_score(pred_probs: Any, labels: Any, num_examples: float) -> Tuple[float, int]: ...
def ensemble_scores(members: Sequence[Any], labels: Any, method: int, adjust: bool, weighting: int,
                    custom_weights: Optional[Any], t_values: Optional[Any], out_scores: Any, out_weights: Any,
                    out_accuracies: Any) -> int: ...
def argmax_confusion_filter(pred_probs: Any, labels: Any, calibrate: bool, filter_by: int, out_mask: Any) -> int: ...
