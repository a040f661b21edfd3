"""libcleanlab.benchmarking: cleanlab 2.9.0's ``cleanlab.benchmarking`` (noise generation for
benchmarking label-error detection), computed by libcleanlab.so.

``libcleanlab.benchmarking.noise_generation`` has cleanlab's functions and signatures; they are
also available here directly. :func:`make_synthetic_dataset` is a libcleanlab extension (not in
cleanlab): a dataset with known label errors and realistic predicted probabilities.
"""

from . import noise_generation
from .noise_generation import (
    generate_n_rand_probabilities_that_sum_to_m,
    generate_noise_matrix_from_trace,
    generate_noisy_labels,
    noise_matrix_is_valid,
    randomly_distribute_N_balls_into_K_bins,
)
from .synthetic import make_synthetic_dataset

__all__ = [
    "noise_generation",
    "noise_matrix_is_valid",
    "generate_noisy_labels",
    "generate_noise_matrix_from_trace",
    "generate_n_rand_probabilities_that_sum_to_m",
    "randomly_distribute_N_balls_into_K_bins",
    "make_synthetic_dataset",
]
