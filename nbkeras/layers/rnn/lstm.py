"""LSTM: Long Short-Term Memory (Hochreiter and Schmidhuber, 1997), Keras 3 layout."""

from nbkeras.layers.rnn.base_fused_rnn import FusedRNN
from nbkeras.layers.rnn.lstm_cell import LSTMCell
from nbkeras.ops.nn.recurrent import LSTMOp


class LSTM(FusedRNN):
    """Long Short-Term Memory layer: four gates decide what the cell state keeps.

    Weights (Keras layout, gate order i, f, c, o): kernel ``(features, 4u)``,
    recurrent_kernel ``(u, 4u)``, bias ``(4u,)``. With activations among tanh,
    sigmoid, relu, linear and hard_sigmoid the whole sequence runs as one fused
    op; other activations run ``LSTMCell`` step by step. ``nbkeras.inspect.lstm_gates(layer, x)`` returns
    every gate at every step.

    Args:
        units: size of h and c.
        (cell arguments as ``LSTMCell``; sequence arguments as ``RNN``.)

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> output, h, c = keras.layers.LSTM(4, return_state=True)(np.ones((32, 10, 8), "float32"))
        >>> output.shape, h.shape, c.shape
        ((32, 4), (32, 4), (32, 4))
    """

    cell_class = LSTMCell
    cell_name = "lstm_cell"
    op_class = LSTMOp

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, use_cudnn="auto", **kwargs):
        kwargs.pop("implementation", None)
        cell_kwargs = dict(activation=activation, recurrent_activation=recurrent_activation,
                           use_bias=use_bias, kernel_initializer=kernel_initializer,
                           recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                           unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
                           recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
                           kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
                           bias_constraint=bias_constraint, dropout=dropout,
                           recurrent_dropout=recurrent_dropout, seed=seed)
        super().__init__(units, cell_kwargs=cell_kwargs, return_sequences=return_sequences,
                         return_state=return_state, go_backwards=go_backwards, stateful=stateful,
                         unroll=unroll, use_cudnn=use_cudnn, activity_regularizer=activity_regularizer,
                         **kwargs)
