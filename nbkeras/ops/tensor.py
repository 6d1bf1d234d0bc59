"""Tensor and Variable: NumPy arrays that remember how they were made.

A Tensor wraps an ndarray. When an op runs while a tape is recording and
one of its inputs ``requires_grad``, the output is linked to that op, so
the tape can send gradients back. A Variable is a Tensor that a layer owns
(a kernel, a bias): it keeps its gradient and is updated in place.
"""

import numpy as np

from nbkeras import config


class Tensor:
    """An n-dimensional array with an optional gradient.

    Args:
        data: array-like; converted to an ndarray (float data to floatx
            unless ``dtype`` is given).
        dtype: optional dtype.
        requires_grad: whether gradients should flow to this tensor.
    """

    __array_priority__ = 100  # so ndarray + Tensor calls Tensor.__radd__
    retains_grad = False

    def __init__(self, data, dtype=None, requires_grad=False):
        self.data = _to_array(data, dtype)
        self.grad = None
        self.requires_grad = requires_grad

    @classmethod
    def wrap(cls, array, requires_grad=False):
        """Wraps an ndarray an op just produced, skipping conversion and checks (hot path)."""
        tensor = object.__new__(cls)
        tensor.data = array if type(array) is np.ndarray else np.asarray(array)
        tensor.grad = None
        tensor.requires_grad = requires_grad
        return tensor

    # ----- array protocol -----
    @property
    def shape(self):
        return self.data.shape

    @property
    def dtype(self):
        return self.data.dtype.name

    @property
    def ndim(self):
        return self.data.ndim

    def __len__(self):
        return len(self.data)

    def numpy(self):
        """Returns the values as a NumPy array (a view, not a copy)."""
        return self.data

    def __array__(self, dtype=None, copy=None):
        return self.data if dtype is None else self.data.astype(dtype)

    def __float__(self):
        return float(self.data)

    def __int__(self):
        return int(self.data)

    def __bool__(self):
        return bool(self.data)

    def accumulate_grad(self, grad):
        """Adds ``grad`` to this tensor's gradient (a tensor used twice gets both)."""
        if self.grad is None:
            self.grad = grad
        else:
            self.grad = self.grad + grad

    def claim_zero_grad_buffer(self):
        """Only Variables own gradient buffers (see ``Variable.claim_zero_grad_buffer``)."""
        return None

    def __repr__(self):
        body = np.array2string(self.data, precision=4, separator=", ", threshold=20)
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"<Tensor shape={self.shape} dtype={self.dtype}{grad}\n{body}>"

    # ----- operators (defined in nbkeras.ops.math_ops and attached there) -----


class Variable(Tensor):
    """A tensor owned by a layer or an optimizer, updated in place.

    Args:
        initializer: an array, or a callable ``(shape, dtype) -> array``.
        shape: the shape, when ``initializer`` is a callable.
        dtype: defaults to floatx.
        trainable: whether the optimizer updates it (and gradients flow).
        name: a short name such as ``"kernel"``.
        regularizer: optional callable ``(values) -> scalar Tensor``.
        constraint: optional callable ``(values) -> values`` applied after
            each optimizer update.
    """

    retains_grad = True

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, name=None,
                 regularizer=None, constraint=None):
        if callable(initializer):
            value = initializer(tuple(shape), dtype=dtype or config.floatx())
        else:
            value = initializer
        super().__init__(value, dtype=dtype or _default_dtype(value), requires_grad=trainable)
        if not self.data.flags.c_contiguous or not self.data.flags.writeable:
            self.data = np.array(self.data, order="C")
        self.name = name or "variable"
        self.path = self.name
        self.regularizer = regularizer
        self.constraint = constraint

    @property
    def trainable(self):
        return self.requires_grad

    @trainable.setter
    def trainable(self, value):
        self.requires_grad = bool(value)

    @property
    def value(self):
        return self.data

    # True while ``grad`` is an optimizer-owned buffer whose content is stale and
    # stands for zero: the first contribution overwrites it instead of adding.
    grad_is_zero = False

    def accumulate_grad(self, grad):
        """Adds into the gradient buffer in place (the optimizer may own it)."""
        if self.grad is None:
            self.grad = np.array(grad, dtype=self.data.dtype)
        elif self.grad_is_zero:
            np.copyto(self.grad, grad)
        else:
            self.grad += grad
        self.grad_is_zero = False

    def claim_zero_grad_buffer(self):
        """Returns the (logically zero) gradient buffer for an op to write into, or None.

        An op whose gradient is a large matmul (Dense's kernel) writes it
        straight into the buffer instead of returning a new array: a fresh
        784x128 result cost 5x more than writing into existing memory here,
        and the separate ``+=`` pass is saved too. Only the first
        contribution may do this; later ones accumulate as usual.
        """
        if not self.grad_is_zero or self.grad is None:
            return None
        self.grad_is_zero = False
        return self.grad

    def assign(self, value):
        """Overwrites the values in place (shape must match)."""
        value = np.asarray(value)
        if value.shape != self.data.shape:
            raise ValueError(
                f"Variable '{self.path}' has shape {self.data.shape}; cannot assign a "
                f"value of shape {value.shape}."
            )
        self.data[...] = value

    def assign_add(self, value):
        self.data += np.asarray(value, dtype=self.data.dtype)

    def assign_sub(self, value):
        self.data -= np.asarray(value, dtype=self.data.dtype)

    def __repr__(self):
        body = np.array2string(self.data, precision=4, separator=", ", threshold=20)
        return f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype}, value=\n{body}>"


def _default_dtype(value):
    kind = np.asarray(value).dtype.kind
    return config.floatx() if kind in "fb" or kind == "O" else None


def _to_array(data, dtype):
    if isinstance(data, Tensor):
        data = data.data
    if dtype is not None:
        return np.asarray(data, dtype=dtype)
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return np.asarray(data, dtype=config.floatx())  # a 0-d array is not "weak" in NumPy 2
    array = np.asarray(data)
    if array.dtype.kind == "f" and array.dtype != config.floatx():
        return array.astype(config.floatx())
    if array.dtype.kind == "b":
        return array
    if array.dtype.kind not in "fiu":
        example = repr(array.flat[0]) if array.size else "nothing"
        raise TypeError(
            f"Expected numeric data, received an array of dtype {array.dtype} "
            f"(first element: {example}). Convert strings or objects to numbers "
            "first, e.g. np.asarray(x, dtype='float32')."
        )
    return array


def as_tensor(value, dtype=None):
    """Returns ``value`` if it is a Tensor, else wraps it (no gradient)."""
    if isinstance(value, Tensor):
        return value
    return Tensor(value, dtype=dtype)
