"""SimpleRNN kernels: one time step forward and backward, ``h = tanh(x_t @ kernel + bias + h_prev @ recurrent_kernel)``.

The products run in NumPy (all ``x_t @ kernel + bias`` of a sequence at once,
``h_prev @ recurrent_kernel`` per step); these kernels add and squash. A
sample whose ``step_mask`` entry is False keeps ``h = h_prev``.
"""

from numba import njit

from nbkeras.kernels.recurrent_squash import TANH, activate_in_place, times_slope


@njit(cache=True, error_model="numpy")
def simple_rnn_step_forward(z, x_projection, h_prev, step_mask, approximate, activation, h):
    """One SimpleRNN step (tanh, or the ``activation`` code of ``recurrent_squash``).

    Args:
        z: ``(batch, units)``, ``h_prev @ recurrent_kernel`` on entry; overwritten
            with ``activation(z + x_projection)`` (kept for backward).
        x_projection: ``(batch, units)``, ``x_t @ kernel + bias``; empty when ``z`` holds it already.
        h_prev: ``(batch, units)`` state before the step.
        step_mask: ``(batch,)`` bools, or empty.
        approximate: use the vectorizing ``fast_tanh`` (float32) instead of libm.
        activation: the activation's code (default TANH).
        h: ``(batch, units)`` output: the new state.
    """
    batch, units = h.shape
    has_mask = step_mask.size > 0
    for b in range(batch):
        row, h_row = z[b], h[b]
        if x_projection.size > 0:
            x_row = x_projection[b]
            for j in range(units):
                row[j] += x_row[j]
        activate_in_place(row, activation, approximate)
        if has_mask and not step_mask[b]:
            for j in range(units):
                h_row[j] = h_prev[b, j]
        else:
            for j in range(units):
                h_row[j] = row[j]


@njit(cache=True, error_model="numpy")
def simple_rnn_step_backward(activated, step_mask, activation, dh, dz):
    """Backpropagates one SimpleRNN step: ``dz = dh * (1 - tanh^2)`` (the activation's slope).

    Args:
        activated: ``(batch, units)`` saved ``tanh(z)``.
        step_mask: ``(batch,)`` bools, or empty.
        activation: the forward's code.
        dh: ``(batch, units)`` d loss / d h; overwritten with the part that reaches
            ``h_prev`` directly (all of it for a masked sample, else 0).
        dz: ``(batch, units)`` output: d loss / d z.
    """
    # With the default activation codes as constants, LLVM drops ``times_slope``'s branches
    # and vectorizes the loop (see ``lstm_step_backward``).
    if activation == TANH:
        _simple_rnn_backward(activated, step_mask, TANH, dh, dz)
    else:
        _simple_rnn_backward(activated, step_mask, activation, dh, dz)


@njit(cache=True, error_model="numpy", inline="always")
def _simple_rnn_backward(activated, step_mask, activation, dh, dz):
    batch, units = dh.shape
    has_mask = step_mask.size > 0
    for b in range(batch):
        dz_row, dh_row, row = dz[b], dh[b], activated[b]
        if has_mask and not step_mask[b]:
            dz_row[:] = 0.0
            continue
        for j in range(units):
            dz_row[j] = times_slope(dh_row[j], row[j], activation)
            dh_row[j] = 0.0
