"""Conv2D: ``activation(conv(inputs, kernel) + bias)`` over images."""

from nbkeras.layers.convolutional.base_conv import Conv


class Conv2D(Conv):
    """2-D convolution over images ``(batch, height, width, channels)``.

    The kernel has shape ``(kernel_h, kernel_w, channels // groups, filters)``.

    Args:
        filters: number of output channels (feature maps).
        kernel_size: int or (height, width) of the filters.
        strides, dilation_rate: int or pair (not both > 1).
        padding: ``"valid"`` (no padding) or ``"same"`` (output size = ceil(input / stride)).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        groups: split channels into groups with their own filters.
        activation, use_bias, *_initializer, *_regularizer, *_constraint: as Dense.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.Conv2D(8, 3, padding="same")(np.ones((1, 28, 28, 1))).shape
        (1, 28, 28, 8)
    """

    rank = 2
