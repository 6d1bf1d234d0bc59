"""Per-sample Keras losses on checked labels, computed by the loss kernels (``nbkeras.ops.nn.losses``)."""

from nbkeras import config
from nbkeras.losses.labels import as_prediction, labels_like
from nbkeras.ops.nn.losses import per_sample_loss, per_sample_loss_and_accuracy


def kernel_loss(name, y_true, y_pred, *params, sparse=False, label_smoothing=0.0, num_classes=None,
                accuracy=None):
    """Runs the kernel loss ``name`` on checked labels (optionally smoothed).

    Args:
        name: kernel name, e.g. ``"binary_crossentropy"``.
        y_true, y_pred: labels and predictions.
        *params: extra kernel arguments (epsilon).
        sparse: labels are class indices.
        label_smoothing: Keras's label smoothing factor (0: none).
        num_classes: the smoothing denominator (2 for binary; default: last axis).
        accuracy: ``(y_metric, sink)`` to get each sample's accuracy from the same
            kernel call (``per_sample_loss_and_accuracy``); None for the loss alone.

    Returns:
        One loss per sample, a Tensor.
    """
    y_pred = as_prediction(y_pred, config.floatx())
    labels = labels_like(y_true, y_pred, name, sparse)
    if label_smoothing:
        classes = num_classes or y_pred.shape[-1]
        labels = labels * (1.0 - label_smoothing) + label_smoothing / classes
    if accuracy is not None:
        return per_sample_loss_and_accuracy(name, labels, y_pred, *accuracy, *params)
    return per_sample_loss(name, labels, y_pred, *params)
