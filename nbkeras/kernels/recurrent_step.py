"""The one-step kernels of SimpleRNN, LSTM and GRU, gathered for the op's Python step loop.

The sequence kernels (``recurrent_sequence``) call these inside their loop;
the op calls them one step at a time only when NumPy's BLAS is not OpenBLAS
(``ops/nn/recurrent_blas.py``). They are not a kernel family of their own:
warmup compiles them inside the sequence kernels, and this Python loop
compiles them on its first use.
"""

from nbkeras.kernels.recurrent_gru import gru_step_backward, gru_step_forward
from nbkeras.kernels.recurrent_gru_before import (gru_before_candidate_backward, gru_before_gates,
                                                  gru_before_reset_backward, gru_before_state)
from nbkeras.kernels.recurrent_lstm import lstm_step_backward, lstm_step_forward
from nbkeras.kernels.recurrent_simple_rnn import simple_rnn_step_backward, simple_rnn_step_forward

__all__ = ["gru_before_candidate_backward", "gru_before_gates", "gru_before_reset_backward", "gru_before_state",
           "gru_step_backward", "gru_step_forward", "lstm_step_backward", "lstm_step_forward",
           "simple_rnn_step_backward", "simple_rnn_step_forward"]
