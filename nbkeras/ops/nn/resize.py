"""Ops that change the spatial size of channels-last inputs: zero padding and upsampling."""

import numpy as np

from nbkeras.ops.op import Op


class ZeroPadOp(Op):
    """``y = x`` with ``pads[k] = (before, after)`` zeros added on each spatial axis k."""

    def forward(self, x, pads):
        self.pads = ((0, 0),) + tuple(tuple(p) for p in pads) + ((0, 0),)
        return np.pad(x, self.pads)

    def backward(self, dy):
        return (dy[tuple(slice(before, dy.shape[axis] - after)
                         for axis, (before, after) in enumerate(self.pads))],)


def bilinear_matrix(size_in, factor, dtype):
    """(size_in*factor, size_in) weights of half-pixel bilinear upsampling (edges clamped)."""
    size_out = size_in * factor
    source = np.maximum((np.arange(size_out) + 0.5) / factor - 0.5, 0.0)
    low = np.floor(source).astype(np.int64)
    high = np.minimum(low + 1, size_in - 1)
    weight = source - low
    matrix = np.zeros((size_out, size_in))
    np.add.at(matrix, (np.arange(size_out), low), 1.0 - weight)
    np.add.at(matrix, (np.arange(size_out), high), weight)
    return matrix.astype(dtype)


class UpSampleOp(Op):
    """Upsamples each spatial axis by an integer factor, ``nearest`` (repeat) or ``bilinear``.

    Bilinear upsampling is linear in ``x``: ``y = A_h x A_w^T`` per channel with
    the matrices of ``bilinear_matrix``; its backward multiplies by the transposes.
    """

    def forward(self, x, size, interpolation):
        self.size, self.interpolation = tuple(size), interpolation
        if interpolation == "nearest":
            y = x
            for axis, factor in enumerate(self.size, start=1):
                y = np.repeat(y, factor, axis=axis)
            return y
        self.matrices = [bilinear_matrix(x.shape[axis], factor, x.dtype)
                         for axis, factor in enumerate(self.size, start=1)]
        y = x
        for axis, matrix in enumerate(self.matrices, start=1):
            y = np.moveaxis(np.tensordot(matrix, y, axes=(1, axis)), 0, axis)
        return np.ascontiguousarray(y)

    def backward(self, dy):
        if self.interpolation == "nearest":
            dx = dy
            for axis, factor in enumerate(self.size, start=1):
                shape = dx.shape[:axis] + (dx.shape[axis] // factor, factor) + dx.shape[axis + 1:]
                dx = dx.reshape(shape).sum(axis=axis + 1)
            return (dx,)
        dx = dy
        for axis, matrix in enumerate(self.matrices, start=1):
            dx = np.moveaxis(np.tensordot(matrix.T, dx, axes=(1, axis)), 0, axis)
        return (np.ascontiguousarray(dx),)
