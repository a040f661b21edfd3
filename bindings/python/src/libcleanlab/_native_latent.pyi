"""Type stub of libcleanlab._native_latent (private): thin wrappers of the cl_* functions of the
"latent" area of cleanlab.h. Arrays are float64 (int64 where noted) C-contiguous buffers of the
exact sizes; outputs are written in place."""

from typing import Optional

import numpy as np

PY_CNT: int
PY_EQN: int
PY_MARGINAL: int
PY_MARGINAL_PS: int

def estimate_latent(confident_joint: np.ndarray, n_classes: int, order: int, labels: np.ndarray,
                    py_method: int, converge: bool, out_py: np.ndarray,
                    out_noise_matrix: np.ndarray, out_inv: np.ndarray) -> None: ...
def estimate_py_and_noise_matrices_from_probabilities(
    pred_probs: np.ndarray, labels: np.ndarray, thresholds: Optional[np.ndarray],
    thresholds_dtype: int, converge: bool, py_method: int, calibrate: bool, out_py: np.ndarray,
    out_noise_matrix: np.ndarray, out_inv: np.ndarray, out_cj: np.ndarray) -> None: ...
def converge_estimates(ps: np.ndarray, py: np.ndarray, noise_matrix: np.ndarray,
                       inverse_noise_matrix: np.ndarray, n_classes: int,
                       inv_noise_matrix_iterations: int, noise_matrix_iterations: int,
                       out_py: np.ndarray, out_noise_matrix: np.ndarray,
                       out_inv: np.ndarray) -> None: ...
def compute_py(ps: np.ndarray, noise_matrix: np.ndarray, inverse_noise_matrix: np.ndarray,
               n_classes: int, py_method: int, true_labels_class_counts: Optional[np.ndarray],
               out: np.ndarray) -> None: ...
def compute_inv_noise_matrix(vector: np.ndarray, matrix: np.ndarray, n_classes: int,
                             optional: Optional[np.ndarray], out: np.ndarray) -> None: ...
def compute_noise_matrix_from_inverse(vector: np.ndarray, matrix: np.ndarray, n_classes: int,
                                      optional: Optional[np.ndarray], out: np.ndarray) -> None: ...
def compute_py_inv_noise_matrix(ps: np.ndarray, noise_matrix: np.ndarray, n_classes: int,
                                out_py: np.ndarray, out_inv: np.ndarray) -> None: ...
def compute_pyx(pred_probs: np.ndarray, n_examples: int, n_classes: int, noise_matrix: np.ndarray,
                inverse_noise_matrix: np.ndarray, out: np.ndarray) -> None: ...
def clip_noise_rates(matrix: np.ndarray, n_classes: int, out: np.ndarray) -> None: ...
def clip_values(x: np.ndarray, low: float, high: float, new_sum: Optional[float],
                out: np.ndarray) -> None: ...
def remove_noise_from_class(noise_matrix: np.ndarray, n_classes: int, class_without_noise: int,
                            out: np.ndarray) -> None: ...
def round_preserving_sum(values: np.ndarray, out: np.ndarray) -> None: ...
def round_preserving_row_totals(matrix: np.ndarray, n_rows: int, n_cols: int,
                                out: np.ndarray) -> None: ...
