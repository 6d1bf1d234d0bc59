"""DepthwiseConv1D/2D and SeparableConv1D/2D: one filter set per input channel.

A depthwise convolution is a grouped convolution with ``groups = channels``:
Keras's ``depthwise_kernel`` ``(*kernel_size, channels, depth_multiplier)``
read as ``(*kernel_size, 1, channels * depth_multiplier)`` is exactly the
grouped kernel, output channel ``c * depth_multiplier + m``.
"""

from nbkeras import constraints, initializers, regularizers
from nbkeras.layers.convolutional.base_conv import (BaseConv, output_batch_shape,
                                                    spatial_and_channels)
from nbkeras import ops
from nbkeras.ops.nn.conv import ConvOp, conv_output_length


class BaseDepthwiseConv(BaseConv):
    """Depthwise (``filters=None``) or separable (depthwise, then a 1x1 pointwise) convolution."""

    separable = False

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, filters=None,
                 pointwise_initializer="glorot_uniform", pointwise_regularizer=None,
                 pointwise_constraint=None, **kwargs):
        super().__init__(filters or 1, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                         use_bias=use_bias, bias_initializer=bias_initializer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, **kwargs)
        if not self.separable:
            _refuse_separable_arguments(self, filters, pointwise_initializer, pointwise_regularizer,
                                        pointwise_constraint)
        if not isinstance(depth_multiplier, int) or depth_multiplier <= 0:
            raise ValueError(f'{type(self).__name__} "{self.name}": invalid value for argument '
                             "`depth_multiplier`. Expected a strictly positive value. Received "
                             f"depth_multiplier={depth_multiplier!r}.")
        self.filters = filters
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self.depthwise_kernel = self.pointwise_kernel = None

    def build(self, input_shape):
        channels = self._channels(input_shape)
        self.depthwise_kernel = self.add_weight(
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, name="depthwise_kernel",
            regularizer=self.depthwise_regularizer, constraint=self.depthwise_constraint)
        if self.separable:
            self.pointwise_kernel = self.add_weight(
                shape=(1,) * self.rank + (channels * self.depth_multiplier, self.filters),
                initializer=self.pointwise_initializer, name="pointwise_kernel",
                regularizer=self.pointwise_regularizer, constraint=self.pointwise_constraint)
        self._add_bias(self.filters if self.separable else channels * self.depth_multiplier)
        self.built = True

    def call(self, inputs):
        channels = self.depthwise_kernel.shape[-2]
        grouped = ops.reshape(self.depthwise_kernel,
                              self.kernel_size + (1, channels * self.depth_multiplier))
        attributes = dict(strides=self.strides, dilation=self.dilation_rate, padding=self.padding)
        if not self.separable:
            return self._run(inputs, ConvOp, grouped, self.bias, groups=channels, **attributes)
        depthwise = _DepthwiseStage(self, grouped, channels, attributes)
        return self._run(inputs, depthwise, self.pointwise_kernel, self.bias, strides=(1,) * self.rank,
                         dilation=(1,) * self.rank, padding="valid", groups=1)

    def compute_output_shape(self, input_shape):
        spatial, channels = spatial_and_channels(input_shape, self.data_format)
        out = [conv_output_length(size, k, s, d, self.padding)[0] for size, k, s, d in
               zip(spatial, self.kernel_size, self.strides, self.dilation_rate)]
        depth = self.filters if self.separable else (
            None if channels is None else channels * self.depth_multiplier)
        return output_batch_shape(input_shape[0], out, depth, self.data_format)

    def get_config(self):
        base = self._base_config()
        config = {k: base[k] for k in ("name", "trainable", "dtype")}
        config["depth_multiplier"] = self.depth_multiplier
        if self.separable:
            config["filters"] = self.filters
        config.update({k: base[k] for k in ("kernel_size", "strides", "padding", "data_format",
                                            "dilation_rate")})
        weights = {"depthwise": self.depthwise_initializer}
        if self.separable:
            weights["pointwise"] = self.pointwise_initializer
        config.update(self._tail_config(**weights))
        return config


def _refuse_separable_arguments(layer, filters, initializer, regularizer, constraint):
    """A depthwise conv has no ``filters`` or pointwise weights: Keras refuses them (TypeError),
    and silently ignoring ``filters`` would give a learner another number of channels."""
    given = [name for name, value, default in (("filters", filters, None),
                                               ("pointwise_initializer", initializer, "glorot_uniform"),
                                               ("pointwise_regularizer", regularizer, None),
                                               ("pointwise_constraint", constraint, None)) if value != default]
    if given:
        name = type(layer).__name__
        raise TypeError(f'{name} "{layer.name}": unexpected argument {given[0]}. A depthwise convolution '
                        "makes depth_multiplier filters per input channel (output channels = input "
                        "channels x depth_multiplier) and has no pointwise weights. For a chosen number "
                        f"of output channels use {name.replace('Depthwise', 'Separable')}(filters, ...) "
                        f"or {name.replace('Depthwise', '')}(filters, ..., groups=...).")


class _DepthwiseStage:
    """Applies the depthwise stage, then the pointwise ConvOp: looks like an op class to ``_run``."""

    def __init__(self, layer, grouped_kernel, channels, attributes):
        self.grouped_kernel, self.channels, self.attributes = grouped_kernel, channels, attributes

    def apply(self, x, pointwise_kernel, bias, activation, **pointwise):
        hidden = ConvOp.apply(x, self.grouped_kernel, None, groups=self.channels, activation=0,
                              **self.attributes)
        return ConvOp.apply(hidden, pointwise_kernel, bias, activation=activation, **pointwise)
