"""The static picture (matplotlib): what a saved notebook keeps and what PNG export writes.

One row per Playground (two in compare mode): the network with every
neuron's picture and its weights, the output plane with the points, the loss
curves.
"""

import numpy as np

from nbkeras.playground.features import LABELS
from nbkeras.playground.probe import EXTENT, dense_kernels, pictures
from nbkeras.playground.raster import HEX, colorize
from nbkeras.playground.svg_network import line_width


def playground_figure(playgrounds, resolution=60):
    """A figure with one row per Playground.

    Args:
        playgrounds: a list of Playgrounds (one, or two to compare).
        resolution: grid points per side for the pictures.

    Returns:
        A ``matplotlib.figure.Figure``.
    """
    from nbkeras.display.figures import new_figure

    figure = new_figure((11.5, 3.6 * len(playgrounds)))
    grid = figure.add_gridspec(len(playgrounds), 3, width_ratios=[1.5, 1, 1], wspace=0.3, hspace=0.5,
                               left=0.03, right=0.98, bottom=0.14 / len(playgrounds), top=0.88)
    for row, pg in enumerate(playgrounds):
        columns = pictures(pg, resolution)
        _draw_network(figure.add_subplot(grid[row, 0]), pg, columns)
        _draw_boundary(figure.add_subplot(grid[row, 1]), pg, columns[-1][..., 0])
        _draw_curves(figure.add_subplot(grid[row, 2]), pg)
    return figure


def figure_png(playgrounds, path=None, resolution=60):
    """The figure as PNG bytes, written to ``path`` too when given."""
    from nbkeras.display.figures import png_bytes

    data = png_bytes(playground_figure(playgrounds, resolution), dpi=72)
    if path is not None:
        with open(path, "wb") as file:
            file.write(data)
    return data


def _draw_network(ax, pg, columns):
    widths = [column.shape[-1] for column in columns]
    tallest = max(widths)
    size = 0.8
    centres = [[(c * 2.2, (tallest - n) / 2 + r + size / 2) for r in range(n)] for c, n in enumerate(widths)]
    kernels = dense_kernels(pg.model)
    largest = max((float(np.abs(k).max()) for k in kernels if k.size), default=1.0)
    for layer, kernel in enumerate(kernels):
        for i, (x0, y0) in enumerate(centres[layer]):
            for j, (x1, y1) in enumerate(centres[layer + 1]):
                weight = float(kernel[i, j])
                ax.plot([x0 + size / 2, x1 - size / 2], [y0, y1], alpha=0.8,
                        color=HEX["positive"] if weight >= 0 else HEX["negative"],
                        linewidth=line_width(weight, largest) * 0.6)
    for column, values in enumerate(columns):
        for node, (x, y) in enumerate(centres[column]):
            ax.imshow(colorize(values[..., node]), extent=(x - size / 2, x + size / 2, y + size / 2,
                                                           y - size / 2), zorder=3)
            if column == 0:
                ax.text(x - size / 2 - 0.1, y, LABELS[pg.config.features[node]], ha="right",
                        va="center", fontsize=8)
    ax.set_xlim(-1.3, 2.2 * (len(widths) - 1) + 0.6)
    ax.set_ylim(tallest + 0.2, -0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"{pg.config.describe()}\nepoch {pg.epoch}", fontsize=9)


def _draw_boundary(ax, pg, output):
    ax.imshow(colorize(output), extent=(-EXTENT, EXTENT, -EXTENT, EXTENT), interpolation="bilinear")
    x_train, y_train, x_test, y_test = pg.points
    for x, y, edge in ((x_train, y_train, "white"), (x_test, y_test, "black")):
        value = 2 * y - 1 if pg.config.problem == "classification" else y
        ax.scatter(x[:, 0], x[:, 1], c=colorize(np.where(value >= 0, 1.0, -1.0)) / 255.0, s=9,
                   edgecolors=edge, linewidths=0.4)
    kind = "decision boundary" if pg.config.problem == "classification" else "regression surface"
    ax.set_title(f"{kind}; test points outlined", fontsize=9)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")


def _draw_curves(ax, pg):
    epochs = np.arange(1, pg.epoch + 1)
    for key, colour, label in (("loss", "#999", "training loss"), ("val_loss", "black", "test loss")):
        if pg.history.get(key):
            ax.plot(epochs, pg.history[key], color=colour, label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_title("loss curves", fontsize=9)
    if pg.history:
        ax.legend(fontsize=8)
