"""Crossentropies (Numba kernels), KL divergence and Poisson (``nbkeras.ops``)."""

from nbkeras import config, ops
from nbkeras.losses.kernel_loss import kernel_loss
from nbkeras.losses.labels import check_axis
from nbkeras.losses.regression import prepared


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Crossentropy for 0/1 labels, averaged over the last axis.

    Probabilities are clipped to ``[epsilon, 1 - epsilon]``; with
    ``from_logits=True`` a stable formula on the logits is used.
    ``label_smoothing`` moves labels towards 0.5.
    """
    check_axis(axis, "binary_crossentropy")
    if from_logits:
        return kernel_loss("binary_crossentropy_from_logits", y_true, y_pred,
                           label_smoothing=label_smoothing, num_classes=2)
    return kernel_loss("binary_crossentropy", y_true, y_pred, config.epsilon(),
                       label_smoothing=label_smoothing, num_classes=2)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Crossentropy for one-hot labels: ``-sum(y_true * log(y_pred), axis=-1)``.

    Predictions are rescaled to sum to 1 and clipped to ``[epsilon, 1 - epsilon]``.
    """
    check_axis(axis, "categorical_crossentropy")
    if from_logits:
        return kernel_loss("categorical_crossentropy_from_logits", y_true, y_pred,
                           label_smoothing=label_smoothing)
    return kernel_loss("categorical_crossentropy", y_true, y_pred, config.epsilon(),
                       label_smoothing=label_smoothing)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Crossentropy for integer class labels (no one-hot needed)."""
    check_axis(axis, "sparse_categorical_crossentropy")
    if ignore_class is not None:
        raise ValueError("nbkeras does not support ignore_class yet. Received: "
                         f"ignore_class={ignore_class}. Give those samples sample_weight=0 instead.")
    if from_logits:
        return kernel_loss("sparse_categorical_crossentropy_from_logits", y_true, y_pred, sparse=True)
    return kernel_loss("sparse_categorical_crossentropy", y_true, y_pred, config.epsilon(), sparse=True)


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred), axis=-1)``.

    Both are clipped to ``[epsilon, 1]`` first, so zeros are allowed.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.losses.kl_divergence([[0.5, 0.5]], [[0.5, 0.5]])[0])
        0.0
    """
    labels, y_pred = prepared(y_true, y_pred, "kl_divergence")
    epsilon = config.epsilon()
    labels = ops.clip(labels, epsilon, 1.0)
    y_pred = ops.clip(y_pred, epsilon, 1.0)
    return ops.sum(ops.multiply(labels, ops.log(ops.divide(labels, y_pred))), axis=-1)


def poisson(y_true, y_pred):
    """``mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)``, for count targets.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.losses.poisson([[1.0]], [[1.0]])[0]), 5)
        1.0
    """
    labels, y_pred = prepared(y_true, y_pred, "poisson")
    epsilon = y_pred.data.dtype.type(config.epsilon())
    return ops.mean(ops.subtract(y_pred, ops.multiply(labels, ops.log(ops.add(y_pred, epsilon)))),
                    axis=-1)
