"""Recurrent kernels: one time step of SimpleRNN, LSTM and GRU, forward and backward.

The op does the matrix products with NumPy (``x @ kernel`` for the whole
sequence at once, ``h_prev @ recurrent_kernel`` per step) and calls one gate
kernel per step; backpropagation through time walks the steps backwards
calling the ``*_step_backward`` kernels. The gates are named as in the
tutorial: ``input_gate``, ``forget_gate``, ``cell_candidate``, ``output_gate``
(LSTM) and ``update_gate``, ``reset_gate``, ``cell_candidate`` (GRU).

This module only gathers the kernels; each cell lives in its own file:

* ``recurrent_simple_rnn`` - ``h = tanh(x_t @ W + b + h_prev @ U)``
* ``recurrent_lstm`` - the four LSTM gates, cell and hidden state
* ``recurrent_gru`` - the GRU gates (``reset_after=True``)
* ``recurrent_squash`` - sigmoid and tanh, exact (libm) or the vectorizing
  float32 approximation (``fast_tanh``), and why
"""

from nbkeras.kernels.recurrent_gru import gru_step_backward, gru_step_forward
from nbkeras.kernels.recurrent_lstm import lstm_step_backward, lstm_step_forward
from nbkeras.kernels.recurrent_simple_rnn import simple_rnn_step_backward, simple_rnn_step_forward

__all__ = ["gru_step_backward", "gru_step_forward", "lstm_step_backward", "lstm_step_forward",
           "simple_rnn_step_backward", "simple_rnn_step_forward"]
