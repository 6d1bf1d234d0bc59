"""Element-wise merges: Add, Subtract, Multiply, Average, Maximum, Minimum."""

from nbkeras import ops
from nbkeras.layers.merging.base_merge import Merge


def _reduce(function, inputs):
    output = inputs[0]
    for tensor in inputs[1:]:
        output = function(output, tensor)
    return output


class Add(Merge):
    """Adds a list of tensors: ``a + b + ...``.

    Example:
        >>> import nbkeras as keras
        >>> a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))
        >>> keras.layers.Add()([a, b]).shape
        (None, 3)
    """

    def _merge_function(self, inputs):
        return _reduce(ops.add, inputs)


class Subtract(Merge):
    """Subtracts two tensors: ``a - b`` (exactly two inputs).

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Subtract()([keras.ops.ones((1, 2)), keras.ops.ones((1, 2))]).shape
        (1, 2)
    """

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Subtract` layer ('{self.name}') should be called on exactly 2 inputs "
                f"(it computes a - b). Received {len(input_shape)} inputs: "
                f"input_shape={input_shape}")
        return super().compute_output_shape(input_shape)

    def _merge_function(self, inputs):
        return ops.subtract(inputs[0], inputs[1])


class Multiply(Merge):
    """Multiplies a list of tensors element-wise.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Multiply()([keras.ops.ones((1, 2)), keras.ops.ones((1, 2))]).shape
        (1, 2)
    """

    def _merge_function(self, inputs):
        return _reduce(ops.multiply, inputs)


class Average(Merge):
    """Averages a list of tensors element-wise.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Average()([keras.ops.ones((1, 2)), keras.ops.zeros((1, 2))])[0, 0].item()
        0.5
    """

    def _merge_function(self, inputs):
        return ops.divide(_reduce(ops.add, inputs), float(len(inputs)))


class Maximum(Merge):
    """The element-wise maximum of a list of tensors.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Maximum()([keras.ops.ones((1, 2)), keras.ops.zeros((1, 2))]).shape
        (1, 2)
    """

    def _merge_function(self, inputs):
        return _reduce(ops.maximum, inputs)


class Minimum(Merge):
    """The element-wise minimum of a list of tensors.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Minimum()([keras.ops.ones((1, 2)), keras.ops.zeros((1, 2))]).shape
        (1, 2)
    """

    def _merge_function(self, inputs):
        return _reduce(ops.minimum, inputs)
