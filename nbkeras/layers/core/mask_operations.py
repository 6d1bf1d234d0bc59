"""The two ``keras.ops`` calls that Keras 3 writes into functional configs to compute masks.

When a Keras functional model contains ``Masking`` or ``Embedding(mask_zero=True)``,
Keras records the mask computation itself as graph nodes (``NotEqual`` then
``Any`` over the feature axis) and passes the result as ``mask=`` to the next
layer. These layers let nbkeras rebuild such configs; nbkeras's own models
compute masks at run time and never create them.
"""

import numpy as np

from nbkeras.layers.layer import Layer
from nbkeras.ops.tensor import Tensor


class NotEqual(Layer):
    """``x1 != x2`` elementwise (a boolean mask; no gradient)."""

    def __init__(self, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.built = True

    def call(self, x1, x2):
        return Tensor(np.not_equal(_values(x1), _values(x2)))

    def compute_output_shape(self, input_shape):
        return input_shape

    @property
    def compute_dtype(self):
        return "bool"

    def get_config(self):
        return {"name": self.name}


class Any(Layer):
    """``any(x, axis, keepdims)`` of a boolean tensor."""

    def __init__(self, axis=None, keepdims=False, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.axis, self.keepdims = axis, keepdims
        self.built = True

    def call(self, x):
        return Tensor(np.any(_values(x), axis=self.axis, keepdims=self.keepdims))

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        axes = range(len(shape)) if self.axis is None else [self.axis % len(shape)]
        for axis in sorted(axes, reverse=True):
            if self.keepdims:
                shape[axis] = 1
            else:
                del shape[axis]
        return tuple(shape)

    @property
    def compute_dtype(self):
        return "bool"

    def get_config(self):
        return {"axis": self.axis, "keepdims": self.keepdims, "name": self.name}


def _values(x):
    return x.data if isinstance(x, Tensor) else np.asarray(x)
