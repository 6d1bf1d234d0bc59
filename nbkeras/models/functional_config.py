"""A functional model to and from its Keras 3 config.

The config lists every layer with the calls ("inbound nodes") it made in
this model; a call's arguments name their tensors by
``[layer_name, node_index, tensor_index]``. Rebuilding creates the layers,
then replays the calls in an order where every argument already exists.
"""

from nbkeras.ops.symbolic import KerasTensor, flatten
from nbkeras.saving import object_registration, serialization


def functional_get_config(model):
    """Returns ``{"name", "trainable", "layers", "input_layers", "output_layers"}``."""
    kept = {id(node) for node in model._nodes}
    reindex = {}  # (id(layer), global node index) -> index among this model's nodes
    for layer in model.layers:
        position = 0
        for index, node in enumerate(layer.inbound_nodes):
            if id(node) in kept:
                reindex[(id(layer), index)] = position
                position += 1

    def tensor_config(tensor):
        layer, node_index, tensor_index = tensor.history
        return {"class_name": "__keras_tensor__",
                "config": {"shape": list(tensor.shape), "dtype": tensor.dtype,
                           "keras_history": [layer.name, reindex.get((id(layer), node_index), 0),
                                             tensor_index]}}

    def arguments(structure):
        if isinstance(structure, KerasTensor):
            return tensor_config(structure)
        if isinstance(structure, dict):
            return {k: arguments(v) for k, v in structure.items()}
        if isinstance(structure, (list, tuple)):
            return [arguments(v) for v in structure]
        return serialization.serialize_keras_object(structure)

    layer_configs = []
    for layer in model.layers:
        entry = serialization.serialize_keras_object(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = [
            {"args": arguments(list(node.call_args)), "kwargs": arguments(dict(node.call_kwargs))}
            for node in layer.inbound_nodes if id(node) in kept and node.input_tensors]
        layer_configs.append(entry)

    def history(structure):
        if isinstance(structure, KerasTensor):
            layer, node_index, tensor_index = structure.history
            return [layer.name, reindex.get((id(layer), node_index), 0), tensor_index]
        if isinstance(structure, dict):
            return {k: history(v) for k, v in structure.items()}
        return [history(v) for v in structure]

    return {"name": model.name, "trainable": model.trainable, "layers": layer_configs,
            "input_layers": history(model._inputs_struct),
            "output_layers": history(model._outputs_struct)}


def functional_from_config(cls, config, custom_objects=None):
    """Creates the layers of ``config``, replays their calls, and returns ``cls(inputs, outputs)``."""
    with object_registration.CustomObjectScope(custom_objects or {}):
        layers, pending, produced = {}, {}, {}
        for layer_config in config["layers"]:
            layer = serialization._deserialize(layer_config)
            name = layer_config.get("name", layer.name)
            layers[name] = layer
            pending[name] = list(layer_config.get("inbound_nodes", []))
            if type(layer).__name__ == "InputLayer":
                produced[(name, 0)] = [layer.output_tensor]
        order = [lc.get("name") or lc["config"]["name"] for lc in config["layers"]]
        progress = True
        while progress and any(pending.values()):
            progress = False
            for name in order:
                while pending[name] and _ready(pending[name][0], produced):
                    node = pending[name].pop(0)
                    args = _resolve(node.get("args", []), produced)
                    kwargs = _resolve(node.get("kwargs", {}), produced)
                    if "mask" in kwargs and kwargs["mask"] is None:
                        del kwargs["mask"]  # Keras records mask=None on nested models' calls
                    outputs = layers[name](*args, **kwargs)
                    index = sum(1 for key in produced if key[0] == name)
                    produced[(name, index)] = flatten(outputs)
                    progress = True
        stuck = [name for name in order if pending[name]]
        if stuck:
            raise ValueError(f"Cannot rebuild the model: the calls of layers {stuck} need "
                             "tensors that no other layer produces. The config is damaged.")
        inputs = _resolve_history(config["input_layers"], produced)
        outputs = _resolve_history(config["output_layers"], produced)
        return cls(inputs=inputs, outputs=outputs, name=config.get("name"),
                   trainable=config.get("trainable", True))


def _is_tensor_config(value):
    return isinstance(value, dict) and value.get("class_name") == "__keras_tensor__"


def _ready(node, produced):
    def check(structure):
        if _is_tensor_config(structure):
            name, node_index, _ = structure["config"]["keras_history"]
            return (name, node_index) in produced
        if isinstance(structure, dict):
            return all(check(v) for v in structure.values())
        if isinstance(structure, list):
            return all(check(v) for v in structure)
        return True

    return check(node.get("args", [])) and check(node.get("kwargs", {}))


def _resolve(structure, produced):
    if _is_tensor_config(structure):
        name, node_index, tensor_index = structure["config"]["keras_history"]
        return produced[(name, node_index)][tensor_index]
    if isinstance(structure, dict) and "class_name" in structure:
        return serialization._deserialize(structure)
    if isinstance(structure, dict):
        return {k: _resolve(v, produced) for k, v in structure.items()}
    if isinstance(structure, list):
        return [_resolve(v, produced) for v in structure]
    return structure


def _resolve_history(structure, produced):
    if isinstance(structure, list) and len(structure) == 3 and isinstance(structure[0], str):
        name, node_index, tensor_index = structure
        return produced[(name, node_index)][tensor_index]
    if isinstance(structure, dict):
        return {k: _resolve_history(v, produced) for k, v in structure.items()}
    return [_resolve_history(v, produced) for v in structure]
