"""PReLU: a leaky ReLU whose negative slope ``alpha`` is learned, per unit."""

from nbkeras import constraints, initializers, ops, regularizers
from nbkeras.layers.layer import Layer


class PReLU(Layer):
    """``x`` for positive inputs, ``alpha * x`` otherwise, with ``alpha`` a trainable weight.

    Args:
        alpha_initializer: initializer of ``alpha`` (default zeros).
        alpha_regularizer, alpha_constraint: as for any weight.
        shared_axes: axes (counting the batch as 0) along which one alpha
            is shared, e.g. ``[1, 2]`` for one alpha per channel of an image.

    Example:
        >>> import nbkeras as keras
        >>> layer = keras.layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25))
        >>> layer(keras.ops.convert_to_tensor([[-4.0, 2.0]])).numpy().tolist()
        [[-1.0, 2.0]]
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None or isinstance(shared_axes, (list, tuple)):
            self.shared_axes = None if shared_axes is None else list(shared_axes)
        else:
            self.shared_axes = [shared_axes]
        self.alpha = None

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            param_shape[axis - 1] = 1
        if None in param_shape:
            raise ValueError(f'PReLU "{self.name}" needs known sizes on every non-batch axis that '
                             f"is not shared. Received input_shape={tuple(input_shape)}; pass "
                             "shared_axes= for the unknown ones.")
        self.alpha = self.add_weight(shape=param_shape, name="alpha",
                                     initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        self.built = True

    def call(self, inputs):
        positive = ops.relu(inputs)
        negative = ops.multiply(ops.negative(self.alpha), ops.relu(ops.negative(inputs)))
        return ops.add(positive, negative)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        def maybe(serialize, value):
            return None if value is None else serialize(value)

        return {**super().get_config(),
                "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": maybe(regularizers.serialize, self.alpha_regularizer),
                "alpha_constraint": maybe(constraints.serialize, self.alpha_constraint),
                "shared_axes": self.shared_axes}
