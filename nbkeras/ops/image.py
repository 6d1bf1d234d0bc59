"""Image operations on NumPy arrays (channels_last): resize, crop, affine warps.

These are the numbers behind the preprocessing layers (``Resizing``,
``RandomRotation``, ``RandomZoom``, ...) and ``image_dataset_from_directory``.
They follow Keras 3 on its torch backend: ``resize`` is
``torch.nn.functional.interpolate`` (half-pixel centres, no antialiasing;
``"nearest"`` is torch's ``nearest-exact``), and ``affine_transform`` maps
every output pixel ``(x, y)`` to the input point
``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)``, ``k = c0 x + c1 y + 1``,
read with bilinear or nearest interpolation. Nothing here is differentiable:
preprocessing happens before the trainable part of a model.
"""

import numpy as np

INTERPOLATIONS = ("bilinear", "nearest")
FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def _batched(images):
    images = np.asarray(images)
    if images.ndim not in (3, 4):
        raise ValueError("Invalid images rank: expected rank 3 (single image) or rank 4 (batch "
                         f"of images). Received input with shape: images.shape={images.shape}")
    return (images[None], True) if images.ndim == 3 else (images, False)


def _source_positions(out_size, in_size, interpolation):
    """Where each output row/column reads from (torch's half-pixel rule)."""
    scale = in_size / out_size
    centres = (np.arange(out_size, dtype=np.float64) + 0.5) * scale
    if interpolation == "nearest":
        return np.minimum(np.floor(centres).astype(np.int64), in_size - 1), None
    source = np.maximum(centres - 0.5, 0.0)
    lower = np.minimum(np.floor(source).astype(np.int64), in_size - 1)
    upper = np.minimum(lower + 1, in_size - 1)
    return (lower, upper), (source - lower).astype(np.float32)


def crop_box(height, width, target_height, target_width):
    """The centred box of the target aspect ratio: ``(top, left, crop_height, crop_width)``."""
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    return (int(float(height - crop_height) / 2), int(float(width - crop_width) / 2),
            crop_height, crop_width)


def pad_to_aspect_ratio(images, target_height, target_width, fill_value=0.0):
    """Pads ``(batch, h, w, c)`` images equally on both sides up to the target aspect ratio."""
    height, width = images.shape[1:3]
    pad_height = max(height, int(float(width * target_height) / target_width))
    pad_width = max(width, int(float(height * target_width) / target_height))
    top, left = int(float(pad_height - height) / 2), int(float(pad_width - width) / 2)
    return np.pad(images, ((0, 0), (top, top), (left, left), (0, 0)), constant_values=fill_value)


def resize(images, size, interpolation="bilinear", crop_to_aspect_ratio=False,
           pad_to_aspect_ratio_=False, fill_value=0.0):
    """Resizes ``(batch, h, w, c)`` or ``(h, w, c)`` images to ``size = (height, width)``.

    Args:
        images: the images (any real dtype; floats stay floats, others become float32).
        size: ``(height, width)`` of the output.
        interpolation: ``"bilinear"`` or ``"nearest"``.
        crop_to_aspect_ratio: first crop the largest centred box of the target's
            aspect ratio, so nothing is stretched.
        pad_to_aspect_ratio_: instead pad with ``fill_value`` up to that ratio.

    Returns:
        The resized images, float (float64 stays float64, other types become float32).
    """
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"Invalid value for argument `interpolation`. Expected one of "
                         f"{INTERPOLATIONS}. Received: interpolation={interpolation!r}")
    images, single = _batched(images)
    dtype = images.dtype if images.dtype in (np.float32, np.float64) else np.float32
    images = images.astype(dtype, copy=False)
    target_height, target_width = (int(s) for s in size)
    if crop_to_aspect_ratio:
        top, left, height, width = crop_box(*images.shape[1:3], target_height, target_width)
        images = images[:, top:top + height, left:left + width]
    elif pad_to_aspect_ratio_:
        images = pad_to_aspect_ratio(images, target_height, target_width, fill_value)
    rows, row_weight = _source_positions(target_height, images.shape[1], interpolation)
    cols, col_weight = _source_positions(target_width, images.shape[2], interpolation)
    if interpolation == "nearest":
        result = images[:, rows][:, :, cols]
    else:
        top = images[:, rows[0]]
        bottom = images[:, rows[1]]
        row_weight = row_weight.astype(dtype)[None, :, None, None]
        blended = top + (bottom - top) * row_weight
        col_weight = col_weight.astype(dtype)[None, None, :, None]
        left, right = blended[:, :, cols[0]], blended[:, :, cols[1]]
        result = left + (right - left) * col_weight
    return result[0] if single else result


def _fix_index(index, size, fill_mode):
    """Keras's index fixers: where a coordinate outside the image reads from."""
    if fill_mode in ("constant", "nearest"):
        return np.clip(index, 0, size - 1)
    if fill_mode == "wrap":
        return index % size
    mirrored = np.abs((2 * index + 1 + 2 * size) % (2 * (2 * size)) - 2 * size)
    return (mirrored - 1) // 2  # "reflect": d c b a | a b c d | d c b a


def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0.0):
    """Warps images with projective transforms ``[a0, a1, a2, b0, b1, b2, c0, c1]``.

    Args:
        images: ``(batch, h, w, c)`` or ``(h, w, c)``.
        transform: ``(8,)`` or ``(batch, 8)``: each output pixel ``(x, y)`` reads the
            input at ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)``,
            ``k = c0 x + c1 y + 1``.
        interpolation: ``"bilinear"`` or ``"nearest"`` (rounds half to even, as torch).
        fill_mode: how points outside the input are read: ``"constant"``
            (``fill_value``), ``"nearest"``, ``"wrap"`` or ``"reflect"``.

    Returns:
        The warped images, same shape and dtype.
    """
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"Invalid value for argument `interpolation`. Expected one of "
                         f"{INTERPOLATIONS}. Received: interpolation={interpolation!r}")
    if fill_mode not in FILL_MODES:
        raise ValueError(f"Invalid value for argument `fill_mode`. Expected one of "
                         f"{FILL_MODES}. Received: fill_mode={fill_mode!r}")
    images, single = _batched(images)
    transform = np.asarray(transform, dtype=np.float32).reshape(-1, 8)
    if len(transform) == 1 and len(images) > 1:
        transform = np.repeat(transform, len(images), axis=0)
    batch, height, width, _ = images.shape
    y, x = np.meshgrid(np.arange(height, dtype=np.float32), np.arange(width, dtype=np.float32),
                       indexing="ij")
    result = np.empty_like(images)
    for i in range(batch):
        a0, a1, a2, b0, b1, b2, c0, c1 = transform[i]
        k = c0 * x + c1 * y + 1
        source_x, source_y = (a0 * x + a1 * y + a2) / k, (b0 * x + b1 * y + b2) / k
        result[i] = _sample(images[i], source_y, source_x, interpolation, fill_mode, fill_value)
    return result[0] if single else result


def _sample(image, source_y, source_x, interpolation, fill_mode, fill_value):
    """Reads one ``(h, w, c)`` image at fractional positions (Keras's ``map_coordinates``)."""
    height, width = image.shape[:2]
    if interpolation == "nearest":
        corners = [(np.round(source_y).astype(np.int64), np.round(source_x).astype(np.int64),
                    np.float32(1.0))]
    else:
        top, left = np.floor(source_y), np.floor(source_x)
        dy, dx = (source_y - top).astype(np.float32), (source_x - left).astype(np.float32)
        top, left = top.astype(np.int64), left.astype(np.int64)
        corners = [(top, left, (1 - dy) * (1 - dx)), (top, left + 1, (1 - dy) * dx),
                   (top + 1, left, dy * (1 - dx)), (top + 1, left + 1, dy * dx)]
    total = np.zeros(source_y.shape + image.shape[2:], dtype=np.float32)
    for row, col, weight in corners:
        value = image[_fix_index(row, height, fill_mode), _fix_index(col, width, fill_mode)]
        if fill_mode == "constant":
            inside = (row >= 0) & (row < height) & (col >= 0) & (col < width)
            value = np.where(inside[..., None], value, np.asarray(fill_value, value.dtype))
        total += np.asarray(weight, np.float32)[..., None] * value
    if image.dtype.kind in "iu":
        total = np.round(total)
    return total.astype(image.dtype)
