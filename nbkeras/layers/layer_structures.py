"""Nested structures (tensors, arrays, shapes in lists and dicts) as layers receive them."""

import numpy as np

from nbkeras.ops.symbolic import KerasTensor
from nbkeras.ops.tensor import Tensor


def to_tensors(structure, dtype):
    """Converts arrays (nested in lists/dicts) to Tensors; floats to the layer dtype."""
    if isinstance(structure, Tensor):
        return structure
    if isinstance(structure, dict):
        return {k: to_tensors(v, dtype) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)) and structure and not is_number_list(structure):
        return type(structure)(to_tensors(v, dtype) for v in structure)
    array = np.asarray(structure)
    if array.dtype.kind in "fb" or array.dtype.kind in "iu" and dtype is not None:
        return Tensor(array, dtype=dtype) if array.dtype.kind == "f" else Tensor(array)
    return Tensor(array)


def is_number_list(value):
    first = value[0]
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    return isinstance(first, (int, float, np.number))


def shapes(structure):
    if isinstance(structure, (Tensor, KerasTensor)):
        return tuple(structure.shape)
    if isinstance(structure, dict):
        return {k: shapes(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [shapes(v) for v in structure]
    return tuple(np.shape(structure))


def make_keras_tensors(shape, dtype, layer, node_index, counter=None):
    counter = counter if counter is not None else [0]
    if isinstance(shape, dict):
        return {k: make_keras_tensors(v, dtype, layer, node_index, counter) for k, v in shape.items()}
    if isinstance(shape, list) or (isinstance(shape, tuple) and shape and isinstance(shape[0], (tuple, list))):
        return [make_keras_tensors(s, dtype, layer, node_index, counter) for s in shape]
    index = counter[0]
    counter[0] += 1
    return KerasTensor(shape, dtype, name=layer.name if index == 0 else f"{layer.name}_{index}",
                       history=(layer, node_index, index))


def merge_traced(a, b):
    if isinstance(a, dict):
        return {k: merge_traced(a[k], b[k]) for k in a}
    if isinstance(a, list):
        return [merge_traced(x, y) for x, y in zip(a, b)]
    return tuple(x if x == y else None for x, y in zip(a, b))
