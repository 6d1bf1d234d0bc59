"""Conv1DTranspose and Conv2DTranspose share this: the kernel ``(*kernel_size, filters, in_channels)``."""

from nbkeras.layers.convolutional.base_conv import BaseConv, output_batch_shape, spatial_and_channels
from nbkeras.ops.nn.conv_functions import standardize_output_padding
from nbkeras.ops.nn.conv import ConvTransposeOp, conv_transpose_output_length


class BaseConvTranspose(BaseConv):
    """A transposed convolution: each input pixel paints ``kernel`` times its value.

    With ``strides=2`` it doubles the resolution (``padding="same"``: output =
    input * stride), which is why decoders and GAN generators use it.
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=1,
                         activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                         **kwargs)
        self.output_padding = standardize_output_padding(output_padding, self.strides,
                                                         f'{type(self).__name__} "{self.name}"')

    def build(self, input_shape):
        channels = self._channels(input_shape)
        self.kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, channels), initializer=self.kernel_initializer,
            name="kernel", regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        return self._run(inputs, ConvTransposeOp, self.kernel, self.bias, strides=self.strides,
                         dilation=self.dilation_rate, padding=self.padding,
                         output_padding=self.output_padding)

    def compute_output_shape(self, input_shape):
        spatial, _ = spatial_and_channels(input_shape, self.data_format)
        paddings = self.output_padding or (None,) * self.rank
        out = [conv_transpose_output_length(size, k, s, d, self.padding, p)[0] for size, k, s, d, p
               in zip(spatial, self.kernel_size, self.strides, self.dilation_rate, paddings)]
        return output_batch_shape(input_shape[0], out, self.filters, self.data_format)

    def get_config(self):
        base = self._base_config()
        config = {k: base[k] for k in ("name", "trainable", "dtype")}
        config.update({"filters": self.filters, "kernel_size": self.kernel_size,
                       "strides": self.strides, "padding": self.padding,
                       "output_padding": self.output_padding, "data_format": self.data_format,
                       "dilation_rate": self.dilation_rate})
        config.update(self._tail_config(kernel=self.kernel_initializer))
        return config
