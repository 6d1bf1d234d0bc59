"""Identity: returns its input unchanged (a placeholder in a model)."""

from nbkeras.layers.layer import Layer


class Identity(Layer):
    """Identity layer: output = input.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Identity()(keras.Input(shape=(3,))).shape
        (None, 3)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape
