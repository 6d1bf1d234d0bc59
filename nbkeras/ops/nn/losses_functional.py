"""``keras.ops`` crossentropies: categorical, sparse categorical and binary, written with ops.

Unlike ``keras.losses`` these take ``(target, output)`` and do not average:
the categorical ones reduce ``axis`` only, the binary one is elementwise.
Probabilities are clipped to ``[epsilon, 1 - epsilon]``, as Keras does.
"""

import numpy as np

from nbkeras import config
from nbkeras.ops.core import convert_to_numpy
from nbkeras.ops.nn.activations import log_softmax
from nbkeras.ops.numpy.arithmetic import (abs, add, clip, divide, exp, log, maximum, multiply,
                                          negative, subtract)
from nbkeras.ops.numpy.reductions import sum
from nbkeras.ops.numpy.special import log1p
from nbkeras.ops.tensor import as_tensor


def _log_probabilities(output, from_logits, axis):
    output = as_tensor(output)
    if from_logits:
        return log_softmax(output, axis=axis)
    epsilon = config.epsilon()
    output = divide(output, sum(output, axis=axis, keepdims=True))
    return log(clip(output, epsilon, 1.0 - epsilon))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """``-sum(target * log(output), axis)`` for one-hot (or soft) targets.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.ops.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])[0]), 4)
        0.6931
    """
    target = np.asarray(convert_to_numpy(target))
    output = as_tensor(output)
    if target.shape != output.shape:
        raise ValueError("Arguments `target` and `output` must have the same shape. Received: "
                         f"target.shape={target.shape}, output.shape={output.shape}")
    return negative(sum(multiply(target.astype(output.data.dtype),
                                 _log_probabilities(output, from_logits, axis)), axis=axis))


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """``-log(output[target])`` for integer targets (one axis fewer than ``output``).

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.ops.sparse_categorical_crossentropy([1], [[0.5, 0.5]])[0]), 4)
        0.6931
    """
    output = as_tensor(output)
    labels = np.asarray(convert_to_numpy(target)).astype(np.int64)
    if labels.ndim == output.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    classes = output.shape[axis]
    one_hot = np.moveaxis(labels[..., None] == np.arange(classes), -1, axis)
    return negative(sum(multiply(one_hot.astype(output.data.dtype),
                                 _log_probabilities(output, from_logits, axis)), axis=axis))


def binary_crossentropy(target, output, from_logits=False):
    """Elementwise ``-(target * log(output) + (1 - target) * log(1 - output))``.

    From logits it uses the stable form ``max(x, 0) - x * target + log(1 + exp(-|x|))``.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.ops.binary_crossentropy([1.0], [0.5])[0]), 4)
        0.6931
    """
    output = as_tensor(output)
    target = np.asarray(convert_to_numpy(target)).astype(output.data.dtype)
    if from_logits:
        return add(subtract(maximum(output, 0.0), multiply(output, target)),
                   log1p(exp(negative(abs(output)))))
    epsilon = config.epsilon()
    output = clip(output, epsilon, 1.0 - epsilon)
    positive = multiply(target, log(output))
    negative_part = multiply(1.0 - target, log(subtract(1.0, output)))
    return negative(add(positive, negative_part))
