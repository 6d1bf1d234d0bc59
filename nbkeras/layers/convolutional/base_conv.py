"""Shared anatomy of the convolution layers: argument checks, channels_first, the fused op.

Keras 3 conventions: kernel ``(*kernel_size, in_channels // groups, filters)``,
channels-last by default (``data_format="channels_first"`` is accepted: the
layer transposes to channels-last around the op), ``padding`` in
``valid``/``same`` (and ``causal`` for 1-D).
"""

from nbkeras import activations, constraints, initializers, regularizers, renderers
from nbkeras.layers.layer import Layer
from nbkeras.ops.nn.conv import ConvOp, conv_output_length
# The argument checks and channels helpers live with keras.ops.conv; the layers import them from here.
from nbkeras.ops.nn.conv_functions import (from_channels_last, standardize_data_format,
                                           standardize_padding, standardize_tuple, to_channels_last)

# Activations the fused conv op applies itself (codes of nbkeras.kernels.dense).
FUSED_ACTIVATIONS = {activations.linear: 0, activations.relu: 1, activations.sigmoid: 2,
                     activations.tanh: 3, activations.softmax: 4}


def spatial_and_channels(input_shape, data_format):
    """(spatial sizes, channels) of a batch shape in either data format."""
    if data_format == "channels_last":
        return tuple(input_shape[1:-1]), input_shape[-1]
    return tuple(input_shape[2:]), input_shape[1]


def output_batch_shape(batch, spatial, channels, data_format):
    if data_format == "channels_last":
        return (batch,) + tuple(spatial) + (channels,)
    return (batch, channels) + tuple(spatial)


def check_input_rank(layer, inputs, rank):
    if inputs.ndim != rank + 2:
        spatial = ("steps", "height, width", "depth, height, width")[rank - 1]
        axes = (f"(batch, {spatial}, channels)" if layer.data_format == "channels_last"
                else f"(batch, channels, {spatial})")
        fix = (" Add the batch axis: x[None] or x.reshape((1,) + x.shape)."
               if inputs.ndim == rank + 1 else "")
        raise ValueError(f'{type(layer).__name__} "{layer.name}" expects inputs of rank {rank + 2} '
                         f"{axes}, received shape {tuple(inputs.shape)}.{fix}")


def serialize_or_none(module, value):
    return None if value is None else module.serialize(value)


class BaseConv(Layer):
    """Common constructor and config of Conv1D/2D/3D (``rank`` set by the subclass)."""

    rank = 2
    paddings = ("valid", "same")
    def _repr_png_(self):
        """In a notebook, a built conv layer shows its filters as a grid of small images.

        The picture comes from the ``conv_filters_png`` renderer that the package face
        installs (layers never import the display package: imports flow one way).
        """
        renderer = renderers.get("conv_filters_png")
        return None if renderer is None or not self.built else renderer(self)

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        label = f'{type(self).__name__} "{self.name}"'
        if lora_rank is not None:
            raise ValueError(f"{label}: nbkeras does not support LoRA. Received: lora_rank={lora_rank}")
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(f"{label}: invalid value for argument `filters`. Expected a strictly "
                             f"positive value. Received filters={filters!r}.")
        self.filters, self.groups = filters, groups
        if not isinstance(groups, int) or groups <= 0 or filters % groups:
            raise ValueError(f"{label}: the number of filters must be evenly divisible by the "
                             f"number of groups. Received: groups={groups}, filters={filters}.")
        self.kernel_size = standardize_tuple(kernel_size, self.rank, "kernel_size", label)
        self.strides = standardize_tuple(strides, self.rank, "strides", label)
        self.dilation_rate = standardize_tuple(dilation_rate, self.rank, "dilation_rate", label)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"{label}: `strides > 1` not supported in conjunction with "
                             f"`dilation_rate > 1`. Received: strides={self.strides} and "
                             f"dilation_rate={self.dilation_rate}")
        self.padding = standardize_padding(padding, self.paddings, label)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self._activation_code = FUSED_ACTIVATIONS.get(self.activation)
        self.kernel = None
        self.bias = None

    def _channels(self, input_shape):
        _, channels = spatial_and_channels(input_shape, self.data_format)
        if channels is None:
            raise ValueError(f'{type(self).__name__} "{self.name}" needs a known channel axis. '
                             f"Received input_shape={input_shape}.")
        return channels

    def _add_bias(self, size):
        if self.use_bias:
            self.bias = self.add_weight(shape=(size,), initializer=self.bias_initializer, name="bias",
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)

    def _run(self, inputs, op, *weights, **attributes):
        """channels-last in, the fused op, activation (when not fused), channels-last out."""
        check_input_rank(self, inputs, self.rank)
        x = to_channels_last(inputs, self.data_format)
        code = 0 if self._activation_code is None else self._activation_code
        y = op.apply(x, *weights, activation=code, **attributes)
        if self._activation_code is None:
            y = self.activation(y)
        return from_channels_last(y, self.data_format)

    def _base_config(self):
        base = super().get_config()
        base.update({
            "kernel_size": self.kernel_size, "strides": self.strides, "padding": self.padding,
            "data_format": self.data_format, "dilation_rate": self.dilation_rate,
        })
        return base

    def _tail_config(self, **weights):
        config = {"activation": activations.serialize(self.activation), "use_bias": self.use_bias}
        for name, initializer in weights.items():
            config[f"{name}_initializer"] = initializers.serialize(initializer)
        config["bias_initializer"] = initializers.serialize(self.bias_initializer)
        for name in weights:
            config[f"{name}_regularizer"] = serialize_or_none(regularizers, getattr(self, f"{name}_regularizer"))
        config["bias_regularizer"] = serialize_or_none(regularizers, self.bias_regularizer)
        config["activity_regularizer"] = serialize_or_none(regularizers, self.activity_regularizer)
        for name in weights:
            config[f"{name}_constraint"] = serialize_or_none(constraints, getattr(self, f"{name}_constraint"))
        config["bias_constraint"] = serialize_or_none(constraints, self.bias_constraint)
        return config


class Conv(BaseConv):
    """Conv1D/2D/3D: the kernel and bias, the call through ``ConvOp``."""

    def build(self, input_shape):
        channels = self._channels(input_shape)
        if channels % self.groups:
            raise ValueError(f'{type(self).__name__} "{self.name}": the number of input channels '
                             f"must be evenly divisible by the number of groups. Received "
                             f"groups={self.groups}, but the input has {channels} channels "
                             f"(full input shape is {input_shape}).")
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels // self.groups, self.filters),
            initializer=self.kernel_initializer, name="kernel",
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        return self._run(inputs, ConvOp, self.kernel, self.bias, strides=self.strides,
                         dilation=self.dilation_rate, padding=self.padding, groups=self.groups)

    def compute_output_shape(self, input_shape):
        spatial, _ = spatial_and_channels(input_shape, self.data_format)
        out = [conv_output_length(size, k, s, d, self.padding)[0] for size, k, s, d in
               zip(spatial, self.kernel_size, self.strides, self.dilation_rate)]
        return output_batch_shape(input_shape[0], out, self.filters, self.data_format)

    def get_config(self):
        config = self._base_config()
        config = {**{k: config[k] for k in ("name", "trainable", "dtype")}, "filters": self.filters,
                  **{k: v for k, v in config.items() if k not in ("name", "trainable", "dtype")}}
        config["groups"] = self.groups
        config.update(self._tail_config(kernel=self.kernel_initializer))
        return config
