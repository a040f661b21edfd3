"""Type stub of libcleanlab._native_v1 (private): the cl_v1_* functions (cleanlab 1.x semantics).
Outputs are preallocated by the caller and checked here exactly (sizes, dtypes, contiguity)."""

from typing import Any, Optional

PRUNE_BY_NOISE_RATE: int
PRUNE_BY_CLASS: int
PRUNE_BOTH: int
SORT_NONE: int
SORT_PROB_GIVEN_LABEL: int
SORT_NORMALIZED_MARGIN: int

def get_noise_indices(
    psx: Any, labels: Any, out_mask: Any, out_sorted: Optional[Any], prune_method: int,
    sorted_index_method: int, prune_in_float32: bool, frac_noise: float,
    num_to_remove_per_class: Optional[Any], confident_joint: Optional[Any],
    confident_joint_order: int,
) -> int: ...
def compute_confident_joint(
    psx: Any, labels: Any, n_classes: int, thresholds: Optional[Any], thresholds_dtype: int,
    calibrate: bool, out: Any, out_off_diagonal_mask: Optional[Any],
) -> int: ...
def calibrate_confident_joint(confident_joint: Any, n_classes: int, order: int, labels: Any, out: Any) -> None: ...
def estimate_joint(psx: Optional[Any], labels: Any, confident_joint: Optional[Any], order: int, n_classes: int, out: Any) -> None: ...
def num_label_errors(psx: Optional[Any], labels: Any, confident_joint: Optional[Any], order: int, n_classes: int, out: Any) -> int: ...
def keep_at_least_n_per_class(prune_count_matrix: Any, n_classes: int, order: int, n: int, frac_noise: float, out: Any) -> None: ...
def reduce_prune_counts(prune_count_matrix: Any, n_classes: int, order: int, n: int, frac_noise: float, out: Any) -> None: ...
def order_label_errors(psx: Any, labels: Any, mask: Any, method: int, out: Any) -> int: ...
