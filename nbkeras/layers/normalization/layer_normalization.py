"""LayerNormalization: standardize each sample over one or more axes, then scale and shift."""

import math
import warnings

from nbkeras import ops
from nbkeras.layers.normalization.base_normalization import BaseNormalization
from nbkeras.ops.nn.normalization import GroupNormOp


class LayerNormalization(BaseNormalization):
    """``gamma * (x - mean) / sqrt(var + epsilon) + beta`` with statistics of each sample's ``axis``.

    Unlike BatchNormalization it behaves the same in training and inference.
    ``axis`` is an int or a list of ints: ``axis=[1, 2, 3]`` normalizes each
    image of a conv layer's output over all its pixels and channels. Weights:
    gamma, beta, of shape ``[input_shape[a] for a in sorted(axis)]`` (Keras's
    shape; with axes of both signs, e.g. ``[-1, 1]``, Keras lays that shape
    over the input's axes in their own order, and so does nbkeras).

    ``rms_scaling=True`` (deprecated in Keras 3, kept for its files) scales by
    ``gamma / sqrt(var + epsilon)`` without centering and has no beta; for RMS
    normalization use ``RMSNormalization``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> y = keras.layers.LayerNormalization()(np.array([[1.0, 3.0]]))
        >>> [round(float(v), 2) for v in y.numpy()[0]]
        [-1.0, 1.0]
        >>> layer = keras.layers.LayerNormalization(axis=[1, 2, 3])
        >>> layer.build([5, 20, 30, 40])
        >>> tuple(layer.gamma.shape)
        (20, 30, 40)
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        if not isinstance(axis, (int, list, tuple)):
            raise TypeError(f"LayerNormalization: `axis` must be an int or a list/tuple of ints. "
                            f"Received: axis={axis!r}")
        super().__init__(axis=axis, epsilon=epsilon, center=center, scale=scale,
                         beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                         beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                         beta_constraint=beta_constraint, gamma_constraint=gamma_constraint,
                         **kwargs)
        if rms_scaling:
            warnings.warn(f'LayerNormalization "{self.name}": rms_scaling=True is deprecated in Keras 3: '
                          "it divides by the standard deviation, not the root mean square. "
                          "For RMS normalization use keras.layers.RMSNormalization.", stacklevel=2)
        self.rms_scaling = rms_scaling

    def _axes(self, ndim):
        """The normalized axes as Keras lists them (sorted as given) and as positions."""
        listed = sorted([self.axis] if isinstance(self.axis, int) else self.axis)
        for axis in listed:
            if not -ndim <= axis < ndim:
                raise ValueError(f'LayerNormalization "{self.name}": axis {axis} is out of bounds for '
                                 f"an input of rank {ndim}. Received: axis={self.axis}")
        return listed, sorted({axis % ndim for axis in listed})

    def build(self, input_shape):
        listed, positions = self._axes(len(input_shape))
        if 0 in positions or any(input_shape[axis] is None for axis in positions) or len(positions) < len(listed):
            raise ValueError(f'LayerNormalization "{self.name}": every axis must be a known, non-batch '
                             f"axis named once. Received: axis={self.axis} for input shape {tuple(input_shape)}")
        self.axis = listed[0] if len(listed) == 1 else tuple(listed)
        self._add_gamma_beta(tuple(input_shape[axis] for axis in listed),
                             scale=self.scale or self.rms_scaling, center=self.center and not self.rms_scaling)
        self.built = True

    def call(self, inputs):
        _, positions = self._axes(inputs.ndim)
        if self.rms_scaling:
            return self._rms_scaled(inputs, positions)
        # The normalized axes last, in the input's order, flattened into one row per sample
        # position; gamma and beta flattened the same way (Keras reshapes them onto those axes).
        order = tuple(a for a in range(inputs.ndim) if a not in positions) + tuple(positions)
        x = inputs if order == tuple(range(inputs.ndim)) else ops.transpose(inputs, order)
        features = math.prod(inputs.shape[a] for a in positions)
        rows = ops.reshape(x, (-1, features))
        y = GroupNormOp.apply(rows, self._flat(self.gamma), self._flat(self.beta), groups=1,
                              epsilon=self.epsilon)
        y = ops.reshape(y, x.shape)
        if x is inputs:
            return y
        return ops.transpose(y, tuple(order.index(a) for a in range(inputs.ndim)))

    @staticmethod
    def _flat(weight):
        return weight if weight is None or weight.ndim == 1 else ops.reshape(weight, (-1,))

    def _rms_scaled(self, inputs, positions):
        """``x / sqrt(var + epsilon) * gamma`` (Keras's rms_scaling: no centering, no beta)."""
        axes = tuple(positions)
        y = ops.divide(inputs, ops.sqrt(ops.var(inputs, axis=axes, keepdims=True) + self.epsilon))
        if self.gamma is None:
            return y
        shape = tuple(inputs.shape[a] if a in positions else 1 for a in range(inputs.ndim))
        return ops.multiply(y, ops.reshape(self.gamma, shape))

    def compute_output_shape(self, input_shape):
        self._axes(len(input_shape))
        return tuple(input_shape)

    def get_config(self):
        axis = [self.axis] if isinstance(self.axis, int) else list(self.axis)  # Keras writes a list
        config = {**super().get_config(), "axis": axis, "epsilon": self.epsilon,
                  "center": self.center, "scale": self.scale, "rms_scaling": self.rms_scaling}
        config.update(self._weights_config())
        return config
