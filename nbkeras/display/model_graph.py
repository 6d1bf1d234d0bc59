"""A model as plain data: one node per layer, one edge per connection.

``model_graph(model)`` reads the structure a model already records, so the
drawing code never touches layers:

* a model with ``inputs``/``outputs`` (a functional or built Sequential
  model) is walked back from its outputs through ``Node.parent_nodes``;
* any other model whose layers were called on ``keras.Input`` is read from
  the layers' ``inbound_nodes``;
* a model with no recorded graph (a subclassed model) is a single node.

A layer that is itself a model is one node; with ``expand_nested=True`` its
own graph is drawn inside a cluster instead.
"""

from dataclasses import dataclass, field

from nbkeras.models.summary import format_shape


@dataclass
class GraphNode:
    """One box of the drawing."""

    id: str
    name: str
    class_name: str
    input_shape: str = "?"
    output_shape: str = "?"
    dtype: str = ""
    activation: str = None
    trainable: bool = None  # None when the layer has no weights
    cluster: str = None  # the id of the nested model drawn around it
    is_model: bool = False  # a nested model drawn as one box


@dataclass
class Graph:
    """Nodes, edges ``(source_id, target_id)`` and clusters ``{id: (label, parent id or None)}``."""

    name: str
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    clusters: dict = field(default_factory=dict)

    def node(self, node_id):
        return next(n for n in self.nodes if n.id == node_id)


def model_graph(model, expand_nested=False):
    """Extracts the graph of a built model.

    Args:
        model: a Sequential, functional or subclassed model.
        expand_nested: draw layers that are models as clusters of their layers.

    Returns:
        A ``Graph``.
    """
    graph = Graph(name=model.name)
    _Builder(graph, expand_nested).add_model(model, prefix="")
    return graph


class _Builder:
    def __init__(self, graph, expand_nested):
        self.graph = graph
        self.expand_nested = expand_nested

    # ------------------------------------------------------------------ one model
    def add_model(self, model, prefix, cluster=None):
        """Adds the model's nodes and edges; returns ``(entry ids, exit ids)`` to connect to."""
        calls = _graph_calls(model)
        if not calls:
            node_id = self._add_layer(model, prefix, cluster, model_input_shape(model),
                                      model_output_shape(model), expand=False)
            return [node_id], [node_id]
        # The boxes are the model's layers; only the outer model adds its InputLayers (a
        # Sequential does not list its own).
        drawn = {id(layer) for layer in model.layers}
        if cluster is None:
            drawn |= {id(call.operation) for call in calls if _is_input_layer(call.operation)}
        return self._add_calls([call for call in calls if id(call.operation) in drawn], prefix,
                               cluster)

    def _add_calls(self, calls, prefix, cluster):
        """``calls`` is a list of Nodes (in call order) belonging to the model."""
        layer_calls = {}
        for call in calls:
            layer_calls.setdefault(id(call.operation), []).append(call)
        ids = {}
        for call in calls:
            layer = call.operation
            if id(layer) in ids:
                continue
            mine = layer_calls[id(layer)]
            input_shape = _agreed([_tensor_shapes(c.input_tensors) for c in mine])
            output_shape = _agreed([_tensor_shapes(c.output_tensors) for c in mine])
            ids[id(layer)] = self._add_layer_or_model(layer, prefix, cluster, input_shape, output_shape)
        exits_used = set()
        for call in calls:
            targets = ids[id(call.operation)][0]
            for tensor in call.input_tensors:
                if tensor.history is None or id(tensor.history[0]) not in ids:
                    continue
                for source in ids[id(tensor.history[0])][1]:
                    exits_used.add(source)
                    for target in targets:
                        self._add_edge(source, target)
        has_parent = {t for _, t in self.graph.edges}
        entries = [i for pair in ids.values() for i in pair[0] if i not in has_parent]
        exits = [i for pair in ids.values() for i in pair[1] if i not in exits_used]
        return entries, exits

    # ------------------------------------------------------------------ one layer
    def _add_layer_or_model(self, layer, prefix, cluster, input_shape, output_shape):
        if self.expand_nested and _is_model(layer) and getattr(layer, "built", False):
            cluster_id = "cluster-" + _slug(prefix + layer.name)
            self.graph.clusters[cluster_id] = (f"{layer.name} ({type(layer).__name__})", cluster)
            return self.add_model(layer, prefix + layer.name + "/", cluster_id)
        node_id = self._add_layer(layer, prefix, cluster, input_shape, output_shape)
        return [node_id], [node_id]

    def _add_layer(self, layer, prefix, cluster, input_shape, output_shape, expand=True):
        """One box; ``expand=False`` for the outer model drawn as a single box."""
        activation = getattr(layer, "activation", None)
        if activation is not None:
            from nbkeras import activations

            activation = activations.serialize(activation)
        trainable = bool(layer.trainable) if layer.weights else None
        if input_shape is None and _is_input_layer(layer):
            input_shape = output_shape  # Keras shows an input's shape on both sides
        node_id = self._new_node(prefix + layer.name, layer.name, type(layer).__name__,
                                 _shape_text(input_shape), _shape_text(output_shape),
                                 getattr(layer, "dtype", ""), activation, trainable, cluster)
        self.graph.nodes[-1].is_model = _is_model(layer) and expand
        return node_id

    def _new_node(self, path, name, class_name, input_shape, output_shape, dtype, activation,
                  trainable, cluster):
        node_id = "node-" + _slug(path)
        taken = {n.id for n in self.graph.nodes}
        base, count = node_id, 1
        while node_id in taken:
            node_id, count = f"{base}-{count}", count + 1
        self.graph.nodes.append(GraphNode(node_id, name, class_name, input_shape, output_shape,
                                          str(dtype), activation, trainable, cluster))
        return node_id

    def _add_edge(self, source, target):
        if (source, target) not in self.graph.edges:
            self.graph.edges.append((source, target))


# ---------------------------------------------------------------------- reading the recorded graph
def _graph_calls(model):
    """The Nodes of the model's graph, parents before children, or [] when none are recorded."""
    outputs = getattr(model, "outputs", None)
    if outputs:
        from nbkeras.ops.symbolic import flatten

        ends = [t.operation.inbound_nodes[t.history[1]] for t in flatten(outputs)
                if t.history is not None]
        return _ancestors(ends)
    calls = [call for layer in model.layers for call in layer.inbound_nodes]
    return _ancestors(calls)


def _ancestors(ends):
    """Every node reachable backwards from ``ends``, in an order where parents come first."""
    ordered, seen = [], set()
    for end in ends:
        stack = [(end, False)]
        while stack:  # an explicit stack: deep models must not hit the recursion limit
            call, parents_done = stack.pop()
            if parents_done:
                ordered.append(call)
            elif id(call) not in seen:
                seen.add(id(call))
                stack.append((call, True))
                stack.extend((p, False) for p in reversed(call.parent_nodes) if id(p) not in seen)
    return ordered


def _is_input_layer(layer):
    from nbkeras.layers.core.input_layer import InputLayer

    return isinstance(layer, InputLayer)


def _is_model(layer):
    from nbkeras.models.model import Model

    return isinstance(layer, Model)


def _tensor_shapes(tensors):
    shapes = [tuple(t.shape) for t in tensors]
    return shapes[0] if len(shapes) == 1 else (shapes or None)


def _agreed(shapes):
    """The shape if every call of a shared layer agrees, else the word "multiple"."""
    first = shapes[0]
    return first if all(s == first for s in shapes) else "multiple"


def _shape_text(shape):
    return shape if isinstance(shape, str) else format_shape(shape)


def model_input_shape(model):
    shape = getattr(model, "_build_shape", None)
    return None if shape is None else (None,) + tuple(shape[1:])


def model_output_shape(model):
    shape = model_input_shape(model)
    if shape is None:
        return None
    try:
        return model.compute_output_shape(shape)
    except Exception:  # a subclassed model may not describe its output
        return None


def _slug(text):
    """A stable id fragment: letters, digits, ``-``, ``_`` and ``.`` (``/`` becomes ``.``)."""
    return "".join(c if c.isalnum() or c in "-_" else "." for c in text)
