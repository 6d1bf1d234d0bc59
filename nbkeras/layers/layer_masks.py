"""Keras 3 masks on tensors: which mask a call receives and where the output's mask goes.

A layer that makes a mask (``Embedding(mask_zero=True)``, ``Masking``) attaches
it to its output Tensor as ``_keras_mask``. The next layer receives it as
``mask=`` when its ``call`` accepts that argument and the input is the call's
only tensor argument; a layer with ``supports_masking`` attaches
``compute_mask(inputs, mask)`` to its own outputs, so masks travel through
Sequential and functional models alike. Losses read the output's mask.
"""

import inspect

import numpy as np

from nbkeras.ops.tensor import Tensor

_MASK_ARG_CACHE = {}


def mask_for_call(layer, args, kwargs, inputs):
    """Puts the input's mask into ``kwargs["mask"]`` where Keras would; returns that mask."""
    previous_mask = keras_mask(inputs)
    if previous_mask is not None and kwargs.get("mask") is None and _accepts_mask(type(layer)) \
            and _single_tensor_argument(args, kwargs):
        kwargs["mask"] = previous_mask
    return previous_mask


def keras_mask(inputs):
    """The mask attached to a Tensor (or a list of them) by the layer that made it, or None."""
    if isinstance(inputs, (list, tuple)):
        masks = [getattr(x, "_keras_mask", None) for x in inputs]
        return None if all(m is None for m in masks) else masks
    return getattr(inputs, "_keras_mask", None)


def set_keras_mask(outputs, masks):
    """Attaches each mask to its output Tensor."""
    if masks is None:
        return
    if isinstance(outputs, (list, tuple)):
        masks = masks if isinstance(masks, (list, tuple)) else [masks] + [None] * (len(outputs) - 1)
        for output, mask in zip(outputs, masks):
            set_keras_mask(output, mask)
    elif isinstance(outputs, Tensor):
        if isinstance(masks, (list, tuple)):  # several inputs merged into one output: all must hold
            present = [np.asarray(getattr(m, "data", m), bool) for m in masks if m is not None]
            masks = np.logical_and.reduce(present) if present else None
        outputs._keras_mask = masks


def _accepts_mask(cls):
    if cls not in _MASK_ARG_CACHE:
        _MASK_ARG_CACHE[cls] = "mask" in inspect.signature(cls.call).parameters
    return _MASK_ARG_CACHE[cls]


def _single_tensor_argument(args, kwargs):
    """Keras passes the input's mask on only when the inputs are the call's one tensor argument
    (``lstm(x, initial_state=[h, c])`` ignores x's mask, as in Keras 3)."""
    others = list(args[1:]) + [v for k, v in kwargs.items() if k not in ("inputs", "mask", "training")]
    for value in others:
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(item, (Tensor, np.ndarray)):
                return False
    return True
