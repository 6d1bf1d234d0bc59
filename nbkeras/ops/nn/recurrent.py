"""Recurrent layers as ONE op per call: SimpleRNN, LSTM and GRU over a whole sequence.

Forward: ``x @ kernel`` for every time step in one NumPy product, then per
step ``h @ recurrent_kernel`` (NumPy) and one gate kernel
(``nbkeras.kernels.recurrent``). The gates and states of every step are kept
on the op: backward runs backpropagation through time from them, and the
gate views (``nbkeras.inspect``) read them. Backward ends with one product
per weight for all steps at once.

Keras semantics kept here: ``go_backwards`` walks the sequence from the end
and returns the outputs in that (reversed) order; a masked step carries the
state unchanged and outputs the previous output (zeros before the first
unmasked step, or always zeros with ``zero_output_for_mask``).
"""

import numpy as np

from nbkeras.ops import fixed_order
from nbkeras.ops.blas_threads import single_blas_thread
from nbkeras.ops.op import Op


class RecurrentOp(Op):
    """The shared sequence loop; subclasses supply the cell's step kernels.

    ``forward(x, kernel, recurrent_kernel, bias, initial_h, [initial_c,] mask,
    recurrent_mask, go_backwards=False, return_sequences=False,
    zero_output_for_mask=False)`` returns ``(output, h_last[, c_last])``.

    Args (arrays):
        x: ``(batch, time, features)``.
        kernel: ``(features, gates * units)``; recurrent_kernel ``(units, gates * units)``.
        bias: the layer's bias, or None.
        initial_h (and ``initial_c`` for LSTM): ``(batch, units)``.
        mask: ``(batch, time)`` bools (True = step taken), or None.
        recurrent_mask: ``(batch, units)`` recurrent-dropout multipliers, or None.
    """

    gate_count = 1
    has_cell_state = False

    def forward(self, x, kernel, recurrent_kernel, bias, initial_h, *rest, **attributes):
        # Small per-step products: one BLAS thread for the whole call (see ops/blas_threads.py).
        with single_blas_thread(x.shape[0] * recurrent_kernel.size):
            return self.sequence_forward(x, kernel, recurrent_kernel, bias, initial_h, *rest, **attributes)

    def backward(self, dy):
        with single_blas_thread(self.states.shape[1] * self.recurrent_kernel.size):
            return self.sequence_backward(dy)

    def sequence_forward(self, x, kernel, recurrent_kernel, bias, initial_h, *rest, go_backwards=False,
                         return_sequences=False, zero_output_for_mask=False):
        """Input projection, then one recurrent product and one gate kernel per step."""
        from nbkeras.kernels import recurrent as kernels  # deferred: importing kernels loads Numba

        initial_c = rest[0] if self.has_cell_state else None
        mask, recurrent_mask = rest[-2], rest[-1]
        batch, steps, features = x.shape
        units = recurrent_kernel.shape[0]
        dtype = kernel.dtype  # the weights set the compute dtype; x follows
        self.kernel, self.recurrent_kernel, self.recurrent_mask = kernel, recurrent_kernel, recurrent_mask
        self.go_backwards, self.return_sequences = go_backwards, return_sequences
        self.approximate = dtype == np.float32
        self.x_steps = _time_major(x.astype(dtype, copy=False), go_backwards)
        projection = fixed_order.matmul(self.x_steps.reshape(steps * batch, features),
                                        kernel).reshape(steps, batch, -1)
        input_bias = self.input_bias(bias)
        if input_bias is not None:
            projection += input_bias
        self.step_masks = None if mask is None else _time_major(np.asarray(mask, np.bool_), go_backwards)
        self.states = np.empty((steps + 1, batch, units), dtype)
        self.states[0] = initial_h
        if self.has_cell_state:
            self.cells = np.empty((steps + 1, batch, units), dtype)
            self.cells[0] = initial_c
        self.prepare(projection, bias, kernels)
        no_mask = np.zeros(0, np.bool_)
        for t in range(steps):
            h_prev = self.states[t] if recurrent_mask is None else self.states[t] * recurrent_mask
            self.step_forward(t, h_prev, projection[t],
                              no_mask if self.step_masks is None else self.step_masks[t])
        self.output_weights = _output_weights(self.step_masks, zero_output_for_mask, dtype)
        outputs = self.states[1:] if self.output_weights is None else self.states[1:] * self.output_weights
        output = outputs.transpose(1, 0, 2).copy() if return_sequences else outputs[-1].copy()
        last_h = self.states[-1].copy()
        if self.has_cell_state:
            return output, last_h, self.cells[-1].copy()
        return output, last_h

    def sequence_backward(self, dy):
        """Backpropagation through time, then one product per weight for all steps."""
        needs = self.needs_input_grad
        d_output, d_last_h = dy[0], dy[1]
        d_last_c = dy[2] if self.has_cell_state else None
        steps, batch, units = self.states.shape[0] - 1, self.states.shape[1], self.states.shape[2]
        dtype = self.states.dtype
        d_outputs = np.zeros((steps, batch, units), dtype)
        # Every step's output matters with return_sequences or a mask (the last output is then
        # a carried earlier one); otherwise only the last state gets an output gradient.
        self.output_gradients_per_step = self.return_sequences or self.output_weights is not None
        if d_output is not None:
            if self.return_sequences:
                d_outputs += np.asarray(d_output, dtype).transpose(1, 0, 2)
            else:
                d_outputs[-1] += d_output
            if self.output_weights is not None:
                d_outputs *= self.output_weights
        dh = d_outputs[-1].copy()
        if d_last_h is not None:
            dh += d_last_h
        dc = None
        if self.has_cell_state:
            dc = np.zeros((batch, units), dtype) if d_last_c is None else np.array(d_last_c, dtype)
        no_mask = np.zeros(0, np.bool_)
        recurrent_t = np.ascontiguousarray(self.recurrent_kernel.T)
        through_product = np.empty_like(dh)
        for t in range(steps - 1, -1, -1):
            step_mask = no_mask if self.step_masks is None else self.step_masks[t]
            d_recurrent_product = self.step_backward(t, step_mask, dh, dc)
            fixed_order.matmul(d_recurrent_product, recurrent_t, out=through_product)
            if self.recurrent_mask is not None:
                through_product *= self.recurrent_mask
            dh += through_product
            if t > 0 and self.output_gradients_per_step:
                dh += d_outputs[t - 1]
        return self.input_gradients(needs, dh, dc)

    # ----------------------------------------------------------------- shared pieces
    def input_bias(self, bias):
        """The part of the bias added to ``x @ kernel`` (all of it, except GRU's row 1)."""
        return bias

    def weight_gradients(self, needs, d_projection, d_recurrent_product):
        """Gradients of x, kernel and recurrent_kernel from the per-step pre-activation gradients."""
        steps, batch, features = self.x_steps.shape
        width = d_projection.shape[-1]
        flat_dp = d_projection.reshape(steps * batch, width)
        dx = dkernel = drecurrent = None
        if needs[0]:
            dx = _batch_major(fixed_order.matmul(flat_dp, self.kernel.T).reshape(steps, batch, features),
                              self.go_backwards)
        if needs[1]:
            dkernel = self.input_grad_from_product(1, self.x_steps.reshape(steps * batch, features).T, flat_dp)
        if needs[2]:
            h_prev = self.states[:-1]
            if self.recurrent_mask is not None:
                h_prev = h_prev * self.recurrent_mask
            units = h_prev.shape[-1]
            flat_dr = d_recurrent_product.reshape(steps * batch, -1)
            drecurrent = self.input_grad_from_product(2, h_prev.reshape(steps * batch, units).T, flat_dr)
        return dx, dkernel, drecurrent

    def saved_states(self):
        """Per-step arrays for the gate views, batch-major ``(batch, time, units)``, in step order."""
        raise NotImplementedError


class SimpleRNNOp(RecurrentOp):
    """``h_t = tanh(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)`` over a sequence."""

    def prepare(self, projection, bias, kernels):
        self.kernels = kernels
        self.activated = np.empty_like(projection)

    def step_forward(self, t, h_prev, projection_t, step_mask):
        z = self.activated[t]
        fixed_order.matmul(h_prev, self.recurrent_kernel, out=z)
        self.kernels.simple_rnn_step_forward(z, projection_t, self.states[t], step_mask,
                                             self.approximate, self.states[t + 1])

    def step_backward(self, t, step_mask, dh, dc):
        if t == self.activated.shape[0] - 1:
            self.d_z = np.empty_like(self.activated)
        self.kernels.simple_rnn_step_backward(self.activated[t], step_mask, dh, self.d_z[t])
        return self.d_z[t]

    def input_gradients(self, needs, dh, dc):
        dx, dkernel, drecurrent = self.weight_gradients(needs, self.d_z, self.d_z)
        dbias = self.d_z.sum(axis=(0, 1)) if needs[3] else None
        return (dx, dkernel, drecurrent, dbias, dh if needs[4] else None, None, None)

    def saved_states(self):
        return {"hidden_state": _batch_major(self.states[1:], False)}


class LSTMOp(RecurrentOp):
    """The LSTM over a sequence; gates i, f, c, o (Keras 3 layout ``(in, 4u)``)."""

    gate_count = 4
    has_cell_state = True

    def prepare(self, projection, bias, kernels):
        self.kernels = kernels
        self.gates = np.empty_like(projection)
        self.tanh_c = np.empty_like(self.states[1:])

    def step_forward(self, t, h_prev, projection_t, step_mask):
        z = self.gates[t]
        fixed_order.matmul(h_prev, self.recurrent_kernel, out=z)
        self.kernels.lstm_step_forward(z, projection_t, self.states[t], self.cells[t], step_mask,
                                       self.approximate, self.states[t + 1], self.cells[t + 1],
                                       self.tanh_c[t])

    def step_backward(self, t, step_mask, dh, dc):
        if t == self.gates.shape[0] - 1:
            self.d_z = np.empty_like(self.gates)
        self.kernels.lstm_step_backward(self.gates[t], self.cells[t], self.tanh_c[t], step_mask,
                                        dh, dc, self.d_z[t])
        return self.d_z[t]

    def input_gradients(self, needs, dh, dc):
        dx, dkernel, drecurrent = self.weight_gradients(needs, self.d_z, self.d_z)
        dbias = self.d_z.sum(axis=(0, 1)) if needs[3] else None
        return (dx, dkernel, drecurrent, dbias, dh if needs[4] else None,
                dc if needs[5] else None, None, None)

    def saved_states(self):
        units = self.states.shape[-1]
        views = {name: _batch_major(self.gates[:, :, k * units:(k + 1) * units], False)
                 for k, name in enumerate(("input_gate", "forget_gate", "cell_candidate", "output_gate"))}
        views["cell_state"] = _batch_major(self.cells[1:], False)
        views["hidden_state"] = _batch_major(self.states[1:], False)
        return views


class GRUOp(RecurrentOp):
    """The GRU (``reset_after=True``) over a sequence; gates z, r, h; bias ``(2, 3u)``."""

    gate_count = 3

    def input_bias(self, bias):
        return None if bias is None else bias[0]

    def prepare(self, projection, bias, kernels):
        self.kernels = kernels
        self.recurrent_bias = np.zeros(0, projection.dtype) if bias is None else np.ascontiguousarray(bias[1])
        self.has_bias = bias is not None
        self.projection = projection
        self.recurrent = np.empty_like(projection)
        self.gates = np.empty_like(projection)

    def step_forward(self, t, h_prev, projection_t, step_mask):
        rec = self.recurrent[t]
        fixed_order.matmul(h_prev, self.recurrent_kernel, out=rec)
        self.kernels.gru_step_forward(rec, projection_t, self.recurrent_bias, self.states[t], step_mask,
                                      self.approximate, self.gates[t], self.states[t + 1])

    def step_backward(self, t, step_mask, dh, dc):
        if t == self.gates.shape[0] - 1:
            self.d_projection = np.empty_like(self.gates)
            self.d_recurrent = np.empty_like(self.gates)
        self.kernels.gru_step_backward(self.gates[t], self.recurrent[t], self.states[t], step_mask, dh,
                                       self.d_projection[t], self.d_recurrent[t])
        return self.d_recurrent[t]

    def input_gradients(self, needs, dh, dc):
        dx, dkernel, drecurrent = self.weight_gradients(needs, self.d_projection, self.d_recurrent)
        dbias = None
        if needs[3]:
            dbias = np.stack([self.d_projection.sum(axis=(0, 1)), self.d_recurrent.sum(axis=(0, 1))])
        return (dx, dkernel, drecurrent, dbias, dh if needs[4] else None, None, None)

    def saved_states(self):
        units = self.states.shape[-1]
        views = {name: _batch_major(self.gates[:, :, k * units:(k + 1) * units], False)
                 for k, name in enumerate(("update_gate", "reset_gate", "cell_candidate"))}
        views["hidden_state"] = _batch_major(self.states[1:], False)
        return views


def _time_major(array, reverse):
    """``(batch, time, ...)`` -> contiguous ``(time, batch, ...)``, time reversed if asked."""
    swapped = array.swapaxes(0, 1)
    return np.ascontiguousarray(swapped[::-1] if reverse else swapped)


def _batch_major(array, reverse):
    swapped = array.swapaxes(0, 1)
    return np.ascontiguousarray(swapped[:, ::-1] if reverse else swapped)


def _output_weights(step_masks, zero_output_for_mask, dtype):
    """Per-step 0/1 factors ``(time, batch, 1)`` that turn states into Keras's masked outputs.

    A masked step outputs the previous output; since the state is carried too,
    that is the current state, except before a sample's first unmasked step,
    where Keras outputs zeros. With ``zero_output_for_mask`` masked steps output 0.
    """
    if step_masks is None:
        return None
    seen = step_masks if zero_output_for_mask else np.logical_or.accumulate(step_masks, axis=0)
    return seen[:, :, None].astype(dtype)



def recurrent_sequence(op_class, x, kernel, recurrent_kernel, bias, initial_states, mask=None,
                       recurrent_mask=None, go_backwards=False, return_sequences=False,
                       zero_output_for_mask=False):
    """Runs a whole sequence through one recurrent op; returns ``(output, *final_states)`` Tensors.

    Args:
        op_class: ``SimpleRNNOp``, ``LSTMOp`` or ``GRUOp``.
        x: ``(batch, time, features)`` Tensor.
        kernel, recurrent_kernel, bias: the cell's weights (bias may be None).
        initial_states: ``[h]`` (or ``[h, c]`` for the LSTM), ``(batch, units)`` each.
        mask: ``(batch, time)`` bools or None; recurrent_mask: ``(batch, units)`` or None.
        go_backwards, return_sequences, zero_output_for_mask: as the Keras RNN arguments.
    """
    return op_class.apply(x, kernel, recurrent_kernel, bias, *initial_states, mask, recurrent_mask,
                          go_backwards=go_backwards, return_sequences=return_sequences,
                          zero_output_for_mask=zero_output_for_mask)
