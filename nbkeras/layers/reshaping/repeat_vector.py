"""RepeatVector: repeats a vector ``n`` times, making a sequence."""

from nbkeras import ops
from nbkeras.layers.layer import Layer


class RepeatVector(Layer):
    """Turns ``(batch, features)`` into ``(batch, n, features)``.

    Args:
        n: how many times to repeat.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.RepeatVector(3)(keras.Input(shape=(32,))).shape
        (None, 3, 32)
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"RepeatVector '{self.name}': expected an integer value for `n`. "
                            f"Received: n={n!r} of type {type(n).__name__}")
        self.n = n
        self.built = True

    def compute_output_shape(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(f"RepeatVector '{self.name}' expects inputs of rank 2 (batch, "
                             f"features); received shape {tuple(input_shape)}.")
        return (input_shape[0], self.n, input_shape[1])

    def call(self, inputs):
        self.compute_output_shape(tuple(inputs.shape))  # a clear error, not NumPy's
        return ops.concatenate([ops.expand_dims(inputs, 1)] * self.n, axis=1)

    def get_config(self):
        return {**super().get_config(), "n": self.n}
