"""LSTMCell: the four gates of one LSTM step, written with ``keras.ops`` (Keras 3 formulas)."""

import numpy as np

from nbkeras import activations, initializers
from nbkeras.layers.rnn.base_rnn_cell import BaseRNNCell
from nbkeras import ops


class LSTMCell(BaseRNNCell):
    """Cell class for the LSTM layer: one time step.

    With ``z = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias`` split in four
    (gate order i, f, c, o)::

        input_gate = sigmoid(z_i); forget_gate = sigmoid(z_f)
        cell_candidate = tanh(z_c); output_gate = sigmoid(z_o)
        c_t = forget_gate * c_{t-1} + input_gate * cell_candidate
        h_t = output_gate * tanh(c_t)

    Args:
        units: size of h and c.
        recurrent_activation: the gates' activation (default sigmoid).
        unit_forget_bias: start the forget gate's bias at 1 (remember by default).
        (others as ``SimpleRNNCell``.)

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> cell = keras.layers.LSTMCell(3)
        >>> h0 = c0 = np.zeros((2, 3), "float32")
        >>> output, (h, c) = cell(np.ones((2, 4), "float32"), [h0, c0])
        >>> cell.kernel.shape, cell.recurrent_kernel.shape, cell.bias.shape
        ((4, 12), (3, 12), (12,))
    """

    gate_count = 4

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, **kwargs):
        kwargs.pop("implementation", None)  # Keras's choice of matmul layout; same numbers
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias

    @property
    def state_size(self):
        return [self.units, self.units]

    def build(self, input_shape):
        bias_initializer = self.bias_initializer
        if self.unit_forget_bias:
            bias_initializer = _forget_bias_one(self.bias_initializer, self.units)
        self.add_cell_weights(self.check_input_dim(input_shape), (4 * self.units,), bias_initializer)
        self.built = True

    def call(self, inputs, states, training=False):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(self.dropped_inputs(inputs, training), self.kernel)
        z = ops.add(z, ops.matmul(self.dropped_state(h_prev, training), self.recurrent_kernel))
        if self.bias is not None:
            z = ops.add(z, self.bias)
        u = self.units
        input_gate = self.recurrent_activation(z[:, :u])
        forget_gate = self.recurrent_activation(z[:, u:2 * u])
        cell_candidate = self.activation(z[:, 2 * u:3 * u])
        output_gate = self.recurrent_activation(z[:, 3 * u:])
        c = forget_gate * c_prev + input_gate * cell_candidate
        h = output_gate * self.activation(c)
        return h, [h, c]

    def get_initial_state(self, batch_size):
        return [np.zeros((batch_size, self.units), self.dtype) for _ in range(2)]


def _forget_bias_one(bias_initializer, units):
    """Keras's unit_forget_bias: initializer(u), ones(u), initializer(2u), concatenated."""
    ones = initializers.get("ones")

    def initializer(shape, dtype=None):
        return np.concatenate([np.asarray(bias_initializer((units,), dtype=dtype)),
                               np.asarray(ones((units,), dtype=dtype)),
                               np.asarray(bias_initializer((2 * units,), dtype=dtype))])

    return initializer
