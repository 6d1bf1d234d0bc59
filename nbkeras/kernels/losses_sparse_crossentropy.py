"""Sparse categorical crossentropy: integer class labels instead of one-hot rows.

``y_true`` holds class indices of shape ``y_pred.shape[:-1]`` stored as
numbers. The losses equal ``losses_categorical_crossentropy`` with
``one_hot(y_true)``, without building the one-hot array.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import as_rows, cast_like, class_index, flat, shifted_exp_sum


@njit(cache=True, error_model="numpy", inline="always")
def sparse_categorical_crossentropy_forward(y_true, y_pred, epsilon):
    """loss = -log(q[label]), q = clip(y_pred / sum(y_pred), eps, 1 - eps) along the last axis.

    Args:
        y_true: class indices, shape ``y_pred.shape[:-1]`` (any number dtype).
        y_pred: probabilities, e.g. a softmax output.
        epsilon: clipping margin, keeps log() finite.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    low, high = cast_like(y_pred, epsilon), cast_like(y_pred, 1.0 - epsilon)
    zero = cast_like(y_pred, 0.0)
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat, labels = flat(loss), flat(y_true)
    pred_rows = as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        label = class_index(labels[r], n)
        row_sum = zero
        for j in range(n):
            row_sum += pred_rows[r, j]
        loss_flat[r] = -np.log(min(max(pred_rows[r, label] / row_sum, low), high))
    return loss


@njit(cache=True, error_model="numpy")
def sparse_categorical_crossentropy_backward(y_true, y_pred, dloss, epsilon):
    """As categorical_crossentropy_backward with a one-hot y: g = -1 / q[label] at the label only.

    d y_pred_j = dloss * (g * [j == label] - g * q[label]) / sum(y_pred).

    Args:
        y_true: class indices, shape ``y_pred.shape[:-1]``.
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
    pred_rows, grad_rows = as_rows(y_pred, rows, n), as_rows(grad, rows, n)
    labels, dloss_flat = flat(y_true), flat(dloss)
    for r in range(rows):
        label = class_index(labels[r], n)
        row_sum = zero
        for j in range(n):
            row_sum += pred_rows[r, j]
        q = pred_rows[r, label] / row_sum
        g = -1.0 / q if low <= q <= high else 0.0
        for j in range(n):
            grad_rows[r, j] = dloss_flat[r] * (-g * q) / row_sum
        grad_rows[r, label] += dloss_flat[r] * g / row_sum
    return grad


@njit(cache=True, error_model="numpy", inline="always")
def sparse_categorical_crossentropy_from_logits_forward(y_true, y_pred):
    """loss = -log_softmax(x)[label] = log(sum(exp(x))) - x[label], x = logits.

    Args:
        y_true: class indices, shape ``y_pred.shape[:-1]`` (any number dtype).
        y_pred: logits x.

    Returns:
        per-sample loss, shape ``y_pred.shape[:-1]``.
    """
    n = y_pred.shape[-1]
    loss = np.empty(y_pred.shape[:-1], dtype=y_pred.dtype)
    loss_flat, labels = flat(loss), flat(y_true)
    pred_rows = as_rows(y_pred, loss.size, n)
    for r in range(loss.size):
        label = class_index(labels[r], n)
        row_max, exp_sum = shifted_exp_sum(pred_rows[r])
        loss_flat[r] = np.log(exp_sum) - (pred_rows[r, label] - row_max)
    return loss


@njit(cache=True, error_model="numpy")
def sparse_categorical_crossentropy_from_logits_backward(y_true, y_pred, dloss):
    """d y_pred = dloss * (softmax(x) - one_hot(label)).

    Args:
        y_true: class indices, shape ``y_pred.shape[:-1]``.
        y_pred: logits x.
        dloss: gradient of each per-sample loss, shape ``y_pred.shape[:-1]``.

    Returns:
        gradient w.r.t. y_pred, shape and dtype of y_pred.
    """
    n = y_pred.shape[-1]
    grad = np.empty_like(y_pred)
    rows = dloss.size
    pred_rows, grad_rows = as_rows(y_pred, rows, n), as_rows(grad, rows, n)
    labels, dloss_flat = flat(y_true), flat(dloss)
    for r in range(rows):
        label = class_index(labels[r], n)
        row_max, exp_sum = shifted_exp_sum(pred_rows[r])
        for j in range(n):
            grad_rows[r, j] = dloss_flat[r] * np.exp(pred_rows[r, j] - row_max) / exp_sum
        grad_rows[r, label] -= dloss_flat[r]
    return grad
