"""SimpleRNN: the fully connected recurrent layer, ``h_t = tanh(x_t @ W + b + h_{t-1} @ U)``."""

from nbkeras.layers.rnn.base_fused_rnn import FusedRNN
from nbkeras.layers.rnn.simple_rnn_cell import SimpleRNNCell
from nbkeras.ops.nn.recurrent import SimpleRNNOp


class SimpleRNN(FusedRNN):
    """Fully-connected RNN where the output is fed back as the next input.

    Weights (Keras layout): kernel ``(features, units)``, recurrent_kernel
    ``(units, units)``, bias ``(units,)``. With ``activation`` tanh, sigmoid,
    relu, linear or hard_sigmoid the whole sequence runs as one fused op; other
    activations run the cell step by step.

    Args:
        units: size of the state and output.
        (cell arguments as ``SimpleRNNCell``; sequence arguments as ``RNN``.)

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.SimpleRNN(4)(np.ones((32, 10, 8), "float32")).shape
        (32, 4)
    """

    cell_class = SimpleRNNCell
    cell_name = "simple_rnn_cell"
    op_class = SimpleRNNOp

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, seed=None, **kwargs):
        cell_kwargs = dict(activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                           recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                           kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                           bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                           recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
                           dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed)
        super().__init__(units, cell_kwargs=cell_kwargs, return_sequences=return_sequences,
                         return_state=return_state, go_backwards=go_backwards, stateful=stateful,
                         unroll=unroll, activity_regularizer=activity_regularizer, **kwargs)
