"""Conv1D: ``activation(conv(inputs, kernel) + bias)`` along the time axis."""

from nbkeras.layers.convolutional.base_conv import Conv


class Conv1D(Conv):
    """1-D convolution over ``(batch, steps, channels)``, e.g. a temporal filter.

    Args:
        filters: number of output channels.
        kernel_size: int, the window length.
        strides, dilation_rate: ints (not both > 1).
        padding: ``"valid"``, ``"same"`` or ``"causal"`` (output t sees inputs <= t only).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        groups: split channels into groups with their own filters.
        activation, use_bias, *_initializer, *_regularizer, *_constraint: as Dense.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.Conv1D(4, 3)(np.ones((2, 10, 3))).shape
        (2, 8, 4)
    """

    rank = 1
    paddings = ("valid", "same", "causal")
