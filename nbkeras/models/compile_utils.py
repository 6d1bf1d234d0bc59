"""What ``compile`` resolves: the loss to minimize and the metrics to report.

With several outputs, ``loss``, ``loss_weights`` and ``metrics`` may be a
list (one entry per output) or a dict keyed by output name, and the logs
gain Keras 3's per-output keys: ``"<output>_loss"`` for each output's
(unweighted) loss and ``"<output>_<metric>"`` for its metrics.
"""

import functools
import warnings

import numpy as np

from nbkeras import losses as losses_module
from nbkeras import metrics as metrics_module
from nbkeras import ops
from nbkeras.metrics.loss_accuracy import LossWithAccuracy
from nbkeras.ops.host import replayed
from nbkeras.ops.tensor import Tensor, as_tensor


def _is_structure(value):
    return isinstance(value, (list, tuple, dict))


def output_keys(y_pred, output_names):
    """The names of the outputs of ``y_pred`` (a list or dict of predictions), in order."""
    if isinstance(y_pred, dict):
        if output_names and set(output_names) == set(y_pred):
            return list(output_names)
        return sorted(y_pred)
    count = len(y_pred)
    if output_names and len(output_names) == count:
        return list(output_names)
    return [f"output_{i}" for i in range(count)]


def flatten_like(data, keys, role):
    """``data`` (one per output: list, dict by name, or a single array) as a list aligned to ``keys``."""
    if isinstance(data, dict):
        missing = [k for k in keys if k not in data]
        unknown = [k for k in data if k not in keys]
        if missing or unknown:
            problem = f"no entry for output(s) {missing}" if missing else f"unknown keys {unknown}"
            raise ValueError(f"The {role} dict has {problem}. Expected keys {list(keys)} (the "
                             f"model's output names); received keys {list(data)}.")
        return [data[k] for k in keys]
    if isinstance(data, (list, tuple)):
        if len(data) != len(keys):
            raise ValueError(f"The model has {len(keys)} outputs ({keys}) but {role} holds "
                             f"{len(data)} entries. Pass one {role} per output, as a list in "
                             "that order or a dict keyed by output name.")
        return list(data)
    return [data] * len(keys)


def per_output(spec, keys, argument, partial_dict=False):
    """Spreads a loss/metrics/weights argument over the outputs; a clear error when it cannot."""
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in keys]
        if unknown or (not partial_dict and set(spec) != set(keys)):
            raise ValueError(
                f"Expected keys {keys} in {argument} dict, but found {argument}.keys()="
                f"{list(spec)}. The keys must be the model's output names"
                + (f" (unknown: {unknown})." if unknown else " (one entry per output)."))
        return [spec.get(k) for k in keys]
    if isinstance(spec, (list, tuple)):
        if len(spec) != len(keys):
            raise ValueError(
                f"Invalid `{argument}`: the model has {len(keys)} outputs {keys}, so "
                f"`{argument}` should be a dict keyed by output name or a list with one entry "
                f"per output. Received: {argument}={spec!r}")
        return list(spec)
    return [spec] * len(keys)


def _resolve_loss(identifier):
    resolved = losses_module.get(identifier)
    if isinstance(resolved, losses_module.Loss):
        return resolved
    name = identifier if isinstance(identifier, str) else getattr(resolved, "__name__", "loss")
    return losses_module.LossFunctionWrapper(resolved, name=name)


class CompileLoss:
    """Turns the ``loss=`` argument into one scalar loss per batch.

    Args:
        loss: a name, a Loss object or a function ``(y_true, y_pred)``; for
            several outputs also a list (one per output, ``None`` skips one)
            or a dict keyed by output name.
        loss_weights: a float, or a list/dict of floats for several outputs.
        output_names: the model's output names (for dicts and log keys).
        metrics: the CompileMetrics of the same model: a crossentropy and its
            accuracy are then computed by one kernel call (``LossWithAccuracy``).
    """

    def __init__(self, loss, loss_weights=None, output_names=None, metrics=None):
        # loss=None is allowed, as in Keras: the model may add its own losses (add_loss) or
        # override train_step/compute_loss. Model.compute_loss complains if nothing is left.
        self.identifier = loss
        self.loss_weights = loss_weights
        self.output_names = list(output_names) if output_names else None
        self._per_output = None  # [(key, Loss, weight)] once built for several outputs
        self._trackers = []
        self.compiled_metrics = metrics
        self._fusion = None  # (the Loss it was made for, LossWithAccuracy or None)
        if loss is None:
            self.loss = None
        elif not _is_structure(loss):
            self.loss = _resolve_loss(loss)
        if not _is_structure(loss_weights):
            self.loss_weight = 1.0 if loss_weights is None else float(loss_weights)
        if isinstance(loss, dict) and self.output_names:
            per_output(loss, self.output_names, "loss")  # unknown names fail at compile time
        if isinstance(loss_weights, dict) and self.output_names:
            per_output(loss_weights, self.output_names, "loss_weights", partial_dict=True)

    def _build(self, y_pred):
        keys = output_keys(y_pred, self.output_names)
        losses = per_output(self.identifier, keys, "loss", partial_dict=isinstance(y_pred, dict))
        weights = per_output(self.loss_weights, keys, "loss_weights",
                             partial_dict=True) if self.loss_weights is not None else [None] * len(keys)
        self._per_output = [(key, _resolve_loss(loss), 1.0 if weight is None else float(weight))
                            for key, loss, weight in zip(keys, losses, weights) if loss is not None]
        if len(self._per_output) > 1:
            self._trackers = [metrics_module.Mean(name=f"{key}_loss") for key, _, _ in self._per_output]
        self._keys = keys

    def __call__(self, y_true, y_pred, sample_weight=None):
        if self.identifier is None:
            return None
        if not _is_structure(y_pred):
            return self._single(y_true, y_pred, sample_weight)
        if self._per_output is None:
            self._build(y_pred)
        if len(self._keys) == 1 and not _is_structure(y_true):
            y_true = [y_true]
        targets = dict(zip(self._keys, flatten_like(y_true, self._keys, "y")))
        predictions = dict(zip(self._keys, y_pred if isinstance(y_pred, (list, tuple))
                               else [y_pred[k] for k in self._keys]))
        weights = dict(zip(self._keys, flatten_like(sample_weight, self._keys, "sample_weight")))
        total = None
        for index, (key, loss, weight) in enumerate(self._per_output):
            value = loss(targets[key], predictions[key], sample_weight=weights[key])
            if self._trackers:
                # replayed: a step plan calls it again at every replayed step
                replayed(functools.partial(_track, self._trackers[index], _batch(predictions[key])),
                         as_tensor(value))
            if weight != 1.0:
                value = ops.multiply(value, weight)
            total = value if total is None else ops.add(total, value)
        return total

    def _single(self, y_true, y_pred, sample_weight):
        loss, weight = self.identifier, self.loss_weights
        if _is_structure(loss):
            keys = self.output_names or ["output_0"]
            loss = per_output(loss, keys[:1] if len(keys) == 1 else keys, "loss")[0]
        if _is_structure(weight):
            weight = (list(weight.values()) if isinstance(weight, dict) else list(weight))[0]
        if _is_structure(self.identifier):
            self.loss = _resolve_loss(loss)
        fused = self._with_accuracy(y_true, y_pred)
        if isinstance(y_true, (list, tuple)) and len(y_true) == 1:
            y_true = y_true[0]
        elif isinstance(y_true, dict):
            y_true = flatten_like(y_true, (self.output_names or list(y_true))[:1], "y")[0]
        value = fused(y_true, y_pred, sample_weight) if fused is not None else None
        if value is None:
            value = self.loss(y_true, y_pred, sample_weight=sample_weight)
        weight = 1.0 if weight is None else float(weight)
        if weight != 1.0:
            value = ops.multiply(value, weight)
        return value

    def _with_accuracy(self, y_true, y_pred):
        """The loss-and-accuracy fusion for this loss and the compiled metrics, or None.

        Decided at the first call (the metrics are built then if they are not,
        from the same shapes they would see), so even the first batch is fused.
        """
        metrics = self.compiled_metrics
        if metrics is None:
            return None
        if self._fusion is None or self._fusion[0] is not self.loss:
            if not metrics.built:
                metrics.build(y_true, _data(y_pred))
            fusion = LossWithAccuracy.find(self.loss, metrics.metrics + metrics.weighted_metrics)
            self._fusion = (self.loss, fusion)
            metrics.fusion = fusion
        return self._fusion[1]

    @property
    def metrics(self):
        """Trackers of per-output losses (none for a single output)."""
        return list(self._trackers)

    def result(self):
        """Per-output loss values for the logs (``{}`` for a single output)."""
        return {m.name: float(m.result()) for m in self._trackers}


def _track(tracker, batch_size, loss_value):
    tracker.update_scalar(np.asarray(loss_value), batch_size)


def _data(value):
    return value.data if isinstance(value, Tensor) else value


def _batch(prediction):
    return np.shape(_data(prediction))[0] if np.ndim(_data(prediction)) else 1


class CompileMetrics:
    """The compiled metrics; ``"accuracy"`` is resolved from shapes.

    Args:
        metrics: a list of names, Metric objects or functions; for several
            outputs a list with one entry per output or a dict keyed by
            output name (each entry a metric or a list of them).
        weighted_metrics: metrics that use ``sample_weight`` (same forms).
        output_names: the model's output names.
    """

    def __init__(self, metrics=None, weighted_metrics=None, output_names=None):
        for name, value in (("metrics", metrics), ("weighted_metrics", weighted_metrics)):
            if value is not None and not isinstance(value, (list, tuple, dict)):
                raise ValueError(
                    f"Expected `{name}` to be a list or a dict. Received: {name}={value!r}. "
                    f"Wrap it in a list: {name}=[{value!r}]."
                )
        self._user_metrics = metrics
        self._user_weighted = weighted_metrics
        self._identifiers = list(metrics or []) if not isinstance(metrics, dict) else []
        self._weighted_identifiers = list(weighted_metrics or []) \
            if not isinstance(weighted_metrics, dict) else []
        self.output_names = list(output_names) if output_names else None
        for name, value in (("metrics", metrics), ("weighted_metrics", weighted_metrics)):
            if isinstance(value, dict) and self.output_names:  # unknown names fail at compile
                per_output(value, self.output_names, name, partial_dict=True)
        self.metrics = []
        self.weighted_metrics = []
        self._groups = []  # [(prefix or None, output key, metric, weighted)]
        self.built = False
        self.fusion = None  # a LossWithAccuracy, set by the CompileLoss that computes the hits
        self.name = "compile_metrics"  # as Keras: model.metrics = [loss tracker, compile_metrics]

    def build(self, y_true, y_pred):
        """Resolves identifiers once the label and prediction shapes are known."""
        self._groups = []
        if not _is_structure(y_pred):
            for weighted, spec in ((False, self._user_metrics), (True, self._user_weighted)):
                for identifier in _flat_metric_list(spec):
                    self._groups.append((None, None, _resolve(identifier, y_true, y_pred), weighted))
        else:
            keys = output_keys(y_pred, self.output_names)
            self._keys = keys
            targets = dict(zip(keys, flatten_like(y_true, keys, "y")))
            predictions = dict(zip(keys, _flat_predictions(y_pred, keys)))
            for weighted, spec, argument in ((False, self._user_metrics, "metrics"),
                                             (True, self._user_weighted, "weighted_metrics")):
                if not spec:
                    continue
                for key, entry in zip(keys, per_output(spec, keys, argument, partial_dict=True)):
                    for identifier in _flat_metric_list(entry):
                        metric = _resolve(identifier, targets[key], predictions[key])
                        self._groups.append((key, key, metric, weighted))
        self.metrics = [m for _, _, m, w in self._groups if not w]
        self.weighted_metrics = [m for _, _, m, w in self._groups if w]
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        if not _is_structure(y_pred):
            if isinstance(y_true, (list, tuple)) and len(y_true) == 1:
                y_true = y_true[0]
            hits = self.fusion.take(y_true, y_pred) if self.fusion is not None else None
            for _, _, metric, weighted in self._groups:
                if hits is not None and metric in self.fusion.metrics:
                    metric.update_state_from_values(hits, sample_weight if weighted else None)
                elif weighted:
                    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
                else:
                    metric.update_state(y_true, y_pred)
            return
        keys = self._keys
        targets = dict(zip(keys, flatten_like(y_true, keys, "y")))
        predictions = dict(zip(keys, _flat_predictions(y_pred, keys)))
        weights = dict(zip(keys, flatten_like(sample_weight, keys, "sample_weight")))
        for _, key, metric, weighted in self._groups:
            if weighted:
                metric.update_state(targets[key], predictions[key], sample_weight=weights[key])
            else:
                metric.update_state(targets[key], predictions[key])

    def reset_state(self):
        for metric in self.metrics + self.weighted_metrics:
            metric.reset_state()

    def result(self):
        """``{name: value}``; with several outputs names are ``"<output>_<metric>"`` (Keras 3)."""
        results, counts = {}, {}
        for weighted in (False, True):
            for prefix, _, metric, is_weighted in self._groups:
                if is_weighted != weighted:
                    continue
                name = f"{prefix}_{metric.name}" if prefix else metric.name
                if name in counts:
                    counts[name] += 1
                    name = f"{name}_{counts[name] - 1}"
                else:
                    counts[name] = 1
                results[name] = float(metric.result())
        return results

    @property
    def names(self):
        if self.built:
            return list(self.result())
        return [_name_of(m) for m in self._identifiers + self._weighted_identifiers]


def _flat_predictions(y_pred, keys):
    if isinstance(y_pred, dict):
        return [y_pred[k] for k in keys]
    return list(y_pred)


def _flat_metric_list(entry):
    if entry is None:
        return []
    if isinstance(entry, dict):
        return [m for value in entry.values() for m in _flat_metric_list(value)]
    if isinstance(entry, (list, tuple)):
        return [m for value in entry for m in _flat_metric_list(value)]
    return [entry]


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
