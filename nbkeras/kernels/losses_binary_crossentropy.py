"""Binary crossentropy, on probabilities and on logits, forward next to backward.

``NAME_forward(y_true, y_pred, *params)`` returns the mean over the last axis,
one loss per sample; ``NAME_backward(y_true, y_pred, dloss, *params)`` returns
``dloss * d loss / d y_pred``, shaped like ``y_pred``. On probabilities,
``y_pred`` is clipped to ``[eps, 1 - eps]`` with bounds rounded to its dtype.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import as_rows, cast_like, flat, stable_sigmoid


@njit(cache=True, error_model="numpy", inline="always")
def binary_crossentropy_forward(y_true, y_pred, epsilon):
    """loss = mean(-(y log p + (1 - y) log(1 - p))) over the last axis, p = clip(y_pred, eps, 1 - eps).

    Args:
        y_true: 0/1 (or soft) targets, shape like y_pred.
        y_pred: probabilities.
        epsilon: clipping margin, keeps log() finite.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    low, high = cast_like(y_pred, epsilon), cast_like(y_pred, 1.0 - epsilon)
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat = flat(loss)
    true_rows, pred_rows = as_rows(y_true, loss.size, n), as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        total = 0.0
        for j in range(n):
            y, p = true_rows[r, j], min(max(pred_rows[r, j], low), high)
            total -= y * np.log(p) + (1.0 - y) * np.log(1.0 - p)
        loss_flat[r] = total / n
    return loss


@njit(cache=True, error_model="numpy")
def binary_crossentropy_backward(y_true, y_pred, dloss, epsilon):
    """d y_pred = dloss / n * ((1 - y) / (1 - p) - y / p), and 0 where the clip is active.

    Args:
        y_true: targets.
        y_pred: probabilities.
        dloss: gradient of each per-sample loss, shape ``y_pred.shape[:-1]``.
        epsilon: as in the forward kernel.

    Returns:
        gradient w.r.t. y_pred, shape and dtype of y_pred.
    """
    low, high = cast_like(y_pred, epsilon), cast_like(y_pred, 1.0 - epsilon)
    n = y_pred.shape[-1]
    grad = np.empty_like(y_pred)
    rows = dloss.size
    true_rows, pred_rows = as_rows(y_true, rows, n), as_rows(y_pred, rows, n)
    grad_rows, dloss_flat = as_rows(grad, rows, n), flat(dloss)
    for r in range(rows):
        scale = dloss_flat[r] / n
        for j in range(n):
            y, p = true_rows[r, j], pred_rows[r, j]
            if low <= p <= high:
                grad_rows[r, j] = scale * ((1.0 - y) / (1.0 - p) - y / p)
            else:
                grad_rows[r, j] = 0.0
    return grad


@njit(cache=True, error_model="numpy", inline="always")
def binary_crossentropy_from_logits_forward(y_true, y_pred):
    """loss = mean(max(x, 0) - x * y + log(1 + exp(-|x|))) over the last axis, x = logits.

    This equals binary crossentropy of sigmoid(x) without ever computing
    log(0) or exp() of a large number.

    Args:
        y_true: 0/1 (or soft) targets, shape like y_pred.
        y_pred: logits x.

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
            x = pred_rows[r, j]
            # Not stable_softplus(x) - x * y: for a confident right answer the
            # first two terms cancel exactly before the tiny log1p is added.
            total += max(x, 0.0) - x * true_rows[r, j] + np.log1p(np.exp(-abs(x)))
        loss_flat[r] = total / n
    return loss


@njit(cache=True, error_model="numpy")
def binary_crossentropy_from_logits_backward(y_true, y_pred, dloss):
    """d y_pred = dloss / n * (sigmoid(x) - y).

    Args:
        y_true: targets.
        y_pred: logits x.
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
            grad_rows[r, j] = scale * (stable_sigmoid(pred_rows[r, j]) - true_rows[r, j])
    return grad
