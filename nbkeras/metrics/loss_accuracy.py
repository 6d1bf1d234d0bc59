"""A crossentropy loss and its accuracy metric from one kernel call (``kernels.losses_accuracy``).

``compile(loss="categorical_crossentropy", metrics=["accuracy"])`` makes every
step compute the loss from ``y_pred``, then the accuracy metric read ``y_pred``
again with NumPy (argmax, compare, cast, sum: about 20 us per batch, most of it
Python). When the pair allows it, the trainer computes both in one kernel call
instead and hands the per-sample hits to the metric. The metric stays a real
metric (``result``, ``reset_state``, its state); only where its per-sample
values come from changes, and they are the same numbers bit for bit.

The pairs: categorical crossentropy with categorical accuracy, sparse categorical
crossentropy with sparse categorical accuracy, binary crossentropy with binary
accuracy at threshold 0.5; ``from_logits`` either way; no label smoothing; any
reduction and sample weights. Anything else (a mask on ``y_pred``, labels the
metric would reshape differently, other dtypes) takes the ordinary path.
"""

import numpy as np

from nbkeras import config
from nbkeras.losses import probabilistic
from nbkeras.losses.kernel_loss import kernel_loss
from nbkeras.losses.loss import Loss, LossFunctionWrapper, reduce_values
from nbkeras.metrics import accuracy_metrics
from nbkeras.metrics.reduction_metrics import MeanMetricWrapper
from nbkeras.ops.tensor import Tensor

# loss function -> (kernel name, the accuracy function it pairs with, the kind of labels)
_PAIRS = {
    probabilistic.categorical_crossentropy: (
        "categorical_crossentropy", accuracy_metrics.categorical_accuracy, "categorical"),
    probabilistic.sparse_categorical_crossentropy: (
        "sparse_categorical_crossentropy", accuracy_metrics.sparse_categorical_accuracy, "sparse"),
    probabilistic.binary_crossentropy: (
        "binary_crossentropy", accuracy_metrics.binary_accuracy, "binary"),
}
_KERNEL_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _pair_of(loss):
    """``(kernel name, accuracy function, label kind, from_logits)`` for a fusable Loss, else None."""
    if not isinstance(loss, LossFunctionWrapper) or type(loss).call is not LossFunctionWrapper.call \
            or type(loss).__call__ is not Loss.__call__:
        return None
    pair = _PAIRS.get(loss.fn)
    options = loss._fn_kwargs
    if pair is None or options.get("label_smoothing") or options.get("ignore_class") is not None \
            or options.get("axis", -1) not in (-1, None):
        return None
    return (*pair, bool(options.get("from_logits", False)))


def _is_accuracy(metric, function):
    """True for a plain MeanMetricWrapper around ``function`` with its default arguments."""
    return (isinstance(metric, MeanMetricWrapper) and metric.fn is function
            and type(metric).update_state is MeanMetricWrapper.update_state
            and metric._fn_kwargs in ({}, {"threshold": 0.5}))


class LossWithAccuracy:
    """Computes a crossentropy and keeps the accuracy hits of the same kernel call.

    Build it with ``LossWithAccuracy.find(loss, metrics)``. Calling it returns the
    reduced loss (exactly ``loss(y_true, y_pred, sample_weight)``), or None when
    this batch must take the ordinary path; ``take(y_true, y_pred)`` then returns
    the hits of the call made on those very arrays (once), else None.

    Attributes:
        loss: the Loss.
        metrics: the accuracy metrics fed from the hits.
    """

    def __init__(self, loss, metrics, pair):
        self.loss, self.metrics = loss, list(metrics)
        self._kernel_name, _, self._kind, from_logits = pair
        if from_logits:
            self._kernel_name += "_from_logits"
        self._from_logits = from_logits
        self._held = None  # (metric labels, y_pred array, hits) of the last fused call

    @classmethod
    def find(cls, loss, metrics):
        """The fusion of ``loss`` with the matching accuracy among ``metrics``, or None."""
        pair = _pair_of(loss)
        if pair is None:
            return None
        matching = [m for m in metrics if _is_accuracy(m, pair[1])]
        return cls(loss, matching, pair) if matching else None

    def __call__(self, y_true, y_pred, sample_weight=None):
        if not isinstance(y_pred, Tensor) or y_pred.data.dtype not in _KERNEL_DTYPES \
                or getattr(y_pred, "_keras_mask", None) is not None:
            return None
        y_metric = self._metric_labels(y_true, y_pred.data)
        if y_metric is None:
            return None
        params = () if self._from_logits else (config.epsilon(),)
        values = kernel_loss(self._kernel_name, y_true, y_pred, *params, sparse=self._kind == "sparse",
                             accuracy=(y_metric, self._receive))
        return reduce_values(values, sample_weight, self.loss.reduction)

    def _metric_labels(self, y_true, y_pred):
        """The labels as the accuracy function reads them (``same_rank`` and all), or None."""
        if not isinstance(y_true, np.ndarray) or y_pred.ndim < 2 or not (
                y_true.dtype.kind in "iub" or y_true.dtype in _KERNEL_DTYPES):
            return None
        if self._kind == "sparse":
            if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
                y_true = y_true[..., 0]
            fits = y_pred.shape[-1] > 1 and y_true.shape == y_pred.shape[:-1]
        else:
            if self._kind == "binary" and y_true.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
                y_true = y_true[..., None]
            fits = y_true.shape == y_pred.shape
        return y_true if fits else None

    def _receive(self, y_metric, y_pred, hits):
        # Called by the op's forward, also when a step plan replays it on a new batch.
        self._held = (y_metric, y_pred, hits)

    def take(self, y_true, y_pred):
        """The hits of the last fused call if it was made on ``y_true`` and ``y_pred``; forgets them."""
        held, self._held = self._held, None
        if held is not None and held[1] is y_pred and held[0] is self._metric_labels(y_true, y_pred):
            return held[2]
        return None
