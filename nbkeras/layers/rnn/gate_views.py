"""Gate views as data: every gate and state of a recurrent layer at every time step.

The fused op keeps the gates of each step for backpropagation through time;
these functions run it once (no tape) on the layer's weights and hand the
saved arrays back as a dict of ``(batch, time, units)`` arrays, in the order
of the input sequence (also for ``go_backwards`` layers).
"""

import numpy as np

LSTM_VIEWS = ("input_gate", "forget_gate", "cell_candidate", "output_gate", "cell_state", "hidden_state")
GRU_VIEWS = ("update_gate", "reset_gate", "cell_candidate", "hidden_state")
SIMPLE_RNN_VIEWS = ("hidden_state",)


def recurrent_states(layer, x, mask=None, initial_state=None):
    """Per-step gates and states of a SimpleRNN, LSTM or GRU layer on ``x``.

    Args:
        layer: a built (or buildable) ``SimpleRNN``, ``LSTM`` or ``GRU`` whose
            activations the fused op has (tanh, sigmoid, relu, linear, hard_sigmoid).
        x: ``(batch, time, features)`` array, or one sequence ``(time, features)``.
        mask: optional ``(batch, time)`` bools (False = padding, state carried over).
        initial_state: optional list of initial states.

    Returns:
        A dict of ``(batch, time, units)`` float arrays: LSTM ``input_gate``,
        ``forget_gate``, ``cell_candidate``, ``output_gate``, ``cell_state``,
        ``hidden_state``; GRU ``update_gate``, ``reset_gate``, ``cell_candidate``,
        ``hidden_state``; SimpleRNN ``hidden_state``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> lstm = keras.layers.LSTM(8, return_sequences=True)
        >>> gates = keras.inspect.lstm_gates(lstm, np.ones((2, 5, 3), "float32"))
        >>> gates["forget_gate"].shape
        (2, 5, 8)
    """
    op_class = getattr(layer, "op_class", None)
    if op_class is None:
        raise TypeError(f"Gate views need a SimpleRNN, LSTM or GRU layer; received {type(layer).__name__} "
                        f"'{getattr(layer, 'name', layer)}'. For Bidirectional, pass layer.forward_layer "
                        "or layer.backward_layer.")
    x = np.asarray(getattr(x, "data", x))
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3:
        raise ValueError(f"Gate views of '{layer.name}' need x of shape (batch, time, features) or one "
                         f"sequence (time, features); received shape {x.shape}.")
    if not layer.built:
        layer.build(x.shape)
    if not layer.fusable():
        raise ValueError(f"Gate views of '{layer.name}' need activations among tanh, sigmoid, relu, linear "
                         "and hard_sigmoid.")
    cell = layer.cell
    x = x.astype(cell.kernel.data.dtype, copy=False)
    states = [s.data for s in layer._initial_states(initial_state, x.shape[0])]
    mask = None if mask is None else np.asarray(getattr(mask, "data", mask), bool)
    op = op_class()
    op.needs_input_grad = (False,) * (len(states) + 6)
    op.keep_steps = True  # without a tape the op would keep the gates of one step only
    op.forward(x, cell.kernel.data, cell.recurrent_kernel.data,
               None if cell.bias is None else cell.bias.data, *states, mask, None,
               go_backwards=layer.go_backwards, return_sequences=True, zero_output_for_mask=False,
               **layer.fused_activations())
    views = op.saved_states()
    if layer.go_backwards:  # back to the order of the input sequence
        views = {name: np.ascontiguousarray(values[:, ::-1]) for name, values in views.items()}
    return views


def lstm_gates(layer, x, mask=None, initial_state=None):
    """The four LSTM gates, the cell state and the hidden state at every step (see ``recurrent_states``)."""
    _expect(layer, "LSTM")
    return recurrent_states(layer, x, mask, initial_state)


def gru_gates(layer, x, mask=None, initial_state=None):
    """The GRU's update and reset gates, candidate and hidden state at every step."""
    _expect(layer, "GRU")
    return recurrent_states(layer, x, mask, initial_state)


def simple_rnn_states(layer, x, mask=None, initial_state=None):
    """The SimpleRNN's hidden state at every step."""
    _expect(layer, "SimpleRNN")
    return recurrent_states(layer, x, mask, initial_state)


def _expect(layer, class_name):
    if type(layer).__name__ != class_name:
        raise TypeError(f"Expected a {class_name} layer, received {type(layer).__name__} "
                        f"'{getattr(layer, 'name', layer)}'. Use recurrent_states(layer, x) for any "
                        "SimpleRNN, LSTM or GRU.")
