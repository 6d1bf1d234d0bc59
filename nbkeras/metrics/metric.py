"""The Metric base class and array helpers shared by all metrics.

Metrics run on plain NumPy arrays, outside the tape: they cost no gradients.
Their state is float32, as in Keras.
"""

import numpy as np

from nbkeras.naming import to_snake_case
from nbkeras.ops.tensor import Tensor


def to_array(x, dtype=None):
    """The values of a Tensor or array-like as an ndarray (optionally cast)."""
    array = x.data if isinstance(x, Tensor) else np.asarray(x)
    return array if dtype is None else array.astype(dtype, copy=False)


def same_rank(y_true, y_pred):
    """Adds or drops a trailing axis of size 1 so both have the same rank (Keras's rule)."""
    if y_true.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
        y_true = y_true[..., None]
    elif y_pred.ndim == y_true.ndim - 1 and y_true.shape[-1] == 1:
        y_pred = y_pred[..., None]
    return y_true, y_pred


class Metric:
    """Base class of stateful metrics.

    Subclasses implement ``update_state(y_true, y_pred, sample_weight=None)``,
    ``result()`` and ``reset_state()``; ``metric(y_true, y_pred)`` updates
    and returns the result.

    Args:
        name: the key under which the metric appears in logs and History.
        dtype: the result dtype (float32).

    Example:
        >>> import nbkeras as keras
        >>> class Count(keras.metrics.Metric):
        ...     def __init__(self, name="count"):
        ...         super().__init__(name=name)
        ...         self.reset_state()
        ...     def reset_state(self):
        ...         self.seen = 0
        ...     def update_state(self, y_true, y_pred, sample_weight=None):
        ...         self.seen += len(y_true)
        ...     def result(self):
        ...         return self.seen
        >>> Count()([1, 2, 3], [1, 2, 3])
        3
    """

    def __init__(self, name=None, dtype=None):
        self.name = name or to_snake_case(type(self).__name__)
        self.dtype = dtype or "float32"

    def update_state(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must implement update_state().")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self):
        raise NotImplementedError(f"{type(self).__name__} must implement reset_state().")

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config_dict):
        return cls(**config_dict)

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"
