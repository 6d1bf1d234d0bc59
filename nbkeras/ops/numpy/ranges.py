"""Tensors made from ranges and shapes: array, arange, linspace, eye, identity, full, full_like.

Not differentiable (nothing flows into them). Dtypes follow Keras: Python
integers give int32, Python floats floatx.
"""

import numpy as np

from nbkeras import config
from nbkeras.ops.core import convert_to_numpy
from nbkeras.ops.tensor import Tensor


def _keras_dtype(values, dtype):
    """Python ints become int32 and Python floats floatx; NumPy arrays keep their dtype."""
    if dtype is not None:
        return np.dtype(dtype)
    if isinstance(values, np.ndarray):
        return values.dtype
    values = np.asarray(values)
    if values.dtype.kind == "f":
        return np.dtype(config.floatx())
    if values.dtype == np.int64:
        return np.dtype("int32")
    return values.dtype


def array(x, dtype=None):
    """A new tensor holding ``x`` (Python ints become int32, floats floatx).

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.array([1, 2]).dtype
        'int32'
    """
    values = x.data if isinstance(x, Tensor) else x
    return Tensor(np.array(values), dtype=_keras_dtype(values, dtype))


def arange(start, stop=None, step=1, dtype=None):
    """Evenly spaced values in ``[start, stop)`` (``[0, start)`` with one argument).

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.arange(3).numpy().tolist(), keras.ops.arange(3).dtype
        ([0, 1, 2], 'int32')
    """
    values = np.arange(start, stop, step) if stop is not None else np.arange(start)
    if dtype is None and any(isinstance(v, float) for v in (start, stop, step)):
        dtype = config.floatx()
    return Tensor(values, dtype=_keras_dtype(values.tolist(), dtype))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``num`` evenly spaced values from ``start`` to ``stop``.

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.linspace(0.0, 1.0, 3).numpy().tolist()
        [0.0, 0.5, 1.0]
    """
    values, step = np.linspace(convert_to_numpy(start), convert_to_numpy(stop), int(num),
                               endpoint=endpoint, retstep=True, axis=axis)
    tensor = Tensor(values, dtype=dtype or config.floatx())
    return (tensor, step) if retstep else tensor


def eye(N, M=None, k=0, dtype=None):
    """A 2-D tensor with ones on the ``k``-th diagonal.

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.eye(2).numpy().tolist()
        [[1.0, 0.0], [0.0, 1.0]]
    """
    return Tensor(np.eye(int(N), None if M is None else int(M), int(k)),
                  dtype=dtype or config.floatx())


def identity(n, dtype=None):
    """The ``n x n`` identity matrix."""
    return eye(n, dtype=dtype)


def full(shape, fill_value, dtype=None):
    """A tensor of ``shape`` filled with ``fill_value``.

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.full((2,), 7.0).numpy().tolist()
        [7.0, 7.0]
    """
    values = np.full(shape, convert_to_numpy(fill_value))
    return Tensor(values, dtype=_keras_dtype(values.tolist(), dtype))


def full_like(x, fill_value, dtype=None):
    """A tensor shaped like ``x`` filled with ``fill_value`` (``x``'s dtype by default)."""
    like = convert_to_numpy(x)
    return Tensor(np.full(like.shape, convert_to_numpy(fill_value)), dtype=dtype or like.dtype)
