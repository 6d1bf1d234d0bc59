"""compile / fit / evaluate / predict: the training loop, as in Keras 3.

The trainer knows nothing of notebooks: it talks to callbacks, and the
progress display is one of them.
"""

import contextlib

from nbkeras import blas_threads
from nbkeras.callbacks.callback_list import CallbackList
from nbkeras.models import trainer_utils as utils
from nbkeras.models.data_adapters import EpochIterator, to_arrays, train_validation_split
from nbkeras.models.data_adapters.arrays import is_array_data
from nbkeras.models.fit_arguments import check_fit_arguments
from nbkeras.models.predict_loop import (PredictOutputs, report_non_finite_inputs, sample_count,
                                        sliced_batches)
from nbkeras.models.trainer_batch import BatchMethods
from nbkeras.models.trainer_compile import CompileMethods, pythonify_logs
from nbkeras.models.trainer_legacy import GeneratorMethods, warn_legacy
from nbkeras.models.trainer_plans import PlanMethods
from nbkeras.ops.tape import Tape, no_grad
from nbkeras.traceback_utils import filter_traceback

_NOT_RECORDING = contextlib.nullcontext()  # reusable: the ordinary steps' empty context


class Trainer(CompileMethods, BatchMethods, GeneratorMethods, PlanMethods):
    """The training half of ``Model`` (mixed in; holds compile state and the loops)."""

    stop_training = False
    _optimizer_checked = False  # reset by fit each epoch and by train_on_batch

    # ------------------------------------------------------------------ steps
    # As in Keras 3, each step receives the batch as one ``data`` value: ``x``, ``(x, y)``
    # or ``(x, y, sample_weight)``; override them to customize fit/evaluate/predict.
    def train_step(self, data):
        """One optimizer step on one batch; returns the logs ``{name: value}``.

        Override it as in the Keras guide "Customizing what happens in fit()":
        unpack ``data``, compute the loss under ``keras.GradientTape()``,
        ``self.optimizer.apply(grads, self.trainable_variables)``, update
        ``self.metrics`` and return ``{m.name: m.result() for m in self.metrics}``.
        """
        logs = self._train_step_unlogged(data)
        return self._logs() if logs is None else logs

    def _train_step_unlogged(self, data):
        """The work of the default ``train_step``; returns None where it returns ``_logs()``."""
        x, y, sample_weight = utils.unpack_x_y_sample_weight(data)
        self._check_optimizer()
        optimizer = self.optimizer
        optimizer.zero_grads()
        with Tape() as tape:
            y_pred, loss = self._forward_loss(x, y, sample_weight, training=True)
            tape.backward(loss)
        with utils.uninterruptible():
            optimizer.step()
        return self._update_step_metrics(loss, x, y, y_pred, sample_weight)

    def test_step(self, data):
        """The loss and metrics of one batch in inference mode; returns the logs."""
        logs = self._test_step_unlogged(data)
        return self._logs() if logs is None else logs

    def _test_step_unlogged(self, data):
        """The work of the default ``test_step``; returns None where it returns ``_logs()``."""
        x, y, sample_weight = utils.unpack_x_y_sample_weight(data)
        with no_grad():
            y_pred, loss = self._forward_loss(x, y, sample_weight, training=False)
        return self._update_step_metrics(loss, x, y, y_pred, sample_weight)

    def predict_step(self, data):
        """The model's outputs for one batch ``data`` (``x``, or a tuple whose first item is x)."""
        x, _, _ = utils.unpack_x_y_sample_weight(data)
        with no_grad():
            return self._forward_loss(x, None, None, training=False, with_loss=False)[0]

    # While a step plan records a step, its OpRecorder (models/step_plan_book.py).
    _step_recorder = None

    def _forward_loss(self, x, y, sample_weight, training, with_loss=True):
        """The outputs and the loss of a batch: the part of a step that a step plan records."""
        recorder = self._step_recorder
        with recorder or _NOT_RECORDING:
            y_pred = self(x, training=training)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=training) \
                if with_loss else None
        if recorder is not None:
            recorder.result = (y_pred, loss)
        return y_pred, loss

    def _check_optimizer(self):
        if not self._optimizer_checked:  # listing the weights every step costs ~5% of W1
            self._ensure_optimizer_built()
            self._optimizer_checked = True

    def _update_step_metrics(self, loss, x, y, y_pred, sample_weight):
        """Updates the loss tracker and the compiled metrics; None when the logs are ``_logs()``."""
        self._loss_tracker.update_scalar(loss.data, utils.batch_size_of(x))
        if type(self).compute_metrics is not CompileMethods.compute_metrics:
            return self.compute_metrics(x, y, y_pred, sample_weight)
        self.compiled_metrics.update_state(y, utils.arrays_of(y_pred), sample_weight)
        if self._reports_custom_metrics():
            return self.get_metrics_result()  # custom trackers report themselves, as in Keras
        return None

    def _reports_custom_metrics(self):
        """True when ``metrics`` is overridden or Metrics are attributes (checked once)."""
        custom = self.__dict__.get("_custom_metrics_checked")
        if custom is None:
            extra = [m for m in self.metrics[2:] if m not in self.compiled_loss.metrics]
            custom = type(self).metrics is not CompileMethods.metrics or bool(extra)
            self.__dict__["_custom_metrics_checked"] = custom
        return custom

    def _run_step(self, step, data, deferred=False):
        """Runs a (possibly overridden) step and returns its logs as plain numbers.

        With ``deferred=True`` (the fit and evaluate loops) a step that returns
        None (the default steps through ``_ordinary_step`` or a step plan) stays
        None: turning every metric into numbers costs several microseconds, so
        the loops build them only when a callback reads them (``CallbackList``),
        at the end of the pass, or never.
        """
        logs = step(data)
        if logs is None:
            return None if deferred else self._logs()
        return pythonify_logs(logs)

    def _ordinary_step(self, kind):
        """The step of ``kind`` on the ordinary path: the default ones return None for their logs."""
        if kind == "train" and type(self).train_step is Trainer.train_step:
            return self._train_step_unlogged
        if kind == "test" and type(self).test_step is Trainer.test_step:
            return self._test_step_unlogged
        return getattr(self, {"train": "train_step", "test": "test_step",
                              "predict": "predict_step"}[kind])

    def _ensure_optimizer_built(self):
        variables = self.trainable_weights
        built = self.optimizer._variables if self.optimizer.built else None
        if built is None or len(built) != len(variables) or any(a is not b for a, b in zip(built, variables)):
            self.optimizer.build(variables)

    # ------------------------------------------------------------------ fit
    @filter_traceback
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Trains the model for ``epochs - initial_epoch`` epochs.

        Args:
            x: NumPy arrays (a list/dict of them for several inputs), a
                DataFrame, a Python generator of ``(x, y)`` or
                ``(x, y, sample_weight)``, or a ``keras.utils.PyDataset``.
            y: targets, when ``x`` is arrays.
            batch_size: samples per step for arrays (default 32).
            epochs: index of the last epoch (counted with ``initial_epoch``).
            verbose: ``"auto"``/1 progress bar, 2 one line per epoch, 0 silent.
            callbacks: a list of ``keras.callbacks.Callback``.
            validation_split: fraction of the arrays (the last samples, before
                shuffling) held out for validation.
            validation_data: ``(x_val, y_val[, sample_weight_val])``, a
                generator or a PyDataset; overrides ``validation_split``.
            shuffle: reshuffle arrays (or PyDataset batches) every epoch.
            class_weight: ``{class_index: weight}`` scaling each sample's loss.
            sample_weight: one weight per sample (arrays only).
            initial_epoch: epoch to start from (to resume training).
            steps_per_epoch: steps per epoch; required for endless generators.
                The data iterator then continues across epochs (Keras 3).
            validation_steps: steps of each validation run.
            validation_batch_size: batch size of validation arrays.
            validation_freq: validate every N epochs, or after the listed ones.

        Returns:
            A ``History``: ``history.history`` holds one list per log key
            (alphabetical, as Keras 3), ``history.epoch`` the epochs run.

        Ctrl-C (KeyboardInterrupt) stops after the current batch: ``fit``
        returns the History of the finished epochs and the model stays usable.

        Example:
            >>> history = model.fit(x, y, epochs=5, batch_size=32, validation_split=0.2)
        """
        if "nb_epoch" in kwargs:
            epochs = kwargs["nb_epoch"]
        warn_legacy(kwargs, "fit", ("nb_epoch", "max_queue_size", "workers", "use_multiprocessing"))
        self._require_compiled("fit")
        check_fit_arguments(x, y, batch_size, epochs, verbose, callbacks, validation_split,
                            class_weight, initial_epoch, steps_per_epoch)
        validation_freq = utils.check_validation_freq(validation_freq)
        if validation_split and validation_data is None:
            x, y, sample_weight = self._split_arrays(x, y, sample_weight, validation_split)
            validation_data = (x[1], y[1], sample_weight[1])
            x, y, sample_weight = x[0], y[0], sample_weight[0]
        elif x is not None and is_array_data(x):
            self._require_targets(y, "fit")
        train_data = EpochIterator(x, y, sample_weight, batch_size, steps_per_epoch, shuffle,
                                   class_weight, role="x")
        validation = None
        if validation_data is not None:
            validation = self._validation_iterator(validation_data,
                                                   validation_batch_size or batch_size,
                                                   validation_steps)
        callback_list = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0,
                                     model=self, logs_builder=self._logs, verbose=verbose,
                                     epochs=epochs, steps=train_data.num_batches)
        with blas_threads.limit_for(self, batch_size):
            return self._fit_loop(train_data, callback_list, epochs, initial_epoch, validation,
                                  validation_freq)

    def _fit_loop(self, train_data, callback_list, epochs, initial_epoch, validation,
                  validation_freq):
        self.stop_training = False
        history = callback_list.history
        nan_reporter = utils.NonFiniteLossReporter()
        self._interrupted = False
        self._initial_epoch = None
        callback_list.on_train_begin()
        if self._initial_epoch:  # set by BackupAndRestore when it restored a backup
            initial_epoch = self._initial_epoch
        epoch, step, epoch_logs = initial_epoch, 0, {}
        with utils.InterruptGuard() as guard:
            try:
                for epoch in range(initial_epoch, epochs):
                    self.reset_metrics()
                    self._optimizer_checked = False
                    train_step = self._step_function("train", fresh=epoch == initial_epoch)
                    callback_list.on_epoch_begin(epoch)
                    step, logs = 0, None
                    for step, (x_batch, y_batch, sw_batch) in train_data:
                        callback_list.on_train_batch_begin(step)
                        self._build_from_data(x_batch)
                        logs = self._run_step(train_step, utils.pack_x_y_sample_weight(
                            x_batch, y_batch, sw_batch), deferred=True)
                        nan_reporter.check(logs, epoch, step, self._loss_tracker)
                        callback_list.on_train_batch_end(step, logs)
                        step += 1
                        if self.stop_training or guard.requested:
                            break
                    if guard.requested:
                        raise KeyboardInterrupt
                    if step == 0 and train_data.exhausted:
                        break  # a used-up generator: nothing left to train on
                    epoch_logs = dict(logs) if logs is not None else self._logs()
                    if validation is not None and utils.runs_validation(epoch, validation_freq):
                        val_logs = self.evaluate(validation, verbose=0, callbacks=callback_list,
                                                 return_dict=True, _epoch_iterator=validation)
                        epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
                        epoch_logs = dict(sorted(epoch_logs.items()))
                    callback_list.on_epoch_end(epoch, epoch_logs)
                    if self.stop_training:
                        break
            except KeyboardInterrupt:
                guard.cleaning = True  # further Ctrl-C are absorbed while fit cleans up
                self.stop_training = True
                self._interrupted = True
                print(utils.interrupt_message(epoch, step, train_data.num_batches,
                                              len(history.epoch),
                                              train_data.num_batches is None), flush=True)
            guard.cleaning = True
            callback_list.on_train_end(epoch_logs)
        return history

    def _split_arrays(self, x, y, sample_weight, validation_split):
        if not is_array_data(x):
            raise ValueError(
                "validation_split is only supported for NumPy arrays (or DataFrames), not for "
                f"a {type(x).__name__}: pass validation_data=... instead.")
        self._require_targets(y, "fit")
        arrays = (to_arrays(x, "x"), to_arrays(y, "y"), to_arrays(sample_weight, "sample_weight"))
        train, validation = train_validation_split(arrays, validation_split)
        return ((train[0], validation[0]), (train[1], validation[1]), (train[2], validation[2]))

    def _validation_iterator(self, validation_data, batch_size, steps):
        if isinstance(validation_data, (list, tuple)):
            if len(validation_data) not in (2, 3):
                raise ValueError(
                    "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, "
                    f"sample_weight_val); received a {type(validation_data).__name__} of "
                    f"{len(validation_data)} elements.")
            x_val, y_val, sw_val = (list(validation_data) + [None])[:3]
            self._require_targets(y_val, "validation_data")
            return EpochIterator(x_val, y_val, sw_val, batch_size, steps, role="validation_data")
        return EpochIterator(validation_data, steps_per_epoch=steps, role="validation_data")

    # ------------------------------------------------------------------ evaluate / predict
    @filter_traceback
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """Returns the loss (and metrics) on the given data, in inference mode.

        Args:
            x, y, sample_weight, batch_size: the data, as for ``fit``.
            steps: number of batches to evaluate (default: all).
            callbacks: callbacks whose ``on_test_*`` hooks run.
            return_dict: return ``{name: value}`` instead of a list.

        Returns:
            The loss alone when there are no metrics, else ``[loss, *metrics]``
            in compile order, or a dict with ``return_dict=True``.
        """
        epoch_iterator = kwargs.pop("_epoch_iterator", None)
        warn_legacy(kwargs, "evaluate", ("max_queue_size", "workers", "use_multiprocessing"))
        self._require_compiled("evaluate")
        if epoch_iterator is None:
            if x is not None and is_array_data(x):
                self._require_targets(y, "evaluate")
            epoch_iterator = EpochIterator(x, y, sample_weight, batch_size, steps, role="x")
        if isinstance(callbacks, CallbackList):
            callback_list = callbacks
        else:
            callback_list = CallbackList(callbacks, add_progbar=verbose != 0, model=self,
                                         logs_builder=self._logs, verbose=verbose, epochs=1,
                                         steps=epoch_iterator.num_batches)
        self.reset_metrics()
        callback_list.on_test_begin()
        logs = None
        test_step = self._step_function("test", fresh=not isinstance(callbacks, CallbackList))
        with blas_threads.limit_for(self, batch_size):
            for step, (x_batch, y_batch, sw_batch) in epoch_iterator:
                callback_list.on_test_batch_begin(step)
                self._build_from_data(x_batch)
                logs = self._run_step(test_step, utils.pack_x_y_sample_weight(
                    x_batch, y_batch, sw_batch), deferred=True)
                callback_list.on_test_batch_end(step, logs)
        logs = self._logs() if logs is None else logs
        callback_list.on_test_end(logs)
        if return_dict:
            return logs
        return self._flatten_in_order(logs)

    @filter_traceback
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None, **kwargs):
        """Returns the model's outputs for ``x`` as NumPy array(s), computed in batches.

        ``x`` may be arrays, a generator or a PyDataset (targets in the
        batches are ignored).
        """
        warn_legacy(kwargs, "predict", ("max_queue_size", "workers", "use_multiprocessing"))
        epoch_iterator = EpochIterator(x, None, None, batch_size, steps, role="x",
                                       check_finite=False)  # see report_non_finite_inputs
        callback_list = CallbackList(callbacks, add_progbar=verbose != 0, model=self,
                                     verbose=verbose, epochs=1, steps=epoch_iterator.num_batches)
        callback_list.on_predict_begin()
        outputs = PredictOutputs(sample_count(epoch_iterator))
        predict_step = self._step_function("predict", fresh=True)
        batches = sliced_batches(epoch_iterator) \
            or ((step, x_batch) for step, (x_batch, _, _) in epoch_iterator)
        with blas_threads.limit_for(self, batch_size):
            for step, x_batch in batches:
                callback_list.on_predict_batch_begin(step)
                self._build_from_data(x_batch)
                batch_outputs = outputs.add(utils.arrays_of(
                    predict_step(utils.pack_x_y_sample_weight(x_batch))))
                callback_list.on_predict_batch_end(step, {"outputs": batch_outputs})
        result = outputs.result()
        report_non_finite_inputs(result, epoch_iterator)
        callback_list.on_predict_end()
        return result

    # ------------------------------------------------------------------ helpers
    def _require_targets(self, y, method):
        # Without a compiled loss (add_loss, a custom train_step or compute_loss) Keras trains
        # on x alone; with one, missing labels are a mistake worth a clear message.
        custom = (type(self).train_step is not Trainer.train_step
                  or type(self).compute_loss is not CompileMethods.compute_loss)
        if y is None and self.compiled and self.compiled_loss.identifier is not None \
                and not custom:
            raise ValueError(
                f"{method}() needs targets: pass y=... (the labels for x). A model with "
                "no labels cannot compute a loss."
            )

    _builds_with_batch_size = True  # Sequential builds with batch None

    def _build_from_data(self, x):
        """Builds a deferred model from the first batch's shape. A subclassed model keeps the
        batch size, so its layers record it as Keras shows them in ``summary()``."""
        if not self.built:
            self.build(utils.shape_with_batch_none(x, keep_batch=self._builds_with_batch_size))
