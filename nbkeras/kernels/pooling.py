"""Pooling kernels: max and average over windows of a channels-last batch.

For a window of ``pool_h x pool_w`` cells moved by ``(stride_h, stride_w)``
over ``x`` of shape ``(batch, height, width, channels)``:

    max:      y[n, i, j, c] = max_{p, q} x[n, i*sh + p - pad_top, j*sw + q - pad_left, c]
    average:  y[n, i, j, c] = sum_{p, q} x[...] / (number of cells inside the image)

Cells in the padding never win a max and are not counted in an average
(Keras's ``padding="same"``). 1-D pooling uses the same kernels with
``height = 1``. Every kernel writes into arrays the op passes (a range of
images of bigger arrays when the op splits the batch between two threads)
and releases the GIL. They zero their outputs with loops: on the op's
threads, and faster to compile than ``dx[:] = 0``.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import window_count


@njit(cache=True, error_model="numpy", nogil=True)
def max_pool_2d_forward(x, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, y, argmax):
    """y = the maximum of each window; also the flat index (r*width + s) of the winner.

    Args:
        y: the output, ``(batch, out_h, out_w, channels)``.
        argmax: int32 (half the memory traffic of int64), same shape: the
            position of each maximum in its image (the first one on ties); or
            empty when nothing will ask for the gradient (predict: W3's first
            pool, 32 images, 0.21-0.25 -> 0.13-0.15 ms).
    """
    batch, height, width, channels = x.shape
    out_h, out_w = y.shape[1], y.shape[2]
    keep = argmax.size > 0
    # Scalar indexing, no per-pixel views or slice assignments: as fast, 0.07 s less to compile.
    # The window is clipped to the image once; its first cell starts the max and the others
    # win by selects, not branches (W3's first pool, 32 images of 26x26x32: 0.33 -> 0.25 ms).
    for n in range(batch):
        for i in range(out_h):
            top = i * stride_h - pad_top
            r_first, r_stop = max(top, 0), min(top + pool_h, height)
            for j in range(out_w):
                left = j * stride_w - pad_left
                s_first, s_stop = max(left, 0), min(left + pool_w, width)
                if r_first >= r_stop or s_first >= s_stop:  # a window wholly in the padding
                    for c in range(channels):
                        y[n, i, j, c] = -np.inf
                        if keep:
                            argmax[n, i, j, c] = -1
                    continue
                first = r_first * width + s_first
                for c in range(channels):
                    y[n, i, j, c] = x[n, r_first, s_first, c]
                    if keep:
                        argmax[n, i, j, c] = first
                for r in range(r_first, r_stop):
                    for s in range(s_first, s_stop):
                        position = r * width + s
                        if position == first:
                            continue
                        if not keep:  # (a branch per channel kept the loop scalar)
                            for c in range(channels):
                                value = x[n, r, s, c]
                                y[n, i, j, c] = value if value > y[n, i, j, c] else y[n, i, j, c]
                            continue
                        for c in range(channels):
                            value = x[n, r, s, c]
                            wins = value > y[n, i, j, c]  # NaN never wins; the first cell keeps ties
                            y[n, i, j, c] = value if wins else y[n, i, j, c]
                            argmax[n, i, j, c] = position if wins else argmax[n, i, j, c]


@njit(cache=True, error_model="numpy", nogil=True)
def max_pool_2d_backward(dy, argmax, dx):
    """dx[n, argmax // width, argmax % width, c] += dy[n, i, j, c]: the winner takes the gradient.

    ``dx`` has shape ``(batch, height, width, channels)``.
    """
    batch, out_h, out_w, channels = dy.shape
    height, width = dx.shape[1], dx.shape[2]
    cells = dx.reshape(batch, height * width, channels)  # no division per element (2.5x faster)
    # Image by image, so the zeroed cells are still in cache when the winners are added
    # (W3's first pool, 32 images of 26x26x32 alone: 0.27 -> 0.21 ms).
    for n in range(batch):
        for position in range(height * width):
            for c in range(channels):
                cells[n, position, c] = 0.0
        for i in range(out_h):
            for j in range(out_w):
                for c in range(channels):
                    position = argmax[n, i, j, c]
                    if position >= 0:
                        cells[n, position, c] += dy[n, i, j, c]


@njit(cache=True, error_model="numpy", nogil=True)
def avg_pool_2d_forward(x, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, y):
    """y = the mean of the cells of each window that lie inside the image."""
    batch, height, width, channels = x.shape
    out_h, out_w = y.shape[1], y.shape[2]
    for n in range(batch):
        for i in range(out_h):
            for j in range(out_w):
                total = y[n, i, j]
                for c in range(channels):
                    total[c] = 0.0
                for p in range(pool_h):
                    r = i * stride_h + p - pad_top
                    if r < 0 or r >= height:
                        continue
                    for q in range(pool_w):
                        s = j * stride_w + q - pad_left
                        if s < 0 or s >= width:
                            continue
                        pixel = x[n, r, s]
                        for c in range(channels):
                            total[c] += pixel[c]
                count = window_count(i, j, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left,
                                      height, width)
                for c in range(channels):
                    total[c] /= count


@njit(cache=True, error_model="numpy", nogil=True)
def avg_pool_2d_backward(dy, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, dx):
    """dx[cell] += dy[window] / count(window) for every window the cell belongs to (dx zeroed first)."""
    batch, out_h, out_w, channels = dy.shape
    height, width = dx.shape[1], dx.shape[2]
    for n in range(batch):  # image by image, as max_pool_2d_backward
        for r in range(height):
            for s in range(width):
                for c in range(channels):
                    dx[n, r, s, c] = 0.0
        for i in range(out_h):
            for j in range(out_w):
                count = window_count(i, j, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left,
                                      height, width)
                share = dy[n, i, j]
                for p in range(pool_h):
                    r = i * stride_h + p - pad_top
                    if r < 0 or r >= height:
                        continue
                    for q in range(pool_w):
                        s = j * stride_w + q - pad_left
                        if s < 0 or s >= width:
                            continue
                        pixel = dx[n, r, s]
                        for c in range(channels):
                            pixel[c] += share[c] / count
