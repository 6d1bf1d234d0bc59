"""Recurrent kernels: SimpleRNN, LSTM and GRU over a sequence, forward and backward.

The op does ``x @ kernel`` for the whole sequence at once with NumPy, then
calls ``recurrent_sequence_forward``: per step ``h_prev @ recurrent_kernel``
(NumPy's BLAS by a C pointer) and one gate kernel; backpropagation through
time walks the steps backwards calling the ``*_step_backward`` kernels. The
gates are named as in the tutorial: ``input_gate``, ``forget_gate``,
``cell_candidate``, ``output_gate`` (LSTM) and ``update_gate``,
``reset_gate``, ``cell_candidate`` (GRU).

This module gathers the two sequence kernels (the family warmup compiles,
and with them the step kernels they call); each piece lives in its own file:

* ``recurrent_simple_rnn`` - ``h = tanh(x_t @ W + b + h_prev @ U)``
* ``recurrent_lstm`` - the four LSTM gates, cell and hidden state
* ``recurrent_gru`` - the GRU gates (``reset_after=True``)
* ``recurrent_gru_before`` - the GRU gates with ``reset_after=False``
* ``recurrent_squash`` - sigmoid and tanh, exact (libm) or the vectorizing
  float32 approximation (``fast_tanh``), and why
* ``recurrent_sequence`` - the whole step loop of a sequence in one call (the
  products through NumPy's BLAS by a C pointer), calling the step kernels above

The op's Python loop (when NumPy's BLAS is not OpenBLAS) calls the step
kernels from their own modules; they compile on first use there. So do
``recurrent_sequence.gru_before_sequence_forward/backward``, the sequence
kernels of ``GRU(reset_after=False)`` (not Keras's default): warmup leaves
them out rather than compile a rarely used cell for every learner.
"""

from nbkeras.kernels.recurrent_sequence import recurrent_sequence_backward, recurrent_sequence_forward

__all__ = ["recurrent_sequence_backward", "recurrent_sequence_forward"]
