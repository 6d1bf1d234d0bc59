"""Whole-sequence loops of SimpleRNN, LSTM and GRU: every step's product and gate kernel in one call.

The op calls these once per layer call and direction instead of looping in
Python (~10 us of loop, NumPy call and dispatch per step). Each step does::

    projection = x_t @ kernel + bias           (forward, unless the op made all steps' at once)
    product = h_prev @ recurrent_kernel        (forward; h_prev * recurrent_mask with recurrent dropout)
    the cell's *_step_forward kernel           (recurrent_simple_rnn, recurrent_lstm, recurrent_gru)

    the cell's *_step_backward kernel          (backward, from the last step to the first)
    this step's share of the weight gradients  (recurrent_weight_gradients)
    dh += d_product @ recurrent_kernel.T       (times recurrent_mask), + d_output of the step before


The products go to NumPy's own OpenBLAS through ``gemm``, a C function
pointer the op looks up (``ops/nn/recurrent_blas.py``): the same library and
thread pool as ``np.matmul``. The kernels run on the batch rows
``lo:hi`` only and release the GIL, so the op can run two row halves at once.

``cell`` picks the step kernels: ``SIMPLE_RNN``, ``LSTM``, ``GRU`` or
``GRU_RESET_BEFORE`` (two products per step, ``recurrent_gru_before``). Arrays a
cell does not use are passed empty with the right number of dimensions.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.recurrent_gru import gru_step_backward, gru_step_forward
from nbkeras.kernels.recurrent_gru_before import (gru_before_candidate_backward, gru_before_gates,
                                                  gru_before_reset_backward, gru_before_state)
from nbkeras.kernels.recurrent_lstm import lstm_step_backward, lstm_step_forward
from nbkeras.kernels.recurrent_simple_rnn import simple_rnn_step_backward, simple_rnn_step_forward
from nbkeras.kernels.recurrent_weight_gradients import add_step_weight_gradients

SIMPLE_RNN, LSTM, GRU, GRU_RESET_BEFORE = 0, 1, 2, 3
ROW_MAJOR, PLAIN = 101, 111  # CBLAS enums
FIXED_ORDER_BLOCK = 384  # kept equal to ops/fixed_order.K_BLOCK (tests/ops/test_recurrent_paths.py)


@njit(cache=True, nogil=True, error_model="numpy")
def gemm_rows(gemm, a, b, c, beta=0.0):
    """``c = a @ b`` (``c = a @ b + c`` with ``beta = 1``) through the CBLAS ``gemm`` pointer.

    The inner axis is summed in the blocks of ``ops/fixed_order.py`` (the fewest of at
    most 384, as equal as possible), each one after the first added by BLAS itself
    (``beta = 1``): the bits of ``fixed_order.matmul``, which the op's Python loop uses
    (an LSTM's ``dz @ recurrent_kernel.T`` sums 4 x units).

    Args:
        gemm: NumPy's ``cblas_sgemm`` or ``cblas_dgemm`` (``ops/nn/recurrent_blas.py``).
        a, b, c: 2-D arrays whose rows are contiguous (any row stride), one dtype.
    """
    depth = a.shape[1]
    count = max(1, -(-depth // FIXED_ORDER_BLOCK))
    size, longer = divmod(depth, count)
    start = 0
    for index in range(count):
        stop = start + size + (1 if index < longer else 0)
        _gemm_block(gemm, a[:, start:stop], b[start:stop], c, beta if index == 0 else 1.0)
        start = stop


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _gemm_block(gemm, a, b, c, beta):
    size = a.itemsize
    gemm(ROW_MAJOR, PLAIN, PLAIN, a.shape[0], c.shape[1], a.shape[1], 1.0,
         a.ctypes.data, a.strides[0] // size, b.ctypes.data, b.strides[0] // size, beta,
         c.ctypes.data, c.strides[0] // size)


def _sequence_kernels(reset_before_only):
    """The forward and backward sequence kernels, for SimpleRNN/LSTM/GRU or for GRU_RESET_BEFORE only.

    ``reset_before_only`` is a constant of the closure: Numba drops the branches it rules out
    before compiling, so an LSTM's kernels do not compile GRU_RESET_BEFORE's two-product step
    (it doubled the recurrent family's cold compile time) and the other way round.
    """

    @njit(cache=True, nogil=True, error_model="numpy")
    def recurrent_sequence_forward(gemm, cell, x_steps, kernel, recurrent_kernel, projection, input_bias,
                                   recurrent_bias, step_masks, recurrent_mask, approximate, activation,
                                   recurrent_activation, states, cells, gates, extra, h_masked,
                                   projection_into_gates, lo, hi):
        """Runs rows ``lo:hi`` through every step, writing states, cells and gates.

        Args:
            gemm: the CBLAS gemm pointer for the dtype.
            cell: ``SIMPLE_RNN``, ``LSTM``, ``GRU`` or ``GRU_RESET_BEFORE``.
            x_steps: ``(time, batch, features)`` time-major inputs, or ``(0, 0, 0)`` when
                ``projection`` holds ``x_t @ kernel`` already.
            kernel: ``(features, gates * units)``; recurrent_kernel ``(units, gates * units)``.
            projection: ``(time, batch, gates * units)``: ``x_t @ kernel`` of every step, made
                here step by step from ``x_steps`` if given; ``input_bias`` is added in place.
            input_bias: ``(gates * units,)`` the bias (GRU: its first row), or empty.
            recurrent_bias: GRU's ``(3 * units,)`` second bias row, or empty.
            step_masks: ``(time, batch)`` bools, or ``(0, 0)``.
            recurrent_mask: ``(batch, units)`` recurrent-dropout factors, or ``(0, 0)``.
            approximate: vectorizing float32 tanh/sigmoid (``recurrent_squash``).
            activation, recurrent_activation: the activations' codes (``recurrent_squash``).
            states: ``(time + 1, batch, units)``, ``states[0]`` set; filled with ``h`` of each step.
            cells: the same for the LSTM's ``c``; ``(0, 0, 0)`` for the other cells.
            gates: ``(time, batch, gates * units)`` output: the activated gates (SimpleRNN: ``h``
                before masking); with one step only (``(1, ...)``), reused by every step (inference).
            extra: like ``gates``: LSTM ``tanh(c)`` ``(.., units)``, GRU ``h_prev @ recurrent_kernel
                + recurrent_bias``, GRU_RESET_BEFORE ``reset_gate * h_in`` ``(.., units)``;
                ``(0, 0, 0)`` for SimpleRNN.
            h_masked: ``(batch, units)`` scratch for ``h_prev * recurrent_mask``.
            projection_into_gates: LSTM and SimpleRNN with ``x_steps``: ``x_t @ kernel + bias`` is
                made in the step's gates and ``h_prev @ recurrent_kernel`` added by the product
                itself (``beta = 1``), so ``projection`` is not used: one pass less over the gates.
                The same bits as adding the two while the recurrent product is one BLAS block
                (the op asks for it up to 256 units).
            lo, hi: the batch rows this call runs.
        """
        steps = projection.shape[0]
        every_step = gates.shape[0] == steps
        no_mask = np.zeros(0, np.bool_)
        no_projection = np.zeros((0, 0), projection.dtype)
        for t in range(steps):
            k = t if every_step else 0
            if x_steps.size > 0 and not projection_into_gates:
                gemm_rows(gemm, x_steps[t, lo:hi], kernel, projection[t, lo:hi])
            if input_bias.size > 0 and not projection_into_gates:
                _add_row(projection[t, lo:hi], input_bias)
            h_prev = states[t, lo:hi]
            if recurrent_mask.size > 0:
                h_prev = h_masked[lo:hi]
                _multiply(states[t, lo:hi], recurrent_mask[lo:hi], h_prev)
            mask = step_masks[t, lo:hi] if step_masks.size > 0 else no_mask
            if reset_before_only:
                units = h_prev.shape[1]
                row = gates[k, lo:hi]
                gemm_rows(gemm, h_prev, recurrent_kernel[:, :2 * units], row[:, :2 * units])
                gru_before_gates(row, projection[t, lo:hi], h_prev, approximate, recurrent_activation, extra[k, lo:hi])
                gemm_rows(gemm, extra[k, lo:hi], recurrent_kernel[:, 2 * units:], row[:, 2 * units:])
                gru_before_state(row, projection[t, lo:hi], states[t, lo:hi], mask, approximate, activation,
                                 states[t + 1, lo:hi])
            elif cell == GRU:
                gemm_rows(gemm, h_prev, recurrent_kernel, extra[k, lo:hi])
                gru_step_forward(extra[k, lo:hi], projection[t, lo:hi], recurrent_bias, states[t, lo:hi], mask,
                                 approximate, activation, recurrent_activation, gates[k, lo:hi], states[t + 1, lo:hi])
            else:
                x_projection = projection[t, lo:hi]
                if projection_into_gates:
                    gemm_rows(gemm, x_steps[t, lo:hi], kernel, gates[k, lo:hi])
                    if input_bias.size > 0:
                        _add_row(gates[k, lo:hi], input_bias)
                    gemm_rows(gemm, h_prev, recurrent_kernel, gates[k, lo:hi], 1.0)
                    x_projection = no_projection
                else:
                    gemm_rows(gemm, h_prev, recurrent_kernel, gates[k, lo:hi])
                if cell == LSTM:
                    lstm_step_forward(gates[k, lo:hi], x_projection, states[t, lo:hi], cells[t, lo:hi],
                                      mask, approximate, activation, recurrent_activation, states[t + 1, lo:hi],
                                      cells[t + 1, lo:hi], extra[k, lo:hi])
                else:
                    simple_rnn_step_forward(gates[k, lo:hi], x_projection, states[t, lo:hi], mask,
                                            approximate, activation, states[t + 1, lo:hi])


    @njit(cache=True, nogil=True, error_model="numpy")
    def recurrent_sequence_backward(gemm, cell, recurrent_kernel_t, gates, cells, extra, states, step_masks,
                                    recurrent_mask, activation, recurrent_activation, d_outputs, every_output, dh,
                                    dc, d_product, d_projection, x_steps, d_kernel, d_recurrent, d_bias, through,
                                    scratch, lo, hi):
        """Backpropagation through time for rows ``lo:hi``, from the last step to the first.

        Args:
            gemm, cell, step_masks, recurrent_mask, activation, recurrent_activation: as in the forward.
            recurrent_kernel_t: ``recurrent_kernel.T``, C-contiguous (a transposed-B product
                could give other bits than NumPy's ``@`` for some batch sizes: 7, 33).
            gates, cells, extra, states: saved by ``recurrent_sequence_forward`` (every step).
            d_outputs: ``(time, batch, units)`` gradient of each step's output (only read with
                ``every_output``).
            every_output: add ``d_outputs[t - 1]`` at each step (else only the last one counts,
                and it is already in ``dh``).
            dh: ``(batch, units)`` gradient of the last ``h``; overwritten with that of ``states[0]``.
            dc: the same for the LSTM's ``c`` (``(0, 0)`` otherwise).
            d_product: ``(time, batch, gates * units)`` output: gradient of each step's
                ``h_prev @ recurrent_kernel`` (and of the projection, except for the GRU).
            d_projection: ``(time, batch, gates * units)`` output, gradient of the projection (the
                GRU's own array; ``d_product`` itself for the other cells).
            x_steps: ``(time, batch, features)`` the inputs, for ``d_kernel``.
            d_kernel, d_recurrent, d_bias: ``(parts, ...)`` sums of the weight gradients, one part per
                row range (``recurrent_weight_gradients``); ``(parts, 0, 0)`` when not needed.
            through: ``(batch, units)`` scratch for ``d_product[t] @ recurrent_kernel.T``.
            scratch: ``(2, batch, units)``: GRU_RESET_BEFORE's gradient of ``reset_gate * h_in``, and
                ``h_in`` with recurrent dropout.
            lo, hi: the batch rows this call runs (part 0 from row 0, part 1 otherwise).
        """
        steps = gates.shape[0]
        no_mask = np.zeros(0, np.bool_)
        dh_rows, through_rows = dh[lo:hi], through[lo:hi]
        part = 0 if lo == 0 else 1
        row_sum = np.empty(d_bias.shape[-1], d_bias.dtype)
        for t in range(steps - 1, -1, -1):
            mask = step_masks[t, lo:hi] if step_masks.size > 0 else no_mask
            h_in = states[t, lo:hi]
            if recurrent_mask.size > 0:
                h_in = scratch[1, lo:hi]
                _multiply(states[t, lo:hi], recurrent_mask[lo:hi], h_in)
            if reset_before_only:
                _gru_before_backward(gemm, recurrent_kernel_t, gates[t, lo:hi], states[t, lo:hi], h_in, mask,
                                     activation, recurrent_activation, dh_rows, d_product[t, lo:hi], through_rows,
                                     scratch[0, lo:hi])
            else:
                if cell == LSTM:
                    lstm_step_backward(gates[t, lo:hi], cells[t, lo:hi], extra[t, lo:hi], mask, activation,
                                       recurrent_activation, dh_rows, dc[lo:hi], d_product[t, lo:hi])
                elif cell == GRU:
                    gru_step_backward(gates[t, lo:hi], extra[t, lo:hi], states[t, lo:hi], mask, activation,
                                      recurrent_activation, dh_rows, d_projection[t, lo:hi], d_product[t, lo:hi])
                else:
                    simple_rnn_step_backward(gates[t, lo:hi], mask, activation, dh_rows, d_product[t, lo:hi])
                gemm_rows(gemm, d_product[t, lo:hi], recurrent_kernel_t, through_rows)
            add_step_weight_gradients(gemm, reset_before_only, x_steps[t, lo:hi], h_in,
                                      extra[t, lo:hi] if reset_before_only else h_in, d_projection[t, lo:hi],
                                      d_product[t, lo:hi], d_kernel[part], d_recurrent[part], d_bias[part], row_sum)
            if recurrent_mask.size > 0:
                _multiply(through_rows, recurrent_mask[lo:hi], through_rows)
            _add(dh_rows, through_rows)
            if t > 0 and every_output:
                _add(dh_rows, d_outputs[t - 1, lo:hi])

    return recurrent_sequence_forward, recurrent_sequence_backward


recurrent_sequence_forward, recurrent_sequence_backward = _sequence_kernels(False)
gru_before_sequence_forward, gru_before_sequence_backward = _sequence_kernels(True)


@njit(cache=True, nogil=True, error_model="numpy")
def _gru_before_backward(gemm, recurrent_kernel_t, gates, h_prev, h_in, mask, activation, recurrent_activation,
                         dh_rows, dz, through_rows, d_reset_state):
    """One GRU_RESET_BEFORE step back: ``dz`` and ``through_rows`` (before the recurrent-dropout factor).

    ``through = dz[:, :2u] @ U_zr^T + reset_gate * (dz[:, 2u:] @ U_h^T)``, the gradient of ``h_in``.
    """
    units = h_prev.shape[1]
    gru_before_candidate_backward(gates, h_prev, mask, activation, recurrent_activation, dh_rows, dz)
    gemm_rows(gemm, dz[:, 2 * units:], recurrent_kernel_t[2 * units:], d_reset_state)
    gru_before_reset_backward(gates, h_in, mask, recurrent_activation, d_reset_state, dz)
    gemm_rows(gemm, dz[:, :2 * units], recurrent_kernel_t[:2 * units], through_rows)
    _add(through_rows, d_reset_state)


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _multiply(a, b, out):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[i, j] = a[i, j] * b[i, j]


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _add_row(target, row):
    for i in range(target.shape[0]):
        for j in range(target.shape[1]):
            target[i, j] += row[j]


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _add(target, values):
    for i in range(target.shape[0]):
        for j in range(target.shape[1]):
            target[i, j] += values[i, j]
