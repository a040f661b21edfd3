"""Type stubs of the private extension module libcleanlab._native_noise (the noise-generation
functions of include/cleanlab.h). Arrays are numpy arrays or any object exporting a compatible
buffer; outputs are caller-allocated and filled in place."""

from typing import Any, Optional

def noise_matrix_is_valid(noise_matrix: Any, py: Any) -> bool: ...
def generate_noisy_labels(true_labels: Any, noise_matrix: Any, n_classes: int, seed: int, out: Any) -> None: ...
def generate_noise_matrix_from_trace(
    K: int,
    trace: float,
    max_trace_prob: float,
    min_trace_prob: float,
    max_noise_rate: float,
    min_noise_rate: float,
    valid_noise_matrix: bool,
    py: Optional[Any],
    frac_zero_noise_rates: float,
    seed: int,
    max_iter: int,
    out: Any,
) -> bool: ...
def generate_n_rand_probabilities_that_sum_to_m(
    n: int, m: float, max_prob: float, min_prob: float, seed: int, out: Any
) -> None: ...
def randomly_distribute_N_balls_into_K_bins(
    N: int, K: int, max_balls_per_bin: int, min_balls_per_bin: int, seed: int, out: Any
) -> None: ...
def generate_synthetic_dataset(
    n: int,
    K: int,
    trace: float,
    frac_zero_noise_rates: float,
    seed: int,
    true_labels: Any,
    noisy_labels: Any,
    pred_probs: Any,
    noise_matrix: Any,
    py: Any,
) -> None: ...
