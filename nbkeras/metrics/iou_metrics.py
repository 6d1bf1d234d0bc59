"""MeanIoU: intersection over union per class, averaged (segmentation and classification)."""

import warnings

import numpy as np

from nbkeras import config
from nbkeras.metrics.metric import Metric, to_array


class MeanIoU(Metric):
    """Mean over classes of ``TP / (TP + FP + FN)``, from a running confusion matrix.

    Args:
        num_classes: number of classes.
        name: default ``"mean_io_u"`` (Keras's name).
        dtype: dtype of the confusion matrix (Keras: int32, so weights are truncated).
        ignore_class: a label value to skip.
        sparse_y_true: labels are class indices (else one-hot / scores: argmax).
        sparse_y_pred: predictions are class indices (else scores: argmax).
        axis: the class axis for argmax.

    Example:
        >>> import nbkeras as keras
        >>> metric = keras.metrics.MeanIoU(num_classes=2)
        >>> float(metric([0, 0, 1, 1], [0, 1, 0, 1]))
        0.3333333134651184
    """

    def __init__(self, num_classes, name="mean_io_u", dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(name=name, dtype=dtype or "int32")
        self.num_classes, self.ignore_class, self.axis = num_classes, ignore_class, axis
        self.sparse_y_true, self.sparse_y_pred = sparse_y_true, sparse_y_pred
        self.reset_state()

    def reset_state(self):
        self.total_cm = np.zeros((self.num_classes, self.num_classes), dtype=self.dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = to_array(y_true), to_array(y_pred)
        if not self.sparse_y_true:
            y_true = np.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = np.argmax(y_pred, axis=self.axis)
        y_true, y_pred = y_true.reshape(-1).astype(np.int64), y_pred.reshape(-1).astype(np.int64)
        if sample_weight is None:
            weights = np.ones(y_true.shape, dtype=self.dtype)
        else:
            weights = to_array(sample_weight)
            if weights.dtype.kind == "f" and np.dtype(self.dtype).kind == "i":
                warnings.warn("You are passing weight as `float`, but dtype is `int`. This may "
                              "result in an incorrect weight due to type casting. Consider using "
                              "integer weights.", stacklevel=2)
            weights = np.broadcast_to(weights.reshape(-1) if weights.ndim > 1 else weights,
                                      y_true.shape).astype(self.dtype)
        valid = (y_true >= 0) & (y_true < self.num_classes) & (y_pred >= 0) & (y_pred < self.num_classes)
        if self.ignore_class is not None:
            valid &= y_true != self.ignore_class
        np.add.at(self.total_cm, (y_true[valid], y_pred[valid]), weights[valid])

    def result(self):
        matrix = self.total_cm.astype(np.float32)
        true_positives = np.diag(matrix)
        denominator = matrix.sum(axis=0) + matrix.sum(axis=1) - true_positives
        valid = denominator > 1e-9
        iou = np.where(valid, true_positives / (denominator + np.float32(config.epsilon())), 0)
        return np.float32(np.sum(iou, dtype=np.float32) / (np.sum(valid) + np.float32(config.epsilon())))

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "num_classes": self.num_classes,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}
