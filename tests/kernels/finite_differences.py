"""Central finite differences, the reference every backward kernel is checked against."""

import numpy as np


def numerical_gradient(function, x, upstream, step=1e-6):
    """Estimates d sum(function(x) * upstream) / dx by central differences.

    Args:
        function: maps a float64 array shaped like ``x`` to an array shaped
            like ``upstream``.
        x: float64 point of evaluation (not modified).
        upstream: float64 weights of the outputs (the incoming gradient).
        step: half-width of each difference.

    Returns:
        float64 array shaped like ``x``.
    """
    x = np.array(x, dtype=np.float64)
    gradient = np.zeros_like(x)
    flat_x, flat_gradient = x.reshape(-1), gradient.reshape(-1)
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + step
        plus = np.sum(function(x.copy()) * upstream)
        flat_x[i] = original - step
        minus = np.sum(function(x.copy()) * upstream)
        flat_x[i] = original
        flat_gradient[i] = (plus - minus) / (2.0 * step)
    return gradient
