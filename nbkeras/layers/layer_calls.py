"""How a layer is called: building on first use, the training flag, and symbolic calls.

``LayerCalls`` is one part of ``Layer`` (``layers/layer.py``). Called on
Tensors or arrays, a layer builds itself from the input shape, runs ``call``
and collects its activity penalty; called on symbolic tensors (from
``keras.Input``), it records a node of the functional graph and returns
symbolic outputs of the inferred shape.
"""

import inspect

import numpy as np

from nbkeras.layers.layer_masks import mask_for_call, set_keras_mask
from nbkeras.layers.layer_structures import make_keras_tensors, merge_traced, shapes, to_tensors
from nbkeras.ops.symbolic import KerasTensor, Node, is_symbolic
from nbkeras.ops.tape import no_grad
from nbkeras.ops.tensor import Tensor
from nbkeras.traceback_utils import filter_traceback

# The ``training`` flag of the outermost call, passed down to nested layers, and how deep
# the current call is (only the outermost call clears the previous call's losses). The
# only mutable module state of the layers package; it is restored after every call.
_call_context = {"training": None, "depth": 0}


class LayerCalls:
    """Building, calling and symbolic recording of ``Layer``."""

    def _maybe_build(self, input_shape):
        if not self.built:
            self.build(input_shape)
            self.built = True
            self._build_shape = input_shape

    @filter_traceback
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
        previous_mask = mask_for_call(self, args, kwargs, inputs)
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
            set_keras_mask(outputs, self.compute_mask(inputs, previous_mask))
        return outputs

    # Keras 3 masking (layer_masks.py): a layer that supports masking gets its input's mask
    # as ``mask=`` and attaches ``compute_mask`` to its outputs.
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
            if is_symbolic((args[1:], kwargs)):
                # call(self, a, b) on two KerasTensors: only a run of call sees them all
                output_shape = _trace_call_shapes(self, args, kwargs)
            else:
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

    def compute_output_shape(self, input_shape):
        """Infers the output shape by running ``call`` on zeros (override when cheap)."""
        return _trace_output_shape(self, input_shape)

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


_TRAINING_ARG_CACHE = {}


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


def _trace_call_shapes(layer, args, kwargs):
    """Output shapes of ``call(*args, **kwargs)`` with every KerasTensor replaced by zeros."""
    def run(fill):
        def zeros(value):
            if isinstance(value, KerasTensor):
                shape = [fill if d is None else d for d in value.shape]
                return Tensor(np.zeros(shape, dtype=value.dtype or layer.dtype))
            if isinstance(value, dict):
                return {k: zeros(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return type(value)(zeros(v) for v in value)
            return value

        with no_grad():
            saved_depth = _call_context["depth"]
            _call_context["depth"] += 1  # a trace must not clear anyone's losses
            try:
                return shapes(layer.call(*zeros(tuple(args)), **zeros(dict(kwargs))))
            finally:
                _call_context["depth"] = saved_depth

    return merge_traced(run(2), run(3))


def _check_reuse(layer, input_shape):
    """A built layer called on a new shape: its weights must fit, so run it once on zeros.

    ``compute_output_shape`` often ignores the weights (Dense only swaps the last axis), so
    without this a Dense built for 4 features would accept 3 until data arrived.
    """
    if type(layer).compute_output_shape is LayerCalls.compute_output_shape:
        return  # the trace in compute_output_shape already runs ``call``
    _trace_output_shape(layer, input_shape)


def _activity_penalty(regularizer, outputs):
    from nbkeras.ops.numpy.arithmetic import divide

    first = outputs[0] if isinstance(outputs, (list, tuple)) else outputs
    # Keras divides the activity penalty by the batch size.
    return divide(regularizer(first), float(first.shape[0]))
