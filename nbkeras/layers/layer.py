"""The Layer base class: weights, building, calling, and the symbolic graph.

A layer is written as in Keras 3: ``__init__`` stores and checks the
hyper-parameters, ``build(input_shape)`` creates weights with
``add_weight``, ``call(inputs)`` computes with ``nbkeras.ops`` (recorded on
the tape, so gradients come for free), ``compute_output_shape`` describes
the output, and ``get_config`` returns the constructor arguments.
"""

import functools
import inspect

import numpy as np

from nbkeras import config, initializers
from nbkeras.layers.layer_config import auto_config
from nbkeras.layers.layer_structures import (make_keras_tensors, merge_traced, shapes,
                                              to_tensors)
from nbkeras.layers.naming import to_snake_case, unique_name
from nbkeras.ops.symbolic import Node, is_symbolic
from nbkeras.ops.tape import no_grad
from nbkeras.ops.tensor import Tensor, Variable

# The ``training`` flag of the outermost call, passed down to nested layers.
_call_context = {"training": None, "depth": 0}

_BASE_KWARGS = ("input_shape", "input_dim", "batch_size", "batch_input_shape")


class Layer:
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
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}"
            )
        self._init_tracking()
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self.built = False
        self.dtype = np.dtype(dtype or config.floatx()).name if not isinstance(dtype, dict) \
            else dtype.get("config", {}).get("name", config.floatx())
        self.autocast = autocast
        from nbkeras import regularizers

        self.activity_regularizer = regularizers.get(activity_regularizer)
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        if batch_input_shape is not None:
            input_shape, batch_size = tuple(batch_input_shape[1:]), batch_input_shape[0]
        self._declared_input_shape = None if input_shape is None else (batch_size,) + tuple(input_shape)

    def _init_tracking(self):
        """Creates the lists that ``__setattr__`` fills (safe to call twice)."""
        if "_layers" in self.__dict__:
            return
        object.__setattr__(self, "_layers", [])
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        object.__setattr__(self, "_activity_losses", [])
        object.__setattr__(self, "_added_losses", [])
        object.__setattr__(self, "inbound_nodes", [])
        object.__setattr__(self, "_build_shape", None)

    # ------------------------------------------------------------------ tracking
    def __setattr__(self, name, value):
        if not name.startswith("_"):
            self._init_tracking()
            for item in _layers_and_variables(value):
                self._track(item)
        object.__setattr__(self, name, value)

    def _track(self, item):
        if isinstance(item, Layer):
            if item is not self and item not in self._layers:
                self._layers.append(item)
        elif isinstance(item, Variable):
            owned = self._trainable_variables + self._non_trainable_variables
            if not any(item is v for v in owned):
                (self._trainable_variables if item.trainable else self._non_trainable_variables).append(item)

    # ------------------------------------------------------------------ weights
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None):
        """Creates a weight variable owned by this layer.

        Args:
            shape: the shape (``()`` for a scalar).
            initializer: a name (``"glorot_uniform"``), an Initializer or a
                callable; defaults to glorot_uniform for floats.
            dtype: defaults to the layer's dtype.
            trainable: whether the optimizer updates it.
            regularizer: adds a penalty on this weight to ``layer.losses``.
            constraint: projects the weight after each optimizer update.
            name: the variable's name, e.g. ``"kernel"``.

        Returns:
            The new ``Variable``.
        """
        from nbkeras import constraints, regularizers

        self._init_tracking()
        shape = () if shape is None else tuple(int(d) for d in shape)
        initializer = initializers.get(initializer or "glorot_uniform")
        variable = Variable(initializer, shape=shape, dtype=dtype or self.dtype,
                            trainable=trainable, name=name,
                            regularizer=regularizers.get(regularizer),
                            constraint=constraints.get(constraint))
        variable.path = f"{self.name}/{name or 'variable'}"
        self._track(variable)
        return variable

    @property
    def weights(self):
        """All weights: own (trainable, then non-trainable), then sublayers', in Keras order."""
        seen, result = set(), []
        for variable in self._trainable_variables + self._non_trainable_variables:
            if id(variable) not in seen:
                seen.add(id(variable))
                result.append(variable)
        for layer in self._layers:
            for variable in layer.weights:
                if id(variable) not in seen:
                    seen.add(id(variable))
                    result.append(variable)
        return result

    variables = weights

    @property
    def trainable_weights(self):
        return [v for v in self.weights if v.trainable] if self.trainable else []

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [v for v in self.weights if not v.trainable]

    non_trainable_variables = non_trainable_weights

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        """Freezing a layer freezes its variables and sublayers (as Keras 3 does)."""
        value = bool(value)
        self._trainable = value
        for variable in self._trainable_variables:
            variable.trainable = value
        for layer in self._layers:
            layer.trainable = value

    @property
    def layers(self):
        return list(self._layers)

    def get_weights(self):
        """Returns the weights as a list of NumPy arrays (Keras order)."""
        return [np.array(v.data) for v in self.weights]

    def set_weights(self, weights):
        """Sets the weights from a list of arrays in ``get_weights()`` order."""
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(
                f"Layer '{self.name}' expects {len(own)} weight arrays "
                f"({', '.join(f'{v.name}{v.shape}' for v in own) or 'none'}), "
                f"but received {len(weights)}."
            )
        for variable, value in zip(own, weights):
            value = np.asarray(value)
            if value.shape != variable.shape:
                raise ValueError(
                    f"Layer '{self.name}' weight '{variable.name}' has shape {variable.shape}; "
                    f"received an array of shape {value.shape}."
                )
        for variable, value in zip(own, weights):
            variable.assign(value)

    def count_params(self):
        """Number of scalars in all weights (the layer must be built)."""
        if not self.built:
            raise ValueError(
                f"You tried to call count_params on layer '{self.name}', but the layer "
                "isn't built. Build it first by calling it on data or with build(input_shape)."
            )
        return int(sum(v.data.size for v in self.weights))

    # ------------------------------------------------------------------ losses
    @property
    def losses(self):
        """Regularization penalties (weights and activity) as scalar Tensors."""
        result = list(self._added_losses) + list(self._activity_losses)
        for variable in self._trainable_variables + self._non_trainable_variables:
            if variable.regularizer is not None:
                result.append(variable.regularizer(variable))
        for layer in self._layers:
            result.extend(layer.losses)
        return result

    def add_loss(self, loss):
        """Adds a scalar Tensor to ``layer.losses`` (cleared at the next call)."""
        self._added_losses.append(loss)

    def _clear_call_losses(self):
        self._activity_losses.clear()
        self._added_losses.clear()
        for layer in self._layers:
            layer._clear_call_losses()

    # ------------------------------------------------------------------ build and call
    def build(self, input_shape):
        """Creates the weights; override in layers that have some."""
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def _maybe_build(self, input_shape):
        if not self.built:
            self.build(input_shape)
            self.built = True
            self._build_shape = input_shape

    def __call__(self, *args, **kwargs):
        if not args and "inputs" not in kwargs:
            raise ValueError(f"Layer '{self.name}' was called without inputs.")
        first = args[0] if args else kwargs.get("inputs")
        if not isinstance(first, (Tensor, np.ndarray)) and is_symbolic((args, kwargs)):
            return self._symbolic_call(args, kwargs)
        args = (to_tensors(args[0], self.dtype),) + args[1:] if args else args
        if "inputs" in kwargs:
            kwargs["inputs"] = to_tensors(kwargs["inputs"], self.dtype)
        inputs = args[0] if args else kwargs["inputs"]
        if not self.built:
            self._maybe_build(shapes(inputs))
        outermost = _call_context["depth"] == 0
        training = self._resolve_training(kwargs)
        previous_mask = _keras_mask(inputs)
        if previous_mask is not None and kwargs.get("mask") is None and _accepts_mask(type(self)) \
                and _single_tensor_argument(args, kwargs):
            kwargs["mask"] = previous_mask
        saved = _call_context["training"]
        _call_context["depth"] += 1
        _call_context["training"] = training
        try:
            if outermost:
                self._clear_call_losses()
            outputs = self.call(*args, **kwargs)
        finally:
            _call_context["depth"] -= 1
            _call_context["training"] = saved
        if self.activity_regularizer is not None:
            self._activity_losses.append(_activity_penalty(self.activity_regularizer, outputs))
        if self.supports_masking:
            _set_keras_mask(outputs, self.compute_mask(inputs, previous_mask))
        return outputs

    # Keras 3 masking: a layer that supports masking receives the mask attached to its
    # input as ``mask=`` (when ``call`` accepts it) and attaches ``compute_mask`` to its outputs.
    supports_masking = False

    def compute_mask(self, inputs, previous_mask=None):
        """The mask of the outputs: by default the input's mask passes through."""
        return previous_mask

    def _resolve_training(self, kwargs):
        """Explicit ``training=``, else the enclosing call's, else False."""
        accepts = _accepts_training(type(self))
        if kwargs.get("training") is not None:
            training = bool(kwargs["training"])
        else:
            training = bool(_call_context["training"])
            if accepts:
                kwargs["training"] = training
        if not accepts:
            kwargs.pop("training", None)
        return training

    def _symbolic_call(self, args, kwargs):
        """Records a node and returns KerasTensors with the inferred output shape."""
        inputs = args[0] if args else kwargs["inputs"]
        input_shape = shapes(inputs)
        try:
            if self.built and input_shape != self._build_shape and self.weights:
                _check_reuse(self, input_shape)
            self._maybe_build(input_shape)
            output_shape = self.compute_output_shape(input_shape)
        except (ValueError, TypeError) as error:
            raise type(error)(
                f"Layer '{self.name}' ({type(self).__name__}) cannot be applied to inputs of "
                f"shape {input_shape}: {error}"
            ) from error
        node_index = len(self.inbound_nodes)
        outputs = make_keras_tensors(output_shape, self.compute_dtype, self, node_index)
        self.inbound_nodes.append(Node(self, args, kwargs, outputs))
        return outputs

    @property
    def compute_dtype(self):
        return self.dtype

    def compute_output_shape(self, input_shape):
        """Infers the output shape by running ``call`` on zeros (override when cheap)."""
        return _trace_output_shape(self, input_shape)

    # ------------------------------------------------------------------ graph accessors
    def _single_node(self, attribute):
        if not self.inbound_nodes:
            raise AttributeError(
                f"Layer '{self.name}' has never been called on a symbolic input, so it "
                f"has no {attribute}. Call it on keras.Input(...) first."
            )
        if len(self.inbound_nodes) > 1:
            raise AttributeError(
                f"Layer '{self.name}' has been called {len(self.inbound_nodes)} times, so "
                f"its {attribute} is ambiguous. Use layer.inbound_nodes[i] instead."
            )
        return self.inbound_nodes[0]

    @property
    def input(self):
        node = self._single_node("input")
        return node.call_args[0] if node.call_args else node.call_kwargs["inputs"]

    @property
    def output(self):
        return self._single_node("output").outputs

    @property
    def input_shape(self):
        return shapes(self.input)

    @property
    def output_shape(self):
        return shapes(self.output)

    # ------------------------------------------------------------------ config
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


def _layers_and_variables(value):
    if isinstance(value, (Layer, Variable)):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, (Layer, Variable))]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, (Layer, Variable))]
    return []


_TRAINING_ARG_CACHE = {}
_MASK_ARG_CACHE = {}


def _accepts_mask(cls):
    if cls not in _MASK_ARG_CACHE:
        _MASK_ARG_CACHE[cls] = "mask" in inspect.signature(cls.call).parameters
    return _MASK_ARG_CACHE[cls]


def _single_tensor_argument(args, kwargs):
    """Keras passes the input's mask on only when the inputs are the call's one tensor argument
    (``lstm(x, initial_state=[h, c])`` ignores x's mask, as in Keras 3)."""
    others = list(args[1:]) + [v for k, v in kwargs.items() if k not in ("inputs", "mask", "training")]
    for value in others:
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(item, (Tensor, np.ndarray)):
                return False
    return True


def _keras_mask(inputs):
    """The mask attached to a Tensor (or a list of them) by the layer that made it, or None."""
    if isinstance(inputs, (list, tuple)):
        masks = [getattr(x, "_keras_mask", None) for x in inputs]
        return None if all(m is None for m in masks) else masks
    return getattr(inputs, "_keras_mask", None)


def _set_keras_mask(outputs, masks):
    """Attaches each mask to its output Tensor (Keras keeps masks on tensors too)."""
    if masks is None:
        return
    if isinstance(outputs, (list, tuple)):
        masks = masks if isinstance(masks, (list, tuple)) else [masks] + [None] * (len(outputs) - 1)
        for output, mask in zip(outputs, masks):
            _set_keras_mask(output, mask)
    elif isinstance(outputs, Tensor):
        if isinstance(masks, (list, tuple)):  # several inputs merged into one output
            present = [np.asarray(getattr(m, "data", m), bool) for m in masks if m is not None]
            masks = np.logical_and.reduce(present) if present else None
        outputs._keras_mask = masks


def _accepts_training(cls):
    if cls not in _TRAINING_ARG_CACHE:
        parameters = inspect.signature(cls.call).parameters
        _TRAINING_ARG_CACHE[cls] = "training" in parameters or any(
            p.kind == p.VAR_KEYWORD for p in parameters.values())
    return _TRAINING_ARG_CACHE[cls]


def _trace_output_shape(layer, input_shape):
    """Runs the layer on zeros twice (batch 2 and 3) and marks varying sizes None."""
    def run(fill):
        def zeros(shape):
            if isinstance(shape, dict):
                return {k: zeros(v) for k, v in shape.items()}
            if isinstance(shape, list):
                return [zeros(s) for s in shape]
            return Tensor(np.zeros([fill if d is None else d for d in shape], dtype=layer.dtype))

        with no_grad():
            saved_depth = _call_context["depth"]
            _call_context["depth"] += 1  # a trace must not clear anyone's losses
            try:
                return shapes(layer.call(zeros(input_shape)))
            finally:
                _call_context["depth"] = saved_depth

    return merge_traced(run(2), run(3))


def _check_reuse(layer, input_shape):
    """A built layer called on a new shape: its weights must fit, so run it once on zeros.

    ``compute_output_shape`` often ignores the weights (Dense only swaps the last axis), so
    without this a Dense built for 4 features would accept 3 until data arrived.
    """
    if type(layer).compute_output_shape is Layer.compute_output_shape:
        return  # the trace in compute_output_shape already runs ``call``
    _trace_output_shape(layer, input_shape)


def _activity_penalty(regularizer, outputs):
    from nbkeras.ops.functions import divide

    first = outputs[0] if isinstance(outputs, (list, tuple)) else outputs
    # Keras divides the activity penalty by the batch size.
    return divide(regularizer(first), float(first.shape[0]))
