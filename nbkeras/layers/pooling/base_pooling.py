"""Shared anatomy of Max/AveragePooling1D/2D/3D: window, strides (default = window), padding.

A 3-D window pools in two steps with the 2-D and 1-D ops: each depth slice
over (height, width), then along depth. The max of maxima is the max of the
window, and the mean of means is the mean of the window, since Keras counts
the cells inside the input axis by axis (``same`` padding included).
"""

from nbkeras.layers.convolutional.base_conv import (check_input_rank, from_channels_last,
                                                    output_batch_shape, spatial_and_channels,
                                                    standardize_data_format, standardize_padding,
                                                    standardize_tuple, to_channels_last)
from nbkeras import ops
from nbkeras.layers.layer import Layer
from nbkeras.ops.nn.conv import conv_output_length


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
        if self.rank == 3:
            y = self._pool_volume(x)
        else:
            y = self.op.apply(x, pool_size=self.pool_size, strides=self.strides, padding=self.padding)
        return from_channels_last(y, self.data_format)

    def _pool_volume(self, x):
        """(batch, depth, height, width, channels): slices over (height, width), then depth."""
        batch, depth, height, width, channels = x.shape
        slices = self.op.apply(ops.reshape(x, (batch * depth, height, width, channels)),
                               pool_size=self.pool_size[1:], strides=self.strides[1:],
                               padding=self.padding)
        out_h, out_w = slices.shape[1:3]
        columns = ops.reshape(slices, (batch, depth, out_h * out_w * channels))
        y = self.op.apply(columns, pool_size=self.pool_size[:1], strides=self.strides[:1],
                          padding=self.padding)
        return ops.reshape(y, (batch, y.shape[1], out_h, out_w, channels))

    def compute_output_shape(self, input_shape):
        spatial, channels = spatial_and_channels(input_shape, self.data_format)
        out = [conv_output_length(size, k, s, 1, self.padding)[0]
               for size, k, s in zip(spatial, self.pool_size, self.strides)]
        return output_batch_shape(input_shape[0], out, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}
