"""InputLayer and ``keras.Input``: where a functional model starts."""

import numpy as np

from nbkeras import config
from nbkeras.layers.layer import Layer
from nbkeras.ops.symbolic import KerasTensor, Node


class InputLayer(Layer):
    """The layer behind ``keras.Input``: holds the input's shape and dtype.

    Args:
        shape: the shape without the batch axis, e.g. ``(28, 28, 1)``.
        batch_size: optional fixed batch size.
        dtype: the input dtype (default floatx).
        batch_shape: the full shape including the batch axis (instead of
            ``shape`` and ``batch_size``).
        name: the layer name (default ``input_layer``, ``input_layer_1``, ...).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, ragged=None,
                 batch_shape=None, input_tensor=None, optional=False, name=None, **kwargs):
        if "input_shape" in kwargs:  # legacy spelling
            shape = kwargs.pop("input_shape")
        super().__init__(name=name, dtype=dtype, **kwargs)
        if sparse or ragged:
            raise ValueError(f"InputLayer '{self.name}': sparse and ragged inputs are not supported by nbkeras.")
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    "You must pass a `shape` argument to Input, e.g. keras.Input(shape=(784,)). "
                    "The shape excludes the batch axis."
                )
            shape = _checked_shape(shape, "shape")
            batch_shape = (batch_size,) + shape
        self.batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self.optional = optional
        self.built = True
        self.output_tensor = KerasTensor(self.batch_shape, self.dtype, name=self.name,
                                         history=(self, 0, 0))
        self.inbound_nodes.append(Node(self, (), {}, self.output_tensor))

    def compute_output_shape(self, input_shape):
        return self.batch_shape

    def get_config(self):
        return {"batch_shape": list(self.batch_shape), "dtype": self.dtype,
                "sparse": False, "ragged": False, "name": self.name, "optional": self.optional}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
          name=None, tensor=None, optional=False):
    """Creates a symbolic input for a functional model.

    Args:
        shape: the shape of one sample (no batch axis), e.g. ``(784,)``.
        batch_size: optional fixed batch size.
        dtype: defaults to floatx (``"float32"``).
        batch_shape: the full shape with the batch axis, instead of ``shape``.
        name: an optional name (must be unique in a model).

    Returns:
        A KerasTensor.

    Example:
        >>> import nbkeras as keras
        >>> keras.Input(shape=(4,))
        <KerasTensor shape=(None, 4), dtype=float32, sparse=False, name=input_layer>
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype or config.floatx(),
                       sparse=sparse, ragged=ragged, batch_shape=batch_shape, name=name,
                       optional=optional)
    return layer.output_tensor


def _checked_shape(shape, argument):
    """A tuple of positive ints or None; an int or nonsense gets a clear error (as Keras)."""
    if isinstance(shape, (int, float)) and not isinstance(shape, bool):
        raise ValueError(
            f"Input: {argument} must be a tuple (the shape of one sample, without the batch "
            f"axis). Received: {argument}={shape!r}. Write {argument}=({shape!r},) with a comma "
            "for a vector of that many features.")
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(f"Input: cannot use {argument}={shape!r} as a shape: expected a tuple "
                         "such as (28, 28, 1).") from None
    for d in dims:
        if d is not None and (isinstance(d, bool) or not isinstance(d, (int, np.integer))
                              or d < 0):
            raise ValueError(
                f"Input: every entry of {argument} must be a non-negative int or None; "
                f"received {argument}={shape!r}. Example: keras.Input(shape=(28, 28, 1)).")
    return dims

