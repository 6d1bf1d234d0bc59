"""GroupNormalization: standardize groups of channels of each sample over all positions."""

from nbkeras.layers.normalization.base_normalization import BaseNormalization
from nbkeras.ops.nn.normalization import GroupNormOp


class GroupNormalization(BaseNormalization):
    """Splits the channels into ``groups`` and standardizes each group of each sample.

    ``groups=1`` normalizes the whole sample (like LayerNormalization over all
    axes); ``groups=-1`` or ``groups=channels`` is instance normalization.
    Weights: gamma, beta per channel.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GroupNormalization(groups=2)(np.ones((1, 3, 3, 4))).shape
        (1, 3, 3, 4)
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(axis=axis, epsilon=epsilon, center=center, scale=scale,
                         beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                         beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                         beta_constraint=beta_constraint, gamma_constraint=gamma_constraint,
                         **kwargs)
        self.groups = groups

    def build(self, input_shape):
        channels = input_shape[self._channel_axis(input_shape)]
        groups = channels if self.groups == -1 else self.groups
        if groups > channels or channels % groups:
            raise ValueError(f'GroupNormalization "{self.name}": the number of groups ({groups}) '
                             f"must divide the number of channels ({channels}) and not exceed it. "
                             f"Received input_shape={input_shape}.")
        self._group_count = groups
        self._add_gamma_beta(channels)
        self.built = True

    def call(self, inputs):
        x, back = self._moved_last(inputs)
        return back(GroupNormOp.apply(x, self.gamma, self.beta, groups=self._group_count,
                                      epsilon=self.epsilon))

    def get_config(self):
        config = {**super().get_config(), "groups": self.groups, "axis": self.axis,
                  "epsilon": self.epsilon, "center": self.center, "scale": self.scale}
        config.update(self._weights_config())
        return config
