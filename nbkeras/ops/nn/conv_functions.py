"""``keras.ops``'s conv, depthwise_conv, separable_conv, conv_transpose, max_pool and average_pool.

The same ops the Conv and Pooling layers run (``ConvOp``, ``MaxPoolOp``, ``AvgPoolOp``),
with Keras's function signatures: channels-last by default, ``data_format=
"channels_first"`` transposed around the op, 1-D, 2-D and 3-D inputs.
"""

from nbkeras.ops.nn.conv import ConvOp, ConvTransposeOp
from nbkeras.ops.nn.pooling import AvgPoolOp, MaxPoolOp
from nbkeras.ops.numpy.shaping import reshape, transpose
from nbkeras.ops.tensor import as_tensor


PADDINGS = ("valid", "same")  # what the ops accept ("causal" is a Conv1D layer option)


def standardize_data_format(data_format):
    value = "channels_last" if data_format is None else str(data_format).lower()
    if value not in ("channels_last", "channels_first"):
        raise ValueError("The `data_format` argument must be one of 'channels_first', "
                         f"'channels_last'. Received: data_format={data_format!r}")
    return value


def to_channels_last(inputs, data_format):
    if data_format == "channels_last":
        return inputs
    return transpose(inputs, (0,) + tuple(range(2, inputs.ndim)) + (1,))


def from_channels_last(outputs, data_format):
    if data_format == "channels_last":
        return outputs
    return transpose(outputs, (0, outputs.ndim - 1) + tuple(range(1, outputs.ndim - 1)))


def standardize_tuple(value, rank, name, layer_name, allow_zero=False):
    """An int or a sequence of ``rank`` ints, checked, as a tuple (Keras's rule)."""
    values = (value,) * rank if isinstance(value, int) else tuple(value)
    if len(values) != rank or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise ValueError(f'{layer_name}: the `{name}` argument must be an int or a tuple of {rank} '
                         f"ints. Received: {name}={value!r}")
    if any(v < (0 if allow_zero else 1) for v in values):
        kind = "negative" if allow_zero else "non-positive"
        raise ValueError(f"{layer_name}: `{name}` cannot contain {kind} values. Received: {name}={value!r}")
    return values


def standardize_padding(padding, allowed, layer_name):
    value = str(padding).lower()
    if value not in allowed:
        raise ValueError(f"{layer_name}: `padding` must be one of {', '.join(allowed)}. "
                         f"Received: padding={padding!r}")
    return value


def standardize_output_padding(output_padding, strides, where):
    """None, or one int per spatial axis, each at least 0 and smaller than its stride."""
    if output_padding is None:
        return None
    values = standardize_tuple(output_padding, len(strides), "output_padding", where, allow_zero=True)
    if any(pad >= stride for pad, stride in zip(values, strides)):
        raise ValueError(f"{where}: strides must be greater than output padding. Received "
                         f"strides={strides}, output_padding={values}.")
    return values


def _inputs(inputs, data_format, where):
    """(channels-last inputs, data format, spatial rank), checked."""
    x = as_tensor(inputs)
    if not 3 <= x.ndim <= 5:
        raise ValueError(f"{where}: inputs must have rank 3, 4 or 5 (batch, spatial axes, channels). "
                         f"Received shape {tuple(x.shape)}. Add the batch axis with x[None].")
    data_format = standardize_data_format(data_format)
    return to_channels_last(x, data_format), data_format, x.ndim - 2


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """An N-D convolution: ``kernel`` is ``(*kernel_size, in_channels // groups, filters)``.

    The number of groups is ``in_channels // kernel.shape[-2]``, as in Keras.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.ops.conv(np.ones((1, 5, 5, 2), "float32"), np.ones((3, 3, 2, 4), "float32")).shape
        (1, 3, 3, 4)
    """
    x, data_format, rank = _inputs(inputs, data_format, "ops.conv")
    kernel = as_tensor(kernel)
    channels, per_group = x.shape[-1], kernel.shape[-2] if kernel.ndim == rank + 2 else None
    if per_group is None or channels % per_group:
        raise ValueError(f"ops.conv: the kernel must have shape (*kernel_size, in_channels // groups, "
                         f"filters) with {rank} kernel axes and in_channels ({channels}) divisible by its "
                         f"second last axis. Received kernel.shape={tuple(kernel.shape)}")
    return _convolved(x, kernel, channels // per_group, strides, padding, dilation_rate, data_format,
                      "ops.conv")


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Each input channel convolved with its own filters: ``kernel`` is
    ``(*kernel_size, in_channels, depth_multiplier)``; output channel ``c * depth_multiplier + m``.

    Channels never mix: below, each of the two channels is summed over a window of two
    steps on its own.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> x = np.array([[[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]], "float32")  # 3 steps, 2 channels
        >>> keras.ops.depthwise_conv(x, np.ones((2, 2, 1), "float32"))[0].numpy().tolist()
        [[3.0, 30.0], [5.0, 50.0]]
    """
    x, data_format, rank = _inputs(inputs, data_format, "ops.depthwise_conv")
    kernel = as_tensor(kernel)
    if kernel.ndim != rank + 2 or kernel.shape[-2] != x.shape[-1]:
        raise ValueError(f"ops.depthwise_conv: the kernel must have shape (*kernel_size, in_channels "
                         f"= {x.shape[-1]}, depth_multiplier). Received kernel.shape={tuple(kernel.shape)}")
    grouped = reshape(kernel, tuple(kernel.shape[:-2]) + (1, kernel.shape[-2] * kernel.shape[-1]))
    return _convolved(x, grouped, x.shape[-1], strides, padding, dilation_rate, data_format,
                      "ops.depthwise_conv")


def _convolved(x, kernel, groups, strides, padding, dilation_rate, data_format, where):
    """``ConvOp`` (no bias, no activation) on channels-last ``x``, back in ``data_format``."""
    rank = x.ndim - 2
    y = ConvOp.apply(x, kernel, None, strides=standardize_tuple(strides, rank, "strides", where),
                     dilation=standardize_tuple(dilation_rate, rank, "dilation_rate", where),
                     padding=standardize_padding(padding, PADDINGS, where), groups=groups, activation=0)
    return from_channels_last(y, data_format)


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    """``depthwise_conv``, then a 1x1 ``conv`` with ``pointwise_kernel``
    ``(*ones, in_channels * depth_multiplier, filters)``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.ops.separable_conv(np.ones((1, 5, 5, 2), "float32"), np.ones((3, 3, 2, 3), "float32"),
        ...                          np.ones((1, 1, 6, 4), "float32")).shape
        (1, 3, 3, 4)
    """
    data_format = standardize_data_format(data_format)
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None, data_format=None,
                   dilation_rate=1):
    """The transposed convolution of 1-D or 2-D inputs: ``kernel`` is
    ``(*kernel_size, filters, in_channels)``; with ``strides=2`` and ``padding="same"`` the
    output is twice the input's size.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> x = np.ones((1, 3, 3, 2), "float32")
        >>> keras.ops.conv_transpose(x, np.ones((3, 3, 4, 2), "float32"), strides=2, padding="same").shape
        (1, 6, 6, 4)
    """
    where = "ops.conv_transpose"
    x, data_format, rank = _inputs(inputs, data_format, where)
    kernel = as_tensor(kernel)
    if rank == 3:
        raise ValueError(f"{where}: 3-D inputs are not supported (1-D and 2-D are). Received shape "
                         f"{tuple(x.shape)}")
    if kernel.ndim != rank + 2 or kernel.shape[-1] != x.shape[-1]:
        raise ValueError(f"{where}: the kernel must have shape (*kernel_size, filters, in_channels = "
                         f"{x.shape[-1]}) with {rank} kernel axes. "
                         f"Received kernel.shape={tuple(kernel.shape)}")
    strides = standardize_tuple(strides, rank, "strides", where)
    y = ConvTransposeOp.apply(x, kernel, None, strides=strides,
                              dilation=standardize_tuple(dilation_rate, rank, "dilation_rate", where),
                              padding=standardize_padding(padding, PADDINGS, where),
                              output_padding=standardize_output_padding(output_padding, strides, where),
                              activation=0)
    return from_channels_last(y, data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The maximum of each window (``strides`` default to ``pool_size``).

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> keras.ops.max_pool(x, 2)[0, :, :, 0].numpy().tolist()
        [[5.0, 7.0], [13.0, 15.0]]
    """
    return _pool(MaxPoolOp, "ops.max_pool", inputs, pool_size, strides, padding, data_format)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The mean of each window (``strides`` default to ``pool_size``).

    With ``padding="same"`` only the cells inside the input count, as in Keras: the
    last window of a row of three below holds one cell, so its mean is that cell.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> x = np.array([[[1.0], [2.0], [6.0]]], "float32")   # (batch, steps, channels)
        >>> keras.ops.average_pool(x, 2, padding="same")[0, :, 0].numpy().tolist()
        [1.5, 6.0]
    """
    return _pool(AvgPoolOp, "ops.average_pool", inputs, pool_size, strides, padding, data_format)


def _pool(op, where, inputs, pool_size, strides, padding, data_format):
    x, data_format, rank = _inputs(inputs, data_format, where)
    pool_size = standardize_tuple(pool_size, rank, "pool_size", where)
    strides = pool_size if strides is None else standardize_tuple(strides, rank, "strides", where)
    y = pool_channels_last(op, x, pool_size, strides, standardize_padding(padding, PADDINGS, where))
    return from_channels_last(y, data_format)


def pool_channels_last(op, x, pool_size, strides, padding):
    """``op`` (MaxPoolOp or AvgPoolOp) over a channels-last batch of 1, 2 or 3 spatial axes.

    A 3-D window pools in two steps: each depth slice over (height, width), then along
    depth. The max of maxima is the window's max, and the mean of means its mean, since
    Keras counts the cells inside the input axis by axis ("same" padding included).
    """
    if x.ndim < 5:
        return op.apply(x, pool_size=pool_size, strides=strides, padding=padding)
    batch, depth, height, width, channels = x.shape
    slices = op.apply(reshape(x, (batch * depth, height, width, channels)), pool_size=pool_size[1:],
                      strides=strides[1:], padding=padding)
    out_h, out_w = slices.shape[1:3]
    columns = reshape(slices, (batch, depth, out_h * out_w * channels))
    y = op.apply(columns, pool_size=pool_size[:1], strides=strides[:1], padding=padding)
    return reshape(y, (batch, y.shape[1], out_h, out_w, channels))
