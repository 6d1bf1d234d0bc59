"""RandomCrop: a random ``height x width`` window of the images while training."""

from nbkeras.layers.preprocessing.base_image_layer import BaseRandomLayer
from nbkeras.ops.image import crop_box, resize


class RandomCrop(BaseRandomLayer):
    """Crops one random window (the same offset for the whole batch, as Keras) while
    training. An image not larger than the window is centre-cropped to the window's aspect
    ratio and resized. Outside training the images pass unchanged (Keras 3.15 behaves so).

    Args:
        height, width: the window size.
        seed: optional int for a repeatable generator.
    """

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, name=name, **kwargs)
        self.height, self.width = int(height), int(width)

    def transform(self, images, rng):
        height, width = images.shape[1:3]
        if height > self.height and width > self.width:
            top = int(rng.uniform(0, height - self.height + 1))
            left = int(rng.uniform(0, width - self.width + 1))
            return self.crop(images, top, left)
        top, left, _, _ = crop_box(height, width, self.height, self.width)
        return self.crop(images, top, left)

    def crop(self, images, top, left):
        """The window at ``(top, left)``, resized if the image was too small."""
        window = images[:, top:top + self.height, left:left + self.width]
        if window.shape[1:3] != (self.height, self.width):
            window = resize(window, (self.height, self.width))
        return window

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}
