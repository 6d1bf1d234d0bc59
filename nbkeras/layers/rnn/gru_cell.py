"""GRUCell: one GRU step with update gate z, reset gate r and candidate h (Keras 3 formulas)."""

from nbkeras import activations
from nbkeras.layers.rnn.base_rnn_cell import BaseRNNCell
from nbkeras import ops


class GRUCell(BaseRNNCell):
    """Cell class for the GRU layer: one time step, written with ``keras.ops``.

    With ``x_t @ kernel + input_bias`` split into (x_z, x_r, x_h)::

        update_gate = sigmoid(x_z + h_{t-1} @ U_z + b_z)
        reset_gate  = sigmoid(x_r + h_{t-1} @ U_r + b_r)
        cell_candidate = tanh(x_h + reset_gate * (h_{t-1} @ U_h + b_h))   # reset_after=True
        cell_candidate = tanh(x_h + (reset_gate * h_{t-1}) @ U_h)         # reset_after=False
        h_t = update_gate * h_{t-1} + (1 - update_gate) * cell_candidate

    The bias is ``(2, 3u)`` with ``reset_after=True`` (input row, recurrent row),
    ``(3u,)`` otherwise.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> cell = keras.layers.GRUCell(3)
        >>> output, states = cell(np.ones((2, 4), "float32"), [np.zeros((2, 3), "float32")])
        >>> cell.bias.shape
        (2, 9)
    """

    gate_count = 3

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", reset_after=True, **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after

    def build(self, input_shape):
        bias_shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self.add_cell_weights(self.check_input_dim(input_shape), bias_shape, self.bias_initializer)
        self.built = True

    def call(self, inputs, states, training=False):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        u = self.units
        projection = ops.matmul(self.dropped_inputs(inputs, training), self.kernel)
        input_bias = recurrent_bias = None
        if self.bias is not None:
            input_bias, recurrent_bias = (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
            projection = ops.add(projection, input_bias)
        h_in = self.dropped_state(h_prev, training)
        if self.reset_after:
            inner = ops.matmul(h_in, self.recurrent_kernel)
            if recurrent_bias is not None:
                inner = ops.add(inner, recurrent_bias)
        else:
            inner = ops.matmul(h_in, self.recurrent_kernel[:, :2 * u])
        update_gate = self.recurrent_activation(projection[:, :u] + inner[:, :u])
        reset_gate = self.recurrent_activation(projection[:, u:2 * u] + inner[:, u:2 * u])
        if self.reset_after:
            recurrent_h = reset_gate * inner[:, 2 * u:]
        else:
            recurrent_h = ops.matmul(reset_gate * h_in, self.recurrent_kernel[:, 2 * u:])
        cell_candidate = self.activation(projection[:, 2 * u:] + recurrent_h)
        h = update_gate * h_prev + (1.0 - update_gate) * cell_candidate
        return h, [h] if isinstance(states, (list, tuple)) else h
