"""What every neuron outputs over the input plane: the numbers behind the pictures."""

import numpy as np

from nbkeras import ops
from nbkeras.playground.features import feature_matrix

EXTENT = 6.0  # the plane shown is [-6, 6] x [-6, 6], as in TF Playground


def grid_points(resolution):
    """``(resolution**2, 2)`` points on a square grid, row by row from the top (x2 = 6) down."""
    ticks = np.linspace(-EXTENT, EXTENT, resolution, dtype=np.float32)
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    return np.stack([x1.ravel(), x2.ravel()], axis=1)


def probe(model, feature_names, resolution=40):
    """Runs the grid through the model layer by layer (inference mode).

    Args:
        model: the Playground's ``Sequential``.
        feature_names: the input features, in order.
        resolution: grid points per side.

    Returns:
        A list with one ``(resolution, resolution, units)`` array per column of
        the network drawing: the input features, each hidden Dense layer, the output.
    """
    values = feature_matrix(grid_points(resolution), feature_names)
    columns = [values]
    for layer in model.layers:
        values = ops.convert_to_numpy(layer(values, training=False))
        if type(layer).__name__ == "Dense":
            columns.append(values)
    return [column.reshape(resolution, resolution, -1) for column in columns]


def dense_kernels(model):
    """The kernels of the Dense layers, ``(in, out)`` each, in order."""
    return [layer.get_weights()[0] for layer in model.layers if type(layer).__name__ == "Dense"]


def dense_biases(model):
    """The biases of the Dense layers, in order."""
    return [layer.get_weights()[1] for layer in model.layers if type(layer).__name__ == "Dense"]


def signed_output(values, problem):
    """Maps the output to [-1, 1] for colouring: 2p - 1 for a probability, the value for regression."""
    return 2.0 * values - 1.0 if problem == "classification" else values


def pictures(pg, resolution=40):
    """Every column of the network drawing, scaled for colouring in [-1, 1].

    Input features are divided by their largest size on the plane (x1 runs
    from -6 to 6), hidden outputs are kept (the colours clip beyond ±1), the
    output is mapped by ``signed_output``.
    """
    columns = probe(pg.model, pg.config.features, resolution)
    inputs = columns[0]
    columns[0] = inputs / np.maximum(np.abs(inputs).max(axis=(0, 1)), 1e-6)
    columns[-1] = signed_output(columns[-1], pg.config.problem)
    return columns
