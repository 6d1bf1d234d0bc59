"""ActivityRegularization: an identity layer that penalizes its input's size."""

from nbkeras import regularizers
from nbkeras.layers.layer import Layer


class ActivityRegularization(Layer):
    """Passes inputs through and adds ``l1 * sum|x| + l2 * sum x²`` (divided by the batch size) to ``losses``.

    Args:
        l1: L1 factor.
        l2: L2 factor.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> layer = keras.layers.ActivityRegularization(l1=0.1)
        >>> _ = layer(np.array([[1.0, -2.0], [0.0, 1.0]]))
        >>> round(float(layer.losses[0]), 4)
        0.2
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = l1, l2
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}
