"""Concatenate: joins a list of tensors along one axis."""

from nbkeras import ops
from nbkeras.layers.merging.base_merge import Merge


class Concatenate(Merge):
    """Concatenates a list of tensors along ``axis``; other axes must match.

    Args:
        axis: the axis to join along (default -1, the features).

    Example:
        >>> import nbkeras as keras
        >>> wide, deep = keras.Input(shape=(5,)), keras.Input(shape=(4,))
        >>> keras.layers.Concatenate()([wide, deep]).shape
        (None, 9)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        self.compute_output_shape([tuple(t.shape) for t in inputs])
        return ops.concatenate(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes):
            self._mismatch(shapes)
        axis = self.axis % rank
        output = list(shapes[0])
        for shape in shapes[1:]:
            for index, (a, b) in enumerate(zip(output, shape)):
                if index == axis:
                    output[index] = None if a is None or b is None else a + b
                elif a is not None and b is not None and a != b:
                    self._mismatch(shapes)
                elif a is None:
                    output[index] = b
        return tuple(output)

    def _mismatch(self, shapes):
        raise ValueError(
            f"A `Concatenate` layer ('{self.name}') requires inputs with matching shapes "
            f"except for the concatenation axis ({self.axis}). Received: input_shape={shapes}")

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
