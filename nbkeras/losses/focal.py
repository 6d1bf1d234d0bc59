"""Focal crossentropies (Lin et al.): crossentropy scaled down on easy examples.

Written with ``nbkeras.ops``; the factor ``(1 - p_t) ** gamma`` shrinks the
loss of well-classified samples so training focuses on the hard ones.
"""

from nbkeras import config, ops
from nbkeras.losses.labels import check_axis, smooth_labels
from nbkeras.losses.regression import prepared


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0,
                              from_logits=False, label_smoothing=0.0, axis=-1):
    """``mean((1 - p_t)**gamma * bce, axis=-1)`` with ``p_t = y*p + (1-y)*(1-p)``.

    Args:
        y_true: 0/1 labels.
        y_pred: probabilities, or logits with ``from_logits=True``.
        apply_class_balancing: weight positives by ``alpha``, negatives by ``1 - alpha``.
        alpha: the balancing weight.
        gamma: the focusing exponent (0 gives plain binary crossentropy).
        from_logits: y_pred holds logits.
        label_smoothing: moves labels towards 0.5.
        axis: must be -1.

    Returns:
        One loss per sample.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.losses.binary_focal_crossentropy([[1.0]], [[0.9]])[0]), 6)
        0.001054
    """
    check_axis(axis, "binary_focal_crossentropy")
    labels, y_pred = prepared(y_true, y_pred, "binary_focal_crossentropy")
    if label_smoothing:
        labels = smooth_labels(labels, label_smoothing, 2)
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    epsilon = config.epsilon()
    clipped = ops.clip(y_pred, epsilon, 1.0 - epsilon)
    bce = ops.negative(ops.add(ops.multiply(labels, ops.log(clipped)),
                               ops.multiply(1.0 - labels, ops.log(ops.subtract(1.0, clipped)))))
    p_t = ops.add(ops.multiply(labels, y_pred), ops.multiply(1.0 - labels, ops.subtract(1.0, y_pred)))
    focal = ops.multiply(ops.power(ops.subtract(1.0, p_t), float(gamma)), bce)
    if apply_class_balancing:
        focal = ops.multiply(labels * alpha + (1.0 - labels) * (1.0 - alpha), focal)
    return ops.mean(focal, axis=-1)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    """``sum(alpha * (1 - p)**gamma * -y_true * log(p), axis=-1)`` for one-hot labels.

    Args:
        y_true: one-hot labels.
        y_pred: probabilities, or logits with ``from_logits=True``.
        alpha: the weighting factor.
        gamma: the focusing exponent.
        from_logits: y_pred holds logits.
        label_smoothing: moves labels towards ``1 / num_classes``.
        axis: must be -1.

    Returns:
        One loss per sample.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.losses.categorical_focal_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])[0]), 6)
        0.043322
    """
    check_axis(axis, "categorical_focal_crossentropy")
    labels, y_pred = prepared(y_true, y_pred, "categorical_focal_crossentropy")
    if label_smoothing:
        labels = smooth_labels(labels, label_smoothing, labels.shape[-1])
    if from_logits:
        y_pred = ops.softmax(y_pred)
    output = ops.divide(y_pred, ops.sum(y_pred, axis=-1, keepdims=True))
    epsilon = config.epsilon()
    output = ops.clip(output, epsilon, 1.0 - epsilon)
    crossentropy = ops.multiply(-labels, ops.log(output))
    weight = ops.multiply(ops.power(ops.subtract(1.0, output), float(gamma)), float(alpha))
    return ops.sum(ops.multiply(weight, crossentropy), axis=-1)
