"""UnitNormalization: scales each sample to unit L2 norm along ``axis``."""

from nbkeras import ops
from nbkeras.layers.layer import Layer

# Keras caps 1 / norm at 1 / 1e-12, i.e. floors the squared norm at 1e-24.
_MIN_SQUARED_NORM = 1e-24


class UnitNormalization(Layer):
    """``x / sqrt(sum(x**2, axis))``, so each sample has L2 norm 1 along ``axis``.

    Args:
        axis: an int or a list of ints (default -1).

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.UnitNormalization()(keras.ops.convert_to_tensor([[3.0, 4.0]])).numpy().tolist()
        [[0.6000000238418579, 0.800000011920929]]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError("Invalid value for `axis` argument: expected an int or a list/tuple of "
                            f"ints. Received: axis={axis}")
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        axis = tuple(self.axis) if isinstance(self.axis, list) else self.axis
        squared_norm = ops.sum(ops.square(inputs), axis=axis, keepdims=True)
        return ops.divide(inputs, ops.sqrt(ops.maximum(squared_norm, _MIN_SQUARED_NORM)))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
