"""Loss kernels, Keras 3 formulas: a per-sample forward and its gradient w.r.t. ``y_pred``.

``NAME_forward(y_true, y_pred, *params)`` reduces the last axis and returns
one loss per sample, shape ``y_pred.shape[:-1]`` (a 0-d array for 1-D input).
Regression losses and binary crossentropy take the mean over the last axis,
categorical crossentropies the sum. ``NAME_backward(y_true, y_pred, dloss,
*params)`` takes ``dloss`` of that per-sample shape and returns
``d loss / d y_pred`` times ``dloss``, shaped like ``y_pred``.

Inputs are C-contiguous float32/float64 arrays; ``y_true`` has ``y_pred``'s
shape and dtype (sparse losses: class indices of shape ``y_pred.shape[:-1]``
stored as numbers, checked to lie in ``[0, classes)`` by the caller). The
caller also does label smoothing and shape fixes. ``epsilon`` is Keras'
fuzz factor (1e-7); clipping bounds are rounded to ``y_pred``'s dtype first,
as Keras does, because ``1 - 1e-7`` in float32 is ``1 - 1.19e-7``.
"""

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def cast_like(array, value):
    """Rounds a Python float to the dtype of ``array`` (a float32 or float64 scalar).

    Args:
        array: any array; only its dtype is used.
        value: a number.

    Returns:
        value as a scalar of array's dtype.
    """
    holder = np.empty(1, dtype=array.dtype)
    holder[0] = value
    return holder[0]


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
    loss_flat = loss.reshape(-1)
    true_rows, pred_rows = y_true.reshape(loss.size, n), y_pred.reshape(loss.size, n)
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
    true_rows, pred_rows = y_true.reshape(rows, n), y_pred.reshape(rows, n)
    grad_rows, dloss_flat = grad.reshape(rows, n), dloss.reshape(-1)
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
    loss_flat = loss.reshape(-1)
    true_rows, pred_rows = y_true.reshape(loss.size, n), y_pred.reshape(loss.size, n)
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
    true_rows, pred_rows = y_true.reshape(rows, n), y_pred.reshape(rows, n)
    grad_rows, dloss_flat = grad.reshape(rows, n), dloss.reshape(-1)
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
    loss_flat = loss.reshape(-1)
    true_rows, pred_rows = y_true.reshape(loss.size, n), y_pred.reshape(loss.size, n)
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
    true_rows, pred_rows = y_true.reshape(rows, n), y_pred.reshape(rows, n)
    grad_rows, dloss_flat = grad.reshape(rows, n), dloss.reshape(-1)
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
    loss_flat = loss.reshape(-1)
    true_rows, pred_rows = y_true.reshape(loss.size, n), y_pred.reshape(loss.size, n)
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
    true_rows, pred_rows = y_true.reshape(rows, n), y_pred.reshape(rows, n)
    grad_rows, dloss_flat = grad.reshape(rows, n), dloss.reshape(-1)
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


@njit(cache=True, error_model="numpy")
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
    loss_flat = loss.reshape(-1)
    true_rows, pred_rows = y_true.reshape(loss.size, n), y_pred.reshape(loss.size, n)
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
    true_rows, pred_rows = y_true.reshape(rows, n), y_pred.reshape(rows, n)
    grad_rows, dloss_flat = grad.reshape(rows, n), dloss.reshape(-1)
    for r in range(rows):
        scale = dloss_flat[r] / n
        for j in range(n):
            y, p = true_rows[r, j], pred_rows[r, j]
            if low <= p <= high:
                grad_rows[r, j] = scale * ((1.0 - y) / (1.0 - p) - y / p)
            else:
                grad_rows[r, j] = 0.0
    return grad


@njit(cache=True, error_model="numpy")
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
    loss_flat = loss.reshape(-1)
    true_rows, pred_rows = y_true.reshape(loss.size, n), y_pred.reshape(loss.size, n)
    for r in range(loss.size):
        total = 0.0
        for j in range(n):
            x = pred_rows[r, j]
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
    true_rows, pred_rows = y_true.reshape(rows, n), y_pred.reshape(rows, n)
    grad_rows, dloss_flat = grad.reshape(rows, n), dloss.reshape(-1)
    for r in range(rows):
        scale = dloss_flat[r] / n
        for j in range(n):
            x = pred_rows[r, j]
            e = np.exp(-abs(x))  # sigmoid without overflow
            probability = 1.0 / (1.0 + e) if x >= 0.0 else e / (1.0 + e)
            grad_rows[r, j] = scale * (probability - true_rows[r, j])
    return grad


@njit(cache=True, error_model="numpy")
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
    loss_flat = loss.reshape(-1)
    true_rows, pred_rows = y_true.reshape(loss.size, n), y_pred.reshape(loss.size, n)
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
    true_rows, pred_rows = y_true.reshape(rows, n), y_pred.reshape(rows, n)
    grad_rows, dloss_flat = grad.reshape(rows, n), dloss.reshape(-1)
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


@njit(cache=True, error_model="numpy")
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
    loss_flat = loss.reshape(-1)
    true_rows, pred_rows = y_true.reshape(loss.size, n), y_pred.reshape(loss.size, n)
    for r in range(loss.size):
        row_max = pred_rows[r].max()  # subtracted so that exp() stays <= 1
        exp_sum = 0.0
        for j in range(n):
            exp_sum += np.exp(pred_rows[r, j] - row_max)
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
    true_rows, pred_rows = y_true.reshape(rows, n), y_pred.reshape(rows, n)
    grad_rows, dloss_flat = grad.reshape(rows, n), dloss.reshape(-1)
    for r in range(rows):
        row_max = pred_rows[r].max()
        exp_sum, true_sum = 0.0, 0.0
        for j in range(n):
            exp_sum += np.exp(pred_rows[r, j] - row_max)
            true_sum += true_rows[r, j]
        for j in range(n):
            softmax = np.exp(pred_rows[r, j] - row_max) / exp_sum
            grad_rows[r, j] = dloss_flat[r] * (softmax * true_sum - true_rows[r, j])
    return grad


@njit(cache=True, error_model="numpy")
def class_index(label, classes):
    """Returns int(label), raising if it is not a valid class index in [0, classes).

    Args:
        label: a class index stored as a number.
        classes: number of classes (size of the last axis of y_pred).

    Returns:
        the index as an int.
    """
    index = int(label)
    if index < 0 or index >= classes:
        raise ValueError("sparse crossentropy: a class index is outside [0, classes)")
    return index


@njit(cache=True, error_model="numpy")
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
    loss_flat, labels = loss.reshape(-1), y_true.reshape(-1)
    pred_rows = y_pred.reshape(loss.size, n)
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
    pred_rows, grad_rows = y_pred.reshape(rows, n), grad.reshape(rows, n)
    labels, dloss_flat = y_true.reshape(-1), dloss.reshape(-1)
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


@njit(cache=True, error_model="numpy")
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
    loss_flat, labels = loss.reshape(-1), y_true.reshape(-1)
    pred_rows = y_pred.reshape(loss.size, n)
    for r in range(loss.size):
        label = class_index(labels[r], n)
        row_max = pred_rows[r].max()  # subtracted so that exp() stays <= 1
        exp_sum = 0.0
        for j in range(n):
            exp_sum += np.exp(pred_rows[r, j] - row_max)
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
    pred_rows, grad_rows = y_pred.reshape(rows, n), grad.reshape(rows, n)
    labels, dloss_flat = y_true.reshape(-1), dloss.reshape(-1)
    for r in range(rows):
        label = class_index(labels[r], n)
        row_max = pred_rows[r].max()
        exp_sum = 0.0
        for j in range(n):
            exp_sum += np.exp(pred_rows[r, j] - row_max)
        for j in range(n):
            grad_rows[r, j] = dloss_flat[r] * np.exp(pred_rows[r, j] - row_max) / exp_sum
        grad_rows[r, label] -= dloss_flat[r]
    return grad
