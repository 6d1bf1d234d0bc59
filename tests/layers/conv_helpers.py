"""Helpers for the convolutional-layer tests: gradient checks through a layer's own call."""

import numpy as np

from nbkeras.utils.gradient_check import check_gradients


def layer_gradient_check(layer, x, training=False, seed=0):
    """Finite differences w.r.t. the input and every trainable weight of a float64 layer.

    The layer is built on ``x``; its weights are swapped for the checker's Variables
    (``object.__setattr__`` keeps the layer's own tracking untouched).
    """
    x = np.asarray(x, dtype=np.float64)
    layer(x)
    names = [name for name, value in vars(layer).items()
             if any(value is w for w in layer.trainable_weights)]
    rng = np.random.default_rng(seed)
    starts = [rng.normal(scale=0.5, size=getattr(layer, name).shape) for name in names]

    def run(inputs, *weights):
        for name, weight in zip(names, weights):
            object.__setattr__(layer, name, weight)
        return layer(inputs, training=training) if training else layer(inputs)

    result = check_gradients(run, [x] + starts)
    assert result["ok"], (type(layer).__name__, result)
    return result
