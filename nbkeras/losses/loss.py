"""The Loss base class and Keras 3's reductions (weighting and averaging per-sample losses)."""

import numpy as np

from nbkeras import ops
from nbkeras.ops.tensor import Tensor

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


class Loss:
    """Base class: ``call(y_true, y_pred)`` gives per-sample values; ``__call__`` reduces.

    Subclass it and implement ``call`` with ``nbkeras.ops`` for a custom
    loss: its gradient comes from the tape.

    Args:
        name: the loss name.
        reduction: ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean"``,
            ``"mean_with_sample_weight"`` or ``"none"``.
        dtype: accepted for Keras compatibility (computations use y_pred's dtype).

    Example:
        >>> import nbkeras as keras
        >>> class Cubic(keras.losses.Loss):
        ...     def call(self, y_true, y_pred):
        ...         return keras.ops.mean(keras.ops.abs(y_pred - y_true) ** 3, axis=-1)
        >>> float(Cubic()([[0.0, 0.0]], [[1.0, 2.0]]))
        4.5
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        if reduction not in REDUCTIONS:
            raise ValueError(f"Invalid reduction. Expected one of {REDUCTIONS}. "
                             f"Received: reduction={reduction!r}")
        from nbkeras.naming import to_snake_case

        self.name = name or to_snake_case(type(self).__name__)
        self.reduction = reduction
        self.dtype = dtype

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__}.call is not implemented: a Loss "
                                  "subclass must define call(self, y_true, y_pred).")

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Per-sample values of ``call``, weighted and reduced; inputs become Tensors first."""
        from nbkeras import config

        if not isinstance(y_pred, Tensor):
            y_pred = ops.convert_to_tensor(y_pred)
            if y_pred.data.dtype.kind != "f":
                y_pred = ops.convert_to_tensor(y_pred.data, dtype=config.floatx())
        if not isinstance(y_true, Tensor):
            y_true = ops.convert_to_tensor(np.asarray(y_true))
        mask = getattr(y_pred, "_keras_mask", None)  # a masked sequence output (Keras 3)
        if mask is not None:
            sample_weight = mask_to_sample_weight(mask, sample_weight, y_pred.data.dtype, self.reduction)
        return reduce_values(self.call(y_true, y_pred), sample_weight, self.reduction)

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config_dict):
        return cls(**config_dict)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, reduction={self.reduction}>"


def mask_to_sample_weight(mask, sample_weight, dtype, reduction):
    """Keras 3's ``apply_mask``: masked entries weigh 0; for mean reductions the others weigh
    ``total / valid``, so the mean runs over the unmasked entries only."""
    mask = np.asarray(getattr(mask, "data", mask), dtype=bool)
    if reduction in ("mean", "sum_over_batch_size"):
        valid = np.count_nonzero(mask)
        weight = np.where(mask, mask.size / valid if valid else 0.0, 0.0).astype(dtype)
    else:
        weight = mask.astype(dtype)
    if sample_weight is None:
        return weight
    given = np.asarray(getattr(sample_weight, "data", sample_weight), dtype=dtype)
    while given.ndim < weight.ndim:
        given = given[..., None]
    return weight * given


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Weights per-sample values and reduces them the way Keras 3 does.

    ``sum_over_batch_size`` (and ``mean``) divide the weighted sum by the
    number of values, not by the sum of the weights;
    ``mean_with_sample_weight`` divides by the sum of the weights.

    Args:
        values: per-sample losses (a Tensor).
        sample_weight: optional weights broadcastable to ``values``.
        reduction: one of ``REDUCTIONS``.

    Returns:
        A scalar Tensor, or the weighted values for ``"none"``.
    """
    if not isinstance(values, Tensor):
        values = ops.convert_to_tensor(values)
    if sample_weight is not None:
        weights = np.asarray(sample_weight.data if isinstance(sample_weight, Tensor) else sample_weight,
                             dtype=values.data.dtype)
        while weights.ndim > values.ndim and weights.shape[-1] == 1:
            weights = weights.reshape(weights.shape[:-1])
        while weights.ndim < values.ndim:
            weights = weights[..., None]
        values = ops.multiply(values, weights)
    if reduction in ("none", None) or values.ndim == 0 or values.shape == (0,):
        return values
    if reduction in ("sum_over_batch_size", "mean") and sample_weight is None:
        return ops.mean(values)  # one op instead of sum then divide (same float32 result)
    total = ops.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = float(np.sum(weights, dtype=values.data.dtype))
    else:
        divisor = float(values.data.size)
    return ops.divide(total, divisor) if divisor else ops.multiply(total, 0.0)


class LossFunctionWrapper(Loss):
    """Turns a per-sample loss function into a Loss object.

    Args:
        fn: ``fn(y_true, y_pred, **kwargs)`` returning one value per sample.
        reduction, name, dtype: as for ``Loss``.
        **kwargs: passed to ``fn`` on every call.

    Example:
        >>> import nbkeras as keras
        >>> loss = keras.losses.LossFunctionWrapper(keras.losses.huber, delta=0.5)
        >>> round(float(loss([[0.0]], [[2.0]])), 4)
        0.875
    """

    # Keras leaves some function arguments out of the config (e.g. Huber's delta);
    # a subclass lists the ones it reports, and the others only when not default.
    config_keys = None

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None), reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        if self.config_keys is None:
            return {**config, **self._fn_kwargs}
        config.update({k: self._fn_kwargs[k] for k in self.config_keys})
        defaults = getattr(self, "_defaults", {})
        config.update({k: v for k, v in self._fn_kwargs.items()
                       if k not in self.config_keys and v != defaults.get(k)})
        return config

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, reduction={self.reduction}>"
