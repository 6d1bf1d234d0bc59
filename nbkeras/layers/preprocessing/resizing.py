"""Resizing: images to a fixed height and width (bilinear or nearest)."""

from nbkeras.layers.preprocessing.base_image_layer import BaseImageLayer
from nbkeras.ops.image import resize


class Resizing(BaseImageLayer):
    """Resizes images to ``(height, width)``, like Keras 3 (torch's interpolate, no antialias).

    Args:
        height, width: the output size.
        interpolation: ``"bilinear"`` or ``"nearest"``.
        crop_to_aspect_ratio: crop the largest centred box of the target aspect ratio first.
        pad_to_aspect_ratio: pad with ``fill_value`` to the target aspect ratio first.
        fill_mode, fill_value: padding (``"constant"`` only).

    Example:
        >>> import numpy as np
        >>> Resizing(2, 2)(np.arange(16.0).reshape(1, 4, 4, 1)).numpy()[0, :, :, 0]
        array([[ 2.5,  4.5],
               [10.5, 12.5]], dtype=float32)
    """

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 antialias=False, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if interpolation not in ("bilinear", "nearest"):
            raise ValueError("nbkeras's Resizing supports interpolation 'bilinear' and 'nearest'. "
                             f"Received: interpolation={interpolation!r}")
        if antialias:
            raise ValueError("nbkeras's Resizing does not antialias: use antialias=False.")
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError("Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can "
                             "be set to `True`.")
        self.height, self.width = int(height), int(width)
        self.interpolation, self.crop_to_aspect_ratio = interpolation, crop_to_aspect_ratio
        self.pad_to_aspect_ratio, self.fill_mode, self.fill_value = (pad_to_aspect_ratio,
                                                                     fill_mode, fill_value)
        self.antialias = antialias

    def call(self, inputs):
        images, single = self.images(inputs)
        resized = resize(images, (self.height, self.width), self.interpolation,
                         self.crop_to_aspect_ratio, self.pad_to_aspect_ratio, self.fill_value)
        return self.output(resized, single)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias}
