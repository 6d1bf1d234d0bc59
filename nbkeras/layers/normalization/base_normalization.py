"""Shared parts of the normalization layers: gamma/beta weights, config, moving the axis last."""

from nbkeras import constraints, initializers, regularizers
from nbkeras.layers.layer import Layer
from nbkeras.ops.nn.normalization_functions import weight_axes
from nbkeras import ops


def serialize_or_none(module, value):
    return None if value is None else module.serialize(value)


class BaseNormalization(Layer):
    """Holds ``axis``, ``epsilon``, ``center``/``scale`` and the gamma/beta arguments."""

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axis, int) and len(axis) == 1:
            axis = axis[0]  # LayerNormalization's config writes axis=[-1]
        self.axis = axis if isinstance(axis, int) else tuple(axis)
        self.epsilon, self.center, self.scale = epsilon, center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.gamma = self.beta = None

    def _channel_axis(self, input_shape):
        if not isinstance(self.axis, int):
            raise ValueError(f'{type(self).__name__} "{self.name}": nbkeras normalizes one axis. '
                             f"Received: axis={self.axis}")
        weight_axes(self.axis, input_shape, f'{type(self).__name__} "{self.name}"')  # checks it
        return self.axis % len(input_shape)

    def _add_gamma_beta(self, size, scale=None, center=None):
        """gamma first, then beta: Keras's weight order. ``size`` is an int or a shape;
        ``scale``/``center`` override the layer's flags (LayerNormalization's rms_scaling)."""
        shape = tuple(size) if isinstance(size, (tuple, list)) else (size,)
        if self.scale if scale is None else scale:
            self.gamma = self.add_weight(shape=shape, initializer=self.gamma_initializer,
                                         name="gamma", regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center if center is None else center:
            self.beta = self.add_weight(shape=shape, initializer=self.beta_initializer,
                                        name="beta", regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)

    def _moved_last(self, inputs):
        """(x with the normalized axis last, a function that moves it back)."""
        axis = self.axis % inputs.ndim
        if axis == inputs.ndim - 1:
            return inputs, lambda y: y
        order = tuple(i for i in range(inputs.ndim) if i != axis) + (axis,)
        back = tuple(order.index(i) for i in range(inputs.ndim))
        return ops.transpose(inputs, order), lambda y: ops.transpose(y, back)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def _weights_config(self, *extra_initializers):
        config = {"beta_initializer": initializers.serialize(self.beta_initializer),
                  "gamma_initializer": initializers.serialize(self.gamma_initializer)}
        for name in extra_initializers:
            config[f"{name}_initializer"] = initializers.serialize(getattr(self, f"{name}_initializer"))
        config.update({
            "beta_regularizer": serialize_or_none(regularizers, self.beta_regularizer),
            "gamma_regularizer": serialize_or_none(regularizers, self.gamma_regularizer),
            "beta_constraint": serialize_or_none(constraints, self.beta_constraint),
            "gamma_constraint": serialize_or_none(constraints, self.gamma_constraint)})
        return config
