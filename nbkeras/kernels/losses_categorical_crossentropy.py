"""Categorical crossentropy, on probabilities and on logits, forward next to backward.

``y_true`` is one-hot (or soft), shaped like ``y_pred``. ``NAME_forward``
returns the sum over the last axis, one loss per sample; ``NAME_backward``
returns ``dloss * d loss / d y_pred``, shaped like ``y_pred``. Integer labels
instead of one-hot rows: see ``losses_sparse_crossentropy``.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import as_rows, cast_like, flat, shifted_exp_sum


@njit(cache=True, error_model="numpy", inline="always")
def categorical_crossentropy_forward(y_true, y_pred, epsilon):
    """loss = -sum(y * log(q)) over the last axis, q = clip(y_pred / sum(y_pred), eps, 1 - eps).

    Keras 3 first rescales each row of y_pred to sum to 1, then clips.

    Args:
        y_true: one-hot (or soft) targets, shape like y_pred.
        y_pred: probabilities, e.g. a softmax output.
        epsilon: clipping margin, keeps log() finite.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    low, high = cast_like(y_pred, epsilon), cast_like(y_pred, 1.0 - epsilon)
    zero = cast_like(y_pred, 0.0)
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat = flat(loss)
    true_rows, pred_rows = as_rows(y_true, loss.size, n), as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        row_sum = zero
        for j in range(n):
            row_sum += pred_rows[r, j]
        total = 0.0
        for j in range(n):
            q = min(max(pred_rows[r, j] / row_sum, low), high)
            total -= true_rows[r, j] * np.log(q)
        loss_flat[r] = total
    return loss


@njit(cache=True, error_model="numpy")
def categorical_crossentropy_backward(y_true, y_pred, dloss, epsilon):
    """d y_pred_j = dloss * (g_j - sum_k g_k q_k) / sum(y_pred), g_k = -y_k / q_k (0 where clipped).

    The chain rule through the clip (g) and through the row normalization
    q = y_pred / sum(y_pred).

    Args:
        y_true: targets.
        y_pred: probabilities.
        dloss: gradient of each per-sample loss, shape ``y_pred.shape[:-1]``.
        epsilon: as in the forward kernel.

    Returns:
        gradient w.r.t. y_pred, shape and dtype of y_pred.
    """
    low, high = cast_like(y_pred, epsilon), cast_like(y_pred, 1.0 - epsilon)
    zero = cast_like(y_pred, 0.0)
    n = y_pred.shape[-1]
    grad = np.empty_like(y_pred)
    rows = dloss.size
    true_rows, pred_rows = as_rows(y_true, rows, n), as_rows(y_pred, rows, n)
    grad_rows, dloss_flat = as_rows(grad, rows, n), flat(dloss)
    for r in range(rows):
        row_sum = zero
        for j in range(n):
            row_sum += pred_rows[r, j]
        weighted = 0.0  # sum_k g_k q_k
        for j in range(n):
            q = pred_rows[r, j] / row_sum
            g = -true_rows[r, j] / q if low <= q <= high else 0.0
            grad_rows[r, j] = g
            weighted += g * q
        for j in range(n):
            grad_rows[r, j] = dloss_flat[r] * (grad_rows[r, j] - weighted) / row_sum
    return grad


@njit(cache=True, error_model="numpy", inline="always")
def categorical_crossentropy_from_logits_forward(y_true, y_pred):
    """loss = -sum(y * log_softmax(x)) over the last axis, x = logits.

    Args:
        y_true: one-hot (or soft) targets, shape like y_pred.
        y_pred: logits x.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat = flat(loss)
    true_rows, pred_rows = as_rows(y_true, loss.size, n), as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        row_max, exp_sum = shifted_exp_sum(pred_rows[r])
        log_exp_sum = np.log(exp_sum)
        total = 0.0
        for j in range(n):
            total -= true_rows[r, j] * ((pred_rows[r, j] - row_max) - log_exp_sum)
        loss_flat[r] = total
    return loss


@njit(cache=True, error_model="numpy")
def categorical_crossentropy_from_logits_backward(y_true, y_pred, dloss):
    """d y_pred = dloss * (softmax(x) * sum(y) - y).

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
        row_max, exp_sum = shifted_exp_sum(pred_rows[r])
        true_sum = 0.0
        for j in range(n):
            true_sum += true_rows[r, j]
        for j in range(n):
            softmax = np.exp(pred_rows[r, j] - row_max) / exp_sum
            grad_rows[r, j] = dloss_flat[r] * (softmax * true_sum - true_rows[r, j])
    return grad
