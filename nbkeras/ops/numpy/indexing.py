"""Gathering by index: take, take_along_axis, top_k (differentiable), one_hot and in_top_k.

The backward of a gather scatters the output gradient back to the places it
was read from, adding where one place was read several times.
"""

import numpy as np

from nbkeras import config
from nbkeras.ops.core import convert_to_numpy
from nbkeras.ops.op import Op
from nbkeras.ops.tensor import Tensor


class Take(Op):
    def forward(self, x, indices, axis=None):
        self.shape, self.dtype, self.axis, self.indices = x.shape, x.dtype, axis, indices
        return np.take(x, indices, axis=axis)

    def backward(self, dy):
        if self.axis is None:
            dx = np.zeros(int(np.prod(self.shape)), self.dtype)
            np.add.at(dx, self.indices.reshape(-1), dy.reshape(-1))
            return (dx.reshape(self.shape),)
        axis = self.axis % len(self.shape)
        dx = np.zeros(self.shape, self.dtype)
        moved = np.moveaxis(dx, axis, 0)  # a view: adding into it fills dx
        index_axes = self.indices.ndim
        dy = np.moveaxis(dy, list(range(axis, axis + index_axes)), list(range(index_axes)))
        np.add.at(moved, self.indices, dy)
        return (dx,)


def take(x, indices, axis=None):
    """Picks the entries at ``indices`` along ``axis`` (the flattened ``x`` when None).

    Negative indices count from the end.

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.take(keras.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]]), [1, 0], axis=1).numpy().tolist()
        [[2.0, 1.0], [4.0, 3.0]]
    """
    indices = np.asarray(convert_to_numpy(indices)).astype(np.int64)
    return Take.apply(x, indices=indices, axis=axis)


class TakeAlongAxis(Op):
    def forward(self, x, indices, axis=None):
        self.shape, self.dtype = x.shape, x.dtype
        if axis is None:
            x, axis = x.reshape(-1), 0
        self.work_shape, self.axis = x.shape, axis % x.ndim
        # broadcast the indices against x on every axis but the gathered one
        shape = list(np.broadcast_shapes(
            tuple(1 if i == self.axis else s for i, s in enumerate(x.shape)),
            tuple(1 if i == self.axis else s for i, s in enumerate(indices.shape))))
        shape[self.axis] = indices.shape[self.axis]
        self.indices = np.broadcast_to(indices, shape)
        return np.take_along_axis(x, self.indices, axis=self.axis)

    def backward(self, dy):
        grids = list(np.indices(self.indices.shape, sparse=True))
        grids[self.axis] = self.indices % self.work_shape[self.axis]
        dx = np.zeros(self.work_shape, self.dtype)
        np.add.at(dx, tuple(grids), dy)
        return (dx.reshape(self.shape),)


def take_along_axis(x, indices, axis=None):
    """``x`` read at ``indices`` along ``axis`` (indices has the rank of ``x``).

    Example:
        >>> import nbkeras as keras
        >>> x = keras.ops.convert_to_tensor([[10.0, 30.0, 20.0]])
        >>> keras.ops.take_along_axis(x, [[1, 2]], axis=1).numpy().tolist()
        [[30.0, 20.0]]
    """
    indices = np.asarray(convert_to_numpy(indices)).astype(np.int64)
    return TakeAlongAxis.apply(x, indices=indices, axis=axis)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """Integer labels as one-hot vectors along a new ``axis`` (labels outside give zeros).

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.one_hot([2, 0], 3).numpy().tolist()
        [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    if sparse:
        raise ValueError("nbkeras has no sparse tensors; use one_hot(..., sparse=False).")
    labels = np.asarray(convert_to_numpy(x)).astype(np.int64)
    encoded = (labels[..., None] == np.arange(num_classes)).astype(dtype or config.floatx())
    if axis != -1:
        encoded = np.moveaxis(encoded, -1, axis)
    return Tensor(encoded, dtype=dtype or config.floatx())


class TopK(Op):
    def forward(self, x, k=1, sorted=True):
        self.shape, self.dtype = x.shape, x.dtype
        # stable sort of -x: among equal values the lower index comes first (as TensorFlow and JAX)
        self.indices = np.argsort(-x, axis=-1, kind="stable")[..., :k]
        return np.take_along_axis(x, self.indices, axis=-1), self.indices.astype(np.int32)

    def backward(self, dy):
        grad = dy[0]
        dx = np.zeros(self.shape, self.dtype)
        if grad is not None:
            np.put_along_axis(dx, self.indices, grad, axis=-1)
        return (dx,)


def top_k(x, k, sorted=True):
    """The ``k`` largest values of the last axis and their indices, best first.

    Ties go to the lower index. Returns ``(values, indices)``; the values are
    differentiable.

    Example:
        >>> import nbkeras as keras
        >>> values, indices = keras.ops.top_k(keras.ops.convert_to_tensor([1.0, 5.0, 3.0]), 2)
        >>> values.numpy().tolist(), indices.numpy().tolist()
        ([5.0, 3.0], [1, 2])
    """
    return TopK.apply(x, k=int(k), sorted=sorted)


def in_top_k(targets, predictions, k):
    """True where the target class's score is among the ``k`` largest of its row.

    A score tied with the k-th largest counts as in (as Keras's backends do).

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.in_top_k([1, 0], [[0.1, 0.9, 0.0], [0.2, 0.5, 0.3]], 2).numpy().tolist()
        [True, False]
    """
    predictions = np.asarray(convert_to_numpy(predictions))
    targets = np.asarray(convert_to_numpy(targets)).astype(np.int64)
    kth = -np.sort(-predictions, axis=-1)[..., min(int(k), predictions.shape[-1]) - 1]
    target_scores = np.take_along_axis(predictions, targets[..., None], axis=-1)[..., 0]
    return Tensor(target_scores >= kth)
