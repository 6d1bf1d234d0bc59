"""Pooling ops: max and average pooling of channels-last 1-D or 2-D inputs, one node per call.

Large batches run in two halves of the images on two threads (``image_halves``):
each image is pooled on its own, so the bits do not depend on the thread count.
"""

import numpy as np

from nbkeras.ops.nn.conv import conv_output_length
from nbkeras.ops.nn.image_halves import SPLIT_CELLS, aligned_empty, contiguous, image_halves, run_halves, scratch
from nbkeras.ops.op import Op

_NO_WINNERS = np.zeros((0, 0, 0, 0), np.int32)  # max pooling's winners, not kept


def _pool_geometry(x, pool_size, strides, padding):
    """(images, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, out_h, out_w)."""
    images = contiguous(x)[:, None] if x.ndim == 3 else contiguous(x)
    if x.ndim == 3:
        pool_size, strides = (1,) + tuple(pool_size), (1,) + tuple(strides)
    out_h, pad_top = conv_output_length(images.shape[1], pool_size[0], strides[0], 1, padding)
    out_w, pad_left = conv_output_length(images.shape[2], pool_size[1], strides[1], 1, padding)
    return images, (pool_size[0], pool_size[1], strides[0], strides[1], pad_top, pad_left, out_h, out_w)


def _restore_rank(y, ndim):
    return y[:, 0] if ndim == 3 else y


def _on_halves(kernel, inputs, outputs, *arguments):
    """``kernel(*inputs, *arguments, *outputs)`` on each half of the images (axis 0 of every array)."""
    cells = max(inputs[0].size, outputs[0].size)

    def part(index, lo, hi):
        kernel(*[a[lo:hi] for a in inputs], *arguments, *[a[lo:hi] for a in outputs])

    run_halves(part, image_halves(inputs[0].shape[0], cells, SPLIT_CELLS))


class MaxPoolOp(Op):
    """``y = max over each window``; backward sends the gradient to the winning cell.

    Args (forward):
        x: ``(batch, [height,] width, channels)``.
        pool_size, strides: tuples with one entry per spatial axis.
        padding: ``"valid"`` or ``"same"`` (padding cells never win).
    """

    defers_halves = True  # touches earlier ops' arrays only in its halves (``image_halves.Deferral``)

    def forward(self, x, pool_size, strides, padding):
        from nbkeras.kernels import pooling  # deferred: importing kernels loads Numba

        images, self.geometry = _pool_geometry(x, pool_size, strides, padding)
        self.images_shape, self.ndim = images.shape, x.ndim
        shape = images.shape[:1] + self.geometry[-2:] + images.shape[3:]
        y = aligned_empty(shape, images.dtype)
        # The winners only for a backward: predict and evaluate skip writing them.
        self.argmax = scratch(self, "argmax", shape, np.int32) if self.needs_input_grad[0] else _NO_WINNERS
        _on_halves(pooling.max_pool_2d_forward, (images,), (y, self.argmax), *self.geometry[:-2])
        return _restore_rank(y, x.ndim)

    def backward(self, dy):
        from nbkeras.kernels import pooling  # deferred: importing kernels loads Numba

        dy = contiguous(dy).reshape(self.argmax.shape)
        dx = aligned_empty(self.images_shape, dy.dtype)
        _on_halves(pooling.max_pool_2d_backward, (dy, self.argmax), (dx,))
        return (_restore_rank(dx, self.ndim),)


class AvgPoolOp(Op):
    """``y = mean over the cells of each window inside the input`` (Keras's ``same`` rule)."""

    defers_halves = True  # touches earlier ops' arrays only in its halves (``image_halves.Deferral``)

    def forward(self, x, pool_size, strides, padding):
        from nbkeras.kernels import pooling  # deferred: importing kernels loads Numba

        images, self.geometry = _pool_geometry(x, pool_size, strides, padding)
        self.images_shape, self.ndim = images.shape, x.ndim
        y = aligned_empty(images.shape[:1] + self.geometry[-2:] + images.shape[3:], images.dtype)
        _on_halves(pooling.avg_pool_2d_forward, (images,), (y,), *self.geometry[:-2])
        return _restore_rank(y, x.ndim)

    def backward(self, dy):
        from nbkeras.kernels import pooling  # deferred: importing kernels loads Numba

        dy = contiguous(dy).reshape(self.images_shape[:1] + self.geometry[-2:] + (-1,))
        dx = aligned_empty(self.images_shape, dy.dtype)
        _on_halves(pooling.avg_pool_2d_backward, (dy,), (dx,), *self.geometry[:-2])
        return (_restore_rank(dx, self.ndim),)
