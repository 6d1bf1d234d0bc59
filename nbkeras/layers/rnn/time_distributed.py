"""TimeDistributed: applies one layer to every time step of a sequence (shared weights)."""

from nbkeras.layers.layer import Layer
from nbkeras.layers.layer_serialization import deserialize_layer, serialize_layer
from nbkeras import ops


class TimeDistributed(Layer):
    """Applies ``layer`` to every temporal slice of an input ``(batch, time, ...)``.

    The same weights serve every step. The steps are folded into the batch
    axis and the layer runs once (same numbers as one call per step).

    Args:
        layer: a Layer instance.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> layer = keras.layers.TimeDistributed(keras.layers.Dense(4))
        >>> layer(np.ones((2, 10, 3), "float32")).shape
        (2, 10, 4)
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError("Please initialize `TimeDistributed` layer with a `keras.layers.Layer` "
                             f"instance. Received: {layer}")
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def _inner_shape(self, input_shape):
        if len(input_shape) < 3:
            raise ValueError(
                f'TimeDistributed "{self.name}" expects inputs of rank >= 3 (batch, time, ...), '
                f"received shape {tuple(input_shape)}.")
        return (None,) + tuple(input_shape[2:])

    def build(self, input_shape):
        if not self.layer.built:
            self.layer.build(self._inner_shape(input_shape))
            self.layer.built = True
        self.built = True

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape(self._inner_shape(input_shape))
        return tuple(input_shape[:2]) + tuple(inner[1:])

    def call(self, inputs, training=None):
        batch, steps = inputs.shape[0], inputs.shape[1]
        folded = ops.reshape(inputs, (batch * steps,) + tuple(inputs.shape[2:]))
        outputs = self.layer(folded, training=training)
        return ops.reshape(outputs, (batch, steps) + tuple(outputs.shape[1:]))

    def get_config(self):
        return {**super().get_config(), "layer": serialize_layer(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["layer"] = deserialize_layer(config.pop("layer"), custom_objects=custom_objects)
        return cls(**config)
