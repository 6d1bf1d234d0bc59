"""Per-sample losses computed by a (forward, backward) kernel pair in ``nbkeras.kernels``."""

import numpy as np

from nbkeras import config
from nbkeras.losses.labels import as_prediction, labels_like
from nbkeras.ops.lazy_kernels import losses as kernels
from nbkeras.ops.op import Op


class LossKernelOp(Op):
    """Per-sample loss from ``<name>_forward``/``<name>_backward``; gradient w.r.t. y_pred only."""

    def forward(self, y_true, y_pred, name, params):
        self.y_true = np.ascontiguousarray(y_true)
        self.y_pred = np.ascontiguousarray(y_pred)
        self.name, self.params = name, params
        return getattr(kernels, f"{name}_forward")(self.y_true, self.y_pred, *self.params)

    def backward(self, dloss):
        backward_kernel = getattr(kernels, f"{self.name}_backward")
        grad = backward_kernel(self.y_true, self.y_pred, np.ascontiguousarray(dloss), *self.params)
        return None, grad


def kernel_loss(name, y_true, y_pred, *params, sparse=False, label_smoothing=0.0, num_classes=None):
    """Runs the kernel loss ``name`` on checked labels (optionally smoothed).

    Args:
        name: kernel name, e.g. ``"binary_crossentropy"``.
        y_true, y_pred: labels and predictions.
        *params: extra kernel arguments (epsilon).
        sparse: labels are class indices.
        label_smoothing: Keras's label smoothing factor (0: none).
        num_classes: the smoothing denominator (2 for binary; default: last axis).

    Returns:
        One loss per sample, a Tensor.
    """
    y_pred = as_prediction(y_pred, config.floatx())
    labels = labels_like(y_true, y_pred, name, sparse)
    if label_smoothing:
        classes = num_classes or y_pred.shape[-1]
        labels = labels * (1.0 - label_smoothing) + label_smoothing / classes
    return LossKernelOp.apply(labels, y_pred, name=name, params=params)
