"""ReLU: the rectified linear unit with optional slope, ceiling and threshold."""

from nbkeras import ops
from nbkeras.layers.layer import Layer


class ReLU(Layer):
    """``max_value`` above it, ``x`` from ``threshold`` up, ``negative_slope * (x - threshold)`` below.

    Args:
        max_value: the ceiling (None: no ceiling); must be >= 0.
        negative_slope: slope below the threshold; must be >= 0.
        threshold: where the unit turns on; must be >= 0.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.ReLU(max_value=1.0)(keras.ops.convert_to_tensor([-1.0, 0.5, 2.0])).numpy().tolist()
        [0.0, 0.5, 1.0]
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.0:
            raise ValueError("max_value of a ReLU layer cannot be a negative value. "
                             f"Received: max_value={max_value}")
        if negative_slope is None or negative_slope < 0.0:
            raise ValueError("negative_slope of a ReLU layer cannot be a negative value. "
                             f"Received: negative_slope={negative_slope}")
        if threshold is None or threshold < 0.0:
            raise ValueError("threshold of a ReLU layer cannot be a negative value. "
                             f"Received: threshold={threshold}")
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return ops.relu(inputs, negative_slope=self.negative_slope,
                                   max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}
