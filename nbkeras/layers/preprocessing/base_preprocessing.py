"""What preprocessing layers share: NumPy in, Tensor out, ``adapt`` over batches.

Preprocessing layers hold no trainable weights. Image layers compute with
NumPy (``nbkeras.ops.image``) and return a Tensor without a gradient path to
their input: they sit at the start of a model, before anything is trained.
"""

import numpy as np

from nbkeras.layers.layer import Layer
from nbkeras.ops.tensor import Tensor


class DataLayer(Layer):
    """Base class of the preprocessing layers (Keras's ``TFDataLayer`` without TF)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = False

    @property
    def trainable_weights(self):
        return []


def to_numpy(inputs):
    """A Tensor, list or array as a NumPy array (strings stay strings)."""
    if isinstance(inputs, Tensor):
        return inputs.data
    return np.asarray(inputs)


def iter_batches(data, steps=None):
    """The batches ``adapt`` reads.

    An array (or a list of numbers or strings) is one batch; a list of arrays, a
    PyDataset or any other iterable gives several. ``(x, y)`` batches give their ``x``.
    """
    if isinstance(data, Tensor):
        data = data.data
    if isinstance(data, (list, tuple)) and data and isinstance(data[0], (np.ndarray, Tensor)):
        data = iter(data)
    elif isinstance(data, (np.ndarray, list, tuple, str)):
        yield np.asarray(data)
        return
    if hasattr(data, "num_batches") and hasattr(data, "__getitem__"):  # a PyDataset
        dataset = data
        data = (dataset[i] for i in range(len(dataset)))
    if not hasattr(data, "__iter__"):
        raise TypeError(f"adapt() expects an array, a PyDataset or an iterable of batches; "
                        f"received {type(data).__name__}.")
    for index, batch in enumerate(data):
        if steps is not None and index >= steps:
            break
        if isinstance(batch, tuple):
            batch = batch[0]
        yield np.asarray(batch.data if isinstance(batch, Tensor) else batch)


def encode_categorical(indices, output_mode, depth, dtype="float32", count_weights=None):
    """Keras's ``encode_categorical_inputs``: int, one_hot, multi_hot or count encodings.

    ``multi_hot`` and ``count`` reduce axis 1 of a batch (axis 0 of a single sample);
    ``one_hot`` adds an axis (dropping a trailing axis of size 1). Indices outside
    ``[0, depth)`` encode as zeros.
    """
    indices = np.asarray(indices)
    if output_mode == "int":
        return indices.astype(dtype)
    if indices.ndim == 0:
        indices = indices[None]
    if output_mode == "one_hot" and indices.ndim > 1 and indices.shape[-1] == 1:
        indices = indices[..., 0]
    valid = (indices >= 0) & (indices < depth)
    one_hot = np.zeros(indices.shape + (depth,), dtype=dtype)
    np.put_along_axis(one_hot, np.where(valid, indices, 0)[..., None].astype(np.int64),
                      valid[..., None].astype(dtype), axis=-1)
    if output_mode == "one_hot":
        return one_hot
    axis = 1 if indices.ndim > 1 else 0
    if output_mode == "multi_hot":
        return one_hot.max(axis=axis)
    if count_weights is not None:
        one_hot = one_hot * np.asarray(count_weights, dtype=dtype)[..., None]
    return one_hot.sum(axis=axis)


def categorical_output_shape(input_shape, output_mode, depth):
    """The shape ``encode_categorical`` produces for inputs of ``input_shape``."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(input_shape) > 1 and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    return input_shape[:-1] + (depth,)


def is_text(value):
    """True for strings, bytes, and arrays or (nested) lists of them."""
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "USO"
    if isinstance(value, (list, tuple)) and value:
        return is_text(value[0])
    return False
