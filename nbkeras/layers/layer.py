"""The Layer base class: the Keras 3 anatomy of a layer.

A layer is written as in Keras 3: ``__init__`` stores and checks the
hyper-parameters, ``build(input_shape)`` creates weights with
``add_weight``, ``call(inputs)`` computes with ``nbkeras.ops`` (recorded on
the tape, so gradients come for free), ``compute_output_shape`` describes
the output, and ``get_config`` returns the constructor arguments.

The base class is written in three parts: this file (construction, the
anatomy's defaults, configs), ``layer_weights.py`` (weights, sublayers and
losses, tracked as attributes are set) and ``layer_calls.py`` (building on
first use, the training flag, symbolic calls for the functional graph).
"""

import functools

from nbkeras.layers import layer_checks
from nbkeras.layers.layer_calls import LayerCalls
from nbkeras.layers.layer_config import auto_config
from nbkeras.layers.layer_weights import LayerWeights
from nbkeras.naming import to_snake_case, unique_name

class Layer(LayerWeights, LayerCalls):
    """Base class of every layer (and of ``Model``).

    Args:
        activity_regularizer: optional regularizer applied to the output.
        trainable: whether the layer's weights are trained.
        dtype: the dtype of weights and computations (default floatx).
        name: a unique name; generated from the class name when omitted.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _marks_built(cls.__dict__["build"])

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        # Remembered for get_config() of custom layers that do not write one (as Keras 3).
        object.__setattr__(instance, "_init_call", (args, dict(kwargs)))
        return instance

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None,
                 autocast=True, name=None, **kwargs):
        input_shape = kwargs.pop("input_shape", None)
        input_dim = kwargs.pop("input_dim", None)
        batch_size = kwargs.pop("batch_size", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}."
                f"{layer_checks.keyword_hint(type(self), kwargs)}"
            )
        self._init_tracking()
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self.built = False
        self.dtype = layer_checks.layer_dtype(dtype, self)
        self.autocast = autocast
        from nbkeras import regularizers

        self.activity_regularizer = regularizers.get(activity_regularizer)
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        if batch_input_shape is not None:
            input_shape, batch_size = tuple(batch_input_shape[1:]), batch_input_shape[0]
        self._declared_input_shape = None if input_shape is None else (batch_size,) + tuple(input_shape)

    def build(self, input_shape):
        """Creates the weights; override in layers that have some."""
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    @property
    def compute_dtype(self):
        return self.dtype

    def get_config(self):
        """Returns the arguments that recreate this layer (Keras 3 base keys)."""
        result = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": {"module": "keras", "class_name": "DTypePolicy",
                      "config": {"name": self.dtype}, "registered_name": None},
        }
        if self.activity_regularizer is not None:
            from nbkeras import regularizers

            result["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        if type(self).get_config is Layer.get_config and not type(self).__module__.startswith("nbkeras."):
            result.update(auto_config(self))
        return result

    @classmethod
    def from_config(cls, config_dict):
        """Recreates the layer from ``get_config()`` output: ``cls(**config)``."""
        try:
            return cls(**config_dict)
        except TypeError as error:
            raise TypeError(
                f"Unable to revive {cls.__name__} from its config: {error}. A custom class "
                "must accept every key of its get_config() in __init__ (pass **kwargs on to "
                "super().__init__) or override from_config(cls, config).") from error

    def __repr__(self):
        state = "built" if self.built else "unbuilt"
        return f"<{type(self).__name__} name={self.name}, {state}>"


# ---------------------------------------------------------------------- helpers
def _marks_built(build):
    """Wraps a subclass's ``build`` so that calling it directly also marks the layer built
    (as Keras 3 does); otherwise the first call would build it again with new weights."""
    if getattr(build, "_marks_built", False):
        return build

    @functools.wraps(build)
    def build_and_mark(self, *args, **kwargs):
        result = build(self, *args, **kwargs)
        self.built = True
        if self._build_shape is None and args:
            self._build_shape = args[0]
        return result

    build_and_mark._marks_built = True
    return build_and_mark
