"""``plot_model`` drawings as PNG: the SVG's layout drawn again with matplotlib (Agg).

The figure is sized so that one layout pixel is one point (1/72 inch):
``dpi=72`` gives the SVG's size, ``dpi=200`` (Keras's default) a sharp
image about 2.8 times larger. Matplotlib is imported here only.
"""

import io

from nbkeras.display.model_svg import (ARROW, COLORS, EDGE_COLOR, MUTED, ROW_HEIGHT, RULE_COLOR,
                                       TEXT_SIZE, TITLE_HEIGHT, TITLE_SIZE, arrow_points)


def to_png(drawing, dpi=200):
    """The drawing as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    layout = drawing.layout
    figure = Figure(figsize=(layout.width / 72, layout.height / 72), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, layout.width)
    axes.set_ylim(layout.height, 0)  # y grows downwards, as in SVG
    axes.axis("off")
    fonts = "DejaVu Sans"  # shipped with matplotlib: the same glyphs on every machine
    for x0, y0, x1, y1, label in layout.clusters.values():
        _box(axes, x0, y0, x1 - x0, y1 - y0, "#fffdf5", COLORS["model"][1], radius=8, dashed=True)
        _text(axes, x0 + 8, y0 + 10, label, TEXT_SIZE, fonts, ha="left", color=MUTED)
    for _, _, points in layout.routes:
        _edge(axes, points, layout.rankdir)
    for node in drawing.graph.nodes:
        _node(axes, drawing.labels[node.id], layout.boxes[node.id], fonts)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _box(axes, x, y, width, height, fill, stroke, radius=6, dashed=False):
    from matplotlib.patches import FancyBboxPatch

    axes.add_patch(FancyBboxPatch((x + radius, y + radius), width - 2 * radius, height - 2 * radius,
                                  boxstyle=f"round,pad={radius}", facecolor=fill, edgecolor=stroke,
                                  linewidth=1.0, linestyle="--" if dashed else "-"))


def _text(axes, x, y, content, size, fonts, ha="center", color="#1f2933", weight="normal"):
    axes.text(x, y, content, fontsize=size, ha=ha, va="center", color=color,
              family=fonts, fontweight=weight)


def _edge(axes, points, rankdir):
    from matplotlib.patches import PathPatch, Polygon
    from matplotlib.path import Path

    tip = points[-1]
    base = (tip[0], tip[1] - ARROW) if rankdir == "TB" else (tip[0] - ARROW, tip[1])
    route = points[:-1] + [base]
    vertices, codes = [route[0]], [Path.MOVETO]
    for (x0, y0), (x1, y1) in zip(route, route[1:]):
        if rankdir == "TB":
            middle = (y0 + y1) / 2
            vertices += [(x0, middle), (x1, middle), (x1, y1)]
        else:
            middle = (x0 + x1) / 2
            vertices += [(middle, y0), (middle, y1), (x1, y1)]
        codes += [Path.CURVE4] * 3
    axes.add_patch(PathPatch(Path(vertices, codes), facecolor="none", edgecolor=EDGE_COLOR,
                             linewidth=1.0))
    axes.add_patch(Polygon(arrow_points(tip, rankdir), closed=True, facecolor=EDGE_COLOR,
                           edgecolor="none"))


def _node(axes, label, box, fonts):
    cx, cy, width, height = box
    x0, y0 = cx - width / 2, cy - height / 2
    fill, stroke = COLORS[label.kind]
    _box(axes, x0, y0, width, height, fill, stroke)
    _text(axes, cx, y0 + TITLE_HEIGHT / 2, label.title, TITLE_SIZE, fonts, weight="bold")
    y = y0 + TITLE_HEIGHT
    if label.table or label.lines:
        axes.plot([x0, x0 + width], [y, y], color=RULE_COLOR, linewidth=0.75)
        y += 3
    if label.table:
        axes.plot([cx, cx], [y, y + 2 * ROW_HEIGHT], color=RULE_COLOR, linewidth=0.75)
        for column, (head, value) in zip((x0 + width / 4, x0 + 3 * width / 4), label.table):
            _text(axes, column, y + ROW_HEIGHT / 2, head, TEXT_SIZE, fonts, color=MUTED)
            _text(axes, column, y + 3 * ROW_HEIGHT / 2, value, TEXT_SIZE, fonts)
        y += 2 * ROW_HEIGHT
    for line in label.lines:
        _text(axes, cx, y + ROW_HEIGHT / 2, line, TEXT_SIZE, fonts)
        y += ROW_HEIGHT
