"""Normalization: shift and scale features to mean 0 and variance 1, statistics from ``adapt``."""

import math

import numpy as np

from nbkeras import config, ops
from nbkeras.layers.preprocessing.base_preprocessing import DataLayer, iter_batches


class Normalization(DataLayer):
    """Computes ``(x - mean) / max(sqrt(variance), epsilon)`` (or the inverse).

    The statistics come from ``adapt(data)`` (one mean and variance per position of
    the kept ``axis``) or from the ``mean`` and ``variance`` arguments. They are
    weights (``mean``, ``variance``, ``count``; not trainable), so they travel in
    ``.keras`` files.

    Args:
        axis: the axis (or axes) that keep separate statistics; -1 means one mean per
            feature; None means one mean for everything.
        mean, variance: fixed statistics instead of ``adapt``.
        invert: map normalized values back to the original scale.

    Example:
        >>> import numpy as np
        >>> layer = Normalization()
        >>> layer.adapt(np.array([[0.0], [2.0], [4.0]]))
        >>> layer(np.array([[4.0]])).numpy()
        array([[1.2247448]], dtype=float32)
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = () if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
        self.input_mean, self.input_variance, self.invert = mean, variance, invert
        self.supports_masking = True
        self.mean = self.variance = None
        if (mean is not None) != (variance is not None):
            raise ValueError("When setting values directly, both `mean` and `variance` must be "
                             f"set. Received: mean={mean} and variance={variance}")
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError("When setting values directly, `mean` and `variance` must have "
                                 f"the same shape. Received: mean shape {np.shape(mean)} and "
                                 f"variance shape {np.shape(variance)}")
            if np.ndim(mean) > len(self.axis):
                raise ValueError(f"The rank of `mean` must be less than or equal to the number "
                                 f"of axes ({len(self.axis)}). Received: mean shape "
                                 f"{np.shape(mean)} for axis {self.axis}")

    def build(self, input_shape):
        ndim = len(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError("All `axis` values must be in the range [-ndim, ndim). Received "
                             f"inputs with ndim={ndim}, while axis={self.axis}")
        self._keep_axis = tuple(sorted(a % ndim for a in self.axis))
        for a in self._keep_axis:
            if input_shape[a] is None:
                raise ValueError(f"All `axis` values to be kept must have a known shape. "
                                 f"Received axis={self.axis}, inputs.shape={tuple(input_shape)}, "
                                 f"with unknown axis at index {a}")
        self._reduce_axis = tuple(a for a in range(ndim) if a not in self._keep_axis)
        self._broadcast_shape = [input_shape[a] if a in self._keep_axis else 1 for a in range(ndim)]
        self._stat_shape = tuple(input_shape[a] for a in self._keep_axis)
        self._input_shape = tuple(input_shape)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(name="mean", shape=self._stat_shape,
                                              initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(name="variance", shape=self._stat_shape,
                                                  initializer="ones", trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int32",
                                         initializer="zeros", trainable=False)
            self.built = True
            self.finalize_state()
        else:
            self.mean = self._broadcast(self.input_mean, ndim)
            self.variance = self._broadcast(self.input_variance, ndim)

    def _broadcast(self, value, ndim):
        value = np.asarray(value, dtype=self.dtype)
        if value.ndim:
            shape = [1] * ndim
            for i in range(1, value.ndim + 1):
                shape[self._keep_axis[-i]] = value.shape[-i]
            value = value.reshape(shape)
        return np.broadcast_to(value, self._broadcast_shape).astype(self.dtype)

    def adapt(self, data):
        """Computes the mean and variance of ``data`` (an array, PyDataset or batches)."""
        batches = iter_batches(data)
        first = next(batches, None)
        if first is None:
            raise ValueError("adapt() received an empty iterable (no batches). Pass at least one "
                             "batch, e.g. layer.adapt(x_train).")
        if not self.built:
            self.build(first.shape)
            self._build_shape = (None,) + tuple(first.shape[1:])
        for a in self._keep_axis:
            if first.shape[a] != self._input_shape[a]:
                raise ValueError(f"The layer was built with input_shape={self._input_shape}, but "
                                 "adapt() is being called with data with an incompatible shape, "
                                 f"data.shape={first.shape}")
        if isinstance(data, np.ndarray):
            mean = np.mean(data, axis=self._reduce_axis)
            variance = np.var(data, axis=self._reduce_axis)
        else:
            mean, variance = self._running_moments([first], batches)
        self.adapt_mean.assign(np.asarray(mean, dtype=self.dtype).reshape(self._stat_shape))
        self.adapt_variance.assign(np.asarray(variance, dtype=self.dtype).reshape(self._stat_shape))
        self.finalize_state()

    def _running_moments(self, head, tail):
        """Keras's batch-weighted merge of per-batch means and variances."""
        mean, variance, count = np.zeros(self._stat_shape), np.zeros(self._stat_shape), 0
        for batch in (*head, *tail):
            batch = batch.astype(self.dtype)
            batch_count = math.prod(batch.shape[a] for a in self._reduce_axis)
            count += batch_count
            weight = batch_count / count
            batch_mean = batch.mean(axis=self._reduce_axis)
            batch_var = batch.var(axis=self._reduce_axis)
            new_mean = mean * (1 - weight) + batch_mean * weight
            variance = (variance + (mean - new_mean) ** 2) * (1 - weight) + \
                (batch_var + (batch_mean - new_mean) ** 2) * weight
            mean = new_mean
        return mean, variance

    def finalize_state(self):
        """Reads the adapted weights into the broadcast statistics ``call`` uses."""
        if self.input_mean is not None or not self.built:
            return
        shape = self._broadcast_shape
        self.mean = np.reshape(self.adapt_mean.data, shape).astype(self.dtype)
        self.variance = np.reshape(self.adapt_variance.data, shape).astype(self.dtype)

    def call(self, inputs):
        if self.mean is None:
            raise ValueError("You must call `.build(input_shape)` on the layer before using it.")
        self.finalize_state()  # weights may have been loaded since the last call
        scale = np.maximum(np.sqrt(self.variance), np.asarray(config.epsilon(), self.dtype))
        inputs = ops.cast(inputs, self.dtype)
        if self.invert:
            return ops.add(ops.multiply(inputs, scale), self.mean)
        return ops.divide(ops.subtract(inputs, self.mean), scale)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "invert": self.invert,
                "mean": np.array(self.input_mean).tolist(),
                "variance": np.array(self.input_variance).tolist()}

    @classmethod
    def from_config(cls, config_dict):
        config_dict = dict(config_dict)
        for key in ("mean", "variance"):
            if config_dict.get(key) is None:
                config_dict[key] = None
        if isinstance(config_dict.get("axis"), list):
            config_dict["axis"] = tuple(config_dict["axis"])
        return cls(**config_dict)
