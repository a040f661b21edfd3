"""Type stubs of the private extension module libcleanlab._native (buffer-protocol binding of
include/cleanlab.h). Arrays are numpy arrays or any object exporting a compatible buffer."""

from typing import Any, List, Optional, Tuple, Union

__version__: str
CL_ABI_VERSION: int
CL_VERSION_NUMBER: int

DTYPE_FLOAT16: int
DTYPE_FLOAT32: int
DTYPE_FLOAT64: int
FILTER_PRUNE_BY_NOISE_RATE: int
FILTER_PRUNE_BY_CLASS: int
FILTER_BOTH: int
FILTER_CONFIDENT_LEARNING: int
FILTER_PREDICTED_NEQ_GIVEN: int
FILTER_LOW_NORMALIZED_MARGIN: int
FILTER_LOW_SELF_CONFIDENCE: int
RANK_NONE: int
RANK_SELF_CONFIDENCE: int
RANK_NORMALIZED_MARGIN: int
RANK_CONFIDENCE_WEIGHTED_ENTROPY: int
ESTIMATE_OFF_DIAGONAL: int
ESTIMATE_OFF_DIAGONAL_CALIBRATED: int
ESTIMATE_OFF_DIAGONAL_CUSTOM: int

# Buffer = any object exporting the buffer protocol (numpy arrays).
Buffer = Any

def version_string() -> str: ...
def cpu_kernels() -> str: ...
def version_number() -> int: ...
def abi_version() -> int: ...
def status_string(status: int) -> str: ...
def set_num_threads(n_threads: int) -> None: ...
def get_num_threads() -> int: ...
def get_confident_thresholds(pred_probs: Buffer, labels: Buffer, out: Buffer) -> None: ...
def compute_confident_joint(
    pred_probs: Buffer,
    labels: Buffer,
    thresholds: Optional[Buffer],
    thresholds_dtype: int,
    calibrate: bool,
    out: Buffer,
    out_off_diagonal_mask: Optional[Buffer],
) -> int: ...
def calibrate_confident_joint(
    confident_joint: Buffer, n_classes: int, labels: Buffer, out: Buffer, order: int = 0
) -> None: ...
def estimate_joint(
    pred_probs: Optional[Buffer],
    labels: Optional[Buffer],
    confident_joint: Optional[Buffer],
    n_classes: int,
    out: Buffer,
    order: int = 0,
) -> None: ...
def num_label_issues(
    pred_probs: Buffer,
    labels: Buffer,
    estimation_method: int,
    confident_joint: Optional[Buffer],
    order: int = 0,
) -> int: ...
def find_label_issues(
    pred_probs: Buffer,
    labels: Buffer,
    out_mask: Buffer,
    out_ranked: Optional[Buffer],
    filter_by: int,
    rank_by: int,
    rank_adjust_pred_probs: bool,
    frac_noise: float,
    min_examples_per_class: int,
    num_to_remove_per_class: Optional[Buffer],
    confident_joint: Optional[Buffer],
    n_threads: int,
    confident_joint_order: int = 0,
    report_small_classes: bool = False,
) -> Union[int, Tuple[int, List[int]]]: ...
def find_predicted_neq_given(pred_probs: Buffer, labels: Buffer, out_mask: Buffer) -> int: ...
def get_label_quality_scores(
    pred_probs: Buffer, labels: Buffer, method: int, adjust_pred_probs: bool, out: Buffer
) -> None: ...
def get_self_confidence_for_each_label(pred_probs: Buffer, labels: Buffer, out: Buffer) -> None: ...
def get_normalized_margin_for_each_label(pred_probs: Buffer, labels: Buffer, out: Buffer) -> None: ...
def get_confidence_weighted_entropy_for_each_label(
    pred_probs: Buffer, labels: Buffer, out: Buffer
) -> None: ...
def order_label_issues(
    pred_probs: Buffer,
    labels: Buffer,
    label_issues_mask: Buffer,
    rank_by: int,
    adjust_pred_probs: bool,
    out: Buffer,
) -> int: ...
def find_top_issues(quality_scores: Buffer, top: int, out: Buffer) -> int: ...
