"""ELU: ``x`` for positive inputs, ``alpha * (exp(x) - 1)`` otherwise."""

from nbkeras import ops
from nbkeras.layers.layer import Layer


class ELU(Layer):
    """Exponential linear unit.

    Args:
        alpha: the value negative inputs saturate to is ``-alpha`` (default 1.0).

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.ELU()(keras.ops.convert_to_tensor([0.0, 2.0])).numpy().tolist()
        [0.0, 2.0]
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return ops.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}
