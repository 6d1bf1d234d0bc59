"""Lambda: wraps a function of tensors as a layer (for quick, weight-free steps)."""

import inspect
import types

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
        from nbkeras.saving import serialization

        config = {**super().get_config(), "function": _serialize_function(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = _serialize_function(self._output_shape) \
                if callable(self._output_shape) else list(self._output_shape)
        config["arguments"] = serialization.serialize_keras_object(self.arguments)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        from nbkeras.saving import serialization

        config = dict(config)
        for key in ("function", "output_shape"):
            value = config.get(key)
            if isinstance(value, dict) and value.get("class_name") == "__lambda__":
                config[key] = serialization.deserialize_lambda(value["config"], safe_mode)
            elif isinstance(value, dict):
                config[key] = serialization.deserialize_keras_object(
                    value, custom_objects=custom_objects,
                    safe_mode=serialization.in_safe_mode() if safe_mode is None else safe_mode)
            elif isinstance(value, list):
                config[key] = tuple(value)
        return cls(**config)


def _has_signature(function):
    try:
        inspect.signature(function)
        return True
    except (TypeError, ValueError):
        return False


def _serialize_function(function):
    from nbkeras.saving import serialization

    if isinstance(function, types.LambdaType) and function.__name__ == "<lambda>":
        return serialization.serialize_lambda(function)
    return serialization.serialize_keras_object(function)
