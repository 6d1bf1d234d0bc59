"""LeakyReLU: ``x`` for positive inputs, ``negative_slope * x`` otherwise."""

import warnings

from nbkeras import ops
from nbkeras.layers.layer import Layer


class LeakyReLU(Layer):
    """Leaky rectified linear unit.

    Args:
        negative_slope: slope for negative inputs, >= 0 (Keras 3's default 0.3).

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.LeakyReLU(negative_slope=0.5)(keras.ops.convert_to_tensor([-2.0, 3.0])).numpy().tolist()
        [-1.0, 3.0]
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.",
                          stacklevel=2)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError("The negative_slope value of a Leaky ReLU layer cannot be None or "
                             f"negative value. Expected a float. Received: "
                             f"negative_slope={negative_slope}")
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return ops.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}
