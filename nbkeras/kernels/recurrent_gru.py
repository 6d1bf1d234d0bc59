"""GRU gate kernels: one time step forward and backward (Keras 3, ``reset_after=True``, gates z, r, h).

The op computes ``x_projection = x_t @ kernel + input_bias`` for all steps
in one product and ``recurrent = h_prev @ recurrent_kernel`` per step (NumPy);
these kernels do the rest::

    recurrent      += recurrent_bias
    update_gate    = sigmoid(x_projection[:, 0u:1u] + recurrent[:, 0u:1u])
    reset_gate     = sigmoid(x_projection[:, 1u:2u] + recurrent[:, 1u:2u])
    cell_candidate = tanh(x_projection[:, 2u:3u] + reset_gate * recurrent[:, 2u:3u])
    h = update_gate * h_prev + (1 - update_gate) * cell_candidate

(sigmoid is the layer's ``recurrent_activation`` and tanh its ``activation``,
given by their ``recurrent_squash`` codes.) A sample whose ``step_mask`` entry is False keeps ``h = h_prev``.
"""

from numba import njit

from nbkeras.kernels.recurrent_squash import SIGMOID, TANH, activate_in_place, times_slope


@njit(cache=True, error_model="numpy")
def gru_step_forward(recurrent, x_projection, recurrent_bias, h_prev, step_mask, approximate, activation,
                     recurrent_activation, gates, h):
    """One GRU step (``reset_after=True``).

    Args:
        recurrent: ``(batch, 3 * units)``, ``h_prev @ recurrent_kernel`` on entry;
            ``recurrent_bias`` is added in place (kept for backward).
        x_projection: ``(batch, 3 * units)``, ``x_t @ kernel + input_bias``.
        recurrent_bias: ``(3 * units,)``, or empty without bias.
        h_prev: ``(batch, units)`` state before the step.
        step_mask: ``(batch,)`` bools, or empty.
        approximate: use the vectorizing ``fast_tanh`` (float32) instead of libm.
        activation, recurrent_activation: codes (``recurrent_squash``), default TANH, SIGMOID.
        gates: ``(batch, 3 * units)`` output: update_gate, reset_gate, cell_candidate.
        h: ``(batch, units)`` output: the new state.
    """
    batch, units = h.shape
    has_mask = step_mask.size > 0
    has_bias = recurrent_bias.size > 0
    for b in range(batch):
        rec, x_row, row = recurrent[b], x_projection[b], gates[b]
        if has_bias:
            for j in range(3 * units):
                rec[j] += recurrent_bias[j]
        for j in range(2 * units):
            row[j] = x_row[j] + rec[j]
        update_gate, reset_gate = row[:units], row[units:2 * units]
        cell_candidate = row[2 * units:]
        activate_in_place(update_gate, recurrent_activation, approximate)
        activate_in_place(reset_gate, recurrent_activation, approximate)
        for j in range(units):
            cell_candidate[j] = x_row[2 * units + j] + reset_gate[j] * rec[2 * units + j]
        activate_in_place(cell_candidate, activation, approximate)
        gru_new_state(update_gate, cell_candidate, h_prev[b], has_mask and not step_mask[b], h[b])


@njit(cache=True, error_model="numpy", inline="always")
def gru_new_state(update_gate, cell_candidate, h_prev_row, carried, h_row):
    """``h = update_gate * h_prev + (1 - update_gate) * cell_candidate`` for one sample (``h_prev`` if ``carried``)."""
    if carried:
        for j in range(h_row.size):
            h_row[j] = h_prev_row[j]
    else:
        for j in range(h_row.size):
            h_row[j] = update_gate[j] * h_prev_row[j] + (1.0 - update_gate[j]) * cell_candidate[j]


@njit(cache=True, error_model="numpy")
def gru_step_backward(gates, recurrent, h_prev, step_mask, activation, recurrent_activation, dh,
                      dx_projection, drecurrent):
    """Backpropagates one GRU step (``reset_after=True``) from d loss / d h.

    Args:
        gates: ``(batch, 3 * units)`` saved by ``gru_step_forward``.
        recurrent: ``(batch, 3 * units)`` saved ``h_prev @ recurrent_kernel + recurrent_bias``.
        h_prev: ``(batch, units)`` state before the step.
        step_mask: ``(batch,)`` bools, or empty.
        activation, recurrent_activation: the forward's codes.
        dh: ``(batch, units)`` d loss / d h; overwritten with the part that reaches
            ``h_prev`` directly (``dh * update_gate``; all of it for a masked sample).
        dx_projection: ``(batch, 3 * units)`` output: d loss / d x_projection.
        drecurrent: ``(batch, 3 * units)`` output: d loss / d recurrent (the op turns it
            into ``drecurrent @ recurrent_kernel.T`` and the weight gradients).
    """
    # With the default activation codes as constants, LLVM drops ``times_slope``'s branches
    # and vectorizes the loop (see ``lstm_step_backward``).
    if activation == TANH and recurrent_activation == SIGMOID:
        _gru_backward(gates, recurrent, h_prev, step_mask, TANH, SIGMOID, dh, dx_projection, drecurrent)
    else:
        _gru_backward(gates, recurrent, h_prev, step_mask, activation, recurrent_activation, dh, dx_projection,
                      drecurrent)


@njit(cache=True, error_model="numpy", inline="always")
def _gru_backward(gates, recurrent, h_prev, step_mask, activation, recurrent_activation, dh, dx_projection,
                  drecurrent):
    batch, units = dh.shape
    has_mask = step_mask.size > 0
    for b in range(batch):
        dx_row, drec_row = dx_projection[b], drecurrent[b]
        if has_mask and not step_mask[b]:
            dx_row[:] = 0.0
            drec_row[:] = 0.0
            continue
        row, rec = gates[b], recurrent[b]
        update_gate, reset_gate = row[:units], row[units:2 * units]
        cell_candidate, rec_candidate = row[2 * units:], rec[2 * units:]
        d_update, d_reset, d_candidate = dx_row[:units], dx_row[units:2 * units], dx_row[2 * units:]
        dh_row, h_prev_row = dh[b], h_prev[b]
        for j in range(units):
            d_cand = times_slope(dh_row[j] * (1.0 - update_gate[j]), cell_candidate[j], activation)
            d_candidate[j] = d_cand
            d_reset[j] = times_slope(d_cand * rec_candidate[j], reset_gate[j], recurrent_activation)
            d_update[j] = times_slope(dh_row[j] * (h_prev_row[j] - cell_candidate[j]), update_gate[j],
                                      recurrent_activation)
            drec_row[2 * units + j] = d_cand * reset_gate[j]
            dh_row[j] = dh_row[j] * update_gate[j]
        for j in range(2 * units):
            drec_row[j] = dx_row[j]
