"""Hinge losses (maximum-margin classification), written with ``nbkeras.ops``."""

import numpy as np

from nbkeras import ops
from nbkeras.losses.regression import prepared


def binary_labels_to_hinge(labels):
    """Labels that are all 0 or 1 become -1/+1 (as Keras does); others are kept."""
    if np.all((labels == 0) | (labels == 1)):
        return labels * 2.0 - 1.0
    return labels


def hinge(y_true, y_pred):
    """``mean(max(1 - y_true * y_pred, 0), axis=-1)`` with labels -1/+1 (0/1 are converted).

    Example:
        >>> import nbkeras as keras
        >>> float(keras.losses.hinge([[1.0, 0.0]], [[0.5, -2.0]])[0])
        0.25
    """
    labels, y_pred = prepared(y_true, y_pred, "hinge")
    margins = ops.subtract(1.0, ops.multiply(binary_labels_to_hinge(labels), y_pred))
    return ops.mean(ops.maximum(margins, 0.0), axis=-1)


def squared_hinge(y_true, y_pred):
    """``mean(max(1 - y_true * y_pred, 0)**2, axis=-1)`` with labels -1/+1 (0/1 are converted).

    Example:
        >>> import nbkeras as keras
        >>> float(keras.losses.squared_hinge([[1.0, 0.0]], [[0.5, -2.0]])[0])
        0.125
    """
    labels, y_pred = prepared(y_true, y_pred, "squared_hinge")
    margins = ops.subtract(1.0, ops.multiply(binary_labels_to_hinge(labels), y_pred))
    return ops.mean(ops.square(ops.maximum(margins, 0.0)), axis=-1)


def max_last_axis(x):
    """The largest value along the last axis (gradient to the first maximum, as argmax picks)."""
    index = np.argmax(x.data, axis=-1)
    leading = np.indices(index.shape, sparse=True)
    return x[tuple(leading) + (index,)]


def categorical_hinge(y_true, y_pred):
    """``max(neg - pos + 1, 0)`` with ``pos = sum(y_true * y_pred)`` and ``neg = max((1 - y_true) * y_pred)``.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.losses.categorical_hinge([[0.0, 1.0]], [[0.3, 0.9]])[0]), 5)
        0.4
    """
    labels, y_pred = prepared(y_true, y_pred, "categorical_hinge")
    positive = ops.sum(ops.multiply(labels, y_pred), axis=-1)
    negative = max_last_axis(ops.multiply(1.0 - labels, y_pred))
    return ops.maximum(ops.add(ops.subtract(negative, positive), 1.0), 0.0)
