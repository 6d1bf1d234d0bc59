"""Error and margin metrics: MAPE, MSLE, cosine similarity, log-cosh and the hinge family.

NumPy versions of the ``keras.losses`` functions of the same names (Keras 3
formulas, float32), averaged over samples by ``FunctionMetric``.
"""

import numpy as np

from nbkeras import config
from nbkeras.metrics.function_metric import FunctionMetric
from nbkeras.metrics.metric import same_rank, to_array


def _floats(y_true, y_pred):
    y_pred = to_array(y_pred, np.float32)
    return same_rank(to_array(y_true, np.float32), y_pred)


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(|y_true - y_pred| / max(|y_true|, epsilon), axis=-1)``."""
    y_true, y_pred = _floats(y_true, y_pred)
    scale = np.maximum(np.abs(y_true), np.float32(config.epsilon()))
    return (100 * np.mean(np.abs(y_true - y_pred) / scale, axis=-1)).astype(np.float32)


def mean_squared_logarithmic_error(y_true, y_pred):
    """``mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))**2, axis=-1)``."""
    y_true, y_pred = _floats(y_true, y_pred)
    epsilon = np.float32(config.epsilon())
    difference = np.log(np.maximum(y_pred, epsilon) + 1) - np.log(np.maximum(y_true, epsilon) + 1)
    return np.mean(np.square(difference), axis=-1).astype(np.float32)


def cosine_similarity(y_true, y_pred, axis=-1):
    """``sum(normalize(y_true) * normalize(y_pred), axis)``: 1 for the same direction."""
    y_true, y_pred = _floats(y_true, y_pred)

    def normalize(x):
        return x / np.sqrt(np.maximum(np.sum(np.square(x), axis=axis, keepdims=True), 1e-12))

    return np.sum(normalize(y_true) * normalize(y_pred), axis=axis).astype(np.float32)


def log_cosh(y_true, y_pred):
    """``mean(log(cosh(y_pred - y_true)), axis=-1)``, computed without overflow."""
    y_true, y_pred = _floats(y_true, y_pred)
    x = y_pred - y_true
    return np.mean(x + np.logaddexp(0, -2 * x) - np.log(np.float32(2)), axis=-1).astype(np.float32)


def _signed_labels(y_true):
    """0/1 labels become -1/+1 (as Keras does); other labels are kept."""
    if np.all((y_true == 0) | (y_true == 1)):
        return 2 * y_true - 1
    return y_true


def hinge(y_true, y_pred):
    """``mean(max(1 - y_true * y_pred, 0), axis=-1)`` with labels -1/+1."""
    y_true, y_pred = _floats(y_true, y_pred)
    return np.mean(np.maximum(1 - _signed_labels(y_true) * y_pred, 0), axis=-1).astype(np.float32)


def squared_hinge(y_true, y_pred):
    """``mean(max(1 - y_true * y_pred, 0)**2, axis=-1)`` with labels -1/+1."""
    y_true, y_pred = _floats(y_true, y_pred)
    margins = np.maximum(1 - _signed_labels(y_true) * y_pred, 0)
    return np.mean(np.square(margins), axis=-1).astype(np.float32)


def categorical_hinge(y_true, y_pred):
    """``max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)``."""
    y_true, y_pred = _floats(y_true, y_pred)
    positive = np.sum(y_true * y_pred, axis=-1)
    negative = np.max((1 - y_true) * y_pred, axis=-1)
    return np.maximum(negative - positive + 1, 0).astype(np.float32)


class MeanAbsolutePercentageError(FunctionMetric):
    """The running mean of ``100 * |y_true - y_pred| / |y_true|``.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.MeanAbsolutePercentageError()([[1.0, 2.0]], [[1.5, 2.0]]))
        25.0
    """

    function = staticmethod(mean_absolute_percentage_error)

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(name, dtype)


class MeanSquaredLogarithmicError(FunctionMetric):
    """The running mean of the squared difference of ``log(1 + y)``.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.metrics.MeanSquaredLogarithmicError()([[0.0, 1.0]], [[1.0, 1.0]])), 4)
        0.2402
    """

    function = staticmethod(mean_squared_logarithmic_error)

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(name, dtype)


class CosineSimilarity(FunctionMetric):
    """The running mean of the cosine similarity of targets and predictions (along ``axis``).

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.metrics.CosineSimilarity()([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])), 4)
        0.5
    """

    function = staticmethod(cosine_similarity)

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(name, dtype, axis=axis)


class LogCoshError(FunctionMetric):
    """The running mean of ``log(cosh(y_pred - y_true))``.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.metrics.LogCoshError()([[0.0, 1.0]], [[1.0, 1.0]])), 4)
        0.2169
    """

    function = staticmethod(log_cosh)

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(name, dtype)


class Hinge(FunctionMetric):
    """The running mean of the hinge loss (labels -1/+1 or 0/1).

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.Hinge()([[1.0, 0.0]], [[0.5, -2.0]]))
        0.25
    """

    function = staticmethod(hinge)

    def __init__(self, name="hinge", dtype=None):
        super().__init__(name, dtype)


class SquaredHinge(FunctionMetric):
    """The running mean of the squared hinge loss.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.SquaredHinge()([[1.0, 0.0]], [[0.5, -2.0]]))
        0.125
    """

    function = staticmethod(squared_hinge)

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(name, dtype)


class CategoricalHinge(FunctionMetric):
    """The running mean of the categorical hinge loss (one-hot labels).

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.metrics.CategoricalHinge()([[0.0, 1.0]], [[0.6, 0.4]])), 4)
        1.2
    """

    function = staticmethod(categorical_hinge)

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(name, dtype)
