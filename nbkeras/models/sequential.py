"""Sequential: a plain stack of layers, each with one input and one output."""

import warnings

from nbkeras.layers.core.input_layer import InputLayer
from nbkeras.layers.layer import Layer
from nbkeras.models.functional import adjust_rank, check_input_shape
from nbkeras.models.model import Model
from nbkeras.ops.symbolic import KerasTensor


class Sequential(Model):
    """Groups a linear stack of layers into a Model.

    Args:
        layers: an optional list of layers (or ``keras.Input(...)`` first).
        trainable: whether the layers' weights are trained.
        name: the model name (default ``sequential``, ``sequential_1``, ...).

    Without an input shape the model builds on its first call or ``fit``.

    Example:
        >>> import nbkeras as keras
        >>> model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
        >>> model.count_params()
        10
    """

    _builds_with_batch_size = False  # a stack's shapes show the batch axis as None

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        self._input_layer = None
        self._stack = []
        self._output_shapes = {}
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_build_from_input()

    # ------------------------------------------------------------------ stack editing
    def add(self, layer, rebuild=True):
        """Adds a layer on top of the stack (a ``keras.Input`` may come first)."""
        if isinstance(layer, KerasTensor) and isinstance(layer.operation, InputLayer):
            layer = layer.operation
        if not isinstance(layer, Layer):
            raise TypeError(
                "Only instances of keras.layers.Layer can be added to a Sequential model. "
                f"Received: {layer!r} (of type {type(layer).__name__})."
            )
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self._stack:
                raise ValueError("An Input can only be the first element of a Sequential model.")
            self._input_layer = layer
            return
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(
                f"All layers added to a Sequential model should have unique names. Name "
                f"'{layer.name}' is already the name of a layer in this model. Update the "
                "`name` argument to pass a unique name."
            )
        if not self._stack and self._input_layer is None and layer._declared_input_shape is not None:
            warnings.warn(
                "Do not pass an `input_shape`/`input_dim` argument to a layer. When using "
                "Sequential models, prefer using an `Input(shape)` object as the first layer "
                "in the model instead.", UserWarning, stacklevel=3)
            declared = layer._declared_input_shape
            self._input_layer = InputLayer(batch_shape=declared)
        self._stack.append(layer)
        self._track(layer)
        if rebuild:
            self._maybe_build_from_input()

    def pop(self, rebuild=True):
        """Removes and returns the top layer."""
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        self._layers.remove(layer)
        self.built = False
        if rebuild:
            self._maybe_build_from_input()
        return layer

    @property
    def layers(self):
        """The layers, without the InputLayer (as in Keras)."""
        return list(self._stack)

    @property
    def input_layer(self):
        return self._input_layer

    # ------------------------------------------------------------------ building
    def _maybe_build_from_input(self):
        if self._input_layer is not None and self._stack:
            self.build(self._input_layer.batch_shape)

    def build(self, input_shape=None):
        """Builds every layer by passing a symbolic input of ``input_shape`` through the stack."""
        if input_shape is None:
            raise ValueError("Sequential.build needs an input shape, e.g. build((None, 16)).")
        input_shape = (None,) + tuple(input_shape[1:])
        if not self._stack:
            raise ValueError(f"Sequential model '{self.name}' has no layers to build.")
        tensor = self._symbolic_input = self._input_tensor(input_shape)
        for layer, node in self.__dict__.get("_build_nodes", []):  # forget earlier builds
            if node in layer.inbound_nodes:
                layer.inbound_nodes.remove(node)
        self._output_shapes, self._build_nodes = {}, []
        for layer in self._stack:
            tensor = layer(tensor)
            self._build_nodes.append((layer, layer.inbound_nodes[-1]))
            self._output_shapes[id(layer)] = tensor.shape
        self._symbolic_output = tensor
        self._build_shape = input_shape
        self.built = True

    @property
    def inputs(self):
        """The symbolic input of the built stack, so ``keras.Model(seq.inputs, layer.output)``
        extracts a hidden layer's values, as in Keras."""
        self._require_built("inputs")
        return [self._symbolic_input]

    @property
    def outputs(self):
        self._require_built("outputs")
        return [self._symbolic_output]

    @property
    def input(self):
        return self.inputs[0]

    @property
    def output(self):
        return self.outputs[0]

    def _input_tensor(self, input_shape):
        """The symbolic input: the InputLayer's when it fits, else a new one (as Keras)."""
        if self._input_layer is not None and tuple(self._input_layer.batch_shape[1:]) == input_shape[1:]:
            return self._input_layer.output
        return InputLayer(batch_shape=input_shape, dtype=self.dtype).output

    def _require_built(self, attribute):
        if not self.built:
            raise AttributeError(
                f"Sequential model '{self.name}' is not built yet, so it has no {attribute}. "
                "Start it with keras.Input(shape=...) or call it on data first.")

    def output_shape_of(self, layer):
        """The output shape recorded when the model was built, or None."""
        return self._output_shapes.get(id(layer))

    def call(self, inputs, training=None):
        x = inputs
        if self._input_layer is not None and hasattr(inputs, "shape"):
            batch_shape = tuple(self._input_layer.batch_shape)
            x = adjust_rank(x, batch_shape)  # Keras: (n,) data for an input of shape (None, 1)
            # A declared input shape is a promise: (N, 4) data must not flow into Input(shape=(2, 2)).
            check_input_shape(self, 0, self._input_layer.name, batch_shape, tuple(x.shape))
        for layer in self._stack:
            x = layer(x, training=training)
        return x

    def compute_output_shape(self, input_shape):
        shape = input_shape
        for layer in self._stack:
            shape = layer.compute_output_shape(shape)
        return shape

    def get_config(self):
        layers = [_serialize_layer(self._input_layer)] if self._input_layer is not None else []
        layers += [_serialize_layer(layer) for layer in self._stack]
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": Model.get_config(self)["dtype"], "layers": layers}
        if self._build_shape is not None:
            config["build_input_shape"] = list(self._build_shape)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the stack from ``get_config()`` output (or a Keras 3 config)."""
        from nbkeras.saving import object_registration, serialization

        with object_registration.CustomObjectScope(custom_objects or {}):
            layers = [serialization._deserialize(entry) for entry in config.get("layers", [])]
        model = cls(layers=layers, name=config.get("name"), trainable=config.get("trainable", True))
        shape = config.get("build_input_shape")
        if not model.built and shape is not None and model._stack:
            model.build(tuple(shape))
        return model


def _serialize_layer(layer):
    from nbkeras.saving.serialization import serialize_keras_object

    return serialize_keras_object(layer)
