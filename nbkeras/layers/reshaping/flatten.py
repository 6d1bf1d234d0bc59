"""Flatten: keeps the batch axis and joins all the others into one."""

import numpy as np

from nbkeras import ops
from nbkeras.layers.layer import Layer


class Flatten(Layer):
    """Flattens each sample: ``(batch, 28, 28)`` becomes ``(batch, 784)``.

    Args:
        data_format: ``"channels_last"`` (default) or None; nbkeras keeps
            the channels-last order.
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise ValueError(
                "nbkeras implements data_format='channels_last' only. "
                f"Received: data_format={data_format!r}"
            )
        self.data_format = data_format or "channels_last"
        self.built = True

    def call(self, inputs):
        return ops.reshape(inputs, (inputs.shape[0], -1))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else int(np.prod(rest))
        return (input_shape[0], size)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
