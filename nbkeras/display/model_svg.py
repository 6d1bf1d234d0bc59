"""``plot_model`` drawings as SVG: the boxes' text, their sizes, and the SVG markup.

A box reads like Keras's ``plot_model``: a title ``name (ClassName)``, then
(with ``show_shapes``) a two-column table ``Input shape | Output shape``,
then optional ``dtype``, ``Activation`` and ``Trainable`` lines. Text width
is estimated from the character count (no font is measured), so the same
model always gives byte-identical SVG. Styles are inline attributes; there
are no scripts and no generated ids.
"""

from dataclasses import dataclass, field
from html import escape

from nbkeras.display.model_graph import model_graph
from nbkeras.display.model_layout import layout_graph

FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
TITLE_SIZE, TEXT_SIZE = 12, 10.5
CHAR_WIDTH = 0.62  # average glyph width of the font, in em (a little generous)
TITLE_HEIGHT, ROW_HEIGHT, PAD = 26, 17, 10
ARROW = 8
COLORS = {  # kind: (fill, stroke)
    "input": ("#eef2f7", "#7b8794"),
    "layer": ("#e3edfb", "#4a6fa5"),
    "model": ("#fdf3d8", "#b8860b"),
}
EDGE_COLOR, RULE_COLOR, MUTED = "#555555", "#9fb3cf", "#5f6b7a"


@dataclass
class Label:
    """What one box shows, and its size in pixels."""

    title: str
    kind: str
    table: list = None  # [(header, value), (header, value)] or None
    lines: list = field(default_factory=list)
    width: float = 0
    height: float = 0


@dataclass
class Drawing:
    """A graph, the labels of its boxes and their layout: all a renderer needs."""

    graph: object
    labels: dict
    layout: object


def text_width(text, size):
    return len(text) * size * CHAR_WIDTH


def make_label(node, show_shapes=False, show_dtype=False, show_layer_names=True,
               show_layer_activations=False, show_trainable=False, nested=False):
    """The text of one box and its size."""
    kind = "input" if node.class_name == "InputLayer" else ("model" if nested else "layer")
    label = Label(title=f"{node.name} ({node.class_name})" if show_layer_names else node.class_name,
                  kind=kind)
    if show_shapes:
        label.table = [("Input shape", node.input_shape), ("Output shape", node.output_shape)]
    if show_dtype and node.dtype:
        label.lines.append(f"dtype: {node.dtype}")
    if show_layer_activations and node.activation is not None:
        label.lines.append(f"Activation: {node.activation}")
    if show_trainable and node.trainable is not None:
        label.lines.append(f"Trainable: {node.trainable}")
    width = text_width(label.title, TITLE_SIZE) + 2 * PAD
    if label.table:
        column = max(text_width(t, TEXT_SIZE) for pair in label.table for t in pair) + 2 * PAD
        width = max(width, 2 * column)
    for line in label.lines:
        width = max(width, text_width(line, TEXT_SIZE) + 2 * PAD)
    label.width = round(max(width, 90))
    label.height = TITLE_HEIGHT + (2 * ROW_HEIGHT if label.table else 0) + ROW_HEIGHT * len(label.lines)
    if label.table or label.lines:
        label.height += 3
    return label


def draw_model(model, show_shapes=False, show_dtype=False, show_layer_names=True, rankdir="TB",
               expand_nested=False, show_layer_activations=False, show_trainable=False):
    """Extracts, labels and lays out a built model; returns a ``Drawing``."""
    rankdir = str(rankdir).upper()
    if rankdir not in ("TB", "LR"):
        raise ValueError(f'rankdir must be "TB" (top to bottom) or "LR" (left to right). '
                         f"Received: rankdir={rankdir!r}")
    graph = model_graph(model, expand_nested=expand_nested)
    labels = {node.id: make_label(node, show_shapes, show_dtype, show_layer_names,
                                  show_layer_activations, show_trainable, node.is_model)
              for node in graph.nodes}
    sizes = {i: (label.width, label.height) for i, label in labels.items()}
    for cluster_id, (title, _) in graph.clusters.items():  # a frame is at least as wide as its title
        sizes[cluster_id] = (text_width(title, TEXT_SIZE) + 2 * PAD, 0)
    return Drawing(graph, labels, layout_graph(graph, sizes, rankdir))


# ---------------------------------------------------------------------- SVG
def _n(value):
    """Numbers written the same way every time: at most one decimal."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def edge_path(points, rankdir):
    """An SVG path through ``points``: smooth S-curves leaving and entering along the flow."""
    tip = points[-1]
    base = (tip[0], tip[1] - ARROW) if rankdir == "TB" else (tip[0] - ARROW, tip[1])
    points = points[:-1] + [base]
    parts = [f"M{_n(points[0][0])},{_n(points[0][1])}"]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if rankdir == "TB":
            middle = (y0 + y1) / 2
            controls = (x0, middle, x1, middle)
        else:
            middle = (x0 + x1) / 2
            controls = (middle, y0, middle, y1)
        parts.append("C" + " ".join(_n(v) for v in controls) + f" {_n(x1)},{_n(y1)}")
    return " ".join(parts)


def arrow_points(tip, rankdir):
    """The three corners of an arrowhead whose point touches ``tip``."""
    x, y = tip
    if rankdir == "TB":
        return [(x - ARROW / 2, y - ARROW), (x + ARROW / 2, y - ARROW), (x, y)]
    return [(x - ARROW, y - ARROW / 2), (x - ARROW, y + ARROW / 2), (x, y)]


def _text(x, y, content, size, anchor="middle", weight=None, fill="#1f2933"):
    bold = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}"'
            f' dominant-baseline="central" fill="{fill}"{bold}>{escape(content)}</text>')


def _node_svg(node_id, label, box):
    cx, cy, width, height = box
    x0, y0 = cx - width / 2, cy - height / 2
    fill, stroke = COLORS[label.kind]
    out = [f'<g class="node" id="{escape(node_id)}">',
           f'<title>{escape(label.title)}</title>',
           f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(width)}" height="{_n(height)}" rx="6"'
           f' fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>',
           _text(cx, y0 + TITLE_HEIGHT / 2, label.title, TITLE_SIZE, weight="600")]
    y = y0 + TITLE_HEIGHT
    if label.table or label.lines:
        out.append(f'<line x1="{_n(x0)}" y1="{_n(y)}" x2="{_n(x0 + width)}" y2="{_n(y)}"'
                   f' stroke="{RULE_COLOR}" stroke-width="1"/>')
        y += 3
    if label.table:
        (left_head, left), (right_head, right) = label.table
        out.append(f'<line x1="{_n(cx)}" y1="{_n(y)}" x2="{_n(cx)}" y2="{_n(y + 2 * ROW_HEIGHT)}"'
                   f' stroke="{RULE_COLOR}" stroke-width="1"/>')
        for column, (head, value) in ((x0 + width / 4, (left_head, left)),
                                      (x0 + 3 * width / 4, (right_head, right))):
            out.append(_text(column, y + ROW_HEIGHT / 2, head, TEXT_SIZE, fill=MUTED))
            out.append(_text(column, y + 3 * ROW_HEIGHT / 2, value, TEXT_SIZE))
        y += 2 * ROW_HEIGHT
    for line in label.lines:
        out.append(_text(cx, y + ROW_HEIGHT / 2, line, TEXT_SIZE))
        y += ROW_HEIGHT
    out.append("</g>")
    return "\n".join(out)


def to_svg(drawing, scale=1.0):
    """The drawing as a standalone SVG document (a string)."""
    layout = drawing.layout
    width, height = layout.width, layout.height
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="nbkeras-model-graph"'
           f' width="{_n(width * scale)}" height="{_n(height * scale)}"'
           f' viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT}"'
           f' role="img" aria-label="{escape("Graph of model " + drawing.graph.name)}">',
           f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>']
    for cluster_id, (x0, y0, x1, y1, label) in layout.clusters.items():
        out.append(f'<g class="cluster" id="{escape(cluster_id)}">'
                   f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}"'
                   f' rx="8" fill="#fffdf5" stroke="{COLORS["model"][1]}" stroke-dasharray="5,3"/>'
                   + _text(x0 + 8, y0 + 10, label, TEXT_SIZE, anchor="start", fill=MUTED) + "</g>")
    for source, target, points in layout.routes:
        corners = " ".join(f"{_n(x)},{_n(y)}" for x, y in arrow_points(points[-1], layout.rankdir))
        out.append(f'<g class="edge" data-source="{escape(source)}" data-target="{escape(target)}">'
                   f'<path d="{edge_path(points, layout.rankdir)}" fill="none" stroke="{EDGE_COLOR}"'
                   f' stroke-width="1.3"/><polygon points="{corners}" fill="{EDGE_COLOR}"/></g>')
    for node in drawing.graph.nodes:
        out.append(_node_svg(node.id, drawing.labels[node.id], layout.boxes[node.id]))
    out.append("</svg>")
    return "\n".join(out)
