"""LayerNormalization: standardize each sample over its last axis, then scale and shift."""

from nbkeras.layers.normalization.base_normalization import BaseNormalization
from nbkeras import ops
from nbkeras.ops.nn.normalization import GroupNormOp


class LayerNormalization(BaseNormalization):
    """``gamma * (x - mean) / sqrt(var + epsilon) + beta`` with statistics of each sample's ``axis``.

    Unlike BatchNormalization it behaves the same in training and inference.
    Weights: gamma, beta, of the size of ``axis``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> y = keras.layers.LayerNormalization()(np.array([[1.0, 3.0]]))
        >>> [round(float(v), 2) for v in y.numpy()[0]]
        [-1.0, 1.0]
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(axis=axis, epsilon=epsilon, center=center, scale=scale,
                         beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                         beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                         beta_constraint=beta_constraint, gamma_constraint=gamma_constraint,
                         **kwargs)
        if rms_scaling:
            raise ValueError(f'LayerNormalization "{self.name}": nbkeras does not implement '
                             "rms_scaling=True (use keras.layers.RMSNormalization in Keras).")
        self.rms_scaling = rms_scaling

    def build(self, input_shape):
        self._add_gamma_beta(input_shape[self._channel_axis(input_shape)])
        self.built = True

    def call(self, inputs):
        x, back = self._moved_last(inputs)
        rows = x if x.ndim == 2 else ops.reshape(x, (-1, x.shape[-1]))
        y = GroupNormOp.apply(rows, self.gamma, self.beta, groups=1, epsilon=self.epsilon)
        return back(y if x.ndim == 2 else ops.reshape(y, x.shape))

    def get_config(self):
        axis = [self.axis] if isinstance(self.axis, int) else list(self.axis)  # Keras writes a list
        config = {**super().get_config(), "axis": axis, "epsilon": self.epsilon,
                  "center": self.center, "scale": self.scale, "rms_scaling": self.rms_scaling}
        config.update(self._weights_config())
        return config
