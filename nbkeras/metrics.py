"""Metrics (``keras.metrics``): stateful running values shown during training.

A metric accumulates with ``update_state(y_true, y_pred, sample_weight)``,
reports with ``result()`` and starts over with ``reset_state()``. Metric
functions (``categorical_accuracy``, ...) return one value per sample.
Metrics run on plain arrays, outside the tape: they cost no gradients.
"""

import difflib

import numpy as np

from nbkeras.layers.naming import to_snake_case
from nbkeras.ops.tensor import Tensor


def _array(x):
    return x.data if isinstance(x, Tensor) else np.asarray(x)


# ----------------------------------------------------------------------------- functions
def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where ``y_pred > threshold`` matches ``y_true``, averaged over the last axis."""
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return np.mean((y_pred > threshold) == (y_true > 0.5), axis=-1).astype(np.float32)


def categorical_accuracy(y_true, y_pred):
    """1.0 where the argmax of ``y_pred`` equals the argmax of one-hot ``y_true``."""
    y_true, y_pred = _array(y_true), _array(y_pred)
    return (np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)).astype(np.float32)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the argmax of ``y_pred`` equals the integer label."""
    y_true, y_pred = _array(y_true), _array(y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    return (np.argmax(y_pred, axis=-1) == y_true.astype(np.int64)).astype(np.float32)


def accuracy(y_true, y_pred):
    """Exact equality of labels and predictions (the ``keras.metrics.Accuracy`` class)."""
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return np.mean(y_true == y_pred, axis=-1).astype(np.float32)


def mean_squared_error(y_true, y_pred):
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return np.mean(np.square(y_pred - y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return np.mean(np.abs(y_pred - y_true), axis=-1)


def _same_rank(y_true, y_pred):
    if y_true.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
        y_true = y_true[..., None]
    elif y_pred.ndim == y_true.ndim - 1 and y_true.shape[-1] == 1:
        y_pred = y_pred[..., None]
    return y_true, y_pred


# ----------------------------------------------------------------------------- classes
class Metric:
    """Base class of stateful metrics.

    Args:
        name: the key under which the metric appears in logs and History.
        dtype: the result dtype (float32).
    """

    def __init__(self, name=None, dtype=None):
        self.name = name or to_snake_case(type(self).__name__)
        self.dtype = dtype or "float32"

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        raise NotImplementedError

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config_dict):
        return cls(**config_dict)

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


class Mean(Metric):
    """The (weighted) mean of the values seen: ``total / count``."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self):
        self.total = np.float32(0.0)
        self.count = np.float32(0.0)

    def update_state(self, values, sample_weight=None):
        """Adds values; like Keras, in float32, reduced to one value per sample first."""
        values = np.asarray(_array(values), dtype=np.float32)
        if sample_weight is not None:
            weights = np.asarray(_array(sample_weight), dtype=np.float32)
            values, weights = _same_rank(values, weights)
            if values.ndim > weights.ndim:
                values = values.mean(axis=tuple(range(weights.ndim, values.ndim)))
            weights = np.broadcast_to(weights, values.shape)
            values = values * weights
            if weights.ndim > 1:
                weights = weights.mean(axis=tuple(range(1, weights.ndim)))
        if values.ndim > 1:
            values = values.mean(axis=tuple(range(1, values.ndim)))
        self.total = np.float32(self.total + np.sum(values, dtype=np.float32))
        if sample_weight is not None:
            self.count = np.float32(self.count + np.sum(weights, dtype=np.float32))
        else:
            self.count = np.float32(self.count + (values.shape[0] if values.ndim else 1))

    def result(self):
        return np.float32(self.total / self.count) if self.count else np.float32(0.0)


class Sum(Metric):
    """The (weighted) sum of the values seen."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self):
        self.total = 0.0

    def update_state(self, values, sample_weight=None):
        values = np.asarray(_array(values), dtype=np.float64)
        if sample_weight is not None:
            values = values * np.asarray(_array(sample_weight), dtype=np.float64)
        self.total += float(np.sum(values))

    def result(self):
        return np.float32(self.total)


class MeanMetricWrapper(Mean):
    """Averages a per-sample metric function over everything seen.

    Args:
        fn: ``fn(y_true, y_pred, **kwargs)`` returning per-sample values
            (NumPy arrays or Tensors: custom metrics written with
            ``nbkeras.ops`` work too).
        name: the metric's key in logs.
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", "metric"), dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self.fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(_array(values), sample_weight=sample_weight)

    def get_config(self):
        return {**super().get_config(), **self._fn_kwargs}


def _metric_class(class_name, fn, default_name, doc, **defaults):
    def __init__(self, name=default_name, dtype=None, **kwargs):
        options = {**defaults, **kwargs}
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **options)

    return type(class_name, (MeanMetricWrapper,), {"__init__": __init__, "__doc__": doc})


Accuracy = _metric_class("Accuracy", accuracy, "accuracy", "How often predictions equal labels exactly.")
BinaryAccuracy = _metric_class("BinaryAccuracy", binary_accuracy, "binary_accuracy",
                               "How often thresholded predictions match 0/1 labels.", threshold=0.5)
CategoricalAccuracy = _metric_class("CategoricalAccuracy", categorical_accuracy, "categorical_accuracy",
                                    "How often the predicted class matches the one-hot label.")
SparseCategoricalAccuracy = _metric_class(
    "SparseCategoricalAccuracy", sparse_categorical_accuracy, "sparse_categorical_accuracy",
    "How often the predicted class matches the integer label.")
MeanSquaredError = _metric_class("MeanSquaredError", mean_squared_error, "mean_squared_error",
                                 "Mean of squared errors.")
MeanAbsoluteError = _metric_class("MeanAbsoluteError", mean_absolute_error, "mean_absolute_error",
                                  "Mean of absolute errors.")

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error

ALL_METRIC_FUNCTIONS = {
    "binary_accuracy": binary_accuracy, "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    "mean_squared_error": mean_squared_error, "mse": mse, "MSE": mse,
    "mean_absolute_error": mean_absolute_error, "mae": mae, "MAE": mae,
}
ALL_METRIC_CLASSES = {cls.__name__: cls for cls in (
    Mean, Sum, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    MeanSquaredError, MeanAbsoluteError)}


def resolve_accuracy(y_true_shape, y_pred_shape, name):
    """Keras's rule for the string ``"accuracy"``: decided by shapes only.

    Binary when the prediction has one unit; sparse categorical when the
    labels have one axis less (or a last axis of 1 against several units);
    categorical otherwise.
    """
    if y_pred_shape[-1] == 1:
        return BinaryAccuracy(name=name)
    if len(y_true_shape) < len(y_pred_shape) or (y_true_shape[-1] == 1 and y_pred_shape[-1] > 1):
        return SparseCategoricalAccuracy(name=name)
    return CategoricalAccuracy(name=name)


def get(identifier):
    """Resolves a metric name, class name, config dict, Metric or function to a Metric.

    ``"accuracy"``/``"acc"`` are resolved later, once the shapes are known
    (see ``resolve_accuracy``).
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if isinstance(identifier, dict):
        return ALL_METRIC_CLASSES[identifier["class_name"]].from_config(identifier.get("config", {}))
    if isinstance(identifier, str):
        if identifier in ALL_METRIC_FUNCTIONS:
            return MeanMetricWrapper(ALL_METRIC_FUNCTIONS[identifier], name=identifier)
        if identifier in ALL_METRIC_CLASSES:
            return ALL_METRIC_CLASSES[identifier]()
        known = list(ALL_METRIC_FUNCTIONS) + list(ALL_METRIC_CLASSES) + ["accuracy", "acc"]
        close = difflib.get_close_matches(identifier, known, n=3)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"Could not interpret metric identifier: {identifier!r}.{hint}")
    if callable(identifier):
        return MeanMetricWrapper(identifier, name=getattr(identifier, "__name__", "metric"))
    raise ValueError(f"Could not interpret metric identifier: {identifier!r}")
