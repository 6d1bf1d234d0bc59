"""Convolution ops: one tape node per layer call; a direct kernel or im2col and BLAS.

``ConvOp`` is Conv1D/Conv2D (grouped and depthwise too, through ``groups``);
``ConvTransposeOp`` is Conv1DTranspose/Conv2DTranspose. Both fuse the bias
and the activations of ``nbkeras.kernels.dense`` (codes LINEAR, RELU, ...).
Inputs are channels-last; a 1-D input ``(batch, steps, channels)`` runs as
an image of height 1.
"""

import numpy as np

from nbkeras.ops import fixed_order
from nbkeras.ops.nn import image_halves
from nbkeras.ops.nn.conv_depth import stack_depth_taps, unstack_depth_taps
from nbkeras.ops.nn.conv_plain import (bias_activation, plain_backward, plain_forward,
                                       transpose_backward, transpose_forward)
from nbkeras.ops.op import Op


def conv_output_length(size, kernel, stride, dilation, padding):
    """Output size and padding before, as Keras computes them for one axis.

    Args:
        size: the input size along the axis (``None`` when unknown).
        kernel, stride, dilation: the kernel size, stride and dilation.
        padding: ``"valid"``, ``"same"`` or ``"causal"``.

    Returns:
        ``(output_size, pad_before)``; ``"same"`` pads ``total // 2`` before and
        the rest after, ``"causal"`` pads ``dilation*(kernel-1)`` before only.
    """
    span = (kernel - 1) * dilation + 1
    if size is None:
        return None, 0
    if padding == "valid":
        return max((size - span) // stride + 1, 0), 0
    if padding == "causal":
        return (size - 1) // stride + 1, span - 1
    out = -(-size // stride)
    total = max((out - 1) * stride + span - size, 0)
    return out, total // 2


def conv_transpose_output_length(size, kernel, stride, dilation, padding, output_padding=None):
    """Output size and cropping before of a transposed convolution (Keras/TF rule).

    ``valid``: ``(size-1)*stride + max(span, stride)``; ``same``: ``size*stride``;
    an ``output_padding`` gives ``(size-1)*stride + span - 2*(span//2 if same) + output_padding``.
    The cropping before is ``max((size-1)*stride + span - output, 0) // 2``, as
    TensorFlow and JAX place it (the torch backend of Keras puts an odd
    cropping on the other side).
    """
    span = (kernel - 1) * dilation + 1
    if size is None:
        return None, 0
    if output_padding is None:
        out = size * stride if padding == "same" else (size - 1) * stride + max(span, stride)
    else:
        crop = 2 * (span // 2) if padding == "same" else 0
        out = (size - 1) * stride + span - crop + output_padding
    return out, max((size - 1) * stride + span - out, 0) // 2


def _as_images(x, kernel):
    """A 1-D input (batch, steps, channels) becomes an image of height 1."""
    if x.ndim == 3:
        return x[:, None], kernel[None]
    return x, kernel


def _im2col(conv, images, geometry):
    """The im2col columns of ``images`` in one new matrix."""
    kh, kw, out_h, out_w = geometry[0], geometry[1], geometry[-2], geometry[-1]
    cols = np.empty((images.shape[0] * out_h * out_w, kh * kw * images.shape[3]), images.dtype)
    return conv.im2col_2d(images, *geometry, cols)


def _split_groups(cols, kernel2d, groups, taps):
    """(M, K*C) columns and a (K*Cg, F) kernel as per-group stacks (G, M, K*Cg), (G, K*Cg, F/G)."""
    rows, filters = cols.shape[0], kernel2d.shape[1]
    cg = kernel2d.shape[0] // taps
    cols_g = cols.reshape(rows, taps, groups, cg).transpose(2, 0, 1, 3).reshape(groups, rows, taps * cg)
    kernel_g = kernel2d.reshape(taps, cg, groups, filters // groups).transpose(2, 0, 1, 3)
    return cols_g, kernel_g.reshape(groups, taps * cg, filters // groups), cg


def _conv_product(cols, kernel2d, groups, taps):
    """z = cols @ kernel2d, each group of channels with its own filters."""
    if groups == 1:
        return fixed_order.matmul(cols, kernel2d)
    cols_g, kernel_g, _ = _split_groups(cols, kernel2d, groups, taps)
    z = fixed_order.matmul(cols_g, kernel_g)
    return np.ascontiguousarray(z.transpose(1, 0, 2)).reshape(cols.shape[0], kernel2d.shape[1])


def _conv_product_backward(dz, cols, kernel2d, groups, taps, needs_cols, needs_kernel):
    """Gradients of z = cols @ kernel2d (grouped): (dcols, dkernel2d)."""
    if groups == 1:
        dcols = fixed_order.matmul(dz, kernel2d.T) if needs_cols else None
        dkernel = fixed_order.matmul(cols.T, dz) if needs_kernel else None
        return dcols, dkernel
    rows, filters = dz.shape
    cols_g, kernel_g, cg = _split_groups(cols, kernel2d, groups, taps)
    dz_g = dz.reshape(rows, groups, filters // groups).transpose(1, 0, 2)
    dcols = dkernel = None
    if needs_cols:
        dcols_g = fixed_order.matmul(dz_g, kernel_g.transpose(0, 2, 1))
        dcols = dcols_g.reshape(groups, rows, taps, cg).transpose(1, 2, 0, 3).reshape(rows, -1)
    if needs_kernel:
        dkernel_g = fixed_order.matmul(cols_g.transpose(0, 2, 1), dz_g)
        dkernel = dkernel_g.reshape(groups, taps, cg, filters // groups).transpose(1, 2, 0, 3)
        dkernel = dkernel.reshape(kernel2d.shape)
    return dcols, dkernel


def _geometry(shape, kernel_shape, strides, dilation, padding):
    """Output sizes and padding before, for both image axes."""
    out_h, pad_top = conv_output_length(shape[1], kernel_shape[0], strides[0], dilation[0], padding)
    out_w, pad_left = conv_output_length(shape[2], kernel_shape[1], strides[1], dilation[1], padding)
    return out_h, out_w, pad_top, pad_left


class ConvOp(Op):
    """``y = activation(conv(x, kernel) + bias)`` for 1-D, 2-D or 3-D channels-last inputs.

    Args (forward):
        x: ``(batch, [[depth,] height,] width, channels)``.
        kernel: ``([[kd,] kh,] kw, channels // groups, filters)``.
        bias: ``(filters,)`` or None.
        strides, dilation: tuples with one entry per spatial axis.
        padding: ``"valid"``, ``"same"`` or ``"causal"``.
        groups: number of channel groups (``channels`` for a depthwise conv).
        activation: a code of ``nbkeras.kernels.dense``.

    Every input runs as a volume ``(batch, depth, height, width, channels)``
    (size-1 axes in front for 1-D and 2-D): the 2-D kernels see the
    ``batch*depth`` slices, ``conv_depth`` adds the depth taps. The plain case
    (1-D and 2-D, one group) runs on both cores (``conv_plain.py``); grouped,
    depthwise and 3-D convolutions on one. The plain forward sums straight
    from the images (``kernels/conv_direct.py``) where its tiles fit; the
    rest multiply im2col's columns in BLAS.
    """

    # The plain case only touches earlier ops' arrays in its halves (``image_halves.Deferral``).
    defers_halves = True

    def forward(self, x, kernel, bias, strides, dilation, padding, groups, activation):
        from nbkeras.kernels import conv  # deferred: importing kernels loads Numba

        self.rank, self.shapes = x.ndim - 2, (x.shape, kernel.shape)
        missing = (1,) * (3 - self.rank)
        strides, dilation = missing + tuple(strides), missing + tuple(dilation)
        batch, depth, height, width, channels = (x.shape[0],) + missing + x.shape[1:]
        kd, kh, kw, _, filters = missing + kernel.shape
        out_d, pad_d = conv_output_length(depth, kd, strides[0], dilation[0], padding)
        images_shape = (batch * depth, height, width, channels)
        out_h, out_w, pad_top, pad_left = _geometry(images_shape, (kh, kw), strides[1:],
                                                    dilation[1:], padding)
        self.geometry = (kh, kw) + strides[1:] + dilation[1:] + (pad_top, pad_left, out_h, out_w)
        self.depth = (batch, depth, kd, strides[0], dilation[0], pad_d, out_d)
        self.images_shape, self.groups, self.activation = images_shape, groups, activation
        self.kernel2d = kernel.reshape(-1, filters)
        self.plain = groups == 1 and kd == 1 and depth == 1
        if not self.plain:
            image_halves.flush()  # the one-thread path reads x itself
        images = image_halves.contiguous(x).reshape(images_shape)
        if self.plain:  # both cores, bias and activation fused per block
            self.cols, self.y = plain_forward(self, images, self.geometry, self.kernel2d, bias,
                                              activation, keep=self.needs_input_grad[1])
        else:
            self.cols = stack_depth_taps(_im2col(conv, images, self.geometry), *self.depth)
            z = _conv_product(self.cols, self.kernel2d, groups, kd * kh * kw)
            self.y = bias_activation(z, bias, activation, out_w)
        return self.y.reshape((batch,) + (out_d, out_h, out_w)[3 - self.rank:] + (filters,))

    def backward(self, dy):
        from nbkeras.kernels import conv, dense  # deferred: importing kernels loads Numba

        needs_x, needs_kernel, needs_bias = self.needs_input_grad
        if self.plain:
            dx, dkernel, dbias = plain_backward(self, dy, needs_x, needs_kernel, needs_bias)
            return (None if dx is None else dx.reshape(self.shapes[0]),
                    None if dkernel is None else dkernel.reshape(self.shapes[1]), dbias)
        image_halves.flush()
        dz, dbias = dense.dense_activation_backward_bias(self.y, np.ascontiguousarray(dy).reshape(self.y.shape),
                                                         self.activation, needs_bias)
        direct = self.groups == 1 and needs_kernel  # dkernel straight into the optimizer's buffer
        taps = self.depth[2] * self.geometry[0] * self.geometry[1]
        dcols, dkernel = _conv_product_backward(dz, self.cols, self.kernel2d, self.groups, taps,
                                                needs_x, needs_kernel and not direct)
        if direct:
            dkernel = self.input_grad_from_product(1, self.cols.T, dz)
        dx = None
        if needs_x:
            dcols = unstack_depth_taps(np.ascontiguousarray(dcols), *self.depth)
            dx = conv.col2im_2d(np.ascontiguousarray(dcols), np.empty(self.images_shape, dcols.dtype),
                                *self.geometry)
            dx = dx.reshape(self.shapes[0])
        if dkernel is not None:
            dkernel = dkernel.reshape(self.shapes[1])
        return dx, dkernel, dbias


class ConvTransposeOp(Op):
    """``y = activation(conv_transpose(x, kernel) + bias)``: the adjoint of ``ConvOp``.

    Every input pixel spreads ``x[n, i, j] @ kernel[p, q].T`` over the output
    window it would have come from in a convolution (col2im of ``x @ K.T``),
    on both cores (``conv_plain.py``).

    Args (forward):
        x: ``(batch, [height,] width, in_channels)``.
        kernel: ``([kh,] kw, filters, in_channels)`` (Keras's transposed layout).
        bias: ``(filters,)`` or None.
        strides, dilation: tuples with one entry per spatial axis.
        padding: ``"valid"`` or ``"same"``; output_padding: tuple or None.
        activation: a code of ``nbkeras.kernels.dense``.
    """

    def forward(self, x, kernel, bias, strides, dilation, padding, output_padding, activation):
        self.rank, self.shapes = x.ndim - 2, (x.shape, kernel.shape)
        if output_padding is None:
            output_padding = (None,) * self.rank
        if self.rank == 1:
            strides, dilation = (1,) + tuple(strides), (1,) + tuple(dilation)
            output_padding = (None,) + tuple(output_padding)
        images, kernel4 = _as_images(np.ascontiguousarray(x), kernel)
        batch, height, width, channels = images.shape
        kh, kw, filters, _ = kernel4.shape
        out_h, crop_top = conv_transpose_output_length(height, kh, strides[0], dilation[0], padding,
                                                       output_padding[0])
        if self.rank == 1:
            out_h, crop_top = 1, 0
        out_w, crop_left = conv_transpose_output_length(width, kw, strides[1], dilation[1], padding,
                                                        output_padding[1])
        self.geometry = (kh, kw) + tuple(strides) + tuple(dilation) + (crop_top, crop_left, height, width)
        self.out_shape, self.activation = (batch, out_h, out_w, filters), activation
        self.x2d = images.reshape(-1, channels)
        self.kernel2d = kernel4.reshape(-1, channels)
        self.y = transpose_forward(self, images, self.kernel2d, bias, activation)
        shape = (batch, out_w, filters) if self.rank == 1 else self.out_shape
        return self.y.reshape(shape)

    def backward(self, dy):
        dx, dkernel, dbias = transpose_backward(self, dy, *self.needs_input_grad)
        return (None if dx is None else dx.reshape(self.shapes[0]),
                None if dkernel is None else dkernel.reshape(self.shapes[1]), dbias)
