"""A ceiling on the bytes of weights layers may create, used while loading a file.

``load_model`` knows how big ``model.weights.h5`` is before it rebuilds the
model, and every weight of the model is stored there. A config that declares
``Dense(10**9)`` would otherwise allocate gigabytes before the weights file is
looked at; inside ``weight_budget(n)`` such an ``add_weight`` raises a clear
``ValueError`` instead. Outside a budget (the normal case) nothing is checked.
"""

import contextlib

_state = {"remaining": None, "source": None}


@contextlib.contextmanager
def weight_budget(nbytes, source):
    """Allows at most ``nbytes`` of new weights inside the block (``source`` for errors)."""
    saved = dict(_state)
    _state.update(remaining=int(nbytes), source=source)
    try:
        yield
    finally:
        _state.update(saved)


def spend(nbytes, layer_name, shape):
    """Called by ``Layer.add_weight`` before it allocates ``nbytes``."""
    if _state["remaining"] is None:
        return
    if any(d < 0 for d in shape):
        raise ValueError(f"Layer '{layer_name}' asks for a weight of shape {shape}: dimensions "
                         "must be >= 0. The config is damaged.")
    if nbytes > _state["remaining"]:
        raise ValueError(
            f"Layer '{layer_name}' asks for a weight of shape {shape} ({nbytes:,} bytes), more "
            f"than {_state['source']} can hold ({_state['remaining']:,} bytes left). The "
            "config does not match its weights file: the file is damaged or hostile.")
    _state["remaining"] -= nbytes
