"""cleanlab 1.x ``cleanlab.polyplex`` (removed in cleanlab 2.0): the bounds on the trace of the
joint distribution P(s, y) given the prior p(y) and the trace of the noise matrix.
"""

from typing import Any, Tuple

import numpy as np

__all__ = ["slope_intercept", "joint_bounds", "joint_min_max"]


def slope_intercept(point1: Tuple[float, float], point2: Tuple[float, float]) -> Tuple[float, float]:
    """The slope and intercept of the line through `point1` and `point2`."""
    (xa, ya), (xb, yb) = point1, point2
    slope = (yb - ya) / float(xb - xa)
    return slope, yb - slope * xb


def joint_bounds(py: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(noise_matrix_trace, joint_trace_min, joint_trace_max)``, each of length K + 1: for a
    noise-matrix trace of 0, 1, ..., K, the smallest and largest possible trace of P(s, y).

    The minimum at trace t is the mass of the t smallest priors; the maximum is one minus the
    mass of the K - t smallest priors (cumulated from the largest prior down, sequentially).
    """
    k = len(py)
    remaining = [1]
    left = 1
    for p in np.sort(py)[::-1]:
        remaining.append(left - p)
        left -= p
    lows = np.flip(remaining, axis=0)
    highs = 1 - lows[::-1]
    return np.arange(k + 1), lows, highs


def joint_min_max(noise_matrix_trace: float, py: Any) -> Tuple[float, float]:
    """The bounds ``(min, max)`` on trace(P(s, y)) for a noise matrix of trace
    `noise_matrix_trace`, interpolating linearly between the integer traces of
    :func:`joint_bounds`."""
    _, lows, highs = joint_bounds(py)
    whole = int(noise_matrix_trace)
    if whole == noise_matrix_trace:
        return lows[whole], highs[whole]
    frac = noise_matrix_trace - whole
    low = frac * (lows[whole + 1] - lows[whole]) + lows[whole]
    high = frac * (highs[whole + 1] - highs[whole]) + highs[whole]
    return low, high
