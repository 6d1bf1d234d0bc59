"""Convolution kernels: im2col and col2im around BLAS products, and the direct forward.

A 2-D convolution of a channels-last batch ``x`` of shape ``(batch, height,
width, channels)`` with a kernel of shape ``(kernel_h, kernel_w, channels,
filters)`` is

    y[n, i, j, f] = sum_{p, q, c} x[n, i*sh + p*dh - pad_top, j*sw + q*dw - pad_left, c]
                                  * kernel[p, q, c, f]

(``sh, sw`` strides, ``dh, dw`` dilation, zero outside the image). ``im2col``
copies every receptive field into one row of a matrix ``cols`` of shape
``(batch*out_h*out_w, kernel_h*kernel_w*channels)``, so the whole convolution
is ONE matrix product ``cols @ kernel.reshape(-1, filters)``. The plain 2-D op
computes that product without the columns (``conv_direct.conv_direct_2d``,
the same sums) and, where its tiles fit, the kernel gradient ``cols.T @ dz``
too (``conv_direct.kernel_gradient_direct``); other shapes, grouped and 3-D
convolutions multiply the columns in BLAS.

``col2im`` is its adjoint: it adds every row of ``cols`` back onto the pixels
it came from. It turns the gradient of ``cols`` into the gradient of ``x``,
and it is also the forward pass of a transposed convolution. 1-D
convolutions use the same kernels with ``height = 1``.

``conv_backward_bias`` starts the backward pass of a relu (or linear)
convolution: ``dz = dy * (y > 0)`` and ``dbias`` in one sweep.
"""

from numba import njit

# The family's direct kernels (warmup and the no-GIL test go through the families).
from nbkeras.kernels.conv_direct import conv_direct_2d, kernel_gradient_direct  # noqa: F401
from nbkeras.kernels.helpers import float64_zeros, rounded_like


@njit(cache=True, error_model="numpy", nogil=True)
def im2col_2d(x, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w,
              pad_top, pad_left, out_h, out_w, cols):
    """cols[(n, i, j), (p, q, c)] = x[n, i*sh + p*dh - pad_top, j*sw + q*dw - pad_left, c].

    Args:
        x: ``(batch, height, width, channels)``, C-contiguous.
        kernel_h, kernel_w: the kernel size.
        stride_h, stride_w, dilation_h, dilation_w: strides and dilation.
        pad_top, pad_left: zero rows/columns added before the image.
        out_h, out_w: the output size (the padding after follows from it).
        cols: the output, ``(batch*out_h*out_w, kernel_h*kernel_w*channels)``
            and C-contiguous: the op may fill a big matrix a few images at a time.

    Returns:
        cols, filled; positions outside the image are 0.
    """
    batch, height, width, channels = x.shape
    # Output columns j innermost but one: for few channels the loads run along an image row
    # (W3's first conv, 1 channel: 0.32 -> 0.22 ms a block of 21 images; 3 channels 1.9x faster;
    # 32 channels ~8% slower). Scalar loops: a slice copy per tap cost ~10x more with 1 channel.
    for n in range(batch):
        for i in range(out_h):
            first_row = (n * out_h + i) * out_w
            for p in range(kernel_h):
                r = i * stride_h + p * dilation_h - pad_top
                row_inside = 0 <= r < height
                for q in range(kernel_w):
                    base = (p * kernel_w + q) * channels
                    shift = q * dilation_w - pad_left
                    for j in range(out_w):
                        s = j * stride_w + shift
                        if row_inside and 0 <= s < width:
                            for c in range(channels):
                                cols[first_row + j, base + c] = x[n, r, s, c]
                        else:
                            for c in range(channels):
                                cols[first_row + j, base + c] = 0.0
    return cols


@njit(cache=True, error_model="numpy", nogil=True)
def col2im_2d(cols, x, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w,
              pad_top, pad_left, out_h, out_w):
    """x[n, i*sh + p*dh - pad_top, j*sw + q*dw - pad_left, c] += cols[(n, i, j), (p, q, c)].

    The adjoint of ``im2col_2d`` (same arguments, ``x`` now the output):
    ``x`` of shape ``(batch, height, width, channels)`` is zeroed, then every
    row of ``cols`` added back; contributions that fall in the padding are
    dropped. The op passes a few images of a bigger array at a time.

    Returns:
        x, filled.
    """
    batch, height, width, channels = x.shape
    for n in range(batch):  # loops compile faster than x[:] = 0
        for r in range(height):
            for s in range(width):
                for c in range(channels):
                    x[n, r, s, c] = 0.0
    for n in range(batch):
        for i in range(out_h):
            for j in range(out_w):
                row = cols[(n * out_h + i) * out_w + j]
                for p in range(kernel_h):
                    r = i * stride_h + p * dilation_h - pad_top
                    if r < 0 or r >= height:
                        continue
                    for q in range(kernel_w):
                        s = j * stride_w + q * dilation_w - pad_left
                        if s < 0 or s >= width:
                            continue
                        base = (p * kernel_w + q) * channels
                        pixel = x[n, r, s]
                        for c in range(channels):
                            pixel[c] += row[base + c]
    return x


# The first backward step of a conv's rows in one sweep, as dense_activation_backward_bias
# does for Dense, but into the op's reused scratch: on W3's first conv dz is 2.7 MB per half
# of the batch and step, and one pass instead of two saved ~0.08 ms a half. The bias is
# summed as bias_gradient sums it (rows in order, in float64): the same bits. (Summing
# cols.T @ dz here too for 9 taps ran at a quarter of BLAS's speed, 0.62 against 0.25 ms.)
@njit(cache=True, error_model="numpy", nogil=True)
def conv_backward_bias(y, dy, relu, dz):
    """Writes ``dz = dy * (y > 0)`` (``dy`` if not ``relu``) and returns ``dbias = sum(dz, axis=0)``.

    Args:
        y, dy: ``(rows, filters)``, the forward output and its gradient.
        relu: True for a relu activation, False for linear.
        dz: ``(rows, filters)``, written.

    Returns:
        ``(filters,)`` in y's dtype, summed in float64 row by row.
    """
    rows, filters = y.shape
    total = float64_zeros(filters)
    for r in range(rows):
        for f in range(filters):
            d = dy[r, f] if (y[r, f] > 0.0 or not relu) else 0.0
            dz[r, f] = d
            total[f] += d
    return rounded_like(total, y)
