"""The network as SVG: each neuron's picture over the input plane, weights as lines.

Columns from left to right: the input features, each hidden layer, the
output. A line's width grows with the weight's size, its colour gives the
sign (blue positive, orange negative); hovering a line or a neuron shows
its weight or bias.
"""

import numpy as np

from nbkeras.playground.features import LABELS
from nbkeras.playground.probe import dense_biases, dense_kernels
from nbkeras.playground.raster import HEX, heatmap_uri

NODE, GAP_X, GAP_Y, MARGIN = 34, 92, 12, 22
NODE_PIXELS = 16  # neuron pictures finer than twice this are halved: they are drawn 34 px wide


def node_positions(widths):
    """``[(x, y) per node]`` for each column, columns centred vertically."""
    tallest = max(widths)
    positions = []
    for column, count in enumerate(widths):
        offset = (tallest - count) * (NODE + GAP_Y) / 2
        positions.append([(MARGIN + column * GAP_X, MARGIN + offset + row * (NODE + GAP_Y))
                          for row in range(count)])
    return positions


def line_width(weight, largest):
    """Stroke width in pixels: 0.5 for a zero weight to 6 for the largest one."""
    return 0.5 + 5.5 * min(abs(weight) / largest, 1.0) if largest > 0 else 0.5


def network_svg(pg, columns):
    """The network drawing of a Playground.

    Args:
        pg: the Playground.
        columns: ``probe(...)`` output with the output column already in [-1, 1].

    Returns:
        An ``<svg>`` string.
    """
    widths = [column.shape[-1] for column in columns]
    positions = node_positions(widths)
    kernels, biases = dense_kernels(pg.model), dense_biases(pg.model)
    largest = max((float(np.abs(k).max()) for k in kernels if k.size), default=1.0)
    width = 2 * MARGIN + (len(widths) - 1) * GAP_X + NODE
    height = 2 * MARGIN + max(widths) * (NODE + GAP_Y)
    parts = [f'<svg class="nbkeras-pg-network" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">']
    for layer, kernel in enumerate(kernels):
        for i, (x0, y0) in enumerate(positions[layer]):
            for j, (x1, y1) in enumerate(positions[layer + 1]):
                weight = float(kernel[i, j])
                colour = HEX["positive"] if weight >= 0 else HEX["negative"]
                parts.append(
                    f'<line x1="{x0 + NODE}" y1="{y0 + NODE / 2}" x2="{x1}" y2="{y1 + NODE / 2}" '
                    f'stroke="{colour}" stroke-width="{line_width(weight, largest):.2f}" opacity="0.8">'
                    f"<title>weight {_name(pg, layer, i)} → {_name(pg, layer + 1, j)}: {weight:.3f}"
                    "</title></line>")
    for column, values in enumerate(columns):
        values = values[::2, ::2] if values.shape[0] > 2 * NODE_PIXELS else values  # a 34-px square
        for node, (x, y) in enumerate(positions[column]):
            tip = _name(pg, column, node)
            if column > 0:
                tip += f" (bias {float(biases[column - 1][node]):.3f})"
            parts.append(f'<image class="nbkeras-pg-neuron" href="{heatmap_uri(values[..., node])}" '
                         f'x="{x}" y="{y}" width="{NODE}" height="{NODE}" preserveAspectRatio="none">'
                         f"<title>{tip}</title></image>"
                         f'<rect x="{x}" y="{y}" width="{NODE}" height="{NODE}" fill="none" '
                         'stroke="#888" stroke-width="0.5"/>')
            if column == 0:
                parts.append(f'<text x="{x - 3}" y="{y + NODE / 2 + 4}" font-size="11" '
                             f'text-anchor="end">{LABELS[pg.config.features[node]]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _name(pg, column, node):
    if column == 0:
        return LABELS[pg.config.features[node]]
    if column == len(pg.config.hidden) + 1:
        return "output"
    return f"neuron {column}.{node + 1}"
