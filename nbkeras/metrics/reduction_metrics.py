"""Mean, Sum and MeanMetricWrapper: running (weighted) averages and totals."""

import numpy as np

from nbkeras.metrics.metric import Metric, same_rank, to_array


class Mean(Metric):
    """The (weighted) mean of the values seen: ``total / count``.

    Values with more than one axis are first averaged per sample (Keras's rule).

    Args:
        name: default ``"mean"``.
        dtype: the result dtype.

    Example:
        >>> import nbkeras as keras
        >>> m = keras.metrics.Mean()
        >>> m.update_state([1.0, 3.0])
        >>> m.update_state([5.0], sample_weight=[2.0])
        >>> float(m.result())
        3.5
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self):
        self.total = np.float32(0.0)
        self.count = np.float32(0.0)

    def update_state(self, values, sample_weight=None):
        """Adds values (in float32, reduced to one value per sample first)."""
        values = to_array(values, np.float32)
        if sample_weight is not None:
            weights = to_array(sample_weight, np.float32)
            values, weights = same_rank(values, weights)
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

    def update_scalar(self, value, weight=1.0):
        """Adds one weighted scalar, as ``update_state(value, sample_weight=weight)`` would.

        The trainer's loss tracker calls this once per batch: it skips the
        array conversions of ``update_state``, which cost more than the math.
        """
        weight = np.float32(weight)
        self.total = np.float32(self.total + np.float32(value) * weight)
        self.count = np.float32(self.count + weight)

    def result(self):
        return np.float32(self.total / self.count) if self.count else np.float32(0.0)


class Sum(Metric):
    """The (weighted) sum of the values seen.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.Sum()([1.0, 2.0, 4.0]))
        7.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self):
        self.total = np.float32(0.0)

    def update_state(self, values, sample_weight=None):
        values = to_array(values, np.float32)
        if sample_weight is not None:
            weights = to_array(sample_weight, np.float32)
            values, weights = same_rank(values, weights)
            values = values * np.broadcast_to(weights, values.shape) if values.ndim >= weights.ndim \
                else values * weights
        self.total = np.float32(self.total + np.sum(values, dtype=np.float32))

    def result(self):
        return np.float32(self.total)


class MeanMetricWrapper(Mean):
    """Averages a per-sample metric function over everything seen.

    Args:
        fn: ``fn(y_true, y_pred, **kwargs)`` returning per-sample values
            (NumPy arrays or Tensors: custom metrics written with
            ``nbkeras.ops`` work too).
        name: the metric's key in logs.
        **kwargs: passed to ``fn``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> def rmse(y_true, y_pred):
        ...     return keras.ops.sqrt(keras.ops.mean((y_pred - y_true) ** 2, axis=-1))
        >>> float(keras.metrics.MeanMetricWrapper(rmse)(np.zeros((2, 1)), np.ones((2, 1))))
        1.0
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", "metric"), dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = same_rank(to_array(y_true), to_array(y_pred))
        values = self.fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(to_array(values), sample_weight=sample_weight)

    def update_state_from_values(self, values, sample_weight=None):
        """Adds the per-sample values of ``fn`` computed elsewhere, as ``update_state`` would.

        The trainer passes the accuracy hits of the fused loss-and-accuracy
        kernel here (``metrics.loss_accuracy``) instead of calling ``fn`` again.
        """
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        return {**super().get_config(), **self._fn_kwargs}


def metric_class(class_name, fn, default_name, summary, **defaults):
    """A MeanMetricWrapper subclass around ``fn`` whose arguments are ``defaults``."""

    def __init__(self, name=default_name, dtype=None, **kwargs):
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{class_name} got unexpected arguments {sorted(unknown)}. Its "
                            f"arguments are: {', '.join([*defaults, 'name', 'dtype'])}.")
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **{**defaults, **kwargs})

    arguments = "".join(f"\n        {key}: default {value!r}." for key, value in defaults.items())
    doc = (f"{summary}\n\n    The running mean of ``keras.metrics.{fn.__name__}``.\n\n"
           f"    Args:{arguments}\n        name: default ``{default_name!r}``.\n\n"
           f"    Example:\n        >>> import nbkeras as keras\n"
           f"        >>> keras.metrics.{class_name}().name\n        '{default_name}'\n")
    return type(class_name, (MeanMetricWrapper,), {
        "__init__": __init__, "__doc__": doc, "__module__": "nbkeras.metrics"})
