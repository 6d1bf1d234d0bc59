"""Sequential: a functional model built one layer at a time.

As in Keras 3, the model keeps a list of layers whose first entry is an
``InputLayer`` once the input shape is known (``keras.Input`` first, a
legacy ``input_shape=`` on the first layer, or the first call/``fit``).
From then on it holds a ``Functional`` over that input, rebuilt by every
``add`` and ``pop``: ``model.inputs``, ``model.outputs``, a layer's
``input``/``output`` and ``keras.Model(seq.inputs, seq.layers[1].output)``
are those of that graph; summaries, drawings and clones read it as they
read any functional model's.
"""

import warnings

from nbkeras.layers.core.input_layer import InputLayer
from nbkeras.layers.layer import Layer
from nbkeras.models.functional import Functional, adjust_rank, check_input_shape
from nbkeras.models.model import Model
from nbkeras.ops.symbolic import KerasTensor, flatten


def _graph_property(attribute):
    """A read-only attribute of the Sequential's Functional (an AttributeError before the build)."""
    return property(lambda self: getattr(self._graph(attribute), attribute),
                    doc=f"The {attribute} of the built graph (as a functional model's).")


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
        self._functional = None
        self._declared_input = False  # an Input given by the user (its shape is a promise)
        for layer in layers or []:
            self.add(layer, rebuild=False)
        if layers:
            self._maybe_rebuild()

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
            if self._layers:
                raise ValueError("An Input can only be the first element of a Sequential model.")
            self._declared_input = True
        elif any(existing.name == layer.name for existing in self.layers):
            raise ValueError(
                f"All layers added to a Sequential model should have unique names. Name "
                f"'{layer.name}' is already the name of a layer in this model. Update the "
                "`name` argument to pass a unique name."
            )
        elif not self._layers and layer._declared_input_shape is not None:
            warnings.warn(
                "Do not pass an `input_shape`/`input_dim` argument to a layer. When using "
                "Sequential models, prefer using an `Input(shape)` object as the first layer "
                "in the model instead.", UserWarning, stacklevel=3)
            self._layers.append(InputLayer(batch_shape=layer._declared_input_shape))
            self._declared_input = True
        self._layers.append(layer)
        if rebuild:
            self._maybe_rebuild()
        else:
            self._forget_graph()

    def pop(self, rebuild=True):
        """Removes and returns the top layer."""
        if not self.layers:
            raise TypeError("There are no layers in the model.")
        layer = self._layers.pop()
        self._forget_graph()
        if rebuild:
            self._maybe_rebuild()
        return layer

    @property
    def layers(self):
        """The layers, without the InputLayer (as in Keras)."""
        if self._layers and isinstance(self._layers[0], InputLayer):
            return self._layers[1:]
        return list(self._layers)

    @property
    def input_layer(self):
        """The InputLayer at the bottom of the stack, or None before the shape is known."""
        first = self._layers[0] if self._layers else None
        return first if isinstance(first, InputLayer) else None

    # ------------------------------------------------------------------ building
    def _maybe_rebuild(self):
        """Rebuilds the graph when the input shape is known (an InputLayer, or a first
        layer that is a built model, as in Keras)."""
        self._forget_graph()
        if not self.layers:
            return
        if self.input_layer is not None:
            self.build(self.input_layer.batch_shape)
        elif isinstance(self._layers[0], Model) and self._layers[0].built:
            shape = getattr(self._layers[0], "input_shape", None)
            if isinstance(shape, tuple):
                self.build(shape)

    def _forget_graph(self):
        """Drops the graph of the last build, and the nodes it left on the layers (so that
        ``layer.output`` names the current graph)."""
        functional = self.__dict__.get("_functional")
        if functional is not None:
            for node in functional._nodes:
                if node.input_tensors and node in node.operation.inbound_nodes:
                    node.operation.inbound_nodes.remove(node)
        self._functional = None
        self.built = False

    def build(self, input_shape=None):
        """Builds every layer by calling it on the output of the one below, from an
        InputLayer of ``input_shape`` (the batch axis is always None)."""
        if input_shape is None:
            raise ValueError("Sequential.build needs an input shape, e.g. build((None, 16)).")
        if not self.layers:
            raise ValueError(f"Sequential model '{self.name}' has no layers to build.")
        if not all(d is None or isinstance(d, int) for d in input_shape):
            return  # several inputs: no graph, the layers run in order on the data (as Keras)
        input_shape = (None,) + tuple(input_shape[1:])
        self._forget_graph()
        first = self.input_layer
        if first is None or tuple(first.batch_shape[1:]) != input_shape[1:]:
            if self._declared_input:
                raise ValueError(
                    f"Sequential model '{self.name}' has already been configured to use input "
                    f"shape {first.batch_shape}. You cannot build it with input_shape "
                    f"{input_shape}.")
            if first is not None:  # built before on another shape (deferred): a new input
                self._layers.pop(0)
            self._layers.insert(0, InputLayer(batch_shape=input_shape, dtype=self.dtype))
        tensor, called = self._layers[0].output_tensor, []
        try:
            for layer in self.layers:
                if called and len(flatten(tensor)) != 1:
                    raise ValueError(_several_outputs_message(called[-1]))
                tensor = layer(tensor)
                called.append(layer)
        except Exception:
            for layer in called:  # a failed build leaves no half graph on the layers
                layer.inbound_nodes.pop()
            raise
        # Named as the Sequential (no automatic name is used up), so messages name the model.
        self._functional = Functional(self._layers[0].output_tensor, tensor, name=self.name)
        self._build_shape = input_shape
        self.built = True

    # ------------------------------------------------------------------ the graph
    def _graph(self, attribute):
        if self._functional is None:
            raise AttributeError(
                f"Sequential model '{self.name}' is not built yet, so it has no {attribute}. "
                "Start it with keras.Input(shape=...) or call it on data first.")
        return self._functional

    # What the built graph answers: ``keras.Model(seq.inputs, seq.layers[1].output)`` extracts
    # a hidden layer's values, as in Keras; ``_nodes`` is what summaries and drawings read.
    inputs = _graph_property("inputs")
    outputs = _graph_property("outputs")
    input = _graph_property("input")
    output = _graph_property("output")
    input_shape = _graph_property("input_shape")
    output_shape = _graph_property("output_shape")
    _nodes = _graph_property("_nodes")

    def call(self, inputs, training=None):
        # The graph is a chain, so running the layers in order is running the graph, without
        # the lookups of a general replay (which cost a 2-layer model ~3-8 us more per call).
        if self._declared_input and hasattr(inputs, "shape"):
            first = self.input_layer
            inputs = adjust_rank(inputs, first.batch_shape)  # (n,) data for shape (None, 1)
            # A declared input shape is a promise: (N, 4) data must not flow into Input((2, 2)).
            # Not its batch size: Keras saves a Sequential built from data with the batch of
            # that data, and runs it on any batch.
            expected = (None,) + tuple(first.batch_shape[1:])
            check_input_shape(self, 0, first.name, expected, tuple(inputs.shape))
        for layer in self.layers:
            inputs = layer(inputs, training=training)
        return inputs

    def compute_output_shape(self, input_shape):
        graph = self._functional
        if graph is not None and list(input_shape[1:]) == list(graph.inputs[0].shape[1:]):
            return graph.compute_output_shape(input_shape)  # the shapes recorded at the build
        shape = input_shape  # another shape (a model built from data): ask each layer
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
        return shape

    # ------------------------------------------------------------------ config
    def get_config(self):
        """Keras 3's Sequential config: the layers (InputLayer first when there is one) and
        ``build_input_shape`` once built."""
        from nbkeras.saving.serialization import serialize_keras_object

        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": Model.get_config(self)["dtype"],
                  "layers": [serialize_keras_object(layer) for layer in self._layers]}
        if self._functional is not None:
            config["build_input_shape"] = list(self.input_layer.batch_shape)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the stack from ``get_config()`` output (or a Keras 3 config)."""
        from nbkeras.saving import object_registration, serialization

        with object_registration.CustomObjectScope(custom_objects or {}):
            layers = [serialization._deserialize(entry) for entry in config.get("layers", [])]
        model = cls(layers=layers, name=config.get("name"), trainable=config.get("trainable", True))
        shape = config.get("build_input_shape")
        if not model.built and shape is not None and model.layers:
            model.build(tuple(shape))
        return model


def _several_outputs_message(layer):
    return (f"Layer '{layer.name}' ({type(layer).__name__}) returns several outputs, but in a "
            "Sequential model each layer feeds the next with one tensor. Only the last layer "
            "may return several; otherwise build the model with the functional API "
            "(keras.Model(inputs, outputs)).")
