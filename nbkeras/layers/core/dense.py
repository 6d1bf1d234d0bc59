"""Dense: the fully connected layer, ``activation(inputs @ kernel + bias)``."""

from nbkeras import activations, constraints, initializers, ops, regularizers
from nbkeras.layers.layer import Layer
from nbkeras.ops.nn.dense import FUSED_ACTIVATIONS, dense


class Dense(Layer):
    """Just your regular densely-connected layer.

    Applies to the last axis of its input: a ``(batch, d0, d1)`` input gives
    ``(batch, d0, units)``. The kernel has shape ``(input_dim, units)``.

    Args:
        units: positive integer, the output size.
        activation: activation name or function (``None`` means linear).
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties.
        kernel_constraint, bias_constraint: projections after each update.

    Example:
        >>> import nbkeras as keras
        >>> layer = keras.layers.Dense(3, activation="relu")
        >>> layer(keras.ops.ones((2, 4))).shape
        (2, 3)
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                "Received an invalid value for `units`, expected a positive integer. "
                f"Received: units={units!r}. The first argument is the number of neurons: "
                "Dense(units=3, activation=\"relu\")."
            )
        if lora_rank is not None or quantization_config is not None:
            raise ValueError("nbkeras's Dense does not support LoRA or quantization "
                             f"(lora_rank={lora_rank}, quantization_config={quantization_config}).")
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        name = activations.serialize(self.activation)
        # The kernel applies these itself; the activation function is then not called.
        self._fused_activation = name if self.activation is activations.get(name) \
            and name in FUSED_ACTIVATIONS else None
        self.kernel = None
        self.bias = None

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f'Dense "{self.name}" needs a known last input axis. Received input_shape={input_shape}.'
            )
        self.kernel = self.add_weight(
            shape=(input_dim, self.units), initializer=self.kernel_initializer, name="kernel",
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,), initializer=self.bias_initializer, name="bias",
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        expected = self.kernel.shape[0]
        if inputs.ndim < 2:
            raise ValueError(
                f'Dense "{self.name}" expects inputs of rank 2 or more (batch, features), '
                f"received shape {tuple(inputs.shape)}: the batch axis is missing. Add it: "
                f"x[None] or x.reshape(1, {expected}) for one sample.")
        if inputs.shape[-1] != expected:
            raise ValueError(
                f'Dense "{self.name}" expects inputs whose last axis is {expected}, received '
                f"shape {tuple(inputs.shape)} (the first axis is the batch). Check input_shape= "
                "on the first layer, or the data you pass."
            )
        x = inputs if inputs.ndim == 2 else ops.reshape(inputs, (-1, expected))
        y = dense(x, self.kernel, self.bias, activation=self._fused_activation or "linear")
        if self._fused_activation is None:
            y = self.activation(y)
        if inputs.ndim != 2:
            y = ops.reshape(y, tuple(inputs.shape[:-1]) + (self.units,))
        return y

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        base = super().get_config()
        base.update({
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _maybe(regularizers.serialize, self.kernel_regularizer),
            "bias_regularizer": _maybe(regularizers.serialize, self.bias_regularizer),
            "kernel_constraint": _maybe(constraints.serialize, self.kernel_constraint),
            "bias_constraint": _maybe(constraints.serialize, self.bias_constraint),
        })
        return base


def _maybe(serialize, value):
    return None if value is None else serialize(value)
