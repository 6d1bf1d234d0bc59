"""Conv3D: ``activation(conv(inputs, kernel) + bias)`` over volumes."""

from nbkeras.layers.convolutional.base_conv import Conv


class Conv3D(Conv):
    """3-D convolution over volumes ``(batch, depth, height, width, channels)``.

    The kernel has shape ``(kernel_d, kernel_h, kernel_w, channels // groups, filters)``.
    It runs on the 2-D kernels: each depth slice's im2col, the depth taps side
    by side (``ops/nn/conv_depth.py``), one BLAS product.

    Args:
        Those of ``Conv2D``; ``kernel_size``, ``strides`` and ``dilation_rate``
        take an int or a (depth, height, width) triple.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.Conv3D(4, 3, padding="same")(np.ones((1, 8, 8, 8, 1))).shape
        (1, 8, 8, 8, 4)
    """

    rank = 3
