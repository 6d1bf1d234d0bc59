"""Regression losses: mean squared, absolute, absolute percentage and squared log error.

Each ``NAME_forward(y_true, y_pred, *params)`` returns the mean over the last
axis, one loss per sample; ``NAME_backward(y_true, y_pred, dloss, *params)``
returns ``dloss * d loss / d y_pred``, shaped like ``y_pred``. ``epsilon`` is
rounded to ``y_pred``'s dtype first, as Keras does.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import as_rows, cast_like, flat


@njit(cache=True, error_model="numpy")
def mean_squared_error_forward(y_true, y_pred):
    """loss = mean((y_true - y_pred)**2) over the last axis.

    Args:
        y_true: targets, shape like y_pred.
        y_pred: predictions.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat = flat(loss)
    true_rows, pred_rows = as_rows(y_true, loss.size, n), as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        total = 0.0
        for j in range(n):
            diff = true_rows[r, j] - pred_rows[r, j]
            total += diff * diff
        loss_flat[r] = total / n
    return loss


@njit(cache=True, error_model="numpy")
def mean_squared_error_backward(y_true, y_pred, dloss):
    """d y_pred = dloss * 2 * (y_pred - y_true) / n, n = size of the last axis.

    Args:
        y_true: targets.
        y_pred: predictions.
        dloss: gradient of each per-sample loss, shape ``y_pred.shape[:-1]``.

    Returns:
        gradient w.r.t. y_pred, shape and dtype of y_pred.
    """
    n = y_pred.shape[-1]
    grad = np.empty_like(y_pred)
    rows = dloss.size
    true_rows, pred_rows = as_rows(y_true, rows, n), as_rows(y_pred, rows, n)
    grad_rows, dloss_flat = as_rows(grad, rows, n), flat(dloss)
    for r in range(rows):
        scale = 2.0 * dloss_flat[r] / n
        for j in range(n):
            grad_rows[r, j] = scale * (pred_rows[r, j] - true_rows[r, j])
    return grad


@njit(cache=True, error_model="numpy")
def mean_absolute_error_forward(y_true, y_pred):
    """loss = mean(|y_true - y_pred|) over the last axis.

    Args:
        y_true: targets, shape like y_pred.
        y_pred: predictions.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat = flat(loss)
    true_rows, pred_rows = as_rows(y_true, loss.size, n), as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        total = 0.0
        for j in range(n):
            total += abs(true_rows[r, j] - pred_rows[r, j])
        loss_flat[r] = total / n
    return loss


@njit(cache=True, error_model="numpy")
def mean_absolute_error_backward(y_true, y_pred, dloss):
    """d y_pred = dloss * sign(y_pred - y_true) / n (0 where they are equal).

    Args:
        y_true: targets.
        y_pred: predictions.
        dloss: gradient of each per-sample loss, shape ``y_pred.shape[:-1]``.

    Returns:
        gradient w.r.t. y_pred, shape and dtype of y_pred.
    """
    n = y_pred.shape[-1]
    grad = np.empty_like(y_pred)
    rows = dloss.size
    true_rows, pred_rows = as_rows(y_true, rows, n), as_rows(y_pred, rows, n)
    grad_rows, dloss_flat = as_rows(grad, rows, n), flat(dloss)
    for r in range(rows):
        scale = dloss_flat[r] / n
        for j in range(n):
            grad_rows[r, j] = scale * np.sign(pred_rows[r, j] - true_rows[r, j])
    return grad


@njit(cache=True, error_model="numpy")
def mean_absolute_percentage_error_forward(y_true, y_pred, epsilon):
    """loss = 100 * mean(|y_true - y_pred| / max(|y_true|, epsilon)) over the last axis.

    Args:
        y_true: targets, shape like y_pred.
        y_pred: predictions.
        epsilon: floor for |y_true|, so zero targets do not divide by zero.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    eps = cast_like(y_pred, epsilon)
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat = flat(loss)
    true_rows, pred_rows = as_rows(y_true, loss.size, n), as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        total = 0.0
        for j in range(n):
            t = true_rows[r, j]
            total += abs((t - pred_rows[r, j]) / max(abs(t), eps))
        loss_flat[r] = 100.0 * (total / n)
    return loss


@njit(cache=True, error_model="numpy")
def mean_absolute_percentage_error_backward(y_true, y_pred, dloss, epsilon):
    """d y_pred = dloss * 100 / n * sign(y_pred - y_true) / max(|y_true|, epsilon).

    Args:
        y_true: targets.
        y_pred: predictions.
        dloss: gradient of each per-sample loss, shape ``y_pred.shape[:-1]``.
        epsilon: as in the forward kernel.

    Returns:
        gradient w.r.t. y_pred, shape and dtype of y_pred.
    """
    eps = cast_like(y_pred, epsilon)
    n = y_pred.shape[-1]
    grad = np.empty_like(y_pred)
    rows = dloss.size
    true_rows, pred_rows = as_rows(y_true, rows, n), as_rows(y_pred, rows, n)
    grad_rows, dloss_flat = as_rows(grad, rows, n), flat(dloss)
    for r in range(rows):
        scale = 100.0 * dloss_flat[r] / n
        for j in range(n):
            t = true_rows[r, j]
            grad_rows[r, j] = scale * np.sign(pred_rows[r, j] - t) / max(abs(t), eps)
    return grad


@njit(cache=True, error_model="numpy")
def mean_squared_logarithmic_error_forward(y_true, y_pred, epsilon):
    """loss = mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))**2) over the last axis.

    Args:
        y_true: targets, shape like y_pred.
        y_pred: predictions.
        epsilon: floor applied to both before the log.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    eps = cast_like(y_pred, epsilon)
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat = flat(loss)
    true_rows, pred_rows = as_rows(y_true, loss.size, n), as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        total = 0.0
        for j in range(n):
            log_pred = np.log(max(pred_rows[r, j], eps) + 1.0)
            log_true = np.log(max(true_rows[r, j], eps) + 1.0)
            total += (log_pred - log_true) ** 2
        loss_flat[r] = total / n
    return loss


@njit(cache=True, error_model="numpy")
def mean_squared_logarithmic_error_backward(y_true, y_pred, dloss, epsilon):
    """d y_pred = dloss * 2 / n * (log_pred - log_true) / (y_pred + 1), and 0 where y_pred < eps.

    Args:
        y_true: targets.
        y_pred: predictions.
        dloss: gradient of each per-sample loss, shape ``y_pred.shape[:-1]``.
        epsilon: as in the forward kernel.

    Returns:
        gradient w.r.t. y_pred, shape and dtype of y_pred.
    """
    eps = cast_like(y_pred, epsilon)
    n = y_pred.shape[-1]
    grad = np.empty_like(y_pred)
    rows = dloss.size
    true_rows, pred_rows = as_rows(y_true, rows, n), as_rows(y_pred, rows, n)
    grad_rows, dloss_flat = as_rows(grad, rows, n), flat(dloss)
    for r in range(rows):
        scale = 2.0 * dloss_flat[r] / n
        for j in range(n):
            p = pred_rows[r, j]
            if p < eps:  # max(y_pred, eps) is flat there
                grad_rows[r, j] = 0.0
                continue
            log_pred = np.log(p + 1.0)
            log_true = np.log(max(true_rows[r, j], eps) + 1.0)
            grad_rows[r, j] = scale * (log_pred - log_true) / (p + 1.0)
    return grad
