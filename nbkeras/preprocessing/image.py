"""``keras.preprocessing.image`` (tf.keras 2): ``ImageDataGenerator`` for older tutorials.

Keras 3 removed it: augmentation is done by layers inside the model
(``RandomFlip``, ``RandomRotation``, ``RandomZoom``, ``RandomTranslation``)
and folders are read by ``keras.utils.image_dataset_from_directory``. This
version follows tf.keras 2's random parameters (degrees, shifts, shear,
zoom, flips) and warps with nbkeras's ``affine_transform`` instead of SciPy.
"""

import math

import numpy as np

from nbkeras.preprocessing.image_iterators import DirectoryIterator, NumpyArrayIterator
from nbkeras.preprocessing.legacy_warning import warn_once
from nbkeras.utils.image_utils import array_to_img, img_to_array, load_img, save_img

__all__ = ["DirectoryIterator", "ImageDataGenerator", "NumpyArrayIterator", "array_to_img",
           "img_to_array", "load_img", "save_img"]


class ImageDataGenerator:
    """Random transformations and normalization of image batches (tf.keras 2 API).

    Args:
        rotation_range: degrees; each image turns by ``uniform(-r, r)``.
        width_shift_range, height_shift_range: a fraction of the size (< 1) or pixels.
        shear_range: shear angle in degrees.
        zoom_range: ``z`` (scales in ``[1 - z, 1 + z]``) or ``[low, high]``.
        horizontal_flip, vertical_flip: flip half of the images.
        brightness_range: ``(low, high)`` factors multiplying the pixel values.
        channel_shift_range: add ``uniform(-c, c)`` to all pixels (clipped to the image range).
        fill_mode: ``"nearest"``, ``"constant"``, ``"reflect"`` or ``"wrap"``; ``cval`` fills.
        rescale: multiply the pixels by this (e.g. ``1/255``), after the transformation.
        preprocessing_function: applied to each image first in ``standardize``.
        samplewise_center, samplewise_std_normalization, featurewise_center,
        featurewise_std_normalization: normalizations (featurewise ones need ``fit``).
        validation_split: fraction kept for ``subset="validation"``.
        interpolation_order: 1 bilinear, 0 nearest.
    """

    def __init__(self, featurewise_center=False, samplewise_center=False,
                 featurewise_std_normalization=False, samplewise_std_normalization=False,
                 zca_whitening=False, zca_epsilon=1e-6, rotation_range=0, width_shift_range=0.0,
                 height_shift_range=0.0, brightness_range=None, shear_range=0.0, zoom_range=0.0,
                 channel_shift_range=0.0, fill_mode="nearest", cval=0.0, horizontal_flip=False,
                 vertical_flip=False, rescale=None, preprocessing_function=None,
                 data_format=None, validation_split=0.0, interpolation_order=1, dtype=None):
        warn_once("keras.preprocessing.image.ImageDataGenerator",
                  "augmentation layers in the model (keras.layers.RandomFlip, RandomRotation, "
                  "RandomZoom, RandomTranslation) and keras.utils.image_dataset_from_directory")
        if zca_whitening:
            raise NotImplementedError("nbkeras's ImageDataGenerator does not implement "
                                      "zca_whitening.")
        if data_format not in (None, "channels_last"):
            raise ValueError("nbkeras works with channels_last images only.")
        if fill_mode not in ("nearest", "constant", "reflect", "wrap"):
            raise ValueError("`fill_mode` should be 'nearest', 'constant', 'reflect' or 'wrap'. "
                             f"Received: fill_mode={fill_mode!r}")
        if not 0 <= validation_split < 1:
            raise ValueError(f"`validation_split` must be strictly between 0 and 1. Received: "
                             f"{validation_split}")
        if np.isscalar(zoom_range):
            zoom_range = [1 - zoom_range, 1 + zoom_range]
        elif len(zoom_range) != 2:
            raise ValueError("`zoom_range` should be a float or a tuple or list of two floats. "
                             f"Received: {zoom_range}")
        self.featurewise_center, self.samplewise_center = featurewise_center, samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.rotation_range, self.shear_range = rotation_range, shear_range
        self.width_shift_range, self.height_shift_range = width_shift_range, height_shift_range
        self.brightness_range, self.zoom_range = brightness_range, [float(z) for z in zoom_range]
        self.channel_shift_range, self.fill_mode, self.cval = channel_shift_range, fill_mode, cval
        self.horizontal_flip, self.vertical_flip = horizontal_flip, vertical_flip
        self.rescale, self.preprocessing_function = rescale, preprocessing_function
        self.validation_split, self.interpolation_order = validation_split, interpolation_order
        self.dtype = dtype or "float32"
        self.mean = self.std = None

    # ------------------------------------------------------------------ per image
    def get_random_transform(self, img_shape, seed=None):
        """Draws tf.keras 2's parameters for one image of shape ``(h, w, c)``."""
        rng = np.random.RandomState(seed) if seed is not None else np.random
        theta = rng.uniform(-self.rotation_range, self.rotation_range) if self.rotation_range else 0
        tx = _shift(rng, self.height_shift_range, img_shape[0])
        ty = _shift(rng, self.width_shift_range, img_shape[1])
        shear = rng.uniform(-self.shear_range, self.shear_range) if self.shear_range else 0
        zx, zy = (1, 1) if self.zoom_range == [1, 1] else rng.uniform(*self.zoom_range, 2)
        flip_horizontal = bool(self.horizontal_flip and rng.random_sample() < 0.5)
        flip_vertical = bool(self.vertical_flip and rng.random_sample() < 0.5)
        channel_shift = (rng.uniform(-self.channel_shift_range, self.channel_shift_range)
                         if self.channel_shift_range else None)
        brightness = rng.uniform(*self.brightness_range) if self.brightness_range else None
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy,
                "flip_horizontal": flip_horizontal, "flip_vertical": flip_vertical,
                "channel_shift_intensity": channel_shift, "brightness": brightness}

    def apply_transform(self, x, params):
        """Applies the parameters to one ``(h, w, c)`` image."""
        x = np.asarray(x, dtype=self.dtype)
        matrix = _affine_matrix(params, *x.shape[:2])
        if matrix is not None:
            from nbkeras.ops.image import affine_transform

            x = affine_transform(x, matrix, "bilinear" if self.interpolation_order else "nearest",
                                 self.fill_mode, self.cval)
        if params.get("channel_shift_intensity") is not None:
            x = np.clip(x + params["channel_shift_intensity"], x.min(), x.max())
        if params.get("flip_horizontal"):
            x = x[:, ::-1]
        if params.get("flip_vertical"):
            x = x[::-1]
        if params.get("brightness") is not None:
            x = x * params["brightness"]
        return x

    def random_transform(self, x, seed=None):
        """One randomly transformed copy of the image ``x``."""
        return self.apply_transform(x, self.get_random_transform(np.shape(x), seed))

    def standardize(self, x):
        """preprocessing_function, rescale, then the sample- and feature-wise normalizations."""
        if self.preprocessing_function is not None:
            x = self.preprocessing_function(x)
        x = np.asarray(x, dtype=self.dtype)
        if self.rescale:
            x = x * self.rescale
        if self.samplewise_center:
            x = x - np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x = x / (np.std(x, keepdims=True) + 1e-6)
        if self.featurewise_center or self.featurewise_std_normalization:
            if self.mean is None:
                raise ValueError("This ImageDataGenerator specifies `featurewise_center` or "
                                 "`featurewise_std_normalization`, but it hasn't been fit on any "
                                 "training data. Fit it first by calling `.fit(numpy_data)`.")
            if self.featurewise_center:
                x = x - self.mean
            if self.featurewise_std_normalization:
                x = x / (self.std + 1e-6)
        return x

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Computes the per-channel mean and std used by the featurewise options."""
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError("Input to `.fit()` should have rank 4. Got array with shape: "
                             f"{x.shape}")
        if augment:
            x = np.stack([self.random_transform(image, seed) for _ in range(rounds) for image in x])
        self.mean = np.mean(x, axis=(0, 1, 2)).reshape(1, 1, -1)
        self.std = np.std(x, axis=(0, 1, 2)).reshape(1, 1, -1)

    # ------------------------------------------------------------------ iterators
    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None,
             save_to_dir=None, save_prefix="", save_format="png", ignore_class_split=False,
             subset=None):
        """Batches of transformed images from arrays: ``(x, y)`` or ``x``."""
        return NumpyArrayIterator(x, y, self, batch_size=batch_size, shuffle=shuffle,
                                  sample_weight=sample_weight, seed=seed, subset=subset)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb",
                            classes=None, class_mode="categorical", batch_size=32, shuffle=True,
                            seed=None, save_to_dir=None, save_prefix="", save_format="png",
                            follow_links=False, subset=None, interpolation="nearest",
                            keep_aspect_ratio=False):
        """Batches of transformed images read from class folders."""
        return DirectoryIterator(directory, self, target_size=target_size, color_mode=color_mode,
                                 classes=classes, class_mode=class_mode, batch_size=batch_size,
                                 shuffle=shuffle, seed=seed, follow_links=follow_links,
                                 subset=subset, interpolation=interpolation,
                                 keep_aspect_ratio=keep_aspect_ratio)


def _shift(rng, shift_range, size):
    if not shift_range:
        return 0
    if isinstance(shift_range, (list, tuple, np.ndarray)):
        return float(rng.choice(shift_range))
    shift = rng.uniform(-shift_range, shift_range)
    return shift * size if np.max(shift_range) < 1 else shift


def _affine_matrix(params, height, width):
    """tf.keras 2's rotation @ shift @ shear @ zoom about the centre, as our 8 numbers."""
    theta, shear = np.deg2rad(params.get("theta", 0)), np.deg2rad(params.get("shear", 0))
    tx, ty = params.get("tx", 0), params.get("ty", 0)
    zx, zy = params.get("zx", 1), params.get("zy", 1)
    if not (theta or tx or ty or shear or zx != 1 or zy != 1):
        return None
    rotation = np.array([[math.cos(theta), -math.sin(theta), 0], [math.sin(theta),
                                                                  math.cos(theta), 0], [0, 0, 1]])
    shift = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
    shear_matrix = np.array([[1, -math.sin(shear), 0], [0, math.cos(shear), 0], [0, 0, 1]])
    zoom = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
    matrix = rotation @ shift @ shear_matrix @ zoom
    o_x, o_y = height / 2 - 0.5, width / 2 - 0.5  # (row, column) centre
    offset = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]])
    reset = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    m = offset @ matrix @ reset  # maps output (row, col) to input (row, col)
    return np.array([m[1, 1], m[1, 0], m[1, 2], m[0, 1], m[0, 0], m[0, 2], 0, 0])
