"""The recurrent op's sequence loop, shared by SimpleRNN, LSTM and GRU (cells in ``recurrent.py``).

Forward: per step ``x_t @ kernel + bias``, ``h @ recurrent_kernel`` and one
gate kernel. With NumPy's OpenBLAS (``recurrent_blas.py``) the whole step
loop is one Numba call (``kernels/recurrent_sequence.py``) per half of the
batch, the two halves on two threads (``recurrent_halves.py``); otherwise
``x @ kernel`` is one NumPy product for all steps and the loop runs here in
Python with one NumPy product and one gate-kernel call per step (same
numbers, bit for bit). The
gates and states of every step are kept on the op: backward runs
backpropagation through time from them, and the gate views
(``nbkeras.inspect``) read them; without a tape (predict) the gates of one
step are reused instead. Backward adds each step's share of the weight
gradients as it goes, one sum per half of the batch (``recurrent_weights.py``).

Keras semantics kept here: ``go_backwards`` walks the sequence from the end
and returns the outputs in that (reversed) order; a masked step carries the
state unchanged and outputs the previous output (zeros before the first
unmasked step, or always zeros with ``zero_output_for_mask``).
"""

import contextlib

import numpy as np

from nbkeras import blas_threads
from nbkeras.ops import fixed_order
from nbkeras.ops.nn.recurrent_blas import numpy_gemm
from nbkeras.ops.nn.recurrent_halves import run_on_halves
from nbkeras.ops.nn.recurrent_weights import empty_weight_sums, python_weight_sums, weight_gradient
from nbkeras.ops.op import Op

# The cells of kernels/recurrent_sequence.py (kept equal there; importing it would load Numba).
SIMPLE_RNN, LSTM, GRU, GRU_RESET_BEFORE = 0, 1, 2, 3

# The activations the kernels have, by Keras name (codes kept equal to kernels/recurrent_squash.py).
ACTIVATIONS = {"tanh": 0, "sigmoid": 1, "relu": 2, "linear": 3, "hard_sigmoid": 4}

# Multiply-adds of one step's h @ recurrent_kernel from which OpenBLAS's own threads pay off.
PARALLEL_STEP_WORK = 1 << 22

# The most input features for which the per-step x_t @ kernel keeps the bits of one product.
STEP_PROJECTION_FEATURES = 256


class RecurrentOp(Op):
    """The shared sequence loop; subclasses supply the cell's step kernels.

    ``forward(x, kernel, recurrent_kernel, bias, initial_h, [initial_c,] mask,
    recurrent_mask, go_backwards=False, return_sequences=False,
    zero_output_for_mask=False, activation="tanh", recurrent_activation="sigmoid")``
    returns ``(output, h_last[, c_last])``; the activations are names of ``ACTIVATIONS``.

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
    bias_rows = 1  # rows of the bias gradient's sums (GRU with reset_after: 2)
    cell = SIMPLE_RNN  # which step kernels ``kernels/recurrent_sequence.py`` runs
    keep_steps = False  # True keeps every step's gates without a tape (the gate views)

    def forward(self, x, kernel, recurrent_kernel, bias, initial_h, *rest, **attributes):
        # Small per-step products: one BLAS thread, and the batch halves on two threads. Large
        # ones keep the caller's BLAS threads, and the halves run in turn.
        self.parallel = x.shape[0] * recurrent_kernel.size < PARALLEL_STEP_WORK
        with blas_threads.one_thread() if self.parallel else contextlib.nullcontext():
            return self.sequence_forward(x, kernel, recurrent_kernel, bias, initial_h, *rest, **attributes)

    def backward(self, dy):
        with blas_threads.one_thread() if self.parallel else contextlib.nullcontext():
            return self.sequence_backward(dy)

    def sequence_forward(self, x, kernel, recurrent_kernel, bias, initial_h, *rest, go_backwards=False,
                         return_sequences=False, zero_output_for_mask=False, activation="tanh",
                         recurrent_activation="sigmoid"):
        """Input projection, then one recurrent product and one gate kernel per step."""
        from nbkeras.kernels import recurrent as kernels  # deferred: importing kernels loads Numba

        initial_c = rest[0] if self.has_cell_state else None
        mask, recurrent_mask = rest[-2], rest[-1]
        batch, steps, features = x.shape
        units = recurrent_kernel.shape[0]
        dtype = kernel.dtype  # the weights set the compute dtype; x follows
        self.kernel, self.recurrent_kernel, self.recurrent_mask = kernel, recurrent_kernel, recurrent_mask
        self.go_backwards, self.return_sequences = go_backwards, return_sequences
        self.activation, self.recurrent_activation = ACTIVATIONS[activation], ACTIVATIONS[recurrent_activation]
        self.approximate = dtype == np.float32
        if recurrent_mask is not None:
            recurrent_mask = np.ascontiguousarray(recurrent_mask, dtype)
            self.recurrent_mask = recurrent_mask
        self.x_steps = _time_major(x.astype(dtype, copy=False), go_backwards)
        gemm = numpy_gemm(dtype)
        # With the BLAS pointer, each half of the batch makes its own x_t @ kernel step by step:
        # same bits as one product over all steps up to 256 features (measured: at 300 a
        # product of fewer rows sums differently).
        per_step = gemm is not None and features <= STEP_PROJECTION_FEATURES
        if per_step:
            projection = np.empty((steps, batch, kernel.shape[1]), dtype)
        else:
            projection = fixed_order.matmul(self.x_steps.reshape(steps * batch, features),
                                            kernel).reshape(steps, batch, -1)
        input_bias = self.input_bias(bias)
        self.step_masks = None if mask is None else _time_major(np.asarray(mask, np.bool_), go_backwards)
        self.states = np.empty((steps + 1, batch, units), dtype)
        self.states[0] = initial_h
        self.cells = None
        if self.has_cell_state:
            self.cells = np.empty((steps + 1, batch, units), dtype)
            self.cells[0] = initial_c
        self.recurrent_bias = np.zeros(0, dtype)  # GRU's prepare sets its second bias row
        # Inference keeps the gates of one step only (they are overwritten step after step).
        keep_steps = gemm is None or self.keep_steps or any(self.needs_input_grad)
        self.prepare(projection, bias, steps if keep_steps else 1)
        if gemm is None:
            if input_bias is not None:
                projection += input_bias
            self.python_forward(projection)
        else:
            rows = np.empty((batch, units), dtype)  # h_prev * recurrent_mask, with recurrent dropout
            # The kernel adds the input bias to the projection itself (on both threads); the LSTM and
            # SimpleRNN make it in their gates and add h_prev @ recurrent_kernel there (one pass less;
            # up to 256 units the recurrent product is one BLAS block: the bits of adding the two).
            into_gates = per_step and self.cell in (LSTM, SIMPLE_RNN) and units <= STEP_PROJECTION_FEATURES
            run_on_halves(self.sequence_kernels(kernels)[0], batch, self.parallel, gemm, self.cell,
                          self.x_steps if per_step else np.zeros((0, 0, 0), dtype),
                          np.ascontiguousarray(kernel), np.ascontiguousarray(recurrent_kernel), projection,
                          _or_empty(input_bias, 1, dtype), self.recurrent_bias,
                          _or_empty(self.step_masks, 2, np.bool_), _or_empty(recurrent_mask, 2, dtype),
                          self.approximate, self.activation, self.recurrent_activation, self.states, _or_empty(self.cells, 3, dtype), self.gates,
                          self.extra, rows, into_gates)
        self.output_weights = _output_weights(self.step_masks, zero_output_for_mask, dtype)
        outputs = self.states[1:] if self.output_weights is None else self.states[1:] * self.output_weights
        output = outputs.transpose(1, 0, 2).copy() if return_sequences else outputs[-1].copy()
        last_h = self.states[-1].copy()
        if self.has_cell_state:
            return output, last_h, self.cells[-1].copy()
        return output, last_h

    def sequence_backward(self, dy):
        """Backpropagation through time, the weight gradients summed on the way."""
        needs = self.needs_input_grad
        d_output, d_last_h = dy[0], dy[1]
        d_last_c = dy[2] if self.has_cell_state else None
        from nbkeras.kernels import recurrent as kernels  # deferred: importing kernels loads Numba

        steps, batch, units = self.states.shape[0] - 1, self.states.shape[1], self.states.shape[2]
        dtype = self.states.dtype
        # Every step's output matters with return_sequences or a mask (the last output is then
        # a carried earlier one); otherwise only the last state gets an output gradient (and
        # only the last step's row is made).
        self.output_gradients_per_step = self.return_sequences or self.output_weights is not None
        d_outputs = np.zeros((steps if self.output_gradients_per_step else 1, batch, units), dtype)
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
        self.d_product = np.empty_like(self.gates)
        self.d_projection = np.empty_like(self.gates) if self.cell == GRU else self.d_product
        self.weight_sums = empty_weight_sums(self, needs, batch, dtype)
        gemm = numpy_gemm(dtype)
        if gemm is None:
            self.python_backward(d_outputs, dh, dc)
            python_weight_sums(self, self.weight_sums)
        else:
            # U.T made contiguous, as NumPy's product gets it in the Python loop: the same bits.
            run_on_halves(self.sequence_kernels(kernels)[1], batch, self.parallel, gemm, self.cell,
                          np.ascontiguousarray(self.recurrent_kernel.T), self.gates,
                          _or_empty(self.cells, 3, dtype), self.extra, self.states,
                          _or_empty(self.step_masks, 2, np.bool_), _or_empty(self.recurrent_mask, 2, dtype),
                          self.activation, self.recurrent_activation, d_outputs, self.output_gradients_per_step, dh, _or_empty(dc, 2, dtype),
                          self.d_product, self.d_projection, self.x_steps, *self.weight_sums, np.empty_like(dh),
                          np.empty((2, batch, units), dtype))
        dx, dkernel, drecurrent, dbias = self.weight_gradients(needs)
        if self.has_cell_state:
            return (dx, dkernel, drecurrent, dbias, dh if needs[4] else None, dc if needs[5] else None, None, None)
        return (dx, dkernel, drecurrent, dbias, dh if needs[4] else None, None, None)

    def python_forward(self, projection):
        """The step loop in Python, one NumPy product per step (when NumPy's BLAS is not OpenBLAS)."""
        no_mask = np.zeros(0, np.bool_)
        for t in range(projection.shape[0]):
            h_prev = self.states[t] if self.recurrent_mask is None else self.states[t] * self.recurrent_mask
            self.step_forward(t, h_prev, projection[t],
                              no_mask if self.step_masks is None else self.step_masks[t])

    def python_backward(self, d_outputs, dh, dc):
        """Backpropagation through time in Python (see ``python_forward``); updates ``dh``, ``dc``."""
        no_mask = np.zeros(0, np.bool_)
        self.recurrent_t = np.ascontiguousarray(self.recurrent_kernel.T)
        through_product = np.empty_like(dh)
        for t in range(self.d_product.shape[0] - 1, -1, -1):
            step_mask = no_mask if self.step_masks is None else self.step_masks[t]
            self.step_backward(t, step_mask, dh, dc)
            self.through_product(t, through_product)
            if self.recurrent_mask is not None:
                through_product *= self.recurrent_mask
            dh += through_product
            if t > 0 and self.output_gradients_per_step:
                dh += d_outputs[t - 1]

    def sequence_kernels(self, kernels):
        """The cell's ``(forward, backward)`` sequence kernels from ``kernels/recurrent.py``."""
        return kernels.recurrent_sequence_forward, kernels.recurrent_sequence_backward

    def through_product(self, t, out):
        """``out = d_product[t] @ recurrent_kernel.T``: the gradient of the state entering step ``t``."""
        fixed_order.matmul(self.d_product[t], self.recurrent_t, out=out)

    # ----------------------------------------------------------------- shared pieces
    def input_bias(self, bias):
        """The part of the bias added to ``x @ kernel`` (all of it, except GRU's row 1)."""
        return bias

    def weight_gradients(self, needs):
        """Gradients of x, kernel, recurrent_kernel and bias (None where not needed).

        The weights' come from the per-half sums the backward loop made; ``dx`` is one
        product for all steps, ``d_projection @ kernel.T``.
        """
        steps, batch, features = self.x_steps.shape
        dx = None
        if needs[0]:
            flat_dp = self.d_projection.reshape(steps * batch, -1)
            dx = batch_major(fixed_order.matmul(flat_dp, self.kernel.T).reshape(steps, batch, features),
                             self.go_backwards)
        return [dx] + [weight_gradient(self, index, parts) if needs[index] else None
                       for index, parts in zip((1, 2, 3), self.weight_sums)]

    def add_recurrent_product(self, target, h_in, d_product, t, lo, hi):
        """``target += h_in^T @ d_product`` for rows ``lo:hi`` of step ``t`` (the Python loop's sums)."""
        target += h_in.T @ d_product

    def saved_states(self):
        """Per-step arrays for the gate views, batch-major ``(batch, time, units)``, in step order."""
        raise NotImplementedError


def _time_major(array, reverse):
    """``(batch, time, ...)`` -> contiguous ``(time, batch, ...)``, time reversed if asked."""
    swapped = array.swapaxes(0, 1)
    return np.ascontiguousarray(swapped[::-1] if reverse else swapped)


def batch_major(array, reverse):
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


def _or_empty(array, ndim, dtype):
    """``array``, or an empty array with ``ndim`` dimensions where a kernel's optional input is absent."""
    return np.zeros((0,) * ndim, dtype) if array is None else array
