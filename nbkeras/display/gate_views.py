"""Heatmaps of LSTM/GRU gates over time, and a step-through explorer.

``gates(model, x)`` finds the recurrent layers of a model, feeds one sequence
through the model up to each of them, and draws one heatmap per gate and
state (units down, time steps across, the input sequence as tick labels).
Gates live in [0, 1] (viridis: dark = closed, yellow = open); cell and
hidden states in [-1, 1] (a diverging map, white = 0).
"""

import numpy as np

from nbkeras.display.figures import new_figure


def gates(model, x, layer=None, tokens=None, max_units=64, sample=0):
    """Draws every gate and state of a recurrent layer over time for one sequence.

    Args:
        model: a model containing an LSTM, GRU or SimpleRNN (or such a layer itself).
        x: the model's input for one or more sequences (the first, or ``sample``, is drawn).
        layer: the recurrent layer (name or object); default: the first one found.
        tokens: optional labels of the time steps (words, characters); default: the
            input values (token ids, or the first feature rounded).
        max_units: draw at most this many units (rows).
        sample: which sequence of the batch to draw.

    Returns:
        A ``matplotlib.figure.Figure``.

    Example:
        >>> nbkeras.display.gates(model, x[:1])  # doctest: +SKIP
    """
    target, views, labels = gate_data(model, x, layer, tokens, sample)
    names = list(views)
    steps = views[names[0]].shape[1]
    units = min(views[names[0]].shape[2], max_units)
    height = max(1.2, 0.11 * units + 0.6)
    figure = new_figure((max(6.0, 0.32 * steps + 2.5), height * len(names) + 0.6))
    axes = figure.subplots(len(names), 1, squeeze=False, sharex=True)[:, 0]
    for ax, name in zip(axes, names):
        values = views[name][sample, :, :units].T  # units down, time across
        if name.endswith("_gate"):
            image = ax.imshow(values, aspect="auto", cmap="viridis", vmin=0.0, vmax=1.0,
                              interpolation="nearest")
        else:
            limit = max(1.0, float(np.abs(values).max())) if name == "cell_state" else 1.0
            image = ax.imshow(values, aspect="auto", cmap="PuOr_r", vmin=-limit, vmax=limit,
                              interpolation="nearest")
        ax.set_ylabel(f"{name.replace('_', ' ')}\nunit", fontsize=8)
        ax.tick_params(labelsize=7)
        figure.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    axes[-1].set_xticks(range(steps))
    axes[-1].set_xticklabels(labels, rotation=90 if max(len(t) for t in labels) > 2 else 0, fontsize=7)
    axes[-1].set_xlabel("time step (input)")
    figure.suptitle(f"{type(target).__name__} '{target.name}': gates and states over time "
                    f"(sequence {sample}, {units} units)", fontsize=10)
    figure.tight_layout()
    return figure


def gate_explorer(model, x, layer=None, tokens=None, sample=0):
    """Steps through time on one sequence: the gates and states of every unit at step t.

    Uses an ipywidgets slider in a notebook; without ipywidgets (or outside a
    notebook) it returns the static ``gates`` figure instead.

    Returns:
        An ipywidgets widget, or a ``matplotlib.figure.Figure`` as fallback.
    """
    try:
        import ipywidgets as widgets
    except ImportError:
        return gates(model, x, layer=layer, tokens=tokens, sample=sample)
    target, views, labels = gate_data(model, x, layer, tokens, sample)
    names = list(views)
    steps = views[names[0]].shape[1]
    output = widgets.Output()

    def draw(step):
        import matplotlib.pyplot as plt

        with output:
            output.clear_output(wait=True)
            figure, axes = plt.subplots(1, len(names), figsize=(2.4 * len(names), 3.0), sharey=True)
            axes = np.atleast_1d(axes)
            for ax, name in zip(axes, names):
                values = views[name][sample, step]
                ax.barh(np.arange(values.size), values, color="tab:blue" if name.endswith("gate") else "tab:orange")
                ax.set_xlim((0, 1) if name.endswith("_gate") else (-1.05, 1.05))
                ax.set_title(name.replace("_", " "), fontsize=9)
                ax.invert_yaxis()
            axes[0].set_ylabel("unit")
            figure.suptitle(f"{target.name}: step {step} (input {labels[step]})", fontsize=10)
            figure.tight_layout()
            plt.show()

    slider = widgets.IntSlider(value=0, min=0, max=steps - 1, description="time step")
    slider.observe(lambda change: draw(change["new"]), names="value")
    draw(0)
    return widgets.VBox([slider, output])


def gate_data(model, x, layer=None, tokens=None, sample=0):
    """The recurrent layer, its views (``nbkeras.inspect.recurrent_states``) and the step labels."""
    from nbkeras.layers.rnn.gate_views import recurrent_states
    from nbkeras.layers.rnn.rnn import RNN

    x = np.asarray(getattr(x, "data", x))
    target = _find_layer(model, layer, RNN)
    layer_input, mask = _input_of(model, target, x)
    views = recurrent_states(target, layer_input, mask=mask)
    if tokens is None:
        row = x[sample]
        tokens = [str(v) for v in row] if row.ndim == 1 else [f"{float(v):.1f}" for v in row.reshape(row.shape[0], -1)[:, 0]]
    labels = [str(t) for t in tokens]
    steps = next(iter(views.values())).shape[1]
    if len(labels) != steps:
        raise ValueError(f"tokens has {len(labels)} labels but the sequence has {steps} steps.")
    return target, views, labels


def _find_layer(model, layer, rnn_class):
    candidates = [model] if isinstance(model, rnn_class) else list(_walk(model))
    if isinstance(layer, str):
        candidates = [c for c in candidates if c.name == layer]
    elif layer is not None:
        candidates = [layer]
    found = [c for c in candidates if getattr(c, "op_class", None) is not None]
    if not found:
        raise ValueError("gates() found no SimpleRNN, LSTM or GRU layer"
                         f"{f' named {layer!r}' if isinstance(layer, str) else ''} in "
                         f"{getattr(model, 'name', model)}. Pass layer=... to choose one.")
    return found[0]


def _walk(model):
    for child in getattr(model, "layers", []):
        yield child
        for attribute in ("forward_layer", "backward_layer", "layer"):
            inner = getattr(child, attribute, None)
            if inner is not None and not isinstance(inner, (list, tuple)):
                yield inner
        yield from _walk(child) if hasattr(child, "layers") and child is not model else ()


def _input_of(model, target, x):
    """The data reaching ``target`` inside ``model`` (and its mask), by running the layers before it."""
    from nbkeras.ops.tape import no_grad

    if model is target:
        return x, None
    from nbkeras.models import Model, Sequential

    with no_grad():
        if isinstance(model, Sequential):  # run the stack up to the layer (built or not)
            value = x
            for child in model.layers:
                if child is target or target in (getattr(child, "forward_layer", None),
                                                  getattr(child, "backward_layer", None)):
                    break
                value = child(value)
            mask = getattr(value, "_keras_mask", None)
            return np.asarray(getattr(value, "data", value)), mask
        owner = target
        for child in model.layers:
            if target in (getattr(child, "forward_layer", None), getattr(child, "backward_layer", None)):
                owner = child
        probe = Model(model.inputs, owner.input)
        value = probe(x)
        return np.asarray(getattr(value, "data", value)), getattr(value, "_keras_mask", None)
