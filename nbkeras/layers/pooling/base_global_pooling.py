"""Shared anatomy of the global pooling layers: one value per channel (``keepdims`` keeps axes)."""

from nbkeras.layers.convolutional.base_conv import (check_input_rank, spatial_and_channels,
                                                    standardize_data_format, to_channels_last)
from nbkeras.layers.layer import Layer
from nbkeras import ops
from nbkeras.ops.nn.pooling import MaxPoolOp


class BaseGlobalPooling(Layer):
    """Pools all spatial positions of each channel: ``(batch, ..., channels) -> (batch, channels)``."""

    rank = 2
    reduce = "mean"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.keepdims = keepdims
        self.built = True

    def call(self, inputs):
        check_input_rank(self, inputs, self.rank)
        axes = tuple(range(1, self.rank + 1)) if self.data_format == "channels_last" else \
            tuple(range(2, self.rank + 2))
        if self.reduce == "mean":
            return ops.mean(inputs, axis=axes, keepdims=self.keepdims)
        x = to_channels_last(inputs, self.data_format)
        if self.rank == 3:  # the pooling op is 1-D/2-D: a volume's cells as one row
            x = ops.reshape(x, (x.shape[0], -1, x.shape[-1]))
        pooled = MaxPoolOp.apply(x, pool_size=x.shape[1:-1], strides=x.shape[1:-1], padding="valid")
        if self.keepdims:
            shape = list(inputs.shape)
            for axis in axes:
                shape[axis] = 1
            return ops.reshape(pooled, tuple(shape))
        return ops.reshape(pooled, (inputs.shape[0], x.shape[-1]))

    def compute_output_shape(self, input_shape):
        _, channels = spatial_and_channels(input_shape, self.data_format)
        if not self.keepdims:
            return (input_shape[0], channels)
        ones = (1,) * self.rank
        return ((input_shape[0],) + ones + (channels,) if self.data_format == "channels_last"
                else (input_shape[0], channels) + ones)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}
