"""RNN: runs a cell over the time axis (Keras 3 ``keras.layers.RNN``).

The generic path calls the cell once per time step with ``keras.ops`` (so a
learner's own cell works, with gradients, just slower). SimpleRNN, LSTM and
GRU override ``fused_call`` to run the whole sequence as one op.
"""

import numpy as np

from nbkeras.layers.layer import Layer
from nbkeras.layers.layer_serialization import deserialize_layer, serialize_layer
from nbkeras import ops
from nbkeras.ops.tensor import Tensor, Variable


class RNN(Layer):
    """Base class for recurrent layers: applies ``cell`` to every step of a sequence.

    Args:
        cell: an RNN cell (``call(inputs, states)`` returning ``(output, new_states)``
            and a ``state_size``), or a list of cells (stacked).
        return_sequences: return the output of every step ``(batch, time, units)``
            instead of the last one ``(batch, units)``.
        return_state: also return the final states.
        go_backwards: process the sequence from the end (outputs come back in that order).
        stateful: the last states of batch ``i`` are the initial states of batch ``i``
            of the next call (needs a fixed batch size; ``reset_states()`` zeroes them).
        unroll: accepted for compatibility (the loop is the same either way).
        zero_output_for_mask: masked steps output zeros instead of the previous output.

    Call arguments: ``sequences`` ``(batch, time, features)``, ``initial_state``
    (list of arrays), ``mask`` ``(batch, time)`` bools, ``training``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> layer = keras.layers.RNN(keras.layers.SimpleRNNCell(4), return_sequences=True)
        >>> layer(np.ones((2, 5, 3), "float32")).shape
        (2, 5, 4)
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        from nbkeras.layers.rnn.stacked_rnn_cells import StackedRNNCells

        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
            raise ValueError("Argument `cell` should have a `call` method and a `state_size` "
                             f"attribute. Received: cell={cell!r}")
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.zero_output_for_mask = zero_output_for_mask
        self.supports_masking = True
        self._states = None

    # ------------------------------------------------------------------ shapes and states
    @property
    def state_size(self):
        size = self.cell.state_size
        return list(size) if isinstance(size, (list, tuple)) else [size]

    @property
    def states(self):
        """The stateful layer's current states (Variables), or None."""
        return self._states

    def build(self, sequences_shape, initial_state_shape=None):
        if isinstance(sequences_shape, list):  # called on [sequences, *initial_states]
            sequences_shape = sequences_shape[0]
        if len(sequences_shape) != 3:
            raise ValueError(
                f'{type(self).__name__} "{self.name}" expects inputs of rank 3 (batch, time, features), '
                f"received shape {tuple(sequences_shape)}. A single sequence needs the batch axis "
                "(x[None]); scalar series need a feature axis (x[..., None]).")
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build((sequences_shape[0],) + tuple(sequences_shape[2:]))
            self.cell.built = True
        if self.stateful:
            if sequences_shape[0] is None:
                raise ValueError(
                    "When using `stateful=True` in a RNN, the batch size must be static. Found "
                    f"dynamic batch size: sequence.shape={tuple(sequences_shape)}. Give "
                    "keras.Input(batch_size=...) or batch_shape=.")
            self._create_states(sequences_shape[0])
        self.built = True

    def _create_states(self, batch_size):
        object.__setattr__(self, "_states", [
            Variable(np.asarray(s), trainable=False, name="rnn_state")
            for s in _flat(self.get_initial_state(batch_size))])

    def get_initial_state(self, batch_size):
        make = getattr(self.cell, "get_initial_state", None)
        if make is not None:
            return list(make(batch_size))
        return [np.zeros((batch_size, size), self.dtype) for size in self.state_size]

    def reset_state(self):
        """Sets a stateful layer's states back to zeros."""
        if self._states is not None:
            for variable in self._states:
                variable.assign(np.zeros_like(variable.data))

    reset_states = reset_state

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        if isinstance(sequences_shape, list):
            sequences_shape = sequences_shape[0]
        batch, length = sequences_shape[0], sequences_shape[1]
        output_size = getattr(self.cell, "output_size", None) or self.state_size[0]
        output = (batch, length, output_size) if self.return_sequences else (batch, output_size)
        if self.return_state:
            return [output] + [(batch, size) for size in _flat(self.state_size)]
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(_flat(self.state_size))
        return output_mask

    # ------------------------------------------------------------------ call
    def call(self, sequences, initial_state=None, mask=None, training=False):
        if isinstance(sequences, (list, tuple)):  # [sequences, *initial_states], as Keras accepts
            sequences, initial_state = sequences[0], list(sequences[1:]) or initial_state
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        batch = sequences.shape[0]
        states = self._initial_states(initial_state, batch)
        mask_array = None if mask is None else np.asarray(getattr(mask, "data", mask), np.bool_)
        result = self.fused_call(sequences, states, mask_array, training)
        if result is None:
            result = self._step_by_step(sequences, states, mask_array, training)
        output, final_states = result
        if self.stateful:
            for variable, state in zip(self._states, final_states):
                variable.assign(state.data)
        if self.return_state:
            return [output] + list(final_states)
        return output

    def fused_call(self, sequences, states, mask, training):
        """Runs the whole sequence as one op, or returns None to use the step-by-step loop."""
        return None

    def _initial_states(self, initial_state, batch):
        if initial_state is not None:
            states = [s if isinstance(s, Tensor) else Tensor(np.asarray(s, self.dtype))
                      for s in (initial_state if isinstance(initial_state, (list, tuple)) else [initial_state])]
            expected = len(_flat(self.state_size))
            if len(states) != expected:
                raise ValueError(f'{type(self).__name__} "{self.name}" has {expected} state(s); '
                                 f"initial_state received {len(states)}.")
            return states
        if self.stateful:
            if self._states[0].shape[0] != batch:
                raise ValueError(
                    "If an RNN is stateful, the batch size of the input sequences must be the same "
                    f"as the batch size of the initial state. \n- Expected batch size: "
                    f"{self._states[0].shape[0]}\n- Received batch size: {batch}")
            return [Tensor.wrap(v.data.copy()) for v in self._states]
        return [Tensor.wrap(np.asarray(s, self.dtype)) for s in _flat(self.get_initial_state(batch))]

    def _step_by_step(self, sequences, states, mask, training):
        """The generic loop: the cell's own ``call`` at every step (tape nodes per step)."""
        steps = sequences.shape[1]
        cell_states = _nest_like(self.cell.state_size, states)
        configure = getattr(self.cell, "configure_dropout", None)
        if configure is not None:
            configure(sequences.shape[0], sequences.shape[2], sequences.data.dtype, training)
        kwargs = {"training": training} if _cell_takes_training(self.cell) else {}
        outputs, previous = [], None
        order = range(steps - 1, -1, -1) if self.go_backwards else range(steps)
        try:
            for t in order:
                output, new_states = self.cell.call(sequences[:, t, :], cell_states, **kwargs)
                new_states = new_states if isinstance(new_states, (list, tuple)) else [new_states]
                if mask is not None:
                    keep = mask[:, t][:, None]
                    if previous is None:
                        previous = ops.zeros_like(output)
                    output = ops.where(keep, output, previous)
                    flat_new = [ops.where(keep, n, s) for n, s in zip(_flat(new_states), _flat(cell_states))]
                    new_states = _nest_like(self.cell.state_size, flat_new)
                cell_states, previous = new_states, output
                outputs.append(output)
        finally:
            if configure is not None:
                self.cell.reset_dropout()
        if mask is not None and self.zero_output_for_mask:
            order_mask = mask[:, ::-1] if self.go_backwards else mask
            outputs = [ops.where(order_mask[:, i][:, None], o, ops.zeros_like(o)) for i, o in enumerate(outputs)]
        if self.return_sequences:
            output = ops.concatenate([ops.expand_dims(o, 1) for o in outputs], axis=1)
        else:
            output = outputs[-1]
        return output, _flat(cell_states)

    # ------------------------------------------------------------------ config
    def get_config(self):
        config = {**super().get_config(), **self.rnn_arguments()}
        config["cell"] = serialize_layer(self.cell)
        return config

    def rnn_arguments(self):
        return {"return_sequences": self.return_sequences, "return_state": self.return_state,
                "go_backwards": self.go_backwards, "stateful": self.stateful, "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["cell"] = deserialize_layer(config["cell"], custom_objects=custom_objects)
        return cls(**config)


def _flat(structure):
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flat(item)]
    return [structure]


def _nest_like(state_size, flat):
    """Regroups flat states as the cell expects them (StackedRNNCells: one list per cell)."""
    if isinstance(state_size, (list, tuple)) and any(isinstance(s, (list, tuple)) for s in state_size):
        grouped, position = [], 0
        for size in state_size:
            count = len(size) if isinstance(size, (list, tuple)) else 1
            grouped.append(list(flat[position:position + count]))
            position += count
        return grouped
    return list(flat)


def _cell_takes_training(cell):
    import inspect

    parameters = inspect.signature(cell.call).parameters
    return "training" in parameters or any(p.kind == p.VAR_KEYWORD for p in parameters.values())
