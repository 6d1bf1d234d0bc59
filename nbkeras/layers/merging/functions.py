"""The functional forms of the merge layers: ``keras.layers.add([a, b])`` and friends.

Each builds the layer with ``**kwargs`` (name, ...) and calls it on ``inputs``.
"""

from nbkeras.layers.merging.concatenate import Concatenate
from nbkeras.layers.merging.dot import Dot
from nbkeras.layers.merging.elementwise import Add, Average, Maximum, Minimum, Multiply, Subtract


def add(inputs, **kwargs):
    """``Add(**kwargs)(inputs)``: the sum of a list of tensors.

    Example:
        >>> import nbkeras as keras
        >>> a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))
        >>> keras.layers.add([a, b]).shape
        (None, 3)
    """
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """``Subtract(**kwargs)(inputs)``: ``a - b`` for exactly two tensors."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """``Multiply(**kwargs)(inputs)``: the element-wise product of a list of tensors."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """``Average(**kwargs)(inputs)``: the element-wise mean of a list of tensors."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """``Maximum(**kwargs)(inputs)``: the element-wise maximum of a list of tensors."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """``Minimum(**kwargs)(inputs)``: the element-wise minimum of a list of tensors."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """``Concatenate(axis, **kwargs)(inputs)``: joins a list of tensors along ``axis``.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.concatenate([keras.Input(shape=(3,)), keras.Input(shape=(2,))]).shape
        (None, 5)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, normalize=False, **kwargs):
    """``Dot(axes, normalize, **kwargs)(inputs)``: dot products of samples of two tensors."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
