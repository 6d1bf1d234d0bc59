"""The depth axis of a 3-D convolution, built from the 2-D im2col of every depth slice.

A 3-D receptive field is ``kernel_d`` 2-D receptive fields at depths
``o*stride + a*dilation - pad`` (``a < kernel_d``). So the op runs the 2-D
im2col on all ``batch*depth`` slices at once and places, for each depth tap
``a``, the columns of the right slice side by side: the columns of the 3-D
convolution, ordered ``(a, p, q, c)`` like the kernel ``(kd, kh, kw, c, f)``.
A slice outside the volume (the padding) gives zeros. No new kernel to
compile: Conv3D reuses the 2-D ones, with ``kernel_d`` NumPy copies per call.
"""

import numpy as np


def _sources(depth, kernel_d, stride, dilation, pad, out_d, tap):
    """Output depths whose tap ``tap`` lies inside the volume, and the slices they read."""
    source = np.arange(out_d) * stride + tap * dilation - pad
    inside = (source >= 0) & (source < depth)
    return inside, source[inside]


def stack_depth_taps(cols, batch, depth, kernel_d, stride, dilation, pad, out_d):
    """``(batch*depth*P, K)`` 2-D columns -> ``(batch*out_d*P, kernel_d*K)`` 3-D columns.

    ``P`` is the number of output positions of one slice and ``K`` the
    2-D taps (``kh*kw*channels``). Returns ``cols`` itself for a depth-1 kernel
    that keeps every slice (1-D and 2-D convolutions).
    """
    if (kernel_d, stride, pad, out_d) == (1, 1, 0, depth):
        return cols
    slices = cols.reshape(batch, depth, -1, cols.shape[1])
    stacked = np.zeros((batch, out_d, slices.shape[2], kernel_d, cols.shape[1]), dtype=cols.dtype)
    for tap in range(kernel_d):
        inside, source = _sources(depth, kernel_d, stride, dilation, pad, out_d, tap)
        stacked[:, :, :, tap][:, inside] = slices[:, source]  # a view, then one index array
    return stacked.reshape(-1, kernel_d * cols.shape[1])


def unstack_depth_taps(dcols, batch, depth, kernel_d, stride, dilation, pad, out_d):
    """The adjoint of ``stack_depth_taps``: adds each tap's columns back onto its slice."""
    if (kernel_d, stride, pad, out_d) == (1, 1, 0, depth):
        return dcols
    width = dcols.shape[1] // kernel_d
    taps = dcols.reshape(batch, out_d, -1, kernel_d, width)
    slices = np.zeros((batch, depth, taps.shape[2], width), dtype=dcols.dtype)
    for tap in range(kernel_d):
        inside, source = _sources(depth, kernel_d, stride, dilation, pad, out_d, tap)
        slices[:, source] += taps[:, :, :, tap][:, inside]  # one tap reads each slice at most once
    return slices.reshape(-1, width)
