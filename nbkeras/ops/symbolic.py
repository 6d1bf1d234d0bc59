"""Symbolic tensors and nodes: the graph recorded when layers meet ``Input``.

A KerasTensor has a shape (batch axis ``None``) and a dtype but no values.
Calling an operation on KerasTensors records a Node (who was called, on
what, producing what) instead of computing, so a model can be described
before any data exists.
"""

import numpy as np


class KerasTensor:
    """A placeholder for a tensor: shape and dtype, no values.

    Attributes:
        shape: a tuple, ``None`` for unknown sizes (usually the batch axis).
        dtype: a dtype name such as ``"float32"``.
        name: an optional name.
        history: ``(operation, node_index, tensor_index)`` of the call that
            made it (``None`` for a bare placeholder).
    """

    def __init__(self, shape, dtype="float32", name=None, history=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = np.dtype(dtype).name
        self.name = name
        self.history = history

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def operation(self):
        return None if self.history is None else self.history[0]

    def __repr__(self):
        name = f", name={self.name}" if self.name else ""
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse=False{name}>"

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "A symbolic KerasTensor (from keras.Input or a layer called on one) has no "
            "values. Build a Model from it and call model(x) or model.predict(x) with "
            "real data instead."
        )


class Node:
    """One call of an operation on symbolic inputs.

    Args:
        operation: the layer (or other callable) that was called.
        call_args: the positional arguments of the call (KerasTensors nested
            in lists/tuples/dicts allowed).
        call_kwargs: the keyword arguments of the call.
        outputs: the KerasTensors the call produced (a nested structure).
    """

    def __init__(self, operation, call_args, call_kwargs, outputs):
        self.operation = operation
        self.call_args = call_args
        self.call_kwargs = call_kwargs
        self.outputs = outputs
        self.input_tensors = flatten(call_args) + flatten(call_kwargs)
        self.output_tensors = flatten(outputs)

    @property
    def parent_nodes(self):
        """The nodes that produced this node's inputs."""
        parents = []
        for tensor in self.input_tensors:
            if tensor.history is not None:
                operation, node_index, _ = tensor.history
                parent = operation.inbound_nodes[node_index]
                if parent not in parents:
                    parents.append(parent)
        return parents

    def __repr__(self):
        return f"<Node {getattr(self.operation, 'name', self.operation)}>"


def flatten(structure):
    """Returns the KerasTensors inside a nested list/tuple/dict, in order."""
    if isinstance(structure, KerasTensor):
        return [structure]
    if isinstance(structure, dict):
        return [t for key in structure for t in flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [t for item in structure for t in flatten(item)]
    return []


def is_symbolic(structure):
    """True when the structure holds at least one KerasTensor."""
    return bool(flatten(structure))
