"""Conv2DTranspose: the transposed (fractionally strided) 2-D convolution."""

from nbkeras.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv2DTranspose(BaseConvTranspose):
    """Transposed 2-D convolution; kernel ``(kh, kw, filters, in_channels)``.

    Args:
        filters, kernel_size, strides, padding, dilation_rate, data_format: as Conv2D
            (``padding`` is ``"valid"`` or ``"same"``).
        output_padding: int or pair < strides added to the output size, or None.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.Conv2DTranspose(4, 3, strides=2, padding="same")(np.ones((1, 7, 7, 8))).shape
        (1, 14, 14, 4)
    """

    rank = 2
