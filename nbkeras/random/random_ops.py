"""Randomness applied to tensors: ``keras.random.dropout`` and ``keras.random.shuffle``.

Both are differentiable: dropout multiplies by a fixed mask, shuffle gathers
by a fixed permutation, and the tape sends gradients back through either.
"""

import numpy as np

from nbkeras.ops.numpy.arithmetic import multiply
from nbkeras.ops.tensor import Tensor, as_tensor
from nbkeras.random.seed_generator import resolve_generator


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeroes each value with probability ``rate`` and scales the rest by ``1 / (1 - rate)``.

    Args:
        inputs: a Tensor or array.
        rate: the drop probability, in ``[0, 1)``.
        noise_shape: shape of the mask, broadcast over ``inputs`` (None: same shape;
            a None entry copies the input's size).
        seed: None, an int or a SeedGenerator.

    Example:
        >>> import nbkeras as keras
        >>> y = keras.random.dropout(keras.ops.ones((1000,)), rate=0.5, seed=1).numpy()
        >>> sorted(set(y.tolist()))
        [0.0, 2.0]
    """
    inputs = as_tensor(inputs)
    if not 0 <= float(rate) < 1:
        raise ValueError(f"dropout expects 0 <= rate < 1. Received: rate={rate!r}")
    shape = inputs.shape if noise_shape is None else tuple(
        size if n is None else int(n) for n, size in zip(noise_shape, inputs.shape))
    keep = resolve_generator(seed).random(shape) >= rate
    dtype = inputs.data.dtype if inputs.data.dtype.kind == "f" else np.dtype("float32")
    mask = (keep / np.asarray(1.0 - rate, dtype=np.float64)).astype(dtype)
    return multiply(inputs, Tensor.wrap(np.broadcast_to(mask, inputs.shape).copy()))


def shuffle(x, axis=0, seed=None):
    """Shuffles ``x`` along ``axis`` (the same permutation for every other index).

    Example:
        >>> import nbkeras as keras
        >>> y = keras.random.shuffle(keras.ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0]), seed=1)
        >>> sorted(y.numpy().tolist())
        [1.0, 2.0, 3.0, 4.0]
    """
    x = as_tensor(x)
    axis = axis % x.ndim
    order = resolve_generator(seed).permutation(x.shape[axis])
    return x[(slice(None),) * axis + (order,)]
