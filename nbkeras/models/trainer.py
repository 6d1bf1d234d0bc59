"""compile / fit / evaluate / predict: the training loop, as in Keras 3.

The trainer knows nothing of notebooks: it talks to callbacks, and the
progress display is one of them.
"""

import math
import warnings

import numpy as np

from nbkeras import metrics as metrics_module
from nbkeras import optimizers
from nbkeras.callbacks.callback_list import CallbackList
from nbkeras.models import data_adapter
from nbkeras.models.compile_utils import CompileLoss, CompileMetrics, legacy_metric_order_warning
from nbkeras.ops import functions as ops
from nbkeras.ops.tape import Tape, no_grad
from nbkeras.ops.tensor import Tensor

_LEGACY_ARGUMENTS = {
    "max_queue_size": "Keras 3 moved it to keras.utils.PyDataset(max_queue_size=...)",
    "workers": "Keras 3 moved it to keras.utils.PyDataset(workers=...)",
    "use_multiprocessing": "Keras 3 moved it to keras.utils.PyDataset(use_multiprocessing=...)",
    "nb_epoch": "it is called `epochs` since Keras 2",
    "sample_weight_mode": "Keras 3 infers it: pass sample_weight= to fit() instead",
}
_warned = set()


def _warn_legacy(kwargs, method, allowed):
    """Accepts arguments older tutorials use, with a one-time hint; rejects others."""
    for name in list(kwargs):
        if name not in allowed:
            raise TypeError(f"{method}() got an unexpected keyword argument {name!r}.")
        if name not in _warned:
            _warned.add(name)
            warnings.warn(f"`{name}` is ignored: {_LEGACY_ARGUMENTS[name]}.", stacklevel=3)


class Trainer:
    """The training half of ``Model`` (mixed in; holds compile state and the loops)."""

    compiled = False
    optimizer = None
    stop_training = False

    # ------------------------------------------------------------------ compile
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
        _warn_legacy(kwargs, "compile", ("sample_weight_mode",))
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

    def _compile_loss_and_metrics(self, loss, loss_weights, metrics, weighted_metrics):
        """Single-output compile; multi-output models override this."""
        self.compiled_loss = CompileLoss(loss, loss_weights)
        self.compiled_metrics = CompileMetrics(metrics, weighted_metrics)

    def get_compile_config(self):
        return dict(self._compile_config) if self.compiled else None

    @property
    def metrics(self):
        """The loss tracker and the compiled metrics (built after the first batch)."""
        if not self.compiled:
            return []
        return [self._loss_tracker] + self._all_compiled_metrics()

    def _all_compiled_metrics(self):
        return (self.compiled_loss.metrics + self.compiled_metrics.metrics
                + self.compiled_metrics.weighted_metrics)

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    # ------------------------------------------------------------------ steps
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus the layers' regularization losses, as a scalar Tensor."""
        loss = self.compiled_loss(y, y_pred, sample_weight)
        extra = self.losses
        if extra:
            loss = ops.add(loss, _sum(extra))
        return loss

    def _update_metrics(self, loss, y, y_pred, sample_weight, batch_size):
        self._loss_tracker.update_state(np.float32(loss.data), sample_weight=batch_size)
        self.compiled_metrics.update_state(y, _arrays(y_pred), sample_weight)

    def train_step(self, x, y, sample_weight=None):
        """One optimizer step on one batch; returns nothing (metrics are updated)."""
        self._ensure_optimizer_built()
        optimizer = self.optimizer
        optimizer.zero_grads()
        with Tape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
            tape.backward(loss)
        optimizer.step()
        self._update_metrics(loss, y, y_pred, sample_weight, _batch_size(x))

    def test_step(self, x, y, sample_weight=None):
        with no_grad():
            y_pred = self(x, training=False)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._update_metrics(loss, y, y_pred, sample_weight, _batch_size(x))

    def predict_step(self, x):
        with no_grad():
            return _arrays(self(x, training=False))

    def _ensure_optimizer_built(self):
        variables = self.trainable_weights
        built = self.optimizer._variables if self.optimizer.built else None
        if built is None or len(built) != len(variables) or any(a is not b for a, b in zip(built, variables)):
            self.optimizer.build(variables)

    def _logs(self):
        logs = {"loss": float(self._loss_tracker.result())}
        logs.update(self.compiled_loss.result())
        logs.update(self.compiled_metrics.result())
        return dict(sorted(logs.items()))

    # ------------------------------------------------------------------ fit
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Trains the model for a number of epochs.

        Returns:
            A ``History`` whose ``history`` dict holds one list per log key
            (``loss``, metrics, ``val_*``), keys in alphabetical order as in Keras 3.

        Example:
            >>> history = model.fit(x, y, epochs=5, batch_size=32, validation_split=0.2)
        """
        if "nb_epoch" in kwargs:
            epochs = kwargs["nb_epoch"]
        _warn_legacy(kwargs, "fit", ("nb_epoch", "max_queue_size", "workers", "use_multiprocessing"))
        self._require_compiled("fit")
        x, y, sample_weight = self._prepare_arrays(x, y, sample_weight, "fit")
        if validation_data is None and validation_split:
            (x, y, sample_weight), validation = data_adapter.train_validation_split(
                (x, y, sample_weight), validation_split)
        elif validation_data is not None:
            validation = self._unpack_validation(validation_data)
        else:
            validation = None
        sample_weight = _apply_class_weight(class_weight, y, sample_weight)
        batches = data_adapter.ArrayBatches(x, y, sample_weight, batch_size or 32, shuffle,
                                            steps_per_epoch)
        self._build_from_data(x)
        callback_list = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0,
                                     model=self, verbose=verbose, epochs=epochs, steps=len(batches))
        return self._fit_loop(batches, callback_list, epochs, initial_epoch, validation,
                              validation_batch_size or batch_size or 32, validation_steps,
                              validation_freq)

    def _fit_loop(self, batches, callback_list, epochs, initial_epoch, validation,
                  validation_batch_size, validation_steps, validation_freq):
        self.stop_training = False
        history = callback_list.history
        callback_list.on_train_begin()
        epoch = initial_epoch
        try:
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callback_list.on_epoch_begin(epoch)
                for step, (x_batch, y_batch, sw_batch) in enumerate(batches):
                    callback_list.on_train_batch_begin(step)
                    self.train_step(x_batch, y_batch, sw_batch)
                    logs = self._logs()
                    _check_finite(logs, epoch, step)
                    callback_list.on_train_batch_end(step, logs)
                    if self.stop_training:
                        break
                epoch_logs = self._logs()
                if validation is not None and _runs_validation(epoch, validation_freq):
                    x_val, y_val, sw_val = validation
                    val_logs = self.evaluate(x_val, y_val, sample_weight=sw_val,
                                             batch_size=validation_batch_size,
                                             steps=validation_steps, verbose=0,
                                             callbacks=callback_list, return_dict=True,
                                             _in_fit=True)
                    epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
                    epoch_logs = dict(sorted(epoch_logs.items()))
                callback_list.on_epoch_end(epoch, epoch_logs)
                if self.stop_training:
                    break
        except KeyboardInterrupt:
            done = len(history.epoch)
            print(f"\nTraining interrupted during epoch {epoch + 1}: the model keeps the weights "
                  f"of the last finished step, and History holds {done} finished epoch(s).")
        callback_list.on_train_end(self._logs())
        return history

    def _unpack_validation(self, validation_data):
        if not isinstance(validation_data, (list, tuple)) or len(validation_data) not in (2, 3):
            raise ValueError(
                "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, "
                f"sample_weight_val). Received a {type(validation_data).__name__}."
            )
        x_val, y_val, sw_val = (list(validation_data) + [None])[:3]
        return self._prepare_arrays(x_val, y_val, sw_val, "validation_data")

    # ------------------------------------------------------------------ evaluate / predict
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """Returns the loss (and metrics) on the given data, in inference mode.

        Returns:
            The loss alone when there are no metrics, else ``[loss, *metrics]``
            in compile order, or a dict with ``return_dict=True``.
        """
        in_fit = kwargs.pop("_in_fit", False)
        _warn_legacy(kwargs, "evaluate", ("max_queue_size", "workers", "use_multiprocessing"))
        self._require_compiled("evaluate")
        if not in_fit:
            x, y, sample_weight = self._prepare_arrays(x, y, sample_weight, "evaluate")
            self._build_from_data(x)
        batches = data_adapter.ArrayBatches(x, y, sample_weight, batch_size or 32, False, steps)
        if isinstance(callbacks, CallbackList):
            callback_list = callbacks
        else:
            callback_list = CallbackList(callbacks, add_progbar=verbose != 0, model=self,
                                         verbose=verbose, epochs=1, steps=len(batches))
        self.reset_metrics()
        callback_list.on_test_begin()
        for step, (x_batch, y_batch, sw_batch) in enumerate(batches):
            callback_list.on_test_batch_begin(step)
            self.test_step(x_batch, y_batch, sw_batch)
            callback_list.on_test_batch_end(step, self._logs())
        logs = self._logs()
        callback_list.on_test_end(logs)
        if return_dict:
            return logs
        return self._flatten_in_order(logs)

    def _flatten_in_order(self, logs):
        names = ["loss"] + [m.name for m in self._all_compiled_metrics()]
        values = [logs[n] for n in names if n in logs]
        values += [logs[k] for k in sorted(logs) if k not in names]
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None, **kwargs):
        """Returns the model's outputs for ``x`` as NumPy array(s), computed in batches."""
        _warn_legacy(kwargs, "predict", ("max_queue_size", "workers", "use_multiprocessing"))
        x = data_adapter.to_arrays(x, "x")
        self._build_from_data(x)
        batches = data_adapter.ArrayBatches(x, None, None, batch_size or 32, False, steps)
        callback_list = CallbackList(callbacks, add_progbar=verbose != 0, model=self,
                                     verbose=verbose, epochs=1, steps=len(batches))
        callback_list.on_predict_begin()
        outputs = []
        for step, (x_batch, _, _) in enumerate(batches):
            callback_list.on_predict_batch_begin(step)
            outputs.append(self.predict_step(x_batch))
            callback_list.on_predict_batch_end(step, {"outputs": outputs[-1]})
        callback_list.on_predict_end()
        return _concatenate(outputs)

    # ------------------------------------------------------------------ single batches
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One optimizer step on one batch; returns the batch's loss (and metrics)."""
        self._require_compiled("train_on_batch")
        x, y, sample_weight = self._prepare_arrays(x, y, sample_weight, "train_on_batch")
        sample_weight = _apply_class_weight(class_weight, y, sample_weight)
        self._build_from_data(x)
        self.reset_metrics()
        self.train_step(x, y, sample_weight)
        logs = self._logs()
        return logs if return_dict else self._flatten_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss (and metrics) on one batch, without updating weights."""
        self._require_compiled("test_on_batch")
        x, y, sample_weight = self._prepare_arrays(x, y, sample_weight, "test_on_batch")
        self._build_from_data(x)
        self.reset_metrics()
        self.test_step(x, y, sample_weight)
        logs = self._logs()
        return logs if return_dict else self._flatten_in_order(logs)

    def predict_on_batch(self, x):
        """The model's outputs on one batch, as NumPy array(s)."""
        x = data_adapter.to_arrays(x, "x")
        self._build_from_data(x)
        return self.predict_step(x)

    # ------------------------------------------------------------------ helpers
    def _require_compiled(self, method):
        if not self.compiled:
            raise RuntimeError(
                f"You must call compile() before {method}(), e.g. "
                "model.compile(optimizer='adam', loss='mse')."
            )

    def _prepare_arrays(self, x, y, sample_weight, method):
        if x is None:
            raise ValueError(f"{method}() needs input data: pass x=...")
        if y is None and method != "predict":
            raise ValueError(
                f"{method}() needs targets: pass y=... (the labels for x). A model with "
                "no labels cannot compute a loss."
            )
        x = data_adapter.to_arrays(x, "x")
        y = data_adapter.to_arrays(y, "y")
        sample_weight = data_adapter.to_arrays(sample_weight, "sample_weight")
        data_adapter.num_samples(x, y, sample_weight)
        return x, y, sample_weight

    def _build_from_data(self, x):
        """Builds a deferred model from the first batch's shape."""
        if not self.built:
            shapes = _shape_with_batch_none(x)
            self.build(shapes)


def _sum(tensors):
    total = tensors[0]
    for tensor in tensors[1:]:
        total = ops.add(total, tensor)
    return total


def _arrays(structure):
    if isinstance(structure, Tensor):
        return structure.data
    if isinstance(structure, dict):
        return {k: _arrays(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [_arrays(v) for v in structure]
    return np.asarray(structure)


def _concatenate(batches):
    if not batches:
        return np.zeros((0,), dtype=np.float32)
    first = batches[0]
    if isinstance(first, dict):
        return {k: np.concatenate([b[k] for b in batches]) for k in first}
    if isinstance(first, list):
        return [np.concatenate([b[i] for b in batches]) for i in range(len(first))]
    return np.concatenate(batches)


def _batch_size(x):
    return data_adapter.flat_arrays(x)[0].shape[0] if not isinstance(x, Tensor) else x.shape[0]


def _shape_with_batch_none(x):
    if isinstance(x, dict):
        return {k: _shape_with_batch_none(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_shape_with_batch_none(v) for v in x]
    return (None,) + tuple(x.shape[1:])


def _runs_validation(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return (epoch + 1) in validation_freq


def _check_finite(logs, epoch, step):
    loss = logs.get("loss")
    if loss is not None and not math.isfinite(loss) and ("nan", epoch) not in _warned:
        _warned.add(("nan", epoch))
        warnings.warn(
            f"The loss became {loss} at epoch {epoch + 1}, batch {step + 1}. Common causes: a "
            "learning rate that is too high, unscaled inputs, or log(0) in a custom loss. "
            "keras.callbacks.TerminateOnNaN() stops training when this happens.",
            stacklevel=4,
        )


def _apply_class_weight(class_weight, y, sample_weight):
    """Turns ``class_weight={class: weight}`` into per-sample weights (Keras rule)."""
    if not class_weight:
        return sample_weight
    if isinstance(y, (list, dict)):
        raise ValueError("class_weight is only supported for models with a single output.")
    labels = y.argmax(axis=-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(len(y), -1)[:, 0]
    weights = np.array([class_weight.get(int(label), 1.0) for label in np.round(labels)],
                       dtype=np.float32)
    return weights if sample_weight is None else sample_weight * weights
