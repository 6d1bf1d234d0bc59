"""``keras.ops``'s layer_normalization, rms_normalization and batch_normalization.

The normalization layers call the same functions, so an op and its layer give the
same numbers. Layer normalization runs on ``GroupNormOp`` (one group per row: its
kernel standardizes and differentiates a row in one pass); the other two are
compositions of differentiable ops.
"""

import math
import warnings

from nbkeras import config
from nbkeras.ops.nn.normalization import GroupNormOp
from nbkeras.ops.numpy.arithmetic import add, divide, multiply, sqrt, square
from nbkeras.ops.numpy.reductions import mean
from nbkeras.ops.numpy.shaping import expand_dims, reshape, transpose
from nbkeras.ops.numpy.statistics import var
from nbkeras.ops.tensor import as_tensor


def normalized_axes(axis, ndim, where):
    """``(listed, positions)``: ``axis`` sorted as Keras sorts it (as given), and the axes it names."""
    listed = sorted(axis) if isinstance(axis, (list, tuple)) else [axis]
    for value in listed:
        if not isinstance(value, int) or not -ndim <= value < ndim:
            raise ValueError(f"{where}: axis {value} is out of bounds for an input of rank {ndim}. "
                             f"Received: axis={axis}")
    positions = sorted({value % ndim for value in listed})
    if len(positions) < len(listed):
        raise ValueError(f"{where}: every axis must be named once. Received: axis={axis}")
    return listed, positions


def weight_axes(axis, input_shape, where):
    """``(listed, shape)`` of a normalization layer's weights: the axes as Keras lists them and
    ``[input_shape[a] for a in listed]``; every axis must be a known, non-batch axis."""
    listed, positions = normalized_axes(axis, len(input_shape), where)
    if 0 in positions or any(input_shape[a] is None for a in positions):
        raise ValueError(f"{where}: every axis must be a known, non-batch axis. Received: axis={axis} "
                         f"for input shape {tuple(input_shape)}")
    return listed, tuple(input_shape[a] for a in listed)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """``(x - mean) / sqrt(var + epsilon) * gamma + beta``, statistics over ``axis`` (int or list).

    ``gamma`` and ``beta`` hold one value per element of the normalized axes, laid over them
    in the input's order, as Keras reshapes them. ``rms_scaling=True`` (deprecated in Keras 3)
    divides by the standard deviation without centering and ignores ``beta``.

    Example:
        >>> import nbkeras as keras
        >>> y = keras.ops.layer_normalization(keras.ops.arange(5, dtype="float32"))
        >>> [round(float(v), 4) for v in y]
        [-1.4142, -0.7071, 0.0, 0.7071, 1.4142]
    """
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"layer_normalization: unexpected arguments {sorted(kwargs)}.")
    if rms_scaling:
        warnings.warn("layer_normalization: rms_scaling=True is deprecated in Keras 3: it divides by "
                      "the standard deviation, not the root mean square. Use ops.rms_normalization.",
                      stacklevel=2)
    x = as_tensor(x)
    _, positions = normalized_axes(axis, x.ndim, "layer_normalization")
    return standardize(x, gamma, beta, positions, config.epsilon() if epsilon is None else epsilon,
                       rms_scaling)


def standardize(x, gamma, beta, positions, epsilon, rms_scaling=False):
    """``layer_normalization`` without its checks and warning (LayerNormalization calls it)."""
    if rms_scaling:
        y = divide(x, sqrt(add(var(x, axis=tuple(positions), keepdims=True), epsilon)))
        return y if gamma is None else multiply(y, _laid_over(gamma, x, positions))
    # The normalized axes last, in the input's order, then one row per remaining position.
    order = tuple(a for a in range(x.ndim) if a not in positions) + tuple(positions)
    moved = x if order == tuple(range(x.ndim)) else transpose(x, order)
    features = math.prod(x.shape[a] for a in positions)
    rows = GroupNormOp.apply(reshape(moved, (-1, features)), _flat(gamma, features, "gamma"),
                             _flat(beta, features, "beta"), groups=1, epsilon=epsilon)
    y = reshape(rows, moved.shape)
    return y if moved is x else transpose(y, tuple(order.index(a) for a in range(x.ndim)))


def _flat(weight, features, name):
    if weight is None:
        return None
    weight = as_tensor(weight)
    if math.prod(weight.shape) != features:
        raise ValueError(f"layer_normalization: `{name}` must hold one value per element of the "
                         f"normalized axes ({features}). Received: {name}.shape={tuple(weight.shape)}")
    return weight if weight.ndim == 1 else reshape(weight, (-1,))


def _laid_over(weight, x, positions):
    """``weight`` reshaped onto the normalized axes of ``x`` (size 1 elsewhere), as Keras does."""
    return reshape(weight, tuple(x.shape[a] if a in positions else 1 for a in range(x.ndim)))


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """``x / sqrt(mean(x**2, axis) + epsilon) * scale`` (``scale`` broadcast against ``x``).

    Example:
        >>> import nbkeras as keras
        >>> y = keras.ops.rms_normalization(keras.ops.convert_to_tensor([3.0, 4.0]))
        >>> [round(float(v), 4) for v in y]
        [0.8485, 1.1314]
    """
    x = as_tensor(x)
    if x.ndim == 0:
        x = expand_dims(x, 0)
    _, positions = normalized_axes(axis, x.ndim, "rms_normalization")
    epsilon = config.epsilon() if epsilon is None else epsilon
    mean_square = mean(square(x), axis=tuple(positions), keepdims=True)
    y = divide(x, sqrt(add(mean_square, epsilon)))
    return y if scale is None else multiply(y, scale)


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """``(x - mean) / sqrt(variance + epsilon) * scale + offset``, the vectors laid along ``axis``.

    Example:
        >>> import nbkeras as keras
        >>> x = keras.ops.convert_to_tensor([[0.1, 0.2], [0.4, 0.5]])
        >>> y = keras.ops.batch_normalization(x, mean=[0.25, 0.35], variance=[1.0, 1.0], axis=-1, epsilon=0.0)
        >>> [[round(float(v), 2) for v in row] for row in y]
        [[-0.15, -0.15], [0.15, 0.15]]
    """
    x = as_tensor(x)
    _, (position,) = normalized_axes(axis, x.ndim, "batch_normalization")
    shape = tuple(x.shape[position] if a == position else 1 for a in range(x.ndim))

    def laid(vector):
        return reshape(as_tensor(vector, dtype=x.dtype), shape)

    inverse = divide(1.0, sqrt(add(laid(variance), epsilon)))
    if scale is not None:
        inverse = multiply(inverse, laid(scale))
    shift = multiply(multiply(laid(mean), -1.0), inverse)
    if offset is not None:
        shift = add(shift, laid(offset))
    return add(multiply(x, inverse), shift)
