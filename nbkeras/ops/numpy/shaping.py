"""Ops that move values without changing them: reshape, transpose, indexing, concatenation."""

import numpy as np

from nbkeras.ops.op import Op
from nbkeras.ops.tensor import as_tensor


class Reshape(Op):
    def forward(self, x, shape):
        self.shape = x.shape
        return x.reshape(shape)

    def backward(self, dy):
        return (dy.reshape(self.shape),)


def reshape(x, newshape):
    """Reshapes to ``newshape`` (one entry may be -1)."""
    return Reshape.apply(x, shape=tuple(newshape))


def expand_dims(x, axis):
    x = as_tensor(x)
    return reshape(x, np.expand_dims(x.data, axis).shape)


def squeeze(x, axis=None):
    x = as_tensor(x)
    return reshape(x, np.squeeze(x.data, axis).shape)


class Transpose(Op):
    def forward(self, x, axes=None):
        self.axes = axes
        return np.ascontiguousarray(np.transpose(x, axes))

    def backward(self, dy):
        inverse = None if self.axes is None else np.argsort(self.axes)
        return (np.ascontiguousarray(np.transpose(dy, inverse)),)


def transpose(x, axes=None):
    """Permutes the axes (reverses them when ``axes`` is None)."""
    return Transpose.apply(x, axes=None if axes is None else tuple(axes))


class GetItem(Op):
    def forward(self, x, index):
        self.shape, self.dtype, self.index = x.shape, x.dtype, index
        return x[index]

    def backward(self, dy):
        dx = np.zeros(self.shape, dtype=self.dtype)
        np.add.at(dx, self.index, dy)
        return (dx,)


def get_item(x, index):
    """``x[index]`` (the gradient scatters back into the indexed places)."""
    return GetItem.apply(x, index=index)


class Concatenate(Op):
    def forward(self, *arrays, axis=-1):
        self.sizes = [a.shape[axis] for a in arrays]
        self.axis = axis
        return np.concatenate(arrays, axis=axis)

    def backward(self, dy):
        splits = np.cumsum(self.sizes)[:-1]
        return tuple(np.split(dy, splits, axis=self.axis))


def concatenate(xs, axis=0):
    """Joins tensors along an existing axis."""
    return Concatenate.apply(*xs, axis=axis)
