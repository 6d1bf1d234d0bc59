"""StackedRNNCells: several cells run one after the other inside one time step."""

from nbkeras.layers.layer import Layer
from nbkeras.layers.layer_serialization import deserialize_layer, serialize_layer


class StackedRNNCells(Layer):
    """Wraps a list of cells so that ``RNN`` runs them as one deep cell.

    The output of cell ``k`` at step ``t`` is the input of cell ``k + 1`` at
    the same step; each cell keeps its own states.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> cells = [keras.layers.LSTMCell(4), keras.layers.GRUCell(3)]
        >>> keras.layers.RNN(cells)(np.ones((2, 5, 6), "float32")).shape
        (2, 3)
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
                raise ValueError("All cells must have a `call` method and a `state_size` "
                                 f"attribute. Received cells={cells!r}")
        self.cells = list(cells)

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        size = getattr(last, "output_size", None)
        if size is not None:
            return size
        state = last.state_size
        return state[0] if isinstance(state, (list, tuple)) else state

    def get_initial_state(self, batch_size):
        return [cell.get_initial_state(batch_size) for cell in self.cells]

    def build(self, input_shape):
        shape = tuple(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(shape)
                cell.built = True
            size = getattr(cell, "output_size", None) or cell.state_size
            size = size[0] if isinstance(size, (list, tuple)) else size
            shape = shape[:-1] + (size,)
        self.built = True

    def configure_dropout(self, batch, features, dtype, training):
        for cell in self.cells:
            if hasattr(cell, "configure_dropout"):
                cell.configure_dropout(batch, features, dtype, training)
                features = cell.units

    def reset_dropout(self):
        for cell in self.cells:
            if hasattr(cell, "reset_dropout"):
                cell.reset_dropout()

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            nested = isinstance(cell.state_size, (list, tuple))
            given = list(cell_states) if isinstance(cell_states, (list, tuple)) else [cell_states]
            inputs, cell_new = cell.call(inputs, given if nested else given, training=training)
            new_states.append(list(cell_new) if isinstance(cell_new, (list, tuple)) else [cell_new])
        return inputs, new_states

    def get_config(self):
        return {**super().get_config(), "cells": [serialize_layer(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [deserialize_layer(c, custom_objects=custom_objects) for c in config.pop("cells")]
        return cls(cells, **config)
