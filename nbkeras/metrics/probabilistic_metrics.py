"""Crossentropy, KL divergence and Poisson as metrics (NumPy, float32, Keras 3 formulas).

The metric functions mirror ``keras.losses`` of the same name but run in
NumPy outside the tape: a metric costs no gradient. Probabilities are
clipped to ``[epsilon, 1 - epsilon]`` as in Keras.
"""

import numpy as np

from nbkeras import config
from nbkeras.metrics.metric import same_rank, to_array
from nbkeras.metrics.function_metric import FunctionMetric


def _floats(y_true, y_pred):
    y_pred = to_array(y_pred, np.float32)
    return same_rank(to_array(y_true, y_pred.dtype), y_pred)


def _log_softmax(logits, axis):
    shifted = logits - logits.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """``-mean(y log p + (1 - y) log(1 - p), axis)``; from logits in the stable form."""
    y_true, y_pred = _floats(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        values = np.maximum(y_pred, 0) - y_pred * y_true + np.log1p(np.exp(-np.abs(y_pred)))
    else:
        epsilon = np.float32(config.epsilon())
        p = np.clip(y_pred, epsilon, 1 - epsilon)
        values = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return values.mean(axis=axis).astype(np.float32)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """``-sum(y * log(p), axis)`` with ``p`` normalized and clipped (or a log-softmax of logits)."""
    y_true, y_pred = to_array(y_true, np.float32), to_array(y_pred, np.float32)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_pred.shape[axis]
    if from_logits:
        log_p = _log_softmax(y_pred, axis)
    else:
        epsilon = np.float32(config.epsilon())
        p = y_pred / y_pred.sum(axis=axis, keepdims=True)
        log_p = np.log(np.clip(p, epsilon, 1 - epsilon))
    return -(y_true * log_p).sum(axis=axis).astype(np.float32)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """``-log(p[label])`` for integer labels (``ignore_class`` labels give 0)."""
    y_pred = to_array(y_pred, np.float32)
    labels = to_array(y_true)
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    labels = labels.astype(np.int64)
    ignored = labels == ignore_class if ignore_class is not None else np.zeros(labels.shape, bool)
    labels = np.where(ignored, 0, labels)
    if from_logits:
        log_p = _log_softmax(y_pred, -1)
    else:
        epsilon = np.float32(config.epsilon())
        log_p = np.log(np.clip(y_pred, epsilon, 1 - epsilon))
    values = -np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0]
    return np.where(ignored, 0, values).astype(np.float32)


def kl_divergence(y_true, y_pred):
    """``sum(y_true * log(y_true / y_pred), axis=-1)`` with both clipped to ``[epsilon, 1]``."""
    y_true, y_pred = _floats(y_true, y_pred)
    epsilon = np.float32(config.epsilon())
    y_true, y_pred = np.clip(y_true, epsilon, 1), np.clip(y_pred, epsilon, 1)
    return (y_true * np.log(y_true / y_pred)).sum(axis=-1).astype(np.float32)


def poisson(y_true, y_pred):
    """``mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)``."""
    y_true, y_pred = _floats(y_true, y_pred)
    values = y_pred - y_true * np.log(y_pred + np.float32(config.epsilon()))
    return values.mean(axis=-1).astype(np.float32)


class BinaryCrossentropy(FunctionMetric):
    """The running mean of the binary crossentropy.

    Example:
        >>> import nbkeras as keras
        >>> m = keras.metrics.BinaryCrossentropy()
        >>> round(float(m([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])), 4)
        0.8149
    """

    function = staticmethod(binary_crossentropy)
    config_keys = ("from_logits", "label_smoothing")

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0):
        super().__init__(name, dtype, from_logits=from_logits, label_smoothing=label_smoothing)


class CategoricalCrossentropy(FunctionMetric):
    """The running mean of the categorical crossentropy (one-hot labels).

    Example:
        >>> import nbkeras as keras
        >>> m = keras.metrics.CategoricalCrossentropy()
        >>> round(float(m([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
        1.1769
    """

    function = staticmethod(categorical_crossentropy)
    config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0, axis=-1):
        super().__init__(name, dtype, from_logits=from_logits, label_smoothing=label_smoothing,
                         axis=axis)


class SparseCategoricalCrossentropy(FunctionMetric):
    """The running mean of the sparse categorical crossentropy (integer labels).

    Example:
        >>> import nbkeras as keras
        >>> m = keras.metrics.SparseCategoricalCrossentropy()
        >>> round(float(m([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
        1.1769
    """

    function = staticmethod(sparse_categorical_crossentropy)
    config_keys = ("from_logits", "ignore_class", "axis")

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False,
                 ignore_class=None, axis=-1):
        super().__init__(name, dtype, from_logits=from_logits, ignore_class=ignore_class,
                         axis=axis)


class KLDivergence(FunctionMetric):
    """The running mean of the Kullback-Leibler divergence.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.metrics.KLDivergence()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])), 4)
        0.4581
    """

    function = staticmethod(kl_divergence)

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(name, dtype)


class Poisson(FunctionMetric):
    """The running mean of the Poisson loss ``y_pred - y_true * log(y_pred)``.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.metrics.Poisson()([[0, 1], [0, 0]], [[1, 1], [0, 0]])), 4)
        0.5
    """

    function = staticmethod(poisson)

    def __init__(self, name="poisson", dtype=None):
        super().__init__(name, dtype)
