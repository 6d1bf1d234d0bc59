"""The plain 2-D convolution (one group, no depth taps) and its transpose on both CPU cores.

    forward:  z = im2col(x) @ kernel2d;  y = activation(z + bias)
    backward: dz = dy * activation'(y);  dx = col2im(dz @ kernel2d.T)
              dkernel2d = cols.T @ dz;   dbias = sum of the rows of dz

The forward's product runs without the columns where the direct kernel's
tiles fit (``kernels/conv_direct.py``: the same sums), and so does the kernel
gradient when the kernel has 6 taps or more (its sums in blocks of pixels;
the backward reads the images, kept on the op, padded where the layer pads):
W3's fit 6.0-7.1k -> 8.0-9.3k samples/s. Other shapes write the columns for
the kernel gradient. Each half of the images
(``image_halves``) runs on its own thread, a few images at a time
(``COLUMN_BLOCK_BYTES``): the product and the bias + activation of one block
while its outputs (and columns) are still in cache. The kernel and bias gradients sum over the whole batch: each half
makes its partial sums and the second half's are added to the first's. The
halves depend on the shapes only, so the bits do not depend on the thread
count (tests/ops/test_conv_paths.py). Split by the filters instead, the kernel
gradient kept the bits of one product but cost 1.4x (W3's second conv) to 2.3x
(its first: K = 9, every thread reading all 43264 rows of columns) the CPU
time of one product; halves of the batch cost the same as one product.
"""

import math

import numpy as np

from nbkeras.ops import fixed_order
from nbkeras.ops.nn.image_halves import (SPLIT_PRODUCT, aligned_empty, contiguous, image_halves, run_halves,
                                         scratch)

_NO_BIAS = {np.dtype("float32"): np.zeros(0, np.float32), np.dtype("float64"): np.zeros(0, np.float64)}

# Bytes of im2col columns made before BLAS multiplies them: small enough to still be in
# the 2 MB L2 cache when BLAS reads them (W3's second conv: 8.9 MB of columns in one piece).
COLUMN_BLOCK_BYTES = 1 << 19


def bias_activation(z, bias, activation, width):
    """``activation(z + bias)`` in place, ``z`` of shape ``(images * height * width, filters)``.

    Elementwise activations run on one row per image row (``width`` pixels),
    the bias repeated along it: the same arithmetic per element without the
    per-row overhead of the Dense kernel on short rows (W3's first conv: 0.78
    -> 0.26 ms for 43264 rows of 32). Softmax works along the filters, so it
    keeps its rows.
    """
    return _bias_activation_rows(z, _row_bias(z.dtype, bias, activation, width), activation, width)


def _row_bias(dtype, bias, activation, width):
    """The bias of one row of ``_bias_activation_rows``: repeated ``width`` times unless softmax."""
    from nbkeras.kernels import dense  # deferred: importing kernels loads Numba

    if bias is None:
        return _NO_BIAS[dtype]
    return bias if activation == dense.SOFTMAX else np.tile(bias, width)


def _bias_activation_rows(z, row_bias, activation, width):
    from nbkeras.kernels import dense  # deferred: importing kernels loads Numba

    if activation == dense.SOFTMAX or z.size == 0:
        return dense.dense_bias_activation_forward(z, row_bias, activation)
    return dense.dense_bias_activation_forward(z.reshape(-1, width * z.shape[1]), row_bias,
                                               activation).reshape(z.shape)


def _images_per_block(taps, positions, itemsize):
    return max(1, COLUMN_BLOCK_BYTES // max(1, taps * itemsize * positions))


def plain_forward(op, images, geometry, kernel2d, bias, activation, keep):
    """``(cols, y)``: the columns (None unless ``keep``) and the output rows ``(pixels, filters)``.

    A few images at a time, each block's bias and activation while it is in
    cache. Where ``conv_direct.applies`` (whole tiles of 8 filters, output rows
    of 6 pixels or more) the direct kernel makes the block without columns,
    adding the bias and applying relu (or nothing) itself; with ``keep`` (a
    kernel gradient will come) and 6 taps or more, ``op.gradient_images``
    keeps the (padded) images for ``conv_direct.kernel_gradient_direct``, else
    the columns are written for ``cols.T @ dz``. Other shapes multiply the
    block's columns in BLAS; without ``keep`` each half reuses one block of columns.
    """
    from nbkeras.kernels import conv, conv_direct, dense  # deferred: importing kernels loads Numba

    kh, kw, stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left, out_h, out_w = geometry
    positions = out_h * out_w
    (taps, filters), batch, dtype = kernel2d.shape, images.shape[0], images.dtype
    per_block = _images_per_block(taps, positions, images.itemsize)
    halves = image_halves(batch, batch * positions * taps * filters, SPLIT_PRODUCT)
    z = aligned_empty((batch * positions, filters), dtype)
    direct = conv_direct.applies(filters, out_w)
    # The kernel gradient without columns too (conv_direct.kernel_gradient_direct): the
    # backward then reads the (padded) images, kept on the op.
    direct_gradient = keep and direct and taps >= conv_direct.PIXELS
    cols = scratch(op, "cols", (batch * positions, taps), dtype) if keep and not direct_gradient else None
    op.gradient_images = None
    if direct:
        padded_shape = _padded_shape(images.shape, geometry)
        offsets = _tap_offsets(op, geometry, padded_shape)
        kernel2d = np.ascontiguousarray(kernel2d, dtype)
        # The direct kernel adds the bias and applies relu itself, to every few outputs just made.
        fused = activation in (dense.LINEAR, dense.RELU)
        fused_bias = _NO_BIAS[dtype] if bias is None or not fused else np.ascontiguousarray(bias, dtype)
        relu = activation == dense.RELU
        # Blocks bound only what must stay in cache: the padded copy, and the outputs the
        # separate activation pass reads again (W3's convs: one block a half, no copy).
        padded = padded_shape != images.shape[1:]
        cached = (math.prod(padded_shape) * images.itemsize if padded else 0) + \
            (0 if fused else positions * filters * images.itemsize)
        per_block = max(1, COLUMN_BLOCK_BYTES // cached) if cached else max(batch, 1)
        if direct_gradient:
            op.gradient_images = scratch(op, "padded images", (batch,) + padded_shape, dtype) if padded else images
            op.gradient_offsets = offsets
    else:
        fused = False
        blocks = [None if keep else scratch(op, f"columns {index}", (min(per_block, hi - lo) * positions, taps),
                                            dtype) for index, (lo, hi) in enumerate(halves)]
    row_bias = None if fused else _row_bias(dtype, bias, activation, out_w)

    def part(index, lo, hi):
        for first in range(lo, hi, per_block):
            last = min(first + per_block, hi)
            rows = slice(first * positions, last * positions)
            if cols is not None:
                conv.im2col_2d(images[first:last], *geometry, cols[rows])
            if direct:
                block = images[first:last]
                if padded and direct_gradient:
                    block = _padded(op.gradient_images[first:last], block, pad_top, pad_left)
                elif padded:
                    buffer = scratch(op, f"padded {index}", (min(per_block, hi - lo),) + padded_shape, dtype)
                    block = _padded(buffer[:last - first], block, pad_top, pad_left)
                conv_direct.conv_direct_2d(block, kernel2d, offsets, stride_h, stride_w, out_h, out_w, z[rows],
                                           fused_bias, relu)
                if fused:
                    continue
            else:
                block = cols[rows] if keep else blocks[index][:(last - first) * positions]
                if not keep:
                    conv.im2col_2d(images[first:last], *geometry, block)
                fixed_order.matmul(block, kernel2d, out=z[rows])
            _bias_activation_rows(z[rows], row_bias, activation, out_w)

    run_halves(part, halves)
    return cols, z


def _padded_shape(shape, geometry):
    """``(height, width, channels)`` of the images with the zeros every window of the output reads."""
    kh, kw, stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left, out_h, out_w = geometry
    if out_h == 0 or out_w == 0:
        return shape[1:]
    height = max((out_h - 1) * stride_h + (kh - 1) * dilation_h + 1, pad_top + shape[1])
    width = max((out_w - 1) * stride_w + (kw - 1) * dilation_w + 1, pad_left + shape[2])
    return (height, width, shape[3])


def _padded(buffer, images, pad_top, pad_left):
    """``images`` copied into ``buffer`` at ``(pad_top, pad_left)``, zeros around them.

    Only the border is zeroed: the copy covers the rest (one pass over the buffer, not two).
    """
    bottom, right = pad_top + images.shape[1], pad_left + images.shape[2]
    buffer[:, :pad_top] = 0
    buffer[:, bottom:] = 0
    buffer[:, pad_top:bottom, :pad_left] = 0
    buffer[:, pad_top:bottom, right:] = 0
    buffer[:, pad_top:bottom, pad_left:right] = images
    return buffer


def _tap_offsets(op, geometry, padded_shape):
    """The direct kernel's tap offsets, kept on the op while the geometry stays."""
    from nbkeras.kernels import conv_direct  # deferred: importing kernels loads Numba

    key = (geometry, padded_shape)
    kept = op.__dict__.get("tap_offsets")
    if kept is None or kept[0] != key:
        kh, kw, _, _, dilation_h, dilation_w = geometry[:6]
        kept = op.__dict__["tap_offsets"] = (key, conv_direct.tap_offsets(kh, kw, dilation_h, dilation_w,
                                                                          padded_shape[1], padded_shape[2]))
    return kept[1]


def plain_backward(op, dy, needs_x, needs_kernel, needs_bias):
    """``(dx, dkernel2d, dbias)`` of ``plain_forward``; a gradient is None when written into
    its Variable's buffer (``Variable.claim_zero_grad_buffer``), or not needed.

    Each half makes its own ``dz``, its part of ``dx``, and its partial sums of the
    kernel and bias gradients; the second half's partial sums are then added to the
    first's (in that order, whatever the thread count). With relu or linear, a split
    call takes ``dz`` and its bias sum from one kernel (``kernels.conv.conv_backward_bias``).
    """
    from nbkeras.kernels import conv, conv_direct, dense  # deferred: importing kernels loads Numba

    y, kernel2d, geometry, images_shape = op.y, op.kernel2d, op.geometry, op.images_shape
    dy = contiguous(dy).reshape(y.shape)
    (taps, filters), batch = kernel2d.shape, images_shape[0]
    positions = geometry[-2] * geometry[-1]
    halves = image_halves(batch, batch * positions * taps * filters, SPLIT_PRODUCT)
    per_block = _images_per_block(taps, positions, y.itemsize)
    dx = aligned_empty(images_shape, y.dtype) if needs_x else None
    blocks = [scratch(op, f"dcols {index}", (min(per_block, hi - lo) * positions, taps), y.dtype)
              for index, (lo, hi) in enumerate(halves)] if needs_x else None
    kernel_sums, kernel_claimed = _partial_sums(op, 1, (taps, filters), y.dtype, needs_kernel)
    bias_sums, bias_claimed = _partial_sums(op, 2, (filters,), y.dtype, needs_bias)
    # Split calls only: a conv too small to split (notebook 8's) keeps the two Dense kernels a
    # first fit compiles anyway (the same bits), not one more kernel to compile (0.2 s cold).
    fused = len(halves) == 2 and op.activation in (dense.RELU, dense.LINEAR)
    # One product per half when the halves run apart: each on one BLAS thread, so K needs
    # no fixed blocks for the bits (W3's second conv: 1.28 against 1.47 ms). np.dot, not
    # np.matmul: NumPy 2.4's matmul keeps the GIL for outputs of up to ~500 values (W3's
    # first conv: 9 x 32), and the other half then waited ~0.4 ms for it; np.dot releases it.
    product = np.dot if len(halves) == 2 else fixed_order.matmul

    def part(index, lo, hi):
        rows = slice(lo * positions, hi * positions)
        if fused:
            dz = scratch(op, f"dz {index}", (rows.stop - rows.start, filters), y.dtype)
            bias = conv.conv_backward_bias(y[rows], dy[rows], op.activation == dense.RELU, dz)
        else:
            dz, bias = dense.dense_activation_backward_bias(y[rows], dy[rows], op.activation, needs_bias)
        if needs_bias:
            bias_sums[index][...] = bias
        for first in range(lo, hi, per_block) if needs_x else ():
            last = min(first + per_block, hi)
            block = blocks[index][:(last - first) * positions]
            fixed_order.matmul(dz[(first - lo) * positions:(last - lo) * positions], kernel2d.T, out=block)
            conv.col2im_2d(block, dx[first:last], *geometry)
        if needs_kernel and op.cols is None:
            conv_direct.kernel_gradient_direct(op.gradient_images[lo:hi], dz, op.gradient_offsets, *geometry[2:4],
                                               *geometry[-2:], kernel_sums[index],
                                               scratch(op, f"partial {index}", (taps, filters), y.dtype))
        elif needs_kernel:
            product(op.cols[rows].T, dz, out=kernel_sums[index])

    run_halves(part, halves, lambda: (_add_second_half(halves, kernel_sums),
                                      _add_second_half(halves, bias_sums)))
    return (dx, None if kernel_claimed or not needs_kernel else kernel_sums[0],
            None if bias_claimed or not needs_bias else bias_sums[0])


def _partial_sums(op, index, shape, dtype, needed):
    """``([first, second], claimed)``: where the halves of a weight's gradient are summed.

    The first half's sum goes straight into the Variable's gradient buffer when it is
    free (``claimed``), so the gradient is final once the halves ran: a replayed step
    does not wait for it (``image_halves.Deferral``).
    """
    if not needed:
        return [None, None], False
    buffer = op.inputs[index].claim_zero_grad_buffer()
    first = buffer.reshape(shape) if buffer is not None else np.empty(shape, dtype)
    return [first, scratch(op, f"gradient {index}", shape, dtype)], buffer is not None


def _add_second_half(halves, sums):
    """Adds the second half's partial sum to the first's (in that order); returns the first."""
    if len(halves) == 2 and sums[0] is not None:
        sums[0] += sums[1]
    return sums[0]


def transpose_forward(op, images, kernel2d, bias, activation):
    """The output rows ``(pixels, filters)`` of a transposed convolution, on both cores.

    Per half of the images: ``cols = x @ kernel2d.T`` (one row per input pixel),
    then col2im spreads each row over its output window, then bias + activation.
    """
    from nbkeras.kernels import conv  # deferred: importing kernels loads Numba

    batch, out_h, out_w, filters = op.out_shape
    inputs, outputs = images.shape[1] * images.shape[2], out_h * out_w
    halves = image_halves(batch, batch * inputs * kernel2d.size, SPLIT_PRODUCT)
    x2d, z = images.reshape(-1, images.shape[3]), aligned_empty((batch * outputs, filters), images.dtype)
    row_bias = _row_bias(images.dtype, bias, activation, out_w)

    def part(index, lo, hi):
        cols = fixed_order.matmul(x2d[lo * inputs:hi * inputs], kernel2d.T)
        rows = z[lo * outputs:hi * outputs]
        conv.col2im_2d(cols, rows.reshape((hi - lo,) + op.out_shape[1:]), *op.geometry)
        _bias_activation_rows(rows, row_bias, activation, out_w)

    run_halves(part, halves)
    return z


def transpose_backward(op, dy, needs_x, needs_kernel, needs_bias):
    """``(dx2d, dkernel2d, dbias)`` of ``transpose_forward``, the kernel gradient as for ``plain_backward``."""
    from nbkeras.kernels import conv, dense  # deferred: importing kernels loads Numba

    y, kernel2d, x2d = op.y, op.kernel2d, op.x2d
    dy = np.ascontiguousarray(dy).reshape(y.shape)
    batch, out_h, out_w, filters = op.out_shape
    inputs, outputs = x2d.shape[0] // batch, out_h * out_w
    halves = image_halves(batch, batch * inputs * kernel2d.size, SPLIT_PRODUCT)
    dx = aligned_empty(x2d.shape, y.dtype) if needs_x else None
    buffer = op.inputs[1].claim_zero_grad_buffer() if needs_kernel else None
    kernel_sums = [buffer.reshape(kernel2d.shape) if buffer is not None else np.empty(kernel2d.shape, y.dtype),
                   scratch(op, "kernel gradient", kernel2d.shape, y.dtype)] if needs_kernel else [None, None]
    bias_sums = [None, None]

    def part(index, lo, hi):
        dz, bias = dense.dense_activation_backward_bias(y[lo * outputs:hi * outputs],
                                                        dy[lo * outputs:hi * outputs], op.activation, needs_bias)
        dcols = scratch(op, f"dcols {index}", ((hi - lo) * inputs, kernel2d.shape[0]), y.dtype)
        conv.im2col_2d(dz.reshape((hi - lo,) + op.out_shape[1:]), *op.geometry, dcols)
        if needs_x:
            fixed_order.matmul(dcols, kernel2d, out=dx[lo * inputs:hi * inputs])
        if needs_kernel:
            fixed_order.matmul(dcols.T, x2d[lo * inputs:hi * inputs], out=kernel_sums[index])
        bias_sums[index] = bias

    run_halves(part, halves)
    dkernel = _add_second_half(halves, kernel_sums)
    return dx, None if buffer is not None else dkernel, _add_second_half(halves, bias_sums)
