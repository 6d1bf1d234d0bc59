"""Recurrent layers as ONE op per call: SimpleRNN, LSTM and GRU over a whole sequence.

The sequence loop they share is ``RecurrentOp`` (``recurrent_base.py``); each
cell here says which arrays it keeps per step and runs one step in the
Python loop (used when NumPy's BLAS is not OpenBLAS).
"""

import numpy as np

from nbkeras.ops import fixed_order
from nbkeras.ops.nn.recurrent_base import GRU, GRU_RESET_BEFORE, LSTM, SIMPLE_RNN, RecurrentOp, batch_major


class SimpleRNNOp(RecurrentOp):
    """``h_t = tanh(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)`` over a sequence."""

    cell = SIMPLE_RNN

    def prepare(self, projection, bias, kept_steps):
        self.gates = np.empty_like(projection[:kept_steps])  # tanh(z) of each step
        self.extra = np.zeros((0, 0, 0), projection.dtype)

    def step_forward(self, t, h_prev, projection_t, step_mask):
        z = self.gates[t]
        fixed_order.matmul(h_prev, self.recurrent_kernel, out=z)
        step_kernels().simple_rnn_step_forward(z, projection_t, self.states[t], step_mask, self.approximate,
                                               self.activation, self.states[t + 1])

    def step_backward(self, t, step_mask, dh, dc):
        step_kernels().simple_rnn_step_backward(self.gates[t], step_mask, self.activation, dh, self.d_product[t])

    def saved_states(self):
        return {"hidden_state": batch_major(self.states[1:], False)}


class LSTMOp(RecurrentOp):
    """The LSTM over a sequence; gates i, f, c, o (Keras 3 layout ``(in, 4u)``)."""

    gate_count = 4
    has_cell_state = True
    cell = LSTM

    def prepare(self, projection, bias, kept_steps):
        self.gates = np.empty_like(projection[:kept_steps])
        self.extra = np.empty_like(self.states[1:kept_steps + 1])  # tanh(c) of each step

    def step_forward(self, t, h_prev, projection_t, step_mask):
        z = self.gates[t]
        fixed_order.matmul(h_prev, self.recurrent_kernel, out=z)
        step_kernels().lstm_step_forward(z, projection_t, self.states[t], self.cells[t], step_mask,
                                         self.approximate, self.activation, self.recurrent_activation,
                                         self.states[t + 1], self.cells[t + 1], self.extra[t])

    def step_backward(self, t, step_mask, dh, dc):
        step_kernels().lstm_step_backward(self.gates[t], self.cells[t], self.extra[t], step_mask, self.activation,
                                          self.recurrent_activation, dh, dc, self.d_product[t])

    def saved_states(self):
        units = self.states.shape[-1]
        views = {name: batch_major(self.gates[:, :, k * units:(k + 1) * units], False)
                 for k, name in enumerate(("input_gate", "forget_gate", "cell_candidate", "output_gate"))}
        views["cell_state"] = batch_major(self.cells[1:], False)
        views["hidden_state"] = batch_major(self.states[1:], False)
        return views


class GRUOp(RecurrentOp):
    """The GRU (``reset_after=True``) over a sequence; gates z, r, h; bias ``(2, 3u)``."""

    gate_count = 3
    cell = GRU
    bias_rows = 2

    def input_bias(self, bias):
        return None if bias is None else bias[0]

    def prepare(self, projection, bias, kept_steps):
        if bias is not None:
            self.recurrent_bias = np.ascontiguousarray(bias[1])
        self.gates = np.empty_like(projection[:kept_steps])
        self.extra = np.empty_like(projection[:kept_steps])  # h_prev @ recurrent_kernel + recurrent bias

    def step_forward(self, t, h_prev, projection_t, step_mask):
        rec = self.extra[t]
        fixed_order.matmul(h_prev, self.recurrent_kernel, out=rec)
        step_kernels().gru_step_forward(rec, projection_t, self.recurrent_bias, self.states[t], step_mask,
                                        self.approximate, self.activation, self.recurrent_activation,
                                        self.gates[t], self.states[t + 1])

    def step_backward(self, t, step_mask, dh, dc):
        step_kernels().gru_step_backward(self.gates[t], self.extra[t], self.states[t], step_mask, self.activation,
                                         self.recurrent_activation, dh, self.d_projection[t], self.d_product[t])

    def saved_states(self):
        units = self.states.shape[-1]
        views = {name: batch_major(self.gates[:, :, k * units:(k + 1) * units], False)
                 for k, name in enumerate(("update_gate", "reset_gate", "cell_candidate"))}
        views["hidden_state"] = batch_major(self.states[1:], False)
        return views


class GRUResetBeforeOp(GRUOp):
    """The GRU with ``reset_after=False`` over a sequence: ``(reset_gate * h_prev) @ U_h``; bias ``(3u,)``.

    Two products per step (``kernels/recurrent_gru_before.py``); ``extra`` keeps
    ``reset_gate * h_in`` of each step for backward and the weight gradient of ``U_h``.
    """

    cell = GRU_RESET_BEFORE
    bias_rows = 1

    def input_bias(self, bias):
        return bias

    def sequence_kernels(self, kernels):
        from nbkeras.kernels import recurrent_sequence  # not in the warmed-up family: compiled on first use

        return recurrent_sequence.gru_before_sequence_forward, recurrent_sequence.gru_before_sequence_backward

    def prepare(self, projection, bias, kept_steps):
        self.gates = np.empty_like(projection[:kept_steps])
        self.extra = np.empty_like(self.states[1:kept_steps + 1])

    def step_forward(self, t, h_prev, projection_t, step_mask):
        row, units, kernels = self.gates[t], self.states.shape[-1], step_kernels()
        fixed_order.matmul(h_prev, self.recurrent_kernel[:, :2 * units], out=row[:, :2 * units])
        kernels.gru_before_gates(row, projection_t, h_prev, self.approximate, self.recurrent_activation,
                                 self.extra[t])
        fixed_order.matmul(self.extra[t], self.recurrent_kernel[:, 2 * units:], out=row[:, 2 * units:])
        kernels.gru_before_state(row, projection_t, self.states[t], step_mask, self.approximate, self.activation,
                                 self.states[t + 1])

    def step_backward(self, t, step_mask, dh, dc):
        units, kernels, dz = self.states.shape[-1], step_kernels(), self.d_product[t]
        kernels.gru_before_candidate_backward(self.gates[t], self.states[t], step_mask, self.activation,
                                              self.recurrent_activation, dh, dz)
        self.d_reset_state = fixed_order.matmul(dz[:, 2 * units:], self.recurrent_t[2 * units:])
        h_in = self.states[t] if self.recurrent_mask is None else self.states[t] * self.recurrent_mask
        kernels.gru_before_reset_backward(self.gates[t], h_in, step_mask, self.recurrent_activation,
                                          self.d_reset_state, dz)

    def through_product(self, t, out):
        units = self.states.shape[-1]
        fixed_order.matmul(self.d_product[t][:, :2 * units], self.recurrent_t[:2 * units], out=out)
        out += self.d_reset_state

    def add_recurrent_product(self, target, h_in, d_product, t, lo, hi):
        units = h_in.shape[1]
        target[:, :2 * units] += h_in.T @ d_product[:, :2 * units]
        target[:, 2 * units:] += self.extra[t, lo:hi].T @ d_product[:, 2 * units:]


def recurrent_sequence(op_class, x, kernel, recurrent_kernel, bias, initial_states, mask=None,
                       recurrent_mask=None, go_backwards=False, return_sequences=False,
                       zero_output_for_mask=False, activation="tanh", recurrent_activation="sigmoid"):
    """Runs a whole sequence through one recurrent op; returns ``(output, *final_states)`` Tensors.

    Args:
        op_class: ``SimpleRNNOp``, ``LSTMOp``, ``GRUOp`` or ``GRUResetBeforeOp``.
        x: ``(batch, time, features)`` Tensor.
        kernel, recurrent_kernel, bias: the cell's weights (bias may be None).
        initial_states: ``[h]`` (or ``[h, c]`` for the LSTM), ``(batch, units)`` each.
        mask: ``(batch, time)`` bools or None; recurrent_mask: ``(batch, units)`` or None.
        go_backwards, return_sequences, zero_output_for_mask: as the Keras RNN arguments.
        activation, recurrent_activation: names from ``recurrent_base.ACTIVATIONS``.
    """
    return op_class.apply(x, kernel, recurrent_kernel, bias, *initial_states, mask, recurrent_mask,
                          go_backwards=go_backwards, return_sequences=return_sequences,
                          zero_output_for_mask=zero_output_for_mask, activation=activation,
                          recurrent_activation=recurrent_activation)


def step_kernels():
    """The step kernels of the Python loop (``recurrent_base.py``), one module gathering the three cells."""
    from nbkeras.kernels import recurrent_step  # deferred: importing kernels loads Numba

    return recurrent_step
