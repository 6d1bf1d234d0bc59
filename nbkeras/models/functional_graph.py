"""Ordering a functional graph: which nodes run, in what order, and which layers it holds.

Walking back from the outputs (depth-first, inputs of each node in order)
gives the nodes in a runnable order. Depths then order the layers as
Keras 3 lists them: deepest (nearest the inputs) first, and within one
depth in the order the walk met them.
"""



def _node_of(tensor):
    layer, node_index, _ = tensor.history
    return layer.inbound_nodes[node_index]


def _is_input_node(node):
    return not node.input_tensors and type(node.operation).__name__ == "InputLayer"


def map_graph(inputs, outputs):
    """Orders the graph between ``inputs`` and ``outputs`` (flat lists of KerasTensors).

    Args:
        inputs: the model's input KerasTensors.
        outputs: the model's output KerasTensors.

    Returns:
        ``(nodes, layers)``: the nodes in a runnable order (inputs first) and
        the layers in Keras's ``model.layers`` order.

    Raises:
        ValueError: when an output needs a tensor that no input leads to
            ("Graph disconnected"), or when two layers share a name.
    """
    input_ids = {id(t) for t in inputs}
    ordered, first_seen = [], {}
    finished, in_progress = set(), set()

    def visit(tensor, consumer):
        if tensor.history is None:
            raise ValueError(_disconnected(tensor, consumer, inputs))
        node = _node_of(tensor)
        if id(node) in finished:
            return
        if id(tensor) in input_ids and not _is_input_node(node):
            finished.add(id(node))
            return
        if _is_input_node(node) and id(tensor) not in input_ids:
            raise ValueError(_disconnected(tensor, consumer, inputs))
        if id(node) in in_progress:
            raise ValueError(f"Tensor {tensor} from layer '{node.operation.name}' is part of a cycle.")
        first_seen.setdefault(id(node.operation), (len(first_seen), node.operation))
        in_progress.add(id(node))
        for parent_tensor in node.input_tensors:
            visit(parent_tensor, node.operation)
        in_progress.discard(id(node))
        finished.add(id(node))
        ordered.append(node)

    for output in outputs:
        visit(output, None)
    for tensor in inputs:  # inputs the outputs never used still belong to the model
        node = _node_of(tensor)
        if _is_input_node(node) and node not in ordered:
            ordered.insert(0, node)
            first_seen.setdefault(id(node.operation), (-1, node.operation))
    layers = _layers_by_depth(ordered, first_seen)
    _check_unique_names(layers)
    return ordered, layers


def node_depths(ordered):
    """``{id(node): depth}``: 0 for the nodes producing outputs, growing toward the inputs."""
    return _depths(ordered)[0]


def _depths(ordered):
    in_graph = {id(n) for n in ordered}
    node_depth, layer_depth = {}, {}
    for node in reversed(ordered):  # outputs first: depth 0, growing toward the inputs
        depth = max(node_depth.get(id(node), 0), layer_depth.get(id(node.operation), 0))
        node_depth[id(node)] = depth
        layer_depth[id(node.operation)] = depth
        for tensor in node.input_tensors:
            parent = _node_of(tensor)
            if id(parent) in in_graph:
                node_depth[id(parent)] = max(node_depth.get(id(parent), 0), depth + 1)
    return node_depth, layer_depth


def _layers_by_depth(ordered, first_seen):
    _, layer_depth = _depths(ordered)
    entries = [(-layer_depth[key], first_seen[key][0], first_seen[key][1]) for key in layer_depth]
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    return [layer for _, _, layer in entries]


def _check_unique_names(layers):
    names = [layer.name for layer in layers]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(
                f'The name "{name}" is used {names.count(name)} times in the model. All '
                "operation names should be unique. Pass name=... to one of the layers.")


def _disconnected(tensor, consumer, inputs):
    source = tensor.history[0].name if tensor.history else tensor.name
    where = f" at layer '{consumer.name}'" if consumer is not None else ""
    given = ", ".join(f"'{t.history[0].name}'" if t.history else repr(t) for t in inputs)
    return (f"Graph disconnected: cannot find parent for tensor {tensor}{where}. It comes from "
            f"'{source}', which is not among the model's inputs ([{given}]). Add it to "
            "Model(inputs=[...]), or build the model from tensors that descend from its inputs.")
