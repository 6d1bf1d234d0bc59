"""DepthwiseConv2D: each input channel convolved with its own filters."""

from nbkeras.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    """Depthwise 2-D convolution: ``depth_multiplier`` filters per input channel, no mixing.

    The weight ``depthwise_kernel`` has shape ``(*kernel_size, channels, depth_multiplier)``;
    output channel ``c * depth_multiplier + m`` comes from input channel ``c``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.DepthwiseConv2D(3, depth_multiplier=2)(np.ones((1, 5, 5, 4))).shape
        (1, 3, 3, 8)
    """

    rank = 2
