"""Lambda: wraps a function of tensors as a layer (for quick, weight-free steps)."""

import inspect

from nbkeras.layers.layer import Layer


class Lambda(Layer):
    """Applies ``function(inputs, **arguments)`` as a layer.

    Prefer a named function (``def``) to a ``lambda``: a lambda is saved as
    Python bytecode, and loading it is refused unless ``safe_mode=False``
    (Keras's rule: loading bytecode runs code from the file). A named
    function is saved by name and found again through ``custom_objects``.

    Args:
        function: a function of Tensors, written with ``keras.ops``.
        output_shape: the output shape (without batch axis), or a function of
            the input shape; inferred by running ``function`` when omitted.
        mask: accepted for compatibility (nbkeras has no masking).
        arguments: extra keyword arguments for ``function``.

    Example:
        >>> import nbkeras as keras
        >>> def double(x):
        ...     return x * 2.0
        >>> keras.layers.Lambda(double)(keras.Input(shape=(3,))).shape
        (None, 3)
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(f"Lambda '{self.name}' expects a callable `function`. "
                            f"Received: function={function!r}")
        self.function = function
        self._output_shape = output_shape
        self.mask = mask
        self.arguments = dict(arguments or {})
        self._accepts_training = "training" in inspect.signature(function).parameters \
            if _has_signature(function) else False
        self.built = True

    def call(self, inputs, training=None):
        kwargs = dict(self.arguments)
        if self._accepts_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return tuple(self._output_shape(input_shape))
        return (input_shape[0],) + tuple(self._output_shape)

    def get_config(self):
        # Functions stay Python objects here; saving writes them as Keras does (a named
        # function by name, a lambda as bytecode that only safe_mode=False loads back).
        config = {**super().get_config(), "function": self.function, "arguments": self.arguments}
        if self._output_shape is not None:
            config["output_shape"] = self._output_shape if callable(self._output_shape) \
                else list(self._output_shape)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Rebuilds the layer from ``get_config()`` (functions already resolved by saving).

        A config read from JSON goes through ``keras.saving.deserialize_keras_object``,
        which finds named functions and applies the safe-mode rule to lambdas first.
        """
        config = dict(config)
        for key in ("function", "output_shape"):
            value = config.get(key)
            if isinstance(value, dict):
                raise ValueError(
                    f"Lambda.from_config received {key} as a serialized dict ({value.get('class_name')}). "
                    "Load the whole config with keras.saving.deserialize_keras_object(config, "
                    "custom_objects=...), which resolves functions safely.")
            if isinstance(value, list):
                config[key] = tuple(value)
        return cls(**config)


def _has_signature(function):
    try:
        inspect.signature(function)
        return True
    except (TypeError, ValueError):
        return False
