"""Shared anatomy of Max/AveragePooling1D/2D/3D: window, strides (default = window), padding.

The pooling itself is ``ops.nn.conv_functions.pool_channels_last`` (also behind
``keras.ops.max_pool`` and ``average_pool``).
"""

from nbkeras.layers.convolutional.base_conv import (check_input_rank, from_channels_last,
                                                    output_batch_shape, spatial_and_channels,
                                                    standardize_data_format, standardize_padding,
                                                    standardize_tuple, to_channels_last)
from nbkeras.layers.layer import Layer
from nbkeras.ops.nn.conv import conv_output_length
from nbkeras.ops.nn.conv_functions import pool_channels_last


class BasePooling(Layer):
    """A window slid over the spatial axes, summarised by ``op`` (max or mean) per channel."""

    rank = 2
    op = None

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(name=name, **kwargs)
        label = f'{type(self).__name__} "{self.name}"'
        self.pool_size = standardize_tuple(pool_size, self.rank, "pool_size", label)
        self.strides = self.pool_size if strides is None else standardize_tuple(
            strides, self.rank, "strides", label)
        self.padding = standardize_padding(padding, ("valid", "same"), label)
        self.data_format = standardize_data_format(data_format)
        self.built = True

    def call(self, inputs):
        check_input_rank(self, inputs, self.rank)
        x = to_channels_last(inputs, self.data_format)
        y = pool_channels_last(self.op, x, self.pool_size, self.strides, self.padding)
        return from_channels_last(y, self.data_format)

    def compute_output_shape(self, input_shape):
        spatial, channels = spatial_and_channels(input_shape, self.data_format)
        out = [conv_output_length(size, k, s, 1, self.padding)[0]
               for size, k, s in zip(spatial, self.pool_size, self.strides)]
        return output_batch_shape(input_shape[0], out, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}
