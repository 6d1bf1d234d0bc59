"""Permute: reorders the non-batch axes of each sample."""

from nbkeras import ops
from nbkeras.layers.layer import Layer


class Permute(Layer):
    """Permutes the axes of each sample; ``dims`` counts from 1 (axis 0 is the batch).

    Args:
        dims: a permutation of ``1..rank``, e.g. ``(2, 1)`` swaps the two axes.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Permute((2, 1))(keras.Input(shape=(10, 64))).shape
        (None, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                f"Permute '{self.name}': invalid permutation argument `dims`. `dims` should "
                "contain every integer from 1 to the rank of a sample, each once (axis 0 is "
                f"the batch and stays). Received: dims={dims}")
        self.built = True

    def compute_output_shape(self, input_shape):
        if len(input_shape) != len(self.dims) + 1:
            raise ValueError(f"Permute '{self.name}': dims={self.dims} needs inputs of rank "
                             f"{len(self.dims) + 1}; received shape {tuple(input_shape)}.")
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def call(self, inputs):
        self.compute_output_shape(tuple(inputs.shape))  # a clear error, not NumPy's
        return ops.transpose(inputs, (0,) + self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": list(self.dims)}
