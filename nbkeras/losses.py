"""Loss functions and classes (``keras.losses``), Keras 3 formulas.

A loss function such as ``mean_squared_error(y_true, y_pred)`` returns one
value per sample (the last axis reduced). A ``Loss`` object adds sample
weights and a reduction to a scalar. The math is in
``nbkeras.kernels.losses``: one forward and one backward kernel per loss.
"""

import difflib

import numpy as np

from nbkeras import config
from nbkeras.ops import functions as ops
from nbkeras.ops.lazy_kernels import losses as kernels
from nbkeras.ops.op import Op
from nbkeras.ops.tensor import Tensor, as_tensor

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


class LossKernelOp(Op):
    """Per-sample loss from a (forward, backward) kernel pair; gradient w.r.t. y_pred only."""

    def forward(self, y_true, y_pred, name, params):
        self.y_true = np.ascontiguousarray(y_true)
        self.y_pred = np.ascontiguousarray(y_pred)
        self.name, self.params = name, params
        return getattr(kernels, f"{name}_forward")(self.y_true, self.y_pred, *self.params)

    def backward(self, dloss):
        backward_kernel = getattr(kernels, f"{self.name}_backward")
        grad = backward_kernel(self.y_true, self.y_pred, np.ascontiguousarray(dloss), *self.params)
        return None, grad


def _per_sample(name, y_true, y_pred, *params, sparse=False):
    y_pred = as_tensor(y_pred)
    if y_pred.data.dtype.kind != "f":
        y_pred = as_tensor(y_pred.data.astype(config.floatx()))
    y_true = _labels_like(y_true, y_pred, name, sparse)
    return LossKernelOp.apply(y_true, y_pred, name=name, params=params)


def _labels_like(y_true, y_pred, loss_name, sparse):
    """Checks and reconciles label shapes as Keras does (squeeze/expand one axis)."""
    labels = y_true.data if isinstance(y_true, Tensor) else np.asarray(y_true)
    if labels.dtype.kind not in "fiub":
        raise TypeError(f"{loss_name}: labels must be numbers. Received dtype {labels.dtype}.")
    pred_shape = y_pred.shape
    if sparse:
        if labels.ndim == len(pred_shape) and labels.shape[-1] == 1:
            labels = labels.reshape(labels.shape[:-1])
        if labels.shape != pred_shape[:-1]:
            raise ValueError(
                f"{loss_name} expects integer class indices of shape {pred_shape[:-1]} for "
                f"predictions of shape {pred_shape}. Received labels of shape {labels.shape}. "
                + _label_hint(labels, pred_shape)
            )
        if labels.size and (labels.min() < 0 or labels.max() >= pred_shape[-1]):
            raise ValueError(
                f"{loss_name}: class indices must lie in [0, {pred_shape[-1] - 1}] for "
                f"{pred_shape[-1]} output units. Received labels from {labels.min()} to "
                f"{labels.max()}. Check the number of units of the last layer."
            )
        return np.ascontiguousarray(labels, dtype=y_pred.data.dtype)
    if labels.ndim == len(pred_shape) - 1 and pred_shape[-1] == 1:
        labels = labels.reshape(labels.shape + (1,))
    elif labels.ndim == len(pred_shape) + 1 and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if labels.shape != tuple(pred_shape):
        raise ValueError(
            f"{loss_name}: labels (y_true) and predictions (y_pred) must have the same shape. "
            f"Received y_true.shape={labels.shape}, y_pred.shape={tuple(pred_shape)} (axis 0 is "
            f"the batch). " + _label_hint(labels, pred_shape, loss_name)
        )
    return np.ascontiguousarray(labels, dtype=y_pred.data.dtype)


def _label_hint(labels, pred_shape, loss_name=""):
    looks_like_indices = (
        labels.ndim >= 1 and labels.shape[0] == pred_shape[0]
        and (labels.ndim == 1 or labels.shape[-1] == 1)
        and labels.size and np.all(labels == np.round(labels)) and labels.min() >= 0
    )
    if looks_like_indices and len(pred_shape) >= 2 and pred_shape[-1] > 1:
        return ("The labels look like class indices: use loss='sparse_categorical_crossentropy', "
                "or one-hot encode them with keras.utils.to_categorical(y, num_classes="
                f"{pred_shape[-1]}).")
    if "sparse" in loss_name or labels.ndim == len(pred_shape):
        return "Check the number of units of the last layer against the labels."
    return "Check the number of units of the last layer and the label shape."


# ----------------------------------------------------------------------------- functions
def mean_squared_error(y_true, y_pred):
    """``mean((y_true - y_pred)**2, axis=-1)``."""
    return _per_sample("mean_squared_error", y_true, y_pred)


def mean_absolute_error(y_true, y_pred):
    """``mean(|y_true - y_pred|, axis=-1)``."""
    return _per_sample("mean_absolute_error", y_true, y_pred)


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(|y_true - y_pred| / max(|y_true|, epsilon), axis=-1)``."""
    return _per_sample("mean_absolute_percentage_error", y_true, y_pred, config.epsilon())


def mean_squared_logarithmic_error(y_true, y_pred):
    """``mean((log(max(y_true, eps) + 1) - log(max(y_pred, eps) + 1))**2, axis=-1)``."""
    return _per_sample("mean_squared_logarithmic_error", y_true, y_pred, config.epsilon())


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Crossentropy for 0/1 labels, averaged over the last axis."""
    if label_smoothing:
        y_true = _smooth(y_true, y_pred, label_smoothing, 2)
    if from_logits:
        return _per_sample("binary_crossentropy_from_logits", y_true, y_pred)
    return _per_sample("binary_crossentropy", y_true, y_pred, config.epsilon())


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Crossentropy for one-hot labels: ``-sum(y_true * log(y_pred), axis=-1)``."""
    _check_axis(axis)
    if label_smoothing:
        y_true = _smooth(y_true, y_pred, label_smoothing, as_tensor(y_pred).shape[-1])
    if from_logits:
        return _per_sample("categorical_crossentropy_from_logits", y_true, y_pred)
    return _per_sample("categorical_crossentropy", y_true, y_pred, config.epsilon())


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Crossentropy for integer class labels (no one-hot needed)."""
    _check_axis(axis)
    if ignore_class is not None:
        raise ValueError("nbkeras does not support ignore_class yet. Received: "
                         f"ignore_class={ignore_class}")
    if from_logits:
        return _per_sample("sparse_categorical_crossentropy_from_logits", y_true, y_pred, sparse=True)
    return _per_sample("sparse_categorical_crossentropy", y_true, y_pred, config.epsilon(), sparse=True)


def _smooth(y_true, y_pred, label_smoothing, num_classes):
    labels = np.asarray(y_true.data if isinstance(y_true, Tensor) else y_true, dtype=as_tensor(y_pred).dtype)
    return labels * (1.0 - label_smoothing) + label_smoothing / num_classes


def _check_axis(axis):
    if axis not in (-1, None):
        raise ValueError(f"nbkeras computes crossentropy over the last axis. Received: axis={axis}")


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
bce = BCE = binary_crossentropy


# ----------------------------------------------------------------------------- classes
class Loss:
    """Base class: ``call(y_true, y_pred)`` gives per-sample values; ``__call__`` reduces.

    Args:
        name: the loss name.
        reduction: ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean"``,
            ``"mean_with_sample_weight"`` or ``"none"``.
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        if reduction not in REDUCTIONS:
            raise ValueError(f"Invalid reduction. Expected one of {REDUCTIONS}. Received: reduction={reduction!r}")
        from nbkeras.layers.naming import to_snake_case

        self.name = name or to_snake_case(type(self).__name__)
        self.reduction = reduction
        self.dtype = dtype

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__}.call is not implemented.")

    def __call__(self, y_true, y_pred, sample_weight=None):
        return reduce_values(self.call(y_true, y_pred), sample_weight, self.reduction)

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config_dict):
        return cls(**config_dict)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, reduction={self.reduction}>"


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Weights per-sample values and reduces them the way Keras 3 does.

    ``sum_over_batch_size`` divides the weighted sum by the number of values
    (not by the sum of the weights); ``mean_with_sample_weight`` divides by
    the sum of the weights.
    """
    if sample_weight is not None:
        weights = np.asarray(sample_weight.data if isinstance(sample_weight, Tensor) else sample_weight,
                             dtype=values.data.dtype)
        while weights.ndim > values.ndim and weights.shape[-1] == 1:
            weights = weights.reshape(weights.shape[:-1])
        while weights.ndim < values.ndim:
            weights = weights[..., None]
        values = ops.multiply(values, weights)
    if reduction in ("none", None):
        return values
    total = ops.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        return ops.divide(total, float(np.sum(weights)))
    return ops.divide(total, float(max(values.data.size, 1)))


class LossFunctionWrapper(Loss):
    """Turns a per-sample loss function into a Loss object."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return {**super().get_config(), **self._fn_kwargs}


def _loss_class(class_name, fn, default_name, doc, **defaults):
    def __init__(self, *args, reduction="sum_over_batch_size", name=default_name, dtype=None, **kwargs):
        options = dict(defaults)
        options.update(zip(defaults, args))
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{class_name} got unexpected arguments: {sorted(unknown)}")
        options.update(kwargs)
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype, **options)

    return type(class_name, (LossFunctionWrapper,), {"__init__": __init__, "__doc__": doc})


MeanSquaredError = _loss_class("MeanSquaredError", mean_squared_error, "mean_squared_error",
                               "Mean of squared errors.")
MeanAbsoluteError = _loss_class("MeanAbsoluteError", mean_absolute_error, "mean_absolute_error",
                                "Mean of absolute errors.")
MeanAbsolutePercentageError = _loss_class(
    "MeanAbsolutePercentageError", mean_absolute_percentage_error,
    "mean_absolute_percentage_error", "Mean absolute percentage error.")
MeanSquaredLogarithmicError = _loss_class(
    "MeanSquaredLogarithmicError", mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error", "Mean squared logarithmic error.")
BinaryCrossentropy = _loss_class(
    "BinaryCrossentropy", binary_crossentropy, "binary_crossentropy",
    "Crossentropy for binary (0/1) labels.", from_logits=False, label_smoothing=0.0, axis=-1)
CategoricalCrossentropy = _loss_class(
    "CategoricalCrossentropy", categorical_crossentropy, "categorical_crossentropy",
    "Crossentropy for one-hot labels.", from_logits=False, label_smoothing=0.0, axis=-1)
SparseCategoricalCrossentropy = _loss_class(
    "SparseCategoricalCrossentropy", sparse_categorical_crossentropy,
    "sparse_categorical_crossentropy", "Crossentropy for integer labels.",
    from_logits=False, ignore_class=None, axis=-1)

ALL_LOSSES = {
    "mean_squared_error": mean_squared_error, "mse": mse, "MSE": mse,
    "mean_absolute_error": mean_absolute_error, "mae": mae, "MAE": mae,
    "mean_absolute_percentage_error": mean_absolute_percentage_error, "mape": mape, "MAPE": mape,
    "mean_squared_logarithmic_error": mean_squared_logarithmic_error, "msle": msle, "MSLE": msle,
    "binary_crossentropy": binary_crossentropy, "bce": bce, "BCE": bce,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}
ALL_LOSS_CLASSES = {cls.__name__: cls for cls in (
    MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, BinaryCrossentropy, CategoricalCrossentropy,
    SparseCategoricalCrossentropy)}


def serialize(loss):
    if isinstance(loss, Loss):
        return {"module": "keras.losses", "class_name": type(loss).__name__,
                "config": loss.get_config(), "registered_name": None}
    return getattr(loss, "__name__", loss)


def get(identifier):
    """Resolves a loss name, class name, config dict, Loss object or function.

    Raises:
        ValueError: for an unknown name, with close matches.
    """
    if identifier is None or callable(identifier) and not isinstance(identifier, type):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    if isinstance(identifier, dict):
        return ALL_LOSS_CLASSES[identifier["class_name"]].from_config(identifier.get("config", {}))
    if isinstance(identifier, str):
        if identifier in ALL_LOSSES:
            return ALL_LOSSES[identifier]
        if identifier in ALL_LOSS_CLASSES:
            return ALL_LOSS_CLASSES[identifier]()
        known = list(ALL_LOSSES) + list(ALL_LOSS_CLASSES)
        close = difflib.get_close_matches(identifier, known, n=3)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"Unknown loss {identifier!r}.{hint} Known losses: "
                         f"{', '.join(sorted(k for k in ALL_LOSSES if k.islower()))}.")
    raise ValueError(f"Could not interpret loss identifier: {identifier!r}")
