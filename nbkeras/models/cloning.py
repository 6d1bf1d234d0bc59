"""``clone_model`` and ``model_from_json``: new models with the same architecture.

A clone has new layers and new (freshly initialized) weights, like Keras 3:
copy the weights yourself with ``clone.set_weights(model.get_weights())``.
"""

import json

from nbkeras.layers.core.input_layer import InputLayer
from nbkeras.ops.symbolic import flatten


def _default_clone(layer):
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive=False, **kwargs):
    """Returns a new model with the same architecture and new weights.

    Args:
        model: a Sequential or functional model (a subclassed model has no
            graph to copy: it is rebuilt from its config, which needs
            ``get_config``/``from_config``).
        input_tensors: optional new ``keras.Input`` tensor(s) to build on.
        clone_function: ``layer -> new layer`` (default: ``from_config(get_config())``).
        call_function: ``(layer, *args, **kwargs) -> outputs``, to change how a
            layer is called in the functional clone.
        recursive: also clone nested models layer by layer.

    Returns:
        The new model.

    Example:
        >>> import nbkeras as keras
        >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
        >>> clone = keras.models.clone_model(model)
        >>> clone.layers[0] is model.layers[0], clone.count_params()
        (False, 8)
    """
    from nbkeras.models.functional import Functional
    from nbkeras.models.sequential import Sequential

    if kwargs:
        raise TypeError(f"clone_model() got unexpected keyword arguments {sorted(kwargs)}.")
    clone_function = clone_function or _default_clone

    def clone_layer(layer):
        if recursive and isinstance(layer, (Sequential, Functional)):
            return clone_model(layer, clone_function=clone_function, call_function=call_function,
                               recursive=True)
        return clone_function(layer)

    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone_layer)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone_layer, call_function)
    if call_function is not None or input_tensors is not None:
        raise ValueError("clone_model() of a subclassed model cannot use input_tensors or "
                         "call_function: it has no recorded graph.")
    return type(model).from_config(model.get_config())


def _clone_sequential(model, input_tensors, clone_layer):
    """A new Sequential (not a functional model: a clone can still ``add`` and ``pop``)."""
    from nbkeras.models.sequential import Sequential

    layers = [clone_layer(layer) for layer in model.layers]
    source = model.input_layer
    if input_tensors is not None:
        layers = flatten(input_tensors)[:1] + layers
    elif source is not None and model._declared_input:
        layers = [InputLayer(batch_shape=source.batch_shape, dtype=source.dtype,
                             name=source.name)] + layers
    clone = Sequential(layers, name=model.name, trainable=model.trainable)
    if not clone.built and source is not None:  # built from data: build the clone alike
        clone.build(source.batch_shape)
    return clone


def _clone_functional(model, input_tensors, clone_layer, call_function):
    from nbkeras.models.functional import Functional, _replace

    values = {}
    new_inputs = flatten(input_tensors) if input_tensors is not None else []
    if input_tensors is not None and len(new_inputs) != len(model.inputs):
        raise ValueError(f"clone_model(): the model has {len(model.inputs)} inputs but "
                         f"input_tensors holds {len(new_inputs)}.")
    for index, tensor in enumerate(model.inputs):
        if input_tensors is not None:
            values[id(tensor)] = new_inputs[index]
        else:
            layer = tensor.history[0]
            values[id(tensor)] = InputLayer(batch_shape=tensor.shape, dtype=tensor.dtype,
                                            name=layer.name).output_tensor
    clones = {}
    for node in model._nodes:
        if not node.input_tensors:
            continue
        layer = node.operation
        if id(layer) not in clones:  # a shared layer is cloned once and shared again
            clones[id(layer)] = clone_layer(layer)
        new_layer = clones[id(layer)]
        args = _replace(node.call_args, values)
        call_kwargs = _replace(node.call_kwargs, values)
        if call_function is not None:
            outputs = call_function(new_layer, *args, **call_kwargs)
        else:
            outputs = new_layer(*args, **call_kwargs)
        for old, new in zip(node.output_tensors, flatten(outputs)):
            values[id(old)] = new
    inputs = _replace(model._inputs_struct, values)
    outputs = _replace(model._outputs_struct, values)
    return Functional(inputs, outputs, name=model.name, trainable=model.trainable)


def model_from_json(json_string, custom_objects=None):
    """Builds a model from ``model.to_json()`` output (nbkeras or Keras 3).

    Args:
        json_string: the JSON text.
        custom_objects: ``{"name": class_or_function}`` for your own layers.

    Returns:
        A new model with freshly initialized weights.

    Example:
        >>> import nbkeras as keras
        >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
        >>> keras.models.model_from_json(model.to_json()).count_params()
        4
    """
    from nbkeras.saving.serialization import deserialize_keras_object

    config = json.loads(json_string)
    return deserialize_keras_object(config, custom_objects=custom_objects)


__all__ = ["clone_model", "model_from_json"]
