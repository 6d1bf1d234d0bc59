"""CenterCrop: the central ``height x width`` window of each image."""

from nbkeras.layers.preprocessing.base_image_layer import BaseImageLayer
from nbkeras.ops.image import resize


class CenterCrop(BaseImageLayer):
    """Crops the centre of each image; a smaller image is first resized (aspect ratio kept
    by cropping), as Keras's ``smart_resize``.

    Example:
        >>> import numpy as np
        >>> CenterCrop(2, 2)(np.arange(16.0).reshape(4, 4, 1)).numpy()[:, :, 0]
        array([[ 5.,  6.],
               [ 9., 10.]], dtype=float32)
    """

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height, self.width = int(height), int(width)

    def call(self, inputs):
        images, single = self.images(inputs)
        height, width = images.shape[1:3]
        if height >= self.height and width >= self.width:
            top, left = (height - self.height) // 2, (width - self.width) // 2
            result = images[:, top:top + self.height, left:left + self.width]
        else:
            result = resize(images, (self.height, self.width), "bilinear",
                            crop_to_aspect_ratio=True)
        return self.output(result, single)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}
