"""``keras.utils.plot_model``: the model graph, drawn in pure Python (no pydot, no graphviz)."""

from pathlib import Path

SUFFIXES = (".svg", ".png")


class ModelPlot:
    """A drawn model graph: shows inline in Jupyter (SVG) and has a short text repr.

    Attributes:
        svg: the SVG document as a string.
        drawing: the graph, box labels and layout it was drawn from.
    """

    def __init__(self, drawing, dpi=200):
        from nbkeras.display.model_svg import to_svg

        self.drawing = drawing
        self.dpi = dpi
        self.svg = to_svg(drawing)

    def _repr_svg_(self):
        return self.svg

    def to_png(self, dpi=None):
        """The same drawing as PNG bytes (drawn with matplotlib)."""
        from nbkeras.display.model_png import to_png

        return to_png(self.drawing, dpi=dpi or self.dpi)

    def save(self, path):
        """Writes ``path``: ``.svg`` as is, ``.png`` rendered with matplotlib."""
        path = Path(_check_file_name(path))
        if path.suffix.lower() == ".svg":
            path.write_text(self.svg, encoding="utf-8")
        else:
            path.write_bytes(self.to_png())

    def __repr__(self):
        graph, layout = self.drawing.graph, self.drawing.layout
        return (f'<ModelPlot "{graph.name}": {len(graph.nodes)} nodes, {len(graph.edges)} edges, '
                f"{layout.rankdir}, {round(layout.width)}x{round(layout.height)} px>")


def plot_model(model, to_file=None, show_shapes=False, show_dtype=False, show_layer_names=True,
               rankdir="TB", expand_nested=False, dpi=200, show_layer_activations=False,
               show_trainable=False, **kwargs):
    """Draws a model's layers and connections as a graph.

    Works without pydot or graphviz: the layout is computed in Python and
    drawn as SVG (PNG files are drawn with matplotlib).

    Args:
        model: a built model.
        to_file: optional file to write, ending in ``.svg`` or ``.png``.
        show_shapes: add an "Input shape | Output shape" table to each box.
        show_dtype: add each layer's dtype.
        show_layer_names: title boxes "name (ClassName)" instead of "ClassName".
        rankdir: ``"TB"`` (top to bottom) or ``"LR"`` (left to right).
        expand_nested: draw layers that are models as a frame around their layers.
        dpi: resolution of a PNG file.
        show_layer_activations: add each layer's activation (Dense and friends).
        show_trainable: add whether each layer with weights is trainable.

    Returns:
        A ``ModelPlot``, shown as the picture in a notebook.

    Example:
        >>> import nbkeras as keras
        >>> model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
        >>> keras.utils.plot_model(model)
        <ModelPlot "sequential...": 2 nodes, 1 edges, TB, ...>
    """
    kwargs.pop("splines", None)  # graphviz edge routing: our edges are always curves
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError("Argument `layer_range` is no longer supported (as in Keras 3).")
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments for plot_model: {sorted(kwargs)}")
    if to_file is not None:
        _check_file_name(to_file)
    if not getattr(model, "built", False):
        raise ValueError(
            f"Model '{model.name}' has not been built yet, so it has no graph to plot. Build it "
            "first: call it on data (model(x), or fit), call model.build(input_shape), or start "
            "it with keras.Input(shape=...)."
        )
    from nbkeras.display.model_svg import draw_model

    drawing = draw_model(model, show_shapes=show_shapes, show_dtype=show_dtype,
                         show_layer_names=show_layer_names, rankdir=rankdir,
                         expand_nested=expand_nested, show_layer_activations=show_layer_activations,
                         show_trainable=show_trainable)
    plot = ModelPlot(drawing, dpi=dpi)
    if to_file is not None:
        plot.save(to_file)
    return plot


def _check_file_name(path):
    if Path(path).suffix.lower() not in SUFFIXES:
        raise ValueError(
            "plot_model can write .svg or .png files (drawn without graphviz). "
            f"Received: to_file={str(path)!r}. Use a name ending in .svg or .png."
        )
    return path
