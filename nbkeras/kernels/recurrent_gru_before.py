"""GRU gate kernels with ``reset_after=False``: the reset gate acts on ``h_prev`` before its product.

With ``x_projection = x_t @ kernel + bias`` (bias ``(3u,)``), ``h_in = h_prev``
(times the recurrent-dropout mask) and ``U_zr, U_h`` the first ``2u`` and the
last ``u`` columns of the recurrent kernel, one step is::

    update_gate    = sigmoid(x_projection[:, 0u:1u] + (h_in @ U_zr)[:, 0u:1u])
    reset_gate     = sigmoid(x_projection[:, 1u:2u] + (h_in @ U_zr)[:, 1u:2u])
    reset_state    = reset_gate * h_in
    cell_candidate = tanh(x_projection[:, 2u:3u] + reset_state @ U_h)
    h = update_gate * h_prev + (1 - update_gate) * cell_candidate

So a step has two products, the second one depending on the first: the
sequence loop (``recurrent_sequence``) makes ``h_in @ U_zr``, calls
``gru_before_gates``, makes ``reset_state @ U_h``, then calls
``gru_before_state``. Backward mirrors it: ``gru_before_candidate_backward``,
the product ``d_candidate @ U_h^T``, ``gru_before_reset_backward``, then the
loop's usual ``d_zr @ U_zr^T``. (sigmoid and tanh stand for the layer's
``recurrent_activation`` and ``activation`` codes, ``recurrent_squash``.) A
sample whose ``step_mask`` entry is False keeps ``h = h_prev``.
"""

from numba import njit

from nbkeras.kernels.recurrent_gru import gru_new_state
from nbkeras.kernels.recurrent_squash import SIGMOID, TANH, activate_in_place, times_slope


@njit(cache=True, error_model="numpy")
def gru_before_gates(gates, x_projection, h_in, approximate, recurrent_activation, reset_state):
    """The update and reset gates of one step, and ``reset_state = reset_gate * h_in``.

    Args:
        gates: ``(batch, 3 * units)``; columns ``:2u`` hold ``h_in @ U_zr`` on entry and
            the two gates on return (columns ``2u:`` are not touched).
        x_projection: ``(batch, 3 * units)``, ``x_t @ kernel + bias``.
        h_in: ``(batch, units)`` the state entering the products.
        approximate: use the vectorizing ``fast_tanh`` (float32) instead of libm.
        recurrent_activation: its code (``recurrent_squash``), default SIGMOID.
        reset_state: ``(batch, units)`` output, kept for backward.
    """
    batch, units = h_in.shape
    for b in range(batch):
        row, x_row = gates[b], x_projection[b]
        for j in range(2 * units):
            row[j] = x_row[j] + row[j]
        activate_in_place(row[:2 * units], recurrent_activation, approximate)
        h_row, reset_row = h_in[b], reset_state[b]
        for j in range(units):
            reset_row[j] = row[units + j] * h_row[j]


@njit(cache=True, error_model="numpy")
def gru_before_state(gates, x_projection, h_prev, step_mask, approximate, activation, h):
    """The cell candidate and the new state of one step.

    Args:
        gates: ``(batch, 3 * units)``: update and reset gates (``gru_before_gates``), columns
            ``2u:`` hold ``reset_state @ U_h`` on entry and the cell candidate on return.
        x_projection: ``(batch, 3 * units)``, ``x_t @ kernel + bias``.
        h_prev: ``(batch, units)`` the state before the step (without recurrent dropout).
        step_mask: ``(batch,)`` bools, or empty.
        approximate: as ``gru_before_gates``; activation: its code, default TANH.
        h: ``(batch, units)`` output: the new state.
    """
    batch, units = h.shape
    has_mask = step_mask.size > 0
    for b in range(batch):
        row, x_row = gates[b], x_projection[b]
        update_gate, cell_candidate = row[:units], row[2 * units:]
        for j in range(units):
            cell_candidate[j] = x_row[2 * units + j] + cell_candidate[j]
        activate_in_place(cell_candidate, activation, approximate)
        gru_new_state(update_gate, cell_candidate, h_prev[b], has_mask and not step_mask[b], h[b])


@njit(cache=True, error_model="numpy")
def gru_before_candidate_backward(gates, h_prev, step_mask, activation, recurrent_activation, dh, dz):
    """Backward through the new state: the gradients of the update gate and candidate inputs.

    Args:
        gates: ``(batch, 3 * units)`` saved by the forward (update, reset, candidate).
        h_prev: ``(batch, units)`` state before the step.
        step_mask: ``(batch,)`` bools, or empty.
        activation, recurrent_activation: the forward's codes.
        dh: ``(batch, units)`` d loss / d h; overwritten with the part that reaches
            ``h_prev`` directly (``dh * update_gate``; all of it for a masked sample).
        dz: ``(batch, 3 * units)`` output: d loss / d x_projection; columns ``:u`` and ``2u:``
            here (zeros for masked samples), columns ``u:2u`` by ``gru_before_reset_backward``.
    """
    # The default codes as constants let LLVM drop ``times_slope``'s branches (see lstm_step_backward).
    if activation == TANH and recurrent_activation == SIGMOID:
        _candidate_backward(gates, h_prev, step_mask, TANH, SIGMOID, dh, dz)
    else:
        _candidate_backward(gates, h_prev, step_mask, activation, recurrent_activation, dh, dz)


@njit(cache=True, error_model="numpy", inline="always")
def _candidate_backward(gates, h_prev, step_mask, activation, recurrent_activation, dh, dz):
    batch, units = dh.shape
    has_mask = step_mask.size > 0
    for b in range(batch):
        dz_row, row, dh_row, h_prev_row = dz[b], gates[b], dh[b], h_prev[b]
        if has_mask and not step_mask[b]:  # a skipped step: dh passes through unchanged
            dz_row[:] = 0.0
            continue
        update_gate, cell_candidate = row[:units], row[2 * units:]
        d_update, d_candidate = dz_row[:units], dz_row[2 * units:]
        for j in range(units):
            d_candidate[j] = times_slope(dh_row[j] * (1.0 - update_gate[j]), cell_candidate[j], activation)
            d_update[j] = times_slope(dh_row[j] * (h_prev_row[j] - cell_candidate[j]), update_gate[j],
                                      recurrent_activation)
            dh_row[j] = dh_row[j] * update_gate[j]


@njit(cache=True, error_model="numpy")
def gru_before_reset_backward(gates, h_in, step_mask, recurrent_activation, d_reset_state, dz):
    """Backward through ``reset_state = reset_gate * h_in``.

    Args:
        gates: ``(batch, 3 * units)`` saved by the forward.
        h_in: ``(batch, units)`` the state that entered the products.
        step_mask: ``(batch,)`` bools, or empty.
        recurrent_activation: the forward's code.
        d_reset_state: ``(batch, units)``, ``d_candidate @ U_h^T`` on entry; overwritten with
            its part that reaches ``h_in`` (``d_reset_state * reset_gate``).
        dz: ``(batch, 3 * units)``: columns ``u:2u`` written (the reset gate's input gradient).
    """
    if recurrent_activation == SIGMOID:
        _reset_backward(gates, h_in, step_mask, SIGMOID, d_reset_state, dz)
    else:
        _reset_backward(gates, h_in, step_mask, recurrent_activation, d_reset_state, dz)


@njit(cache=True, error_model="numpy", inline="always")
def _reset_backward(gates, h_in, step_mask, recurrent_activation, d_reset_state, dz):
    batch, units = h_in.shape
    has_mask = step_mask.size > 0
    for b in range(batch):
        d_row = d_reset_state[b]
        if has_mask and not step_mask[b]:
            d_row[:] = 0.0  # already zero (dz's candidate columns are), kept explicit
            continue
        reset_gate, d_reset, h_row = gates[b, units:2 * units], dz[b, units:2 * units], h_in[b]
        for j in range(units):
            d_reset[j] = times_slope(d_row[j] * h_row[j], reset_gate[j], recurrent_activation)
            d_row[j] = d_row[j] * reset_gate[j]
