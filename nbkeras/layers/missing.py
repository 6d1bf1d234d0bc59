"""The error for a layer nbkeras does not have (yet): ``keras.layers.ConvLSTM2D``.

``nbkeras.layers.__getattr__`` calls ``missing_layer`` for unknown names, so a
learner sees what exists and the closest names instead of a bare AttributeError.
The list is computed from ``nbkeras.layers.__all__`` at the time of the error.
"""

import difflib


def missing_layer(name, available):
    """An ``AttributeError`` for ``keras.layers.<name>`` listing the layers that exist."""
    if name.startswith("_"):
        return AttributeError(f"module 'nbkeras.layers' has no attribute '{name}'")
    layers = sorted(n for n in available if n[:1].isupper())
    close = difflib.get_close_matches(name, layers, n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    return AttributeError(
        f"nbkeras has no {name} yet (keras.layers.{name}).{hint} These layers exist: "
        f"{', '.join(layers)}. Build the model from these, or write a custom layer "
        "(subclass keras.layers.Layer).")
