"""``model.summary()``: the rows from ``summary_rows``, drawn by ``summary_table`` (HTML in a notebook)."""

from nbkeras import renderers
from nbkeras.models.summary_rows import summary_data
from nbkeras.models.summary_table import format_summary, summary_footer


def format_shape(shape):
    """``(None, 16)`` as Keras prints it; ``?`` when unknown."""
    if shape is None:
        return "?"
    if isinstance(shape, (list, dict)):
        items = shape.values() if isinstance(shape, dict) else shape
        return ", ".join(format_shape(s) for s in items)
    return "(" + ", ".join(str(d) for d in shape) + ")"


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """Prints the summary; ``print_fn`` receives the whole table as one string (as Keras 3)."""
    data = summary_data(model, show_trainable=show_trainable, expand_nested=expand_nested,
                        layer_range=layer_range)
    text = format_summary(data["name"], data["columns"], data["rows"],
                          summary_footer(**data["footer"]), line_length, positions)
    show = renderers.get("summary")
    if print_fn is None and show is not None and renderers.in_notebook_kernel():
        # In a notebook the box-drawing table shows gaps (proportional line height): an
        # HTML table there, with the same text kept as the plain-text version.
        show(model, data, text)
        return
    (print_fn or print)(text)
