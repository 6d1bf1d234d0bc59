"""Looking inside a model: weight histograms, activations for a batch, a Dense kernel.

Each function returns a matplotlib Figure (shown once in a notebook, as the
cell's result). Nothing here changes the model.
"""

import numpy as np

from nbkeras.display.figures import new_figure, shown


def plot_weights(model, bins=30):
    """Histograms of every weight, one row per layer (kernel, bias, ...).

    Args:
        model: a built model (or a single layer).
        bins: histogram bins.

    Returns:
        A ``matplotlib.figure.Figure``.

    Example:
        >>> nbkeras.display.plot_weights(model)  # doctest: +SKIP
    """
    layers = [layer for layer in _layers_of(model) if layer.weights]
    if not layers:
        raise ValueError(f"plot_weights: {_name(model)} has no weights yet. Build the model first "
                         "(give the first layer an input shape, or call fit or the model once).")
    columns = max(len(layer.weights) for layer in layers)
    figure = new_figure((3.2 * columns, 2.2 * len(layers)))
    axes = figure.subplots(len(layers), columns, squeeze=False)
    for row, layer in zip(axes, layers):
        for ax, weight in zip(row, layer.weights):
            values = np.asarray(weight.numpy(), dtype=np.float64).ravel()
            ax.hist(values, bins=bins, color="tab:blue" if weight.name == "kernel" else "tab:orange")
            ax.set_title(f"{layer.name} / {weight.name} {tuple(weight.shape)}", fontsize=9)
            ax.text(0.02, 0.95, f"mean {values.mean():+.3f}\nstd {values.std():.3f}",
                    transform=ax.transAxes, va="top", fontsize=8)
        for ax in row[len(layer.weights):]:
            ax.axis("off")
    figure.tight_layout()
    return shown(figure)


def plot_activations(model, x, max_samples=64, bins=30):
    """What every layer outputs for a batch: a heatmap (samples x units) and a histogram.

    Args:
        model: a model; its layers' outputs are recorded during one call.
        x: a batch of inputs (NumPy array).
        max_samples: at most this many rows in the heatmaps.
        bins: histogram bins.

    Returns:
        A ``matplotlib.figure.Figure``: one column per layer.

    Example:
        >>> nbkeras.display.plot_activations(model, x_test[:32])  # doctest: +SKIP
    """
    outputs = layer_outputs(model, x)
    if not outputs:
        raise ValueError(f"plot_activations: {_name(model)} has no layers to look at.")
    figure = new_figure((2.8 * len(outputs), 4.6))
    axes = figure.subplots(2, len(outputs), squeeze=False, height_ratios=[2, 1])
    for column, (layer, values) in enumerate(outputs):
        values = np.asarray(values, dtype=np.float64)
        rows = values.reshape(values.shape[0], -1)[:max_samples]
        heat, hist = axes[0][column], axes[1][column]
        image = heat.imshow(rows, aspect="auto", cmap="viridis", interpolation="nearest")
        figure.colorbar(image, ax=heat, fraction=0.08)
        activation = getattr(getattr(layer, "activation", None), "__name__", None)
        heat.set_title(layer.name + (f" ({activation})" if activation else ""), fontsize=9)
        heat.set_xlabel(f"{rows.shape[1]} units", fontsize=8)
        heat.set_ylabel("sample", fontsize=8)
        hist.hist(values.ravel(), bins=bins, color="tab:green")
        hist.set_xlabel(f"{np.mean(values == 0):.0%} exactly zero", fontsize=8)
    figure.tight_layout()
    return shown(figure)


def plot_kernel(layer):
    """A Dense kernel as an image: one row per input, one column per unit.

    Red is a positive weight, blue a negative one; a column is what one unit
    looks for in its inputs.

    Args:
        layer: a built layer with a 2-D ``kernel`` (``Dense``).

    Returns:
        A ``matplotlib.figure.Figure``.

    Example:
        >>> nbkeras.display.plot_kernel(model.layers[1])  # doctest: +SKIP
    """
    kernel = getattr(layer, "kernel", None)
    if kernel is None or len(kernel.shape) != 2:
        shape = None if kernel is None else tuple(kernel.shape)
        raise ValueError(f"plot_kernel expects a built layer with a 2-D kernel (a Dense layer). "
                         f"Received: {_name(layer)} with kernel shape {shape}.")
    values = np.asarray(kernel.numpy(), dtype=np.float64)
    limit = float(np.abs(values).max()) or 1.0
    inputs, units = values.shape
    figure = new_figure((min(1.5 + 0.3 * units, 12), min(1.2 + 0.3 * inputs, 9)))
    ax = figure.subplots()
    image = ax.imshow(values, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto",
                      interpolation="nearest")
    figure.colorbar(image, ax=ax, label="weight")
    ax.set_title(f"{layer.name}: kernel {inputs} inputs x {units} units", fontsize=10)
    ax.set_xlabel("unit (output)")
    ax.set_ylabel("input")
    figure.tight_layout()
    return shown(figure)


def layer_outputs(model, x):
    """``[(layer, output array), ...]`` for every layer of ``model`` called on ``x``.

    Works for any model: each layer's ``call`` is wrapped for one forward pass
    (inference mode, no gradient tape) to record what it returns; a layer
    called twice (shared) is recorded once, with its last output.
    """
    from nbkeras.ops.tape import no_grad

    layers = [layer for layer in _layers_of(model) if type(layer).__name__ != "InputLayer"]
    recorded = {}

    def recorder(layer, call):
        def record(*args, **kwargs):
            outputs = call(*args, **kwargs)
            recorded[id(layer)] = outputs
            return outputs
        return record

    for layer in layers:
        object.__setattr__(layer, "call", recorder(layer, layer.call))
    try:
        with no_grad():
            model(np.asarray(x), training=False)
    finally:
        for layer in layers:
            layer.__dict__.pop("call", None)
    return [(layer, _to_numpy(recorded[id(layer)])) for layer in layers if id(layer) in recorded]


def _layers_of(model):
    return list(getattr(model, "layers", None) or [model])


def _to_numpy(value):
    if isinstance(value, (list, tuple)):
        value = value[0]
    return value.numpy() if hasattr(value, "numpy") else np.asarray(value)


def _name(obj):
    return f'{type(obj).__name__} "{getattr(obj, "name", "?")}"'
