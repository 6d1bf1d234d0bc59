"""RMSNormalization: divide each sample by its root mean square along ``axis``, then scale."""

from nbkeras import ops
from nbkeras.layers.layer import Layer
from nbkeras.ops.nn.normalization_functions import normalized_axes, weight_axes


class RMSNormalization(Layer):
    """``x / sqrt(mean(x**2, axis) + epsilon) * scale`` (Zhang and Sennrich, 2019).

    No centering and no shift, unlike LayerNormalization: the statistics cost
    one pass, which is why large language models use it. Weight: ``scale``
    (ones at first) of shape ``[input_shape[a] for a in sorted(axis)]``,
    multiplied as Keras does, aligned with the input's last axes.

    Args:
        axis: an int or a list of ints (default -1).
        epsilon: added to the mean square (default 1e-6).

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> y = keras.layers.RMSNormalization()(np.array([[3.0, 4.0]], "float32"))
        >>> [round(float(v), 3) for v in y.numpy()[0]]
        [0.849, 1.131]
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axis, (int, list, tuple)):
            raise TypeError(f'RMSNormalization "{self.name}": `axis` must be an int or a list of ints. '
                            f"Received: axis={axis!r}")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.epsilon = epsilon
        self.scale = None

    def _listed(self, ndim):
        return normalized_axes(self.axis, ndim, f'RMSNormalization "{self.name}"')[0]

    def build(self, input_shape):
        self.axis, shape = weight_axes(self.axis, input_shape, f'RMSNormalization "{self.name}"')
        self.scale = self.add_weight(shape=shape, initializer="ones", name="scale")
        self.built = True

    def call(self, inputs):
        return ops.rms_normalization(inputs, self.scale, self.axis, self.epsilon)

    def compute_output_shape(self, input_shape):
        self._listed(len(input_shape))
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
