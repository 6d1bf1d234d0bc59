"""Model: a Layer that can be trained (the Trainer mixin) and summarized.

``Model(inputs, outputs)`` builds a functional model; subclassing
``Model`` and writing ``call`` gives a subclassed model.
"""

import inspect

import numpy as np

from nbkeras import renderers
from nbkeras.layers.layer import Layer
from nbkeras.models.trainer import Trainer
from nbkeras.ops.tape import no_grad
from nbkeras.ops.tensor import Tensor


class Model(Trainer, Layer):
    """A trainable stack of layers with ``compile``, ``fit``, ``evaluate`` and ``predict``.

    Example (subclassing):
        >>> import nbkeras as keras
        >>> class MLP(keras.Model):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.hidden = keras.layers.Dense(4, activation="relu")
        ...         self.out = keras.layers.Dense(1)
        ...     def call(self, x):
        ...         return self.out(self.hidden(x))
    """

    # Set by models/functional.py when it defines Functional (a subclass of Model), so that
    # Model(inputs, outputs) can build one without this module importing its own subclass.
    functional_class = None

    def __new__(cls, *args, **kwargs):
        functional_arguments = len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs
        if functional_arguments and not issubclass(cls, Model.functional_class):
            # Python then runs Functional.__init__(inputs, outputs, ...) once. A subclass of
            # Model called the functional way (the Keras guides' way to override train_step)
            # becomes a Functional model that keeps the subclass's methods, as in Keras.
            target = Model.functional_class if cls is Model else _functional_variant(cls)
            return super().__new__(target)
        return super().__new__(cls)

    def __init__(self, *args, trainable=True, name=None, dtype=None, **kwargs):
        if args:
            raise TypeError(f"{type(self).__name__}() takes no positional arguments: a subclassed "
                            "model defines its layers in __init__ and its computation in call().")
        Layer.__init__(self, trainable=trainable, name=name, dtype=dtype, **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a model from ``get_config()``: a functional config gives a functional
        model (of ``cls`` when ``cls`` is a functional subclass); otherwise ``cls(**config)``."""
        from nbkeras.saving import object_registration

        if all(key in config for key in ("layers", "input_layers", "output_layers")):
            target = cls if cls is not Model else Model.functional_class
            return Model.functional_class.from_config.__func__(target, config, custom_objects)
        with object_registration.CustomObjectScope(custom_objects or {}):
            return Layer.from_config.__func__(cls, config)

    def call(self, inputs, training=False):
        raise NotImplementedError(
            f"Model {self.name} does not have a call() method implemented. A subclassed "
            "model must define call(self, inputs) that returns its outputs."
        )

    def build(self, input_shape):
        """Creates the weights by running the model once on zeros of ``input_shape``."""
        if isinstance(input_shape, (tuple, list)) and input_shape and isinstance(input_shape[0], (int, type(None))):
            sample = Tensor(np.zeros([1 if d is None else d for d in input_shape], dtype=self.dtype))
            # As in Keras, the building pass is an inference pass: training=False, never None.
            accepts = "training" in inspect.signature(self.call).parameters
            kwargs = {"training": False} if accepts else {}
            with no_grad():
                self.call(sample, **kwargs)
        self.built = True
        self._build_shape = input_shape

    def to_json(self, **kwargs):
        """Returns the model's config as a JSON string (Keras 3 format).

        Example:
            >>> import nbkeras as keras
            >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
            >>> keras.models.model_from_json(model.to_json()).count_params()
            4
        """
        import json

        from nbkeras.saving.serialization import serialize_keras_object

        return json.dumps(serialize_keras_object(self), **kwargs)

    def save(self, filepath, overwrite=True, **kwargs):
        """Saves architecture, compile arguments, weights and optimizer state to ``*.keras``.

        The file is Keras 3's zip format: ``keras.saving.load_model`` (here or
        in Keras) rebuilds the model ready to predict or to resume training.
        """
        from nbkeras.saving.keras_file import save_model

        save_model(self, filepath, overwrite=overwrite, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Writes the weights to a Keras 3 ``.weights.h5`` file (needs h5py).

        The layout is Keras's (``layers/dense/vars/0`` ...), so
        ``keras.Model.load_weights`` reads it, and nbkeras reads Keras's files.
        """
        from nbkeras.saving import weights_h5

        weights_h5.save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Reads weights from a Keras 3 ``.weights.h5`` file (needs h5py)."""
        from nbkeras.saving import weights_h5

        weights_h5.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def get_layer(self, name=None, index=None):
        """Returns a layer by ``name`` or by ``index`` (in ``model.layers`` order)."""
        if index is not None and name is not None:
            raise ValueError("Provide only a layer name or a layer index, not both. "
                             f"Received: index={index}, name={name}")
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only "
                                 f"has {len(layers)} layers.")
            return layers[index]
        if name is not None:
            for layer in layers:
                if layer.name == name:
                    return layer
            names = ", ".join(layer.name for layer in layers)
            raise ValueError(f"No such layer: {name}. Existing layers are: [{names}].")
        raise ValueError("Provide either a layer name or a layer index to get_layer().")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints the Keras 3 summary table (layers, output shapes, parameter counts)."""
        from nbkeras.models.summary import print_summary

        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable,
                      layer_range=layer_range)

    def _repr_html_(self):
        """In a notebook: the summary table next to a small drawing of the graph."""
        render = renderers.get("model_html")  # installed by the package face
        return None if render is None else render(self)

    def __repr__(self):
        state = f"{self.count_params():,} params" if self.built else "unbuilt"
        return f"<{type(self).__name__} name={self.name}, {len(self.layers)} layers, {state}>"


_FUNCTIONAL_VARIANTS = {}


def _functional_variant(cls):
    """``cls`` mixed with Functional (made once per class): its methods, Functional's graph."""
    if cls not in _FUNCTIONAL_VARIANTS:
        variant = type(cls.__name__, (cls, Model.functional_class), {
            "__module__": cls.__module__, "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__})
        _FUNCTIONAL_VARIANTS[cls] = variant
    return _FUNCTIONAL_VARIANTS[cls]
