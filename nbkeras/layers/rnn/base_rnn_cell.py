"""What SimpleRNNCell, LSTMCell and GRUCell share: arguments, weights' settings, dropout masks, config."""

import numpy as np

from nbkeras import activations, constraints, initializers, regularizers
from nbkeras.layers.layer import Layer
from nbkeras.layers.regularization.random_source import RandomSource


class BaseRNNCell(Layer):
    """A recurrent cell: ``call(inputs, states, training)`` returns ``(output, new_states)``.

    Dropout (Keras 3 ``DropoutRNNCell``): one mask for the inputs and one for
    the recurrent state, drawn once per layer call and reused at every step.

    Args:
        units: positive integer, the size of the state.
        activation, use_bias, *_initializer, *_regularizer, *_constraint: as in Keras 3.
        dropout: fraction of the inputs dropped while training.
        recurrent_dropout: fraction of the previous state dropped in the recurrent product.
        seed: int for the dropout masks' own generator, or None (global seed).
    """

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 seed=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, (int, np.integer)) or isinstance(units, bool) or units <= 0:
            raise ValueError(f"Received an invalid value for argument `units`, expected a positive "
                             f"integer, got {units!r}. Example: keras.layers.{_layer_name(self)}(32).")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self._random = RandomSource(seed)
        self._dropout_mask = None
        self._recurrent_dropout_mask = None
        self.kernel = self.recurrent_kernel = self.bias = None

    gate_count = 1

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def add_cell_weights(self, input_dim, bias_shape, bias_initializer):
        """Adds kernel ``(input_dim, g*u)``, recurrent_kernel ``(u, g*u)`` and the bias, in Keras order."""
        width = self.gate_count * self.units
        self.kernel = self.add_weight(shape=(input_dim, width), name="kernel",
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(shape=(self.units, width), name="recurrent_kernel",
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        if self.use_bias:
            self.bias = self.add_weight(shape=bias_shape, name="bias", initializer=bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def check_input_dim(self, input_shape):
        if input_shape[-1] is None:
            raise ValueError(f'{type(self).__name__} "{self.name}" needs a known feature axis; received '
                             f"input shape {tuple(input_shape)}. Give keras.Input(shape=(time, features)).")
        return int(input_shape[-1])

    # ------------------------------------------------------------------ dropout masks
    def configure_dropout(self, batch, features, dtype, training):
        """Draws this call's dropout masks (None when not training or rate 0)."""
        self._dropout_mask = self._recurrent_dropout_mask = None
        if training and 0.0 < self.dropout < 1.0:
            self._dropout_mask = self._mask((batch, features), self.dropout, dtype)
        if training and 0.0 < self.recurrent_dropout < 1.0:
            self._recurrent_dropout_mask = self._mask((batch, self.units), self.recurrent_dropout, dtype)

    def reset_dropout(self):
        self._dropout_mask = self._recurrent_dropout_mask = None

    def _mask(self, shape, rate, dtype):
        keep = self._random.generator().random(shape) >= rate
        return (keep / np.asarray(1.0 - rate, dtype=dtype)).astype(dtype)

    def dropped_inputs(self, inputs, training):
        if training and self._dropout_mask is not None:
            return inputs * self._dropout_mask
        return inputs

    def dropped_state(self, h_prev, training):
        if training and self._recurrent_dropout_mask is not None:
            return h_prev * self._recurrent_dropout_mask
        return h_prev

    def get_initial_state(self, batch_size):
        return [np.zeros((batch_size, self.units), self.dtype)]

    # ------------------------------------------------------------------ config
    def get_config(self):
        return {**super().get_config(), **cell_arguments(self)}


def cell_arguments(cell):
    """The Keras 3 config keys that a cell and its layer share."""
    config = {
        "units": cell.units,
        "activation": activations.serialize(cell.activation),
    }
    if hasattr(cell, "recurrent_activation"):
        config["recurrent_activation"] = activations.serialize(cell.recurrent_activation)
    config.update({
        "use_bias": cell.use_bias,
        "kernel_initializer": initializers.serialize(cell.kernel_initializer),
        "recurrent_initializer": initializers.serialize(cell.recurrent_initializer),
        "bias_initializer": initializers.serialize(cell.bias_initializer),
    })
    if hasattr(cell, "unit_forget_bias"):
        config["unit_forget_bias"] = cell.unit_forget_bias
    config.update({
        "kernel_regularizer": _maybe(regularizers.serialize, cell.kernel_regularizer),
        "recurrent_regularizer": _maybe(regularizers.serialize, cell.recurrent_regularizer),
        "bias_regularizer": _maybe(regularizers.serialize, cell.bias_regularizer),
        "kernel_constraint": _maybe(constraints.serialize, cell.kernel_constraint),
        "recurrent_constraint": _maybe(constraints.serialize, cell.recurrent_constraint),
        "bias_constraint": _maybe(constraints.serialize, cell.bias_constraint),
        "dropout": cell.dropout,
        "recurrent_dropout": cell.recurrent_dropout,
    })
    if hasattr(cell, "reset_after"):
        config["reset_after"] = cell.reset_after
    config["seed"] = cell.seed
    return config


def _maybe(serialize, value):
    return None if value is None else serialize(value)


def _layer_name(cell):
    return type(cell).__name__
