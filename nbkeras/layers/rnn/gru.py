"""GRU: the Gated Recurrent Unit (Cho et al., 2014), Keras 3 layout."""

from nbkeras.layers.rnn.base_fused_rnn import FusedRNN
from nbkeras.layers.rnn.gru_cell import GRUCell
from nbkeras.ops.nn.recurrent import GRUOp, GRUResetBeforeOp


class GRU(FusedRNN):
    """Gated Recurrent Unit: an update gate mixes the old state with a candidate.

    Weights (Keras layout, gate order z, r, h): kernel ``(features, 3u)``,
    recurrent_kernel ``(u, 3u)``, bias ``(2, 3u)`` with ``reset_after=True``
    (the default) or ``(3u,)``. With activations among tanh, sigmoid, relu, linear
    and hard_sigmoid it runs as one fused op (``GRUOp``, or ``GRUResetBeforeOp``
    with ``reset_after=False``); other activations run ``GRUCell`` step by step.

    Args:
        units: size of the state.
        reset_after: apply the reset gate after the recurrent product (Keras 3 default).
        (other cell arguments as ``GRUCell``; sequence arguments as ``RNN``.)

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GRU(4, return_sequences=True)(np.ones((32, 10, 8), "float32")).shape
        (32, 10, 4)
    """

    cell_class = GRUCell
    cell_name = "gru_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 seed=None, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, reset_after=True, use_cudnn="auto", **kwargs):
        kwargs.pop("implementation", None)
        cell_kwargs = dict(activation=activation, recurrent_activation=recurrent_activation,
                           use_bias=use_bias, kernel_initializer=kernel_initializer,
                           recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                           kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                           bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                           recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
                           dropout=dropout, recurrent_dropout=recurrent_dropout, reset_after=reset_after,
                           seed=seed)
        super().__init__(units, cell_kwargs=cell_kwargs, return_sequences=return_sequences,
                         return_state=return_state, go_backwards=go_backwards, stateful=stateful,
                         unroll=unroll, use_cudnn=use_cudnn, activity_regularizer=activity_regularizer,
                         **kwargs)

    @property
    def op_class(self):
        return GRUOp if self.cell.reset_after else GRUResetBeforeOp
