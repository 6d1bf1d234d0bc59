"""compile() and what it sets up: the loss, the metrics, the running logs."""

import numpy as np

from nbkeras import metrics as metrics_module
from nbkeras import ops, optimizers
from nbkeras.models import trainer_utils as utils
from nbkeras.models.compile_utils import CompileLoss, CompileMetrics, legacy_metric_order_warning
from nbkeras.models.trainer_legacy import warn_legacy
from nbkeras.traceback_utils import filter_traceback


class CompileMethods:
    """Mixed into Trainer: compile state, loss and metric bookkeeping."""

    compiled = False
    optimizer = None

    # ------------------------------------------------------------------ compile
    @filter_traceback
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, **kwargs):
        """Configures the model for training.

        Args:
            optimizer: a name (``"adam"``) or an Optimizer.
            loss: a name (``"categorical_crossentropy"``), a Loss or a function.
            loss_weights: a factor on the loss (Keras 3 order: third argument).
            metrics: a list of metric names, Metric objects or functions.
            weighted_metrics: metrics that take ``sample_weight`` into account.
            run_eagerly, steps_per_execution, jit_compile, auto_scale_loss:
                accepted for compatibility; nbkeras always runs eagerly.

        Example:
            >>> model.compile(optimizer="adam", loss="mse", metrics=["mae"])
        """
        warn_legacy(kwargs, "compile", ("sample_weight_mode",))
        if legacy_metric_order_warning(loss_weights):
            metrics, loss_weights = list(loss_weights), None
        self.optimizer = optimizers.get(optimizer)
        self._compile_loss_and_metrics(loss, loss_weights, metrics, weighted_metrics)
        self.loss = loss
        self._loss_tracker = metrics_module.Mean(name="loss")
        self._compile_config = {
            "optimizer": optimizer if isinstance(optimizer, str) else optimizers.serialize(self.optimizer),
            "loss": loss, "loss_weights": loss_weights, "metrics": metrics,
            "weighted_metrics": weighted_metrics, "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution, "jit_compile": jit_compile,
        }
        self.compiled = True
        self.stop_training = False
        self.__dict__.pop("_custom_metrics_checked", None)

    def _compile_loss_and_metrics(self, loss, loss_weights, metrics, weighted_metrics):
        """Resolves the loss and metrics per output (names from the model's outputs)."""
        names = self._compile_output_names()
        self.compiled_metrics = CompileMetrics(metrics, weighted_metrics, output_names=names)
        self.compiled_loss = CompileLoss(loss, loss_weights, output_names=names,
                                         metrics=self.compiled_metrics)

    def _compile_output_names(self):
        """Output names that loss/metric dicts refer to (None: not known before the first call)."""
        return None

    def get_compile_config(self):
        return dict(self._compile_config) if self.compiled else None

    @property
    def metrics(self):
        """What ``reset_metrics`` resets and a custom ``train_step`` updates, as in Keras 3.

        The loss tracker (``"loss"``), the compiled metrics as one object
        (``"compile_metrics"``: ``update_state(y, y_pred)``, ``result()`` a
        dict), per-output loss trackers, then every Metric kept as an
        attribute of the model (``self.mae_tracker = keras.metrics.Mean()``).
        """
        found = []
        if self.compiled:
            found = [self._loss_tracker, self.compiled_metrics] + self.compiled_loss.metrics
        for value in vars(self).values():
            if isinstance(value, metrics_module.Metric) and not any(value is m for m in found):
                found.append(value)
        return found

    def _all_compiled_metrics(self):
        return (self.compiled_loss.metrics + self.compiled_metrics.metrics
                + self.compiled_metrics.weighted_metrics)

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus the losses the layers added (regularizers, ``add_loss``).

        Override it (Keras 3's signature) to change the loss ``fit`` minimizes.

        Raises:
            ValueError: when there is no compiled loss and no added loss.
        """
        loss = self.compiled_loss(y, y_pred, sample_weight) if self.compiled else None
        extra = self.losses
        if extra:
            loss = _sum(extra) if loss is None else ops.add(loss, _sum(extra))
        if loss is None:
            raise ValueError(
                "No loss to compute: pass loss= to compile(), e.g. model.compile(optimizer="
                "'adam', loss='mse'), add losses with self.add_loss(...) in a layer or the "
                "model, or override compute_loss / train_step.")
        return loss

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics with one batch and returns ``get_metrics_result()``."""
        self.compiled_metrics.update_state(y, utils.arrays_of(y_pred), sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self):
        """``{name: value}`` of every metric in ``self.metrics`` (dict results merged in)."""
        logs = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return pythonify_logs(logs)

    def _update_metrics(self, loss, y, y_pred, sample_weight, batch_size):
        self._loss_tracker.update_scalar(loss.data, batch_size)
        self.compiled_metrics.update_state(y, utils.arrays_of(y_pred), sample_weight)
    def _logs(self):
        """The running loss and metrics, keys in alphabetical order (as Keras 3)."""
        logs = {"loss": float(self._loss_tracker.result())}
        logs.update(self.compiled_loss.result())
        logs.update(self.compiled_metrics.result())
        return dict(sorted(logs.items()))
    def _flatten_in_order(self, logs):
        names = ["loss"] + [m.name for m in self._all_compiled_metrics()]
        values = [logs[n] for n in names if n in logs]
        values += [logs[k] for k in sorted(logs) if k not in names]
        return values[0] if len(values) == 1 else values
    # ------------------------------------------------------------------ helpers
    def _require_compiled(self, method):
        if not self.compiled:
            raise RuntimeError(
                f"You must call compile() before {method}(), e.g. "
                "model.compile(optimizer='adam', loss='mse')."
            )


def _sum(tensors):
    total = tensors[0]
    for tensor in tensors[1:]:
        total = ops.add(total, tensor)
    return total


def pythonify_logs(logs):
    """Logs as plain numbers: Tensors and 0-d arrays become floats, nested dicts are merged."""
    result = {}
    for key, value in (logs or {}).items():
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
            continue
        array = np.asarray(utils.arrays_of(value))
        result[key] = float(array) if array.size == 1 and array.dtype.kind in "fiub" else array
    return result
