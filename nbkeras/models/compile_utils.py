"""What ``compile`` resolves: the loss to minimize and the metrics to report."""

import warnings

import numpy as np

from nbkeras import losses as losses_module
from nbkeras import metrics as metrics_module
from nbkeras.ops import functions as ops


class CompileLoss:
    """Turns the ``loss=`` argument into one scalar loss per batch.

    Args:
        loss: a name, a Loss object or a function ``(y_true, y_pred)``.
        loss_weights: an optional float factor.
    """

    def __init__(self, loss, loss_weights=None):
        if loss is None:
            raise ValueError(
                "No loss to compute: pass loss= to compile(), e.g. "
                "model.compile(optimizer='adam', loss='mse')."
            )
        resolved = losses_module.get(loss)
        if isinstance(resolved, losses_module.Loss):
            self.loss = resolved
        else:
            self.loss = losses_module.LossFunctionWrapper(
                resolved, name=getattr(resolved, "__name__", "loss"))
        self.loss_weight = 1.0 if loss_weights is None else float(loss_weights)
        self.identifier = loss

    def __call__(self, y_true, y_pred, sample_weight=None):
        value = self.loss(y_true, y_pred, sample_weight=sample_weight)
        if self.loss_weight != 1.0:
            value = ops.multiply(value, self.loss_weight)
        return value

    @property
    def metrics(self):
        """Trackers of per-output losses (none for a single output)."""
        return []

    def result(self):
        """Per-output loss values for the logs (``{}`` for a single output)."""
        return {}


class CompileMetrics:
    """The compiled metrics of one output; ``"accuracy"`` is resolved from shapes.

    Args:
        metrics: a list of names, Metric objects or functions.
        weighted_metrics: metrics that use ``sample_weight``.
    """

    def __init__(self, metrics=None, weighted_metrics=None):
        for name, value in (("metrics", metrics), ("weighted_metrics", weighted_metrics)):
            if value is not None and not isinstance(value, (list, tuple, dict)):
                raise ValueError(
                    f"Expected `{name}` to be a list or a dict. Received: {name}={value!r}. "
                    f"Wrap it in a list: {name}=[{value!r}]."
                )
        self._identifiers = list(metrics or [])
        self._weighted_identifiers = list(weighted_metrics or [])
        self.metrics = []
        self.weighted_metrics = []
        self.built = False

    def build(self, y_true, y_pred):
        """Resolves identifiers once the label and prediction shapes are known."""
        self.metrics = [_resolve(m, y_true, y_pred) for m in self._identifiers]
        self.weighted_metrics = [_resolve(m, y_true, y_pred) for m in self._weighted_identifiers]
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        for metric in self.metrics:
            metric.update_state(y_true, y_pred)
        for metric in self.weighted_metrics:
            metric.update_state(y_true, y_pred, sample_weight=sample_weight)

    def reset_state(self):
        for metric in self.metrics + self.weighted_metrics:
            metric.reset_state()

    def result(self):
        return {m.name: float(m.result()) for m in self.metrics + self.weighted_metrics}

    @property
    def names(self):
        if self.built:
            return [m.name for m in self.metrics + self.weighted_metrics]
        return [_name_of(m) for m in self._identifiers + self._weighted_identifiers]


def _name_of(identifier):
    if isinstance(identifier, str):
        return identifier
    return getattr(identifier, "name", getattr(identifier, "__name__", "metric"))


def _resolve(identifier, y_true, y_pred):
    if identifier in ("accuracy", "acc"):
        return metrics_module.resolve_accuracy(np.shape(y_true), np.shape(y_pred), identifier)
    if identifier in ("crossentropy", "ce"):
        raise ValueError(f"Could not interpret metric identifier: {identifier}")
    return metrics_module.get(identifier)


def legacy_metric_order_warning(loss_weights):
    """Keras 3 moved ``loss_weights`` to third place; tf.keras 2 had ``metrics`` there."""
    if isinstance(loss_weights, (list, tuple)) and any(
            isinstance(w, str) or callable(w) for w in loss_weights):
        warnings.warn(
            "The third positional argument of compile() is `loss_weights` in Keras 3 "
            f"(it was `metrics` in tf.keras 2). {loss_weights!r} looks like metrics, so it is "
            "used as metrics. Write compile(..., metrics=[...]) to be explicit.",
            stacklevel=3,
        )
        return True
    return False
