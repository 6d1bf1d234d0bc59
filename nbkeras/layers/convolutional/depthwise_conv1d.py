"""DepthwiseConv1D: each input channel convolved with its own filters."""

from nbkeras.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv1D(BaseDepthwiseConv):
    """Depthwise 1-D convolution: ``depth_multiplier`` filters per input channel, no mixing.

    The weight ``depthwise_kernel`` has shape ``(*kernel_size, channels, depth_multiplier)``;
    output channel ``c * depth_multiplier + m`` comes from input channel ``c``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.DepthwiseConv1D(3, depth_multiplier=2)(np.ones((1, 5, 4))).shape
        (1, 3, 8)
    """

    rank = 1
