"""LayerNormalization: standardize each sample over one or more axes, then scale and shift."""

import warnings

from nbkeras.layers.normalization.base_normalization import BaseNormalization
from nbkeras.ops.nn.normalization_functions import normalized_axes, standardize, weight_axes


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
        return normalized_axes(self.axis, ndim, f'LayerNormalization "{self.name}"')

    def build(self, input_shape):
        listed, shape = weight_axes(self.axis, input_shape, f'LayerNormalization "{self.name}"')
        self.axis = listed[0] if len(listed) == 1 else tuple(listed)
        self._add_gamma_beta(shape, scale=self.scale or self.rms_scaling,
                             center=self.center and not self.rms_scaling)
        self.built = True

    def call(self, inputs):
        _, positions = self._axes(inputs.ndim)
        return standardize(inputs, self.gamma, self.beta, positions, self.epsilon, self.rms_scaling)

    def compute_output_shape(self, input_shape):
        self._axes(len(input_shape))
        return tuple(input_shape)

    def get_config(self):
        axis = [self.axis] if isinstance(self.axis, int) else list(self.axis)  # Keras writes a list
        config = {**super().get_config(), "axis": axis, "epsilon": self.epsilon,
                  "center": self.center, "scale": self.scale, "rms_scaling": self.rms_scaling}
        config.update(self._weights_config())
        return config
