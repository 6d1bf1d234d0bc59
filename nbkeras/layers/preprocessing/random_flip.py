"""RandomFlip: mirror images left-right and/or upside down, at random, while training."""

import numpy as np

from nbkeras.layers.preprocessing.base_image_layer import BaseRandomLayer

MODES = ("horizontal", "vertical", "horizontal_and_vertical")


def flip(images, flips, mode):
    """Flips the images where ``flips`` (one bool per image) is true."""
    chosen = np.asarray(flips, dtype=bool).reshape(-1, 1, 1, 1)
    if mode in ("horizontal", "horizontal_and_vertical"):
        images = np.where(chosen, images[:, :, ::-1], images)
    if mode in ("vertical", "horizontal_and_vertical"):
        images = np.where(chosen, images[:, ::-1], images)
    return images


class RandomFlip(BaseRandomLayer):
    """Each image is flipped with probability 1/2 (both axes at once in
    ``"horizontal_and_vertical"`` mode, as Keras draws one coin per image).

    Args:
        mode: ``"horizontal"``, ``"vertical"`` or ``"horizontal_and_vertical"``.
        seed: optional int for a repeatable generator.
    """

    def __init__(self, mode="horizontal_and_vertical", seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        if mode not in MODES:
            raise ValueError(f"RandomFlip layer {self.name} received an unknown mode argument "
                             f"{mode}. Expected one of {MODES}.")
        self.mode = mode

    def transform(self, images, rng):
        return flip(images, rng.uniform(size=len(images)) <= 0.5, self.mode)

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}
