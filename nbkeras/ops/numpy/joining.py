"""Joining, splitting and repeating: stack, split, unstack, tile, repeat (all differentiable).

``split`` and ``unstack`` have several outputs: their backward receives one
gradient per piece (``None`` for a piece nothing used) and puts them back
together.
"""

import numpy as np

from nbkeras.ops.op import Op
from nbkeras.ops.tensor import as_tensor


class Stack(Op):
    def forward(self, *arrays, axis=0):
        self.axis = axis
        return np.stack(arrays, axis=axis)

    def backward(self, dy):
        return tuple(np.take(dy, i, axis=self.axis) for i in range(dy.shape[self.axis]))


def stack(x, axis=0):
    """Joins a list of same-shape tensors along a new ``axis``.

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.stack([keras.ops.ones((2,)), keras.ops.zeros((2,))]).shape
        (2, 2)
    """
    return Stack.apply(*x, axis=axis)


class Split(Op):
    def forward(self, x, indices_or_sections=2, axis=0):
        self.shape, self.dtype, self.axis = x.shape, x.dtype, axis
        return tuple(np.ascontiguousarray(p) for p in np.split(x, indices_or_sections, axis=axis))

    def backward(self, dy):
        pieces = [np.zeros(out.shape, self.dtype) if grad is None else grad
                  for grad, out in zip(dy, self.outputs)]
        return (np.concatenate(pieces, axis=self.axis),)


def split(x, indices_or_sections, axis=0):
    """Splits ``x`` into equal sections, or at the given indices, along ``axis``; returns a list.

    Example:
        >>> import nbkeras as keras
        >>> [p.shape for p in keras.ops.split(keras.ops.ones((4, 3)), 2)]
        [(2, 3), (2, 3)]
    """
    if not isinstance(indices_or_sections, int):
        indices_or_sections = [int(i) for i in indices_or_sections]
    return list(Split.apply(x, indices_or_sections=indices_or_sections, axis=axis))


class Unstack(Op):
    def forward(self, x, axis=0):
        self.shape, self.dtype, self.axis = x.shape, x.dtype, axis
        return tuple(np.ascontiguousarray(np.take(x, i, axis=axis)) for i in range(x.shape[axis]))

    def backward(self, dy):
        piece = tuple(np.delete(np.array(self.shape), self.axis % len(self.shape)))
        return (np.stack([np.zeros(piece, self.dtype) if d is None else d for d in dy],
                         axis=self.axis),)


def unstack(x, num=None, axis=0):
    """Splits ``x`` into its slices along ``axis`` (the axis disappears); returns a list.

    Example:
        >>> import nbkeras as keras
        >>> len(keras.ops.unstack(keras.ops.ones((3, 2))))
        3
    """
    x = as_tensor(x)
    if num is not None and num != x.shape[axis]:
        raise ValueError(f"unstack: num={num} but axis {axis} of x has size {x.shape[axis]}.")
    return list(Unstack.apply(x, axis=axis))


class Tile(Op):
    def forward(self, x, repeats):
        repeats = (1,) * (x.ndim - len(repeats)) + tuple(repeats)
        self.shape = x.shape
        self.expanded = (1,) * (len(repeats) - x.ndim) + x.shape
        self.repeats = repeats
        return np.tile(x, repeats)

    def backward(self, dy):
        interleaved = []
        for count, size in zip(self.repeats, self.expanded):
            interleaved += [count, size]
        summed = dy.reshape(interleaved).sum(axis=tuple(range(0, len(interleaved), 2)))
        return (summed.reshape(self.shape),)


def tile(x, repeats):
    """Repeats the whole of ``x`` ``repeats[i]`` times along each axis ``i``.

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.tile(keras.ops.ones((2, 3)), (2, 1)).shape
        (4, 3)
    """
    repeats = (int(repeats),) if np.ndim(repeats) == 0 else tuple(int(r) for r in repeats)
    return Tile.apply(x, repeats=repeats)


class Repeat(Op):
    def forward(self, x, repeats, axis=None):
        self.shape, self.dtype = x.shape, x.dtype
        self.axis = axis
        if axis is None:
            x = x.reshape(-1)
            axis = 0
        self.source = np.repeat(np.arange(x.shape[axis]), repeats)
        return np.take(x, self.source, axis=axis)

    def backward(self, dy):
        axis = 0 if self.axis is None else self.axis % len(self.shape)
        flat_shape = (int(np.prod(self.shape)),) if self.axis is None else self.shape
        dx = np.zeros(np.moveaxis(np.zeros(flat_shape), axis, 0).shape, self.dtype)
        np.add.at(dx, self.source, np.moveaxis(dy, axis, 0))
        return (np.moveaxis(dx, 0, axis).reshape(self.shape),)


def repeat(x, repeats, axis=None):
    """Repeats each element ``repeats`` times along ``axis`` (flattened when None).

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.repeat(keras.ops.convert_to_tensor([1.0, 2.0]), 2).numpy().tolist()
        [1.0, 1.0, 2.0, 2.0]
    """
    repeats = int(repeats) if np.ndim(repeats) == 0 else [int(r) for r in np.asarray(repeats)]
    return Repeat.apply(x, repeats=repeats, axis=axis)
