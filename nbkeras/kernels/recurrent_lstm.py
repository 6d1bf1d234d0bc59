"""LSTM gate kernels: one time step forward and backward (Keras 3 formulas, gates i, f, c, o).

The op computes ``z = x_t @ kernel + h_prev @ recurrent_kernel + bias`` with
NumPy (all ``x_t @ kernel`` of a sequence in one product beforehand); these
kernels do the rest of the step::

    input_gate     = sigmoid(z[:, 0u:1u])
    forget_gate    = sigmoid(z[:, 1u:2u])
    cell_candidate = tanh(z[:, 2u:3u])
    output_gate    = sigmoid(z[:, 3u:4u])
    c = forget_gate * c_prev + input_gate * cell_candidate
    h = output_gate * tanh(c)

(sigmoid is the layer's ``recurrent_activation`` and tanh its ``activation``,
given by their ``recurrent_squash`` codes.)

A sample whose ``step_mask`` entry is False skips the step: its ``h`` and
``c`` are carried over unchanged (Keras masking).
"""

from numba import njit

from nbkeras.kernels.recurrent_squash import SIGMOID, TANH, activate_in_place, times_slope


@njit(cache=True, error_model="numpy")
def lstm_step_forward(z, x_projection, h_prev, c_prev, step_mask, approximate, activation,
                      recurrent_activation, h, c, tanh_c):
    """One LSTM step: gates from ``z``, then the new cell and hidden states.

    Args:
        z: ``(batch, 4 * units)``, holds ``h_prev @ recurrent_kernel`` on entry;
            overwritten with the four gates (i, f, c, o), kept for backward and gate views.
        x_projection: ``(batch, 4 * units)``, ``x_t @ kernel + bias``, added to ``z``; empty when
            ``z`` holds it already (the sequence loop's ``projection_into_gates``).
        h_prev, c_prev: ``(batch, units)`` states before the step.
        step_mask: ``(batch,)`` bools, or an empty array for "every sample steps".
        approximate: use the vectorizing ``fast_tanh`` (float32) instead of libm.
        activation, recurrent_activation: codes (``recurrent_squash``), default TANH, SIGMOID.
        h, c, tanh_c: ``(batch, units)`` outputs: new states and ``tanh(c)`` (``activation(c)``).
    """
    batch, units = h.shape
    has_mask = step_mask.size > 0
    for b in range(batch):
        row = z[b]
        if x_projection.size > 0:
            x_row = x_projection[b]
            for j in range(4 * units):
                row[j] += x_row[j]
        # One slice per gate; each squashing loop runs over a whole slice and vectorizes.
        input_gate, forget_gate = row[:units], row[units:2 * units]
        cell_candidate, output_gate = row[2 * units:3 * units], row[3 * units:]
        activate_in_place(input_gate, recurrent_activation, approximate)
        activate_in_place(forget_gate, recurrent_activation, approximate)
        activate_in_place(cell_candidate, activation, approximate)
        activate_in_place(output_gate, recurrent_activation, approximate)
        c_row, h_row, tanh_c_row, c_prev_row = c[b], h[b], tanh_c[b], c_prev[b]
        for j in range(units):
            c_row[j] = forget_gate[j] * c_prev_row[j] + input_gate[j] * cell_candidate[j]
            tanh_c_row[j] = c_row[j]
        activate_in_place(tanh_c_row, activation, approximate)
        for j in range(units):
            h_row[j] = output_gate[j] * tanh_c_row[j]
        if has_mask and not step_mask[b]:
            for j in range(units):
                c_row[j] = c_prev_row[j]
                h_row[j] = h_prev[b, j]
                tanh_c_row[j] = 0.0


@njit(cache=True, error_model="numpy")
def lstm_step_backward(gates, c_prev, tanh_c, step_mask, activation, recurrent_activation, dh, dc, dz):
    """Backpropagates one LSTM step from the gradients of ``h`` and ``c``.

    Args:
        gates: ``(batch, 4 * units)`` saved by ``lstm_step_forward`` (i, f, c, o).
        c_prev: ``(batch, units)`` cell state before the step.
        tanh_c: ``(batch, units)`` saved ``tanh(c)``.
        step_mask: ``(batch,)`` bools, or empty.
        activation, recurrent_activation: the forward's codes.
        dh: ``(batch, units)`` d loss / d h of this step; overwritten with the part
            that reaches ``h_prev`` directly (masked samples carry it; others 0).
        dc: ``(batch, units)`` d loss / d c of this step; overwritten with
            d loss / d c_prev.
        dz: ``(batch, 4 * units)`` output: d loss / d z (zeros for masked samples);
            the op turns it into ``dz @ recurrent_kernel.T`` and the weight gradients.
    """
    # With the default activations' codes as constants, LLVM drops ``times_slope``'s branches
    # and vectorizes the loop (a run-time code made the W4 backward 1.7x slower).
    if activation == TANH and recurrent_activation == SIGMOID:
        _lstm_backward(gates, c_prev, tanh_c, step_mask, TANH, SIGMOID, dh, dc, dz)
    else:
        _lstm_backward(gates, c_prev, tanh_c, step_mask, activation, recurrent_activation, dh, dc, dz)


@njit(cache=True, error_model="numpy", inline="always")
def _lstm_backward(gates, c_prev, tanh_c, step_mask, activation, recurrent_activation, dh, dc, dz):
    batch, units = dh.shape
    has_mask = step_mask.size > 0
    for b in range(batch):
        dz_row = dz[b]
        if has_mask and not step_mask[b]:
            dz_row[:] = 0.0
            continue  # a skipped step: dh and dc pass through unchanged
        row = gates[b]
        input_gate, forget_gate = row[:units], row[units:2 * units]
        cell_candidate, output_gate = row[2 * units:3 * units], row[3 * units:]
        d_input, d_forget = dz_row[:units], dz_row[units:2 * units]
        d_candidate, d_output = dz_row[2 * units:3 * units], dz_row[3 * units:]
        dh_row, dc_row, tanh_c_row, c_prev_row = dh[b], dc[b], tanh_c[b], c_prev[b]
        for j in range(units):
            d_output[j] = times_slope(dh_row[j] * tanh_c_row[j], output_gate[j], recurrent_activation)
            d_cell = dc_row[j] + times_slope(dh_row[j] * output_gate[j], tanh_c_row[j], activation)
            d_input[j] = times_slope(d_cell * cell_candidate[j], input_gate[j], recurrent_activation)
            d_forget[j] = times_slope(d_cell * c_prev_row[j], forget_gate[j], recurrent_activation)
            d_candidate[j] = times_slope(d_cell * input_gate[j], cell_candidate[j], activation)
            dc_row[j] = d_cell * forget_gate[j]
            dh_row[j] = 0.0
