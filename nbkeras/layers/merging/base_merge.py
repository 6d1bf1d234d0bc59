"""Merge: the base of layers that combine a list of tensors into one."""

from nbkeras.layers.layer import Layer


class Merge(Layer):
    """Combines a list of at least two tensors of compatible shapes.

    Subclasses implement ``_merge_function(inputs)`` on a list of Tensors.
    Shapes follow NumPy broadcasting: sizes must be equal, 1 or unknown.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _check_inputs(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or not input_shape \
                or not isinstance(input_shape[0], (list, tuple)):
            raise ValueError(
                f"A merge layer ({type(self).__name__} '{self.name}') should be called on a "
                f"list of inputs, e.g. {type(self).__name__}()([a, b]). Received: "
                f"input_shape={input_shape} (not a list of tensors)")
        if len(input_shape) < 2:
            raise ValueError(
                f"A merge layer ({type(self).__name__} '{self.name}') should be called on a "
                f"list of at least 2 inputs. Got {len(input_shape)} input.")

    def build(self, input_shape):
        self._check_inputs(input_shape)
        self.compute_output_shape(input_shape)
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer ({type(self).__name__} '{self.name}') should be called on a "
                f"list of inputs. Received: inputs={inputs!r}")
        # Checked on every call, not only at build: a built layer may meet new shapes.
        self.compute_output_shape([tuple(t.shape) for t in inputs])
        return self._merge_function(list(inputs))

    def _merge_function(self, inputs):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        output = tuple(input_shape[0])
        for shape in input_shape[1:]:
            output = broadcast_shapes(output, tuple(shape), self)
        return output


def broadcast_shapes(shape_a, shape_b, layer):
    """The broadcast of two shapes (batch axes included); a clear error when impossible."""
    if len(shape_a) != len(shape_b):
        if len(shape_a) < len(shape_b):
            shape_a, shape_b = shape_b, shape_a
        shape_b = (1,) * (len(shape_a) - len(shape_b)) + tuple(shape_b)
    result = []
    for a, b in zip(shape_a, shape_b):
        if a is None or b is None:
            result.append(a if b == 1 else b if a == 1 else None if a is None or b is None else a)
        elif a == b or b == 1:
            result.append(a)
        elif a == 1:
            result.append(b)
        else:
            raise ValueError(
                f"{type(layer).__name__} layer '{layer.name}': inputs have incompatible shapes. "
                f"Received: shapes {tuple(shape_a)} and {tuple(shape_b)}. Element-wise merges "
                "need equal sizes on every axis (or 1); check the layers that feed it.")
    return tuple(result)
