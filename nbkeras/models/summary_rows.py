"""The content of ``model.summary()``: columns, one row of cell strings per layer, totals.

This module decides *what* Keras 3 shows; ``nbkeras.display`` decides how
it looks. Cells are exactly Keras's text: ``"dense (Dense)"``,
``"(None, 3)"`` (``"?"`` when unknown), ``"1,234"`` or ``"0 (unbuilt)"``,
and for non-sequential graphs a "Connected to" cell such as
``"a[0][0], b[0][0]"`` (``"-"`` for inputs).
"""

import re
from collections import Counter

import numpy as np

from nbkeras.models.functional_graph import node_depths
from nbkeras.ops.symbolic import KerasTensor


def _format_shape(shape):
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _structure_text(structure):
    if isinstance(structure, KerasTensor):
        return _format_shape(structure.shape)
    if isinstance(structure, tuple) and all(isinstance(d, (int, type(None))) for d in structure):
        return _format_shape(structure)
    if isinstance(structure, dict):
        return "{" + ", ".join(f"{k}: {_structure_text(v)}" for k, v in structure.items()) + "}"
    return "[" + ", ".join(_structure_text(v) for v in structure) + "]"


def _single(structure):
    if isinstance(structure, (KerasTensor, tuple)) and not (
            isinstance(structure, tuple) and structure and isinstance(structure[0], (tuple, list))):
        return True
    if isinstance(structure, (list, tuple)) and len(structure) == 1:
        return _single(structure[0])
    if isinstance(structure, dict) and len(structure) == 1:
        return _single(next(iter(structure.values())))
    return False


def _unwrap(structure):
    while isinstance(structure, (list, dict)) and len(structure) == 1:
        structure = next(iter(structure.values())) if isinstance(structure, dict) else structure[0]
    return structure


def output_shape_text(layer):
    """The Output Shape cell: the last call's outputs, else the shape from building, else ``?``."""
    if layer.inbound_nodes:
        outputs = layer.inbound_nodes[-1].outputs
    elif layer.built and layer._build_shape is not None:
        try:
            outputs = layer.compute_output_shape(layer._build_shape)
        except Exception:  # noqa: BLE001 -- any failure means "unknown", as in Keras
            return "?"
    else:
        return "?"
    if _single(outputs):
        return _structure_text(_unwrap(outputs))
    return _structure_text(outputs)


def _params_text(layer):
    return f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"


def _connections_text(layer, relevant):
    parts = []
    for node in layer.inbound_nodes:
        if id(node) not in relevant:
            continue
        for tensor in node.input_tensors:
            source, node_index, tensor_index = tensor.history
            parts.append(f"{source.name}[{node_index}][{tensor_index}]")
    return ", ".join(parts) or "-"


def _trainable_text(layer):
    if not layer.weights:
        return "-"
    return "Y" if layer.trainable else "N"


def is_sequential_like(model):
    """Keras's rule for 3 columns: a chain of single-input calls, no shared layer."""
    nodes = getattr(model, "_nodes", None)
    if nodes is None:
        return True
    depths = Counter(node_depths(nodes).values())
    if any(count > 1 for count in depths.values()):
        return False
    if any(len(node.input_tensors) > 1 for node in nodes):
        return False
    calls = Counter(id(node.operation) for node in nodes)
    return all(count == 1 for count in calls.values())


def _weights_size(variables):
    count = int(sum(np.size(v.data) for v in variables))
    size = int(sum(np.size(v.data) * np.asarray(v.data).dtype.itemsize for v in variables))
    return count, size


def layers_in_range(layers, layer_range):
    """The layers from the first name matching ``layer_range[0]`` to the last matching ``[1]``.

    The two strings are regular expressions matched at the start of each name, as in Keras.
    """
    if layer_range is None:
        return list(layers)
    if len(layer_range) != 2:
        raise ValueError("summary(layer_range=...) expects two layer names [first, last]. "
                         f"Received: layer_range={layer_range!r}")
    first = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    last = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not first or not last:
        names = ", ".join(layer.name for layer in layers)
        raise ValueError(f"summary(layer_range={layer_range!r}) names no layer of this model. "
                         f"Its layers are: {names}.")
    if min(first) > max(last):
        return list(layers)[min(last):max(first) + 1]
    return list(layers)[min(first):max(last) + 1]


def summary_data(model, show_trainable=False, expand_nested=False, layer_range=None):
    """Everything ``model.summary()`` shows, as data.

    Args:
        model: a Sequential, functional or subclassed model.
        show_trainable: add the "Trainable" column (``Y``/``N``/``-``).
        expand_nested: also list the layers of nested models, prefixed ``"   └ "``.
        layer_range: two name patterns ``[first, last]`` limiting the rows.

    Returns:
        ``{"name", "columns", "rows", "footer"}``; ``rows`` are lists of cell
        strings; ``footer`` holds ``total``, ``trainable``, ``non_trainable``,
        ``optimizer`` (None unless the optimizer is built) and the matching
        ``*_bytes`` sizes.

    Example:
        >>> import nbkeras as keras
        >>> model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, name="d")])
        >>> summary_data(model)["rows"]
        [['d (Dense)', '(None, 3)', '15']]
    """
    sequential_like = is_sequential_like(model)
    columns = ["Layer (type)", "Output Shape", "Param #"]
    relevant = set()
    if not sequential_like:
        columns.append("Connected to")
        relevant = {id(node) for node in model._nodes}
    if show_trainable:
        columns.append("Trainable")

    def rows_of(layer, level):
        prefix = "   " * level + "└ " if level else ""
        row = [f"{prefix}{layer.name} ({type(layer).__name__})", output_shape_text(layer),
               _params_text(layer)]
        if not sequential_like:
            row.append(_connections_text(layer, relevant))
        if show_trainable:
            row.append(_trainable_text(layer))
        rows = [row]
        if expand_nested and getattr(layer, "layers", None):
            for sublayer in layer.layers:
                rows.extend(rows_of(sublayer, level + 1))
        return rows

    layers = layers_in_range(model.layers, layer_range)
    rows = [row for layer in layers for row in rows_of(layer, 0)]
    return {"name": model.name, "columns": columns, "rows": rows, "footer": _footer(model)}


def _footer(model):
    trainable, trainable_bytes = _weights_size(model.trainable_weights)
    non_trainable, non_trainable_bytes = _weights_size(model.non_trainable_weights)
    optimizer = getattr(model, "optimizer", None)
    optimizer_count = optimizer_bytes = None
    if getattr(model, "compiled", False) and optimizer is not None and optimizer.built:
        optimizer_count = int(optimizer.count_params())
        optimizer_bytes = optimizer_count * 4
    return {"total": trainable + non_trainable + (optimizer_count or 0),
            "trainable": trainable, "non_trainable": non_trainable, "optimizer": optimizer_count,
            "total_bytes": trainable_bytes + non_trainable_bytes + (optimizer_bytes or 0),
            "trainable_bytes": trainable_bytes, "non_trainable_bytes": non_trainable_bytes,
            "optimizer_bytes": optimizer_bytes}
