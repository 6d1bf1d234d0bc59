"""``model.summary()``: gathers the rows Keras shows and prints the table."""

from nbkeras.display.table_text import footer_lines, format_summary


def format_shape(shape):
    """``(None, 16)`` as Keras prints it; ``?`` when unknown."""
    if shape is None:
        return "?"
    if isinstance(shape, (list, dict)):
        items = shape.values() if isinstance(shape, dict) else shape
        return ", ".join(format_shape(s) for s in items)
    return "(" + ", ".join(str(d) for d in shape) + ")"


def layer_output_shape(model, layer):
    """The output shape the layer produced when the model was built, or None."""
    lookup = getattr(model, "output_shape_of", None)
    shape = lookup(layer) if lookup is not None else None
    if shape is None and len(layer.inbound_nodes) == 1:
        try:
            shape = layer.output_shape
        except (AttributeError, ValueError):
            shape = None
    return shape


def summary_data(model, show_trainable=False):
    """Columns, rows and footer of a Sequential-like model's summary."""
    columns = ["Layer (type)", "Output Shape", "Param #"] + (["Trainable"] if show_trainable else [])
    rows = []
    for layer in model.layers:
        params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        row = [f"{layer.name} ({type(layer).__name__})",
               format_shape(layer_output_shape(model, layer)), params]
        if show_trainable:
            row.append(("Y" if layer.trainable else "N") if layer.weights else "-")
        rows.append(row)
    trainable = sum(v.data.size for v in model.trainable_weights) if model.built else 0
    non_trainable = sum(v.data.size for v in model.non_trainable_weights) if model.built else 0
    optimizer = getattr(model, "optimizer", None)
    optimizer_params = optimizer.count_params() if optimizer is not None and optimizer.built else None
    total = trainable + non_trainable + (optimizer_params or 0)
    return {"name": model.name, "columns": columns, "rows": rows,
            "footer": footer_lines(total, trainable, non_trainable, optimizer_params)}


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """Prints the summary; ``print_fn`` receives the whole table as one string (as Keras 3)."""
    data = summary_data(model, show_trainable=show_trainable)
    text = format_summary(data["name"], data["columns"], data["rows"], data["footer"], line_length)
    (print_fn or print)(text)
