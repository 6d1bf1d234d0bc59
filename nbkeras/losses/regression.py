"""Regression losses: squared, absolute, percentage and log errors, Huber, log-cosh, cosine.

The first four run on Numba kernels; Huber, log-cosh and cosine similarity
are written with ``nbkeras.ops`` (the tape differentiates them).
"""

import math

import numpy as np

from nbkeras import config, ops
from nbkeras.losses.kernel_loss import kernel_loss
from nbkeras.losses.labels import as_prediction, check_axis, labels_like
from nbkeras.ops.nn.normalize import l2_normalize


def mean_squared_error(y_true, y_pred):
    """``mean((y_true - y_pred)**2, axis=-1)``."""
    return kernel_loss("mean_squared_error", y_true, y_pred)


def mean_absolute_error(y_true, y_pred):
    """``mean(|y_true - y_pred|, axis=-1)``."""
    return kernel_loss("mean_absolute_error", y_true, y_pred)


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(|y_true - y_pred| / max(|y_true|, epsilon), axis=-1)``."""
    return kernel_loss("mean_absolute_percentage_error", y_true, y_pred, config.epsilon())


def mean_squared_logarithmic_error(y_true, y_pred):
    """``mean((log(max(y_true, eps) + 1) - log(max(y_pred, eps) + 1))**2, axis=-1)``."""
    return kernel_loss("mean_squared_logarithmic_error", y_true, y_pred, config.epsilon())


def prepared(y_true, y_pred, name):
    """(labels array, prediction Tensor) with Keras's shape reconciliation."""
    y_pred = as_prediction(y_pred, config.floatx())
    return labels_like(y_true, y_pred, name), y_pred


def huber(y_true, y_pred, delta=1.0):
    """Squared error for small errors, linear beyond ``delta``.

    ``0.5 * e**2`` where ``|e| <= delta``, else ``delta * |e| - 0.5 * delta**2``,
    averaged over the last axis.

    Args:
        y_true, y_pred: targets and predictions, same shape.
        delta: where the quadratic part turns linear.

    Returns:
        One loss per sample.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.losses.huber([[0.0, 0.0]], [[0.5, 3.0]])[0])
        1.3125
    """
    labels, y_pred = prepared(y_true, y_pred, "huber")
    dtype = y_pred.data.dtype.type
    error = ops.subtract(y_pred, labels)
    half, delta = dtype(0.5), dtype(delta)
    small = np.abs(error.data) <= delta
    quadratic = ops.multiply(half, ops.square(error))
    linear = ops.subtract(ops.multiply(delta, ops.abs(error)), half * delta * delta)
    return ops.mean(ops.where(small, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """``mean(log(cosh(y_pred - y_true)), axis=-1)``, computed stably as ``x + softplus(-2x) - log 2``.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.losses.log_cosh([[0.0]], [[1.0]])[0]), 5)
        0.43378
    """
    labels, y_pred = prepared(y_true, y_pred, "log_cosh")
    error = ops.subtract(y_pred, labels)
    log2 = y_pred.data.dtype.type(math.log(2.0))
    values = ops.subtract(ops.add(error, ops.softplus(ops.multiply(error, -2.0))), log2)
    return ops.mean(values, axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    """Minus the cosine of the angle between y_true and y_pred: -1 when they point the same way.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.losses.cosine_similarity([[1.0, 0.0]], [[2.0, 0.0]])[0])
        -1.0
    """
    check_axis(axis, "cosine_similarity")
    labels, y_pred = prepared(y_true, y_pred, "cosine_similarity")
    products = ops.multiply(l2_normalize(ops.convert_to_tensor(labels)), l2_normalize(y_pred))
    return ops.negative(ops.sum(products, axis=-1))
