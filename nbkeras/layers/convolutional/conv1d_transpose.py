"""Conv1DTranspose: the transposed (fractionally strided) 1-D convolution."""

from nbkeras.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv1DTranspose(BaseConvTranspose):
    """Transposed 1-D convolution over ``(batch, steps, channels)``; kernel ``(k, filters, channels)``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.Conv1DTranspose(2, 3, strides=2, padding="same")(np.ones((1, 5, 3))).shape
        (1, 10, 2)
    """

    rank = 1
