"""Overlap losses for segmentation masks: Dice and Tversky (Keras 3 formulas, via ``nbkeras.ops``).

Both reduce over ``axis`` (all axes when None, giving one value for the
whole batch) and return ``1 - overlap``, so a perfect mask scores 0.
"""

import numpy as np

from nbkeras import config, ops
from nbkeras.losses.labels import as_prediction


def _inputs(y_true, y_pred):
    y_pred = as_prediction(y_pred, config.floatx())
    labels = ops.convert_to_numpy(y_true).astype(y_pred.data.dtype)
    return labels, y_pred


def _axis(axis):
    return None if axis is None else tuple(axis) if isinstance(axis, (list, tuple)) else axis


def dice(y_true, y_pred, axis=None):
    """``1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)`` over ``axis``.

    Example:
        >>> import nbkeras as keras
        >>> y_true = [[[[1.0], [1.0]], [[0.0], [0.0]]], [[[1.0], [1.0]], [[0.0], [0.0]]]]
        >>> y_pred = [[[[0.0], [1.0]], [[0.0], [1.0]]], [[[0.4], [0.0]], [[0.0], [0.9]]]]
        >>> [round(float(v), 4) for v in keras.losses.dice(y_true, y_pred, axis=(1, 2, 3)).numpy()]
        [0.5, 0.7576]
    """
    labels, y_pred = _inputs(y_true, y_pred)
    axis = _axis(axis)
    intersection = ops.sum(ops.multiply(labels, y_pred), axis=axis)
    total = ops.add(ops.add(np.sum(labels, axis=axis), ops.sum(y_pred, axis=axis)),
                    config.epsilon())
    return ops.subtract(1.0, ops.divide(ops.multiply(intersection, 2.0), total))


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """``1 - TP / (TP + alpha * FP + beta * FN + epsilon)`` over ``axis``.

    As in Keras's code, ``FP`` is ``sum((1 - y_pred) * y_true)`` and ``FN``
    is ``sum(y_pred * (1 - y_true))``; with ``alpha = beta = 0.5`` it equals Dice.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.losses.tversky([[1.0, 0.0]], [[0.5, 0.5]])), 4)
        0.5
    """
    labels, y_pred = _inputs(y_true, y_pred)
    axis = _axis(axis)
    intersection = ops.sum(ops.multiply(labels, y_pred), axis=axis)
    false_positives = ops.sum(ops.multiply(ops.subtract(1.0, y_pred), labels), axis=axis)
    false_negatives = ops.sum(ops.multiply(y_pred, 1.0 - labels), axis=axis)
    denominator = ops.add(ops.add(intersection, ops.multiply(false_positives, alpha)),
                          ops.add(ops.multiply(false_negatives, beta), config.epsilon()))
    return ops.subtract(1.0, ops.divide(intersection, denominator))
