"""When a step may be replayed from a plan, and why not: the fallback rules of step plans.

A recorded step replays the model's ops and nothing else, so it is only right
when everything a step does happens inside ops. The rules below refuse the
cases where something happens in Python instead: a user's code (a custom
step, loss or ``call``), a layer that changes state or draws random numbers
in Python while training, a mask computed from the data. Each rule returns a
sentence for ``model.step_plan`` and the step runs on the ordinary path.

What the rules cannot see (a built-in layer computing a value from the data
in Python) the plan catches by recording two steps and comparing them
(``step_plan.py``).
"""

import numbers

# Built-in layers that change state or draw random numbers in Python when training, other
# than through ``nbkeras.ops.host`` (which records them: Dropout, BatchNormalization...).
_TRAINING_SIDE_EFFECTS = {"AlphaDropout": "draws its mask in Python"}
_MASK_SOURCES = {"Masking": "computes its mask from the data in Python"}


def model_reason(model, kind):
    """Why steps of ``kind`` ('train', 'test', 'predict') of ``model`` cannot be replayed, or None."""
    if model.run_eagerly:
        return "run_eagerly=True asks for the ordinary path"
    overridden = [name for name in ("train_step", "test_step", "predict_step", "compute_loss")
                  if _step_uses(kind, name) and not _is_builtin_class(type(model), name)]
    if overridden:
        return f"{overridden[0]} is overridden: its Python runs at every step"
    if not _is_builtin_class(type(model), "call"):
        return (f"the model's call ({type(model).__name__}.call) is Python code that may "
                "depend on the data")
    training = kind == "train"
    for layer in all_layers(model):
        reason = layer_reason(layer, training)
        if reason is not None:
            return reason
    return None


def layer_reason(layer, training):
    """Why ``layer`` cannot be replayed, or None (see the module docstring)."""
    name, cls = layer.name, type(layer).__name__
    if not _is_builtin_class(type(layer), "call") and not getattr(layer, "replay_safe", False):
        return (f"layer '{name}' ({cls}) is user code whose call may depend on the data "
                "(set replay_safe = True on the class if its call only uses ops)")
    if cls == "Lambda":
        return f"layer '{name}' (Lambda) runs a Python function"
    if getattr(layer, "stateful", False):
        return f"layer '{name}' ({cls}) is stateful: it carries its states in Python"
    if cls in _MASK_SOURCES:
        return f"layer '{name}' ({cls}) {_MASK_SOURCES[cls]}"
    if cls == "Embedding" and getattr(layer, "mask_zero", False):
        return f"layer '{name}' (Embedding, mask_zero=True) computes its mask in Python"
    if not training:
        return None
    if cls in _TRAINING_SIDE_EFFECTS and getattr(layer, "trainable", True):
        return f"layer '{name}' ({cls}) {_TRAINING_SIDE_EFFECTS[cls]} while training"
    if cls.startswith("Random"):
        return f"layer '{name}' ({cls}) draws random numbers in Python while training"
    for rate in ("dropout", "recurrent_dropout"):
        value = getattr(layer, rate, 0)
        if isinstance(value, numbers.Number) and value > 0:
            return f"layer '{name}' ({cls}) draws its {rate} masks in Python while training"
    return None


def _step_uses(kind, method):
    if method == "compute_loss":
        return kind in ("train", "test")
    return method == {"train": "train_step", "test": "test_step", "predict": "predict_step"}[kind]


def _is_builtin_class(cls, method):
    """True when ``cls.<method>`` is defined by nbkeras itself, not by a user's subclass."""
    owner = next((c for c in cls.__mro__ if method in c.__dict__), None)
    return owner is not None and owner.__module__.startswith("nbkeras.")


def all_layers(layer):
    """Every layer nested in ``layer`` (sublayers of sublayers too), depth first."""
    for sublayer in getattr(layer, "_layers", ()):
        yield sublayer
        yield from all_layers(sublayer)
