"""Image files to arrays and back (Pillow, imported only when a function runs)."""

import io
import os
import warnings

import numpy as np

_PIL_METHODS = {"nearest": "NEAREST", "bilinear": "BILINEAR", "bicubic": "BICUBIC",
                "lanczos": "LANCZOS", "box": "BOX", "hamming": "HAMMING"}


def _pil_image():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("Reading and writing images needs Pillow (it comes with matplotlib): "
                          "pip install Pillow") from None
    return Image


def load_img(path, color_mode="rgb", target_size=None, interpolation="nearest",
             keep_aspect_ratio=False):
    """Loads an image file as a PIL image.

    Args:
        path: a file path (or a file-like object / ``io.BytesIO``).
        color_mode: ``"grayscale"``, ``"rgb"`` or ``"rgba"``.
        target_size: ``(height, width)`` to resize to, or None.
        interpolation: Pillow's resampling: ``"nearest"``, ``"bilinear"``, ``"bicubic"``,
            ``"lanczos"``, ``"box"`` or ``"hamming"``.
        keep_aspect_ratio: crop the centre to the target's aspect ratio before resizing.

    Returns:
        A ``PIL.Image.Image``.
    """
    Image = _pil_image()
    if isinstance(path, io.BytesIO):
        img = Image.open(path)
    elif isinstance(path, (str, bytes, os.PathLike)):
        with open(os.fspath(path), "rb") as stream:
            img = Image.open(io.BytesIO(stream.read()))
    else:
        raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")
    modes = {"grayscale": ("L", "I;16", "I"), "rgba": ("RGBA",), "rgb": ("RGB",)}
    if color_mode not in modes:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba". Received: '
                         f"color_mode={color_mode!r}")
    if img.mode not in modes[color_mode]:
        img = img.convert(modes[color_mode][0])
    if target_size is not None:
        size = (int(target_size[1]), int(target_size[0]))
        if img.size != size:
            if interpolation not in _PIL_METHODS:
                raise ValueError(f"Invalid interpolation method {interpolation!r}. Supported "
                                 f"methods are {', '.join(_PIL_METHODS)}")
            resample = getattr(Image.Resampling, _PIL_METHODS[interpolation])
            if keep_aspect_ratio:
                from nbkeras.ops.image import crop_box

                top, left, height, width = crop_box(img.height, img.width, target_size[0],
                                                    target_size[1])
                img = img.crop((left, top, left + width, top + height))
            img = img.resize(size, resample)
    return img


def img_to_array(img, data_format=None, dtype=None):
    """A PIL image as a ``(height, width, channels)`` float32 array (values 0-255)."""
    _check_format(data_format)
    array = np.asarray(img, dtype=dtype or "float32")
    if array.ndim == 2:
        array = array[:, :, None]
    elif array.ndim != 3:
        raise ValueError(f"Unsupported image shape: {array.shape}")
    return array


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A ``(height, width, channels)`` array as a PIL image.

    Args:
        x: 1 (grayscale), 3 (RGB) or 4 (RGBA) channels.
        scale: stretch the values to 0-255 first (min to 0, max to 255).

    Returns:
        A ``PIL.Image.Image``.
    """
    _check_format(data_format)
    Image = _pil_image()
    x = np.array(x, dtype=dtype or "float32")
    if x.ndim != 3:
        raise ValueError("Expected image array to have rank 3 (single image). Got array with "
                         f"shape: {x.shape}")
    if scale:
        x = x - x.min()
        if x.max() != 0:
            x = x / x.max()
        x = x * 255
    channels = x.shape[2]
    if channels in (3, 4):
        return Image.fromarray(x.astype("uint8"), "RGBA" if channels == 4 else "RGB")
    if channels == 1:
        if x.max() > 255:
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}. Use 1, 3 or 4 channels.")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Saves an array as an image file (format from ``file_format`` or the extension)."""
    img = array_to_img(x, data_format=data_format, scale=scale)
    if file_format is None and isinstance(path, (str, os.PathLike)):
        extension = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
        file_format = {"jpg": "jpeg"}.get(extension, extension) or None
    if img.mode == "RGBA" and file_format in ("jpg", "jpeg"):
        warnings.warn("The JPG format does not support RGBA images, converting to RGB.",
                      stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def _check_format(data_format):
    if data_format not in (None, "channels_last"):
        raise ValueError("nbkeras works with channels_last images only (Keras's default). "
                         f"Received: data_format={data_format!r}")
