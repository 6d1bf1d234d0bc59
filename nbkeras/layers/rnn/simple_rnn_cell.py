"""SimpleRNNCell: ``h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)``."""

from nbkeras.layers.rnn.base_rnn_cell import BaseRNNCell
from nbkeras import ops


class SimpleRNNCell(BaseRNNCell):
    """Cell class for SimpleRNN: one time step, written with ``keras.ops``.

    ``RNN(SimpleRNNCell(u))`` runs it step by step; ``SimpleRNN(u)`` gives the
    same numbers with one fused op per call.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> cell = keras.layers.SimpleRNNCell(3)
        >>> output, states = cell(np.ones((2, 4), "float32"), [np.zeros((2, 3), "float32")])
        >>> output.shape
        (2, 3)
    """

    def build(self, input_shape):
        self.add_cell_weights(self.check_input_dim(input_shape), (self.units,), self.bias_initializer)
        self.built = True

    def call(self, inputs, states, training=False):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        h = ops.matmul(self.dropped_inputs(inputs, training), self.kernel)
        if self.bias is not None:
            h = ops.add(h, self.bias)
        output = h + ops.matmul(self.dropped_state(h_prev, training), self.recurrent_kernel)
        if self.activation is not None:
            output = self.activation(output)
        return output, [output] if isinstance(states, (list, tuple)) else output
