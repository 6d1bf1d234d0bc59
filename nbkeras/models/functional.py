"""Functional models: ``Model(inputs, outputs)`` over a recorded graph of layer calls.

Building records nothing new: the layers were already called on
``keras.Input`` tensors, which left Nodes behind. The model orders those
nodes once (``functional_graph.map_graph``) and, when called on data, runs
them in that order with real Tensors, so the tape sees every operation
(shared layers contribute once per call, and their gradients add up).
"""

from nbkeras.layers.layer_structures import shapes
from nbkeras.models import functional_config
from nbkeras.models.functional_graph import map_graph
from nbkeras.models.model import Model
from nbkeras.ops.symbolic import KerasTensor, flatten


class Functional(Model):
    """A model defined by its input and output tensors.

    Args:
        inputs: a KerasTensor from ``keras.Input``, or a list or dict of them.
        outputs: the tensor(s) computed from ``inputs``: one, a list or a dict.
        name: the model name (default ``functional``, ``functional_1``, ...).
        trainable: whether the weights are trained.

    Example:
        >>> import nbkeras as keras
        >>> inputs = keras.Input(shape=(2,))
        >>> outputs = keras.layers.Dense(2)(inputs)
        >>> model = keras.Model(inputs=inputs, outputs=outputs)
        >>> [layer.name for layer in model.layers][-1] == outputs.operation.name
        True
    """

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        Model.__init__(self, name=name, trainable=trainable, **kwargs)
        self._inputs_struct = _check_structure(inputs, "inputs")
        self._outputs_struct = _check_structure(outputs, "outputs")
        self._flat_inputs = flatten(self._inputs_struct)
        self._flat_outputs = flatten(self._outputs_struct)
        self._nodes, operations = map_graph(self._flat_inputs, self._flat_outputs)
        for operation in operations:
            self._track(operation)
        self.built = True
        self._build_shape = shapes(self._inputs_struct)

    # ------------------------------------------------------------------ structure
    @property
    def inputs(self):
        """The input KerasTensors, as a flat list."""
        return list(self._flat_inputs)

    @property
    def outputs(self):
        """The output KerasTensors, as a flat list."""
        return list(self._flat_outputs)

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        return shapes(self._inputs_struct)

    @property
    def output_shape(self):
        return shapes(self._outputs_struct)

    @property
    def input_names(self):
        return [t.history[0].name for t in self._flat_inputs]

    @property
    def output_names(self):
        """The names of the layers that produce the outputs (Keras 3)."""
        return [t.history[0].name for t in self._flat_outputs]

    def _compile_output_names(self):
        if isinstance(self._outputs_struct, dict):
            return list(self._outputs_struct)
        return self.output_names

    # ------------------------------------------------------------------ running
    def call(self, inputs, training=None):
        values = {}
        for tensor, value in zip(self._flat_inputs, self._standardize_inputs(inputs)):
            values[id(tensor)] = value
        for node in self._nodes:
            if not node.input_tensors:
                continue  # an InputLayer: its value is given
            if all(id(t) in values for t in node.output_tensors):
                continue  # an input given as an intermediate tensor
            args = _replace(node.call_args, values)
            kwargs = _replace(node.call_kwargs, values)
            result = node.operation(*args, **kwargs)
            for tensor, value in zip(node.output_tensors, _flatten_values(result)):
                values[id(tensor)] = value
        return _replace(self._outputs_struct, values)

    def _standardize_inputs(self, inputs):
        """The call's data as a flat list aligned with ``self.inputs``, checked."""
        expected = self._flat_inputs
        names = self.input_names
        if isinstance(inputs, dict):
            keys = list(self._inputs_struct) if isinstance(self._inputs_struct, dict) else names
            missing = [k for k in keys if k not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' expects inputs named {keys}; missing {missing}. "
                    f"Received keys: {list(inputs)}.")
            flat = [inputs[k] for k in keys]
        elif isinstance(inputs, (list, tuple)):
            flat = list(inputs)
        else:
            flat = [inputs]
        if len(flat) != len(expected):
            raise ValueError(
                f"Model '{self.name}' expects {len(expected)} input(s) ({', '.join(names)}), "
                f"but it received {len(flat)} input tensor(s). Pass a list in the order "
                f"{names} or a dict keyed by those names.")
        flat = [adjust_rank(value, tensor.shape) for tensor, value in zip(expected, flat)]
        for index, (tensor, value) in enumerate(zip(expected, flat)):
            check_input_shape(self, index, names[index], tensor.shape, tuple(value.shape))
        return flat

    def compute_output_shape(self, input_shape):
        flat_given = _flat_shapes(input_shape)
        own = [t.shape for t in self._flat_inputs]
        if len(flat_given) == len(own) and all(
                tuple(g[1:]) == tuple(o[1:]) for g, o in zip(flat_given, own)):
            batch = flat_given[0][0] if flat_given and flat_given[0] else None
            return _replace_shapes(self._outputs_struct, batch)
        return super().compute_output_shape(input_shape)

    # ------------------------------------------------------------------ config
    def get_config(self):
        """The Keras 3 functional config: layers with inbound nodes, input and output layers."""
        return functional_config.functional_get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the graph from ``get_config()`` output (also Keras's own configs)."""
        return functional_config.functional_from_config(cls, config, custom_objects)


# ---------------------------------------------------------------------- helpers
def _check_structure(structure, argument):
    flat = flatten(structure)
    leaves = _leaves(structure)
    if not leaves or len(flat) != len(leaves):
        bad = [leaf for leaf in leaves if not isinstance(leaf, KerasTensor)]
        raise TypeError(
            f"All `{argument}` of a functional Model must be KerasTensors (from keras.Input or "
            f"a layer called on one). Received: {argument}={bad[0] if bad else structure!r}. "
            "If you passed NumPy arrays, build the model from keras.Input(shape=...) first.")
    if isinstance(structure, tuple):
        return list(structure)
    return structure


def _leaves(structure):
    if isinstance(structure, dict):
        return [leaf for value in structure.values() for leaf in _leaves(value)]
    if isinstance(structure, (list, tuple)):
        return [leaf for value in structure for leaf in _leaves(value)]
    return [structure]


def _replace(structure, values):
    if isinstance(structure, KerasTensor):
        return values[id(structure)]
    if isinstance(structure, dict):
        return {k: _replace(v, values) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_replace(v, values) for v in structure)
    return structure


def _flatten_values(structure):
    if isinstance(structure, dict):
        return [t for key in structure for t in _flatten_values(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [t for item in structure for t in _flatten_values(item)]
    return [structure]


def _flat_shapes(shape):
    if isinstance(shape, dict):
        return [s for v in shape.values() for s in _flat_shapes(v)]
    if isinstance(shape, list) or (isinstance(shape, tuple) and shape and isinstance(shape[0], (tuple, list))):
        return [s for v in shape for s in _flat_shapes(v)]
    return [tuple(shape)]


def _replace_shapes(structure, batch):
    if isinstance(structure, KerasTensor):
        return (batch,) + tuple(structure.shape[1:])
    if isinstance(structure, dict):
        return {k: _replace_shapes(v, batch) for k, v in structure.items()}
    return [_replace_shapes(v, batch) for v in structure]


def adjust_rank(value, expected):
    """Keras's rank fix: ``(n,)`` data for an input of shape ``(None, 1)`` gains the last axis
    (a pandas Series for a one-column input), and ``(n, k, 1)`` for ``(None, k)`` loses it."""
    from nbkeras import ops

    rank = len(getattr(value, "shape", ()))
    if rank == len(expected) - 1 and expected[-1] == 1:
        return ops.expand_dims(value, -1)
    if rank == len(expected) + 1 and value.shape[-1] == 1:
        return ops.squeeze(value, -1)
    return value


def check_input_shape(model, index, name, expected, received):
    """Refuses data whose shape does not fit a declared input, naming the input and the fix.

    Args:
        model: the model (for its name).
        index, name: which input.
        expected: the input's shape, batch axis first (``None`` where any size fits).
        received: the data's shape.
    """
    if len(expected) == len(received) and all(
            e is None or r is None or e == r for e, r in zip(expected, received)):
        return
    hint = (f"Check that the data for '{name}' has {len(expected) - 1} axis/axes per sample of "
            f"sizes {expected[1:]}.")
    one_sample = len(received) == len(expected) - 1 and all(
        e is None or e == r for e, r in zip(expected[1:], received))
    if one_sample:
        hint = ("This looks like one sample without the batch axis: add it with x[None] "
                "(or np.expand_dims(x, 0)) to pass a batch of one.")
    raise ValueError(
        f"Input {index} ('{name}') of model '{model.name}' is incompatible: expected shape "
        f"{expected} (None is the batch axis: any number of samples), but received input "
        f"with shape {received}. {hint}")


Model.functional_class = Functional
