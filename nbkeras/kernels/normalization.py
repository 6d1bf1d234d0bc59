"""Normalization kernels: standardize columns (batch norm) or rows (layer/group norm).

    x_hat = (x - mean) / sqrt(variance + epsilon)      (variance without Bessel's correction)

Batch normalization standardizes each column of ``x`` of shape ``(samples,
channels)`` over the samples; layer and group normalization standardize each
row. Scaling by ``gamma`` and shifting by ``beta`` happen in the op. The
backward pass is the classic one for ``x_hat``, given ``dx_hat = dy * gamma``:

    dx = inv_std * (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat))
"""

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def standardize_columns_forward(x, epsilon):
    """x_hat[:, c] = (x[:, c] - mean_c) * inv_std_c over the rows of 2-D ``x``.

    Returns:
        (x_hat, mean, variance, inv_std), the last three of shape ``(channels,)``.
    """
    samples, channels = x.shape
    mean = np.zeros(channels, dtype=x.dtype)
    variance = np.zeros(channels, dtype=x.dtype)
    for r in range(samples):
        for c in range(channels):
            mean[c] += x[r, c]
    mean /= samples
    for r in range(samples):
        for c in range(channels):
            centred = x[r, c] - mean[c]
            variance[c] += centred * centred
    variance /= samples
    inv_std = 1.0 / np.sqrt(variance + epsilon)
    x_hat = np.empty_like(x)
    for r in range(samples):
        for c in range(channels):
            x_hat[r, c] = (x[r, c] - mean[c]) * inv_std[c]
    return x_hat, mean, variance, inv_std


@njit(cache=True, error_model="numpy")
def standardize_columns_backward(dx_hat, x_hat, inv_std):
    """dx[:, c] = inv_std_c * (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)) per column."""
    samples, channels = dx_hat.shape
    mean_d = np.zeros(channels, dtype=dx_hat.dtype)
    mean_dx = np.zeros(channels, dtype=dx_hat.dtype)
    for r in range(samples):
        for c in range(channels):
            mean_d[c] += dx_hat[r, c]
            mean_dx[c] += dx_hat[r, c] * x_hat[r, c]
    mean_d /= samples
    mean_dx /= samples
    dx = np.empty_like(dx_hat)
    for r in range(samples):
        for c in range(channels):
            dx[r, c] = inv_std[c] * (dx_hat[r, c] - mean_d[c] - x_hat[r, c] * mean_dx[c])
    return dx


@njit(cache=True, error_model="numpy")
def standardize_rows_forward(x, epsilon):
    """x_hat[r, :] = (x[r, :] - mean_r) * inv_std_r along each row of 2-D ``x``.

    Returns:
        (x_hat, inv_std) with ``inv_std`` of shape ``(rows,)``.
    """
    rows, size = x.shape
    x_hat = np.empty_like(x)
    inv_std = np.empty(rows, dtype=x.dtype)
    for r in range(rows):
        mean = 0.0
        for k in range(size):
            mean += x[r, k]
        mean /= size
        variance = 0.0
        for k in range(size):
            variance += (x[r, k] - mean) * (x[r, k] - mean)
        variance /= size
        inv = 1.0 / np.sqrt(variance + epsilon)
        inv_std[r] = inv
        for k in range(size):
            x_hat[r, k] = (x[r, k] - mean) * inv
    return x_hat, inv_std


@njit(cache=True, error_model="numpy")
def standardize_rows_backward(dx_hat, x_hat, inv_std):
    """dx[r, :] = inv_std_r * (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)) per row."""
    rows, size = dx_hat.shape
    dx = np.empty_like(dx_hat)
    for r in range(rows):
        mean_d = 0.0
        mean_dx = 0.0
        for k in range(size):
            mean_d += dx_hat[r, k]
            mean_dx += dx_hat[r, k] * x_hat[r, k]
        mean_d /= size
        mean_dx /= size
        for k in range(size):
            dx[r, k] = inv_std[r] * (dx_hat[r, k] - mean_d - x_hat[r, k] * mean_dx)
    return dx
