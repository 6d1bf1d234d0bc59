"""CallbackList: calls every callback's hook in order."""

from nbkeras.callbacks.callback import Callback
from nbkeras.callbacks.history import History

_HOOKS = [name for name in vars(Callback) if name.startswith("on_")]


class CallbackList:
    """A list of callbacks that looks like one callback.

    Args:
        callbacks: the user's callbacks.
        add_history: append a History callback (fit does).
        add_progbar: append the progress display chosen for ``verbose``.
        model: the model.
        logs_builder: builds the current logs; the batch-end hooks call it when
            they receive ``logs=None`` and a callback reads the logs of that batch
            (the trainer passes None for steps whose logs it did not build).
        **params: ``verbose``, ``epochs``, ``steps`` for ``set_params``.
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None,
                 logs_builder=None, **params):
        if isinstance(callbacks, Callback):  # callbacks=EarlyStopping(): Keras takes one too
            callbacks = [callbacks]
        self.callbacks = list(callbacks or [])
        if add_history and not any(isinstance(c, History) for c in self.callbacks):
            self.callbacks.append(History())
        if add_progbar:
            from nbkeras.callbacks.progbar_logger import make_progress_callback

            self.callbacks.append(make_progress_callback(params.get("verbose", 1)))
        self.model = model
        self.logs_builder = logs_builder
        self._askers = {}  # per batch-end hook: True (always build) or the callbacks to ask
        self.params = params
        for callback in self.callbacks:
            if model is not None:
                callback.set_model(model)
            callback.set_params(dict(params))

    def append(self, callback):
        self.callbacks.append(callback)
        self._askers = {}

    def __iter__(self):
        return iter(self.callbacks)

    def __repr__(self):
        return f"<CallbackList [{', '.join(type(c).__name__ for c in self.callbacks)}]>"

    @property
    def history(self):
        return next((c for c in self.callbacks if isinstance(c, History)), None)

    def _batch_logs(self, hook, batch):
        """The logs of a step the trainer left unbuilt: built now if a callback reads them."""
        if self.logs_builder is None:
            return {}
        askers = self._askers.get(hook)
        if askers is None:
            askers = self._askers[hook] = self._logs_readers(hook)
        if askers is True or askers and any(c._reads_batch_logs(hook, batch) for c in askers):
            return self.logs_builder()
        return {}

    def _logs_readers(self, hook):
        """True if a callback reads every batch's logs, else those that decide batch by batch.

        The default ``Callback._reads_batch_logs`` answers once and for all (it
        looks at which hooks are overridden), so it is asked once per pass; this
        query runs every step and must stay cheap.
        """
        deciding = []
        for callback in self.callbacks:
            if type(callback)._reads_batch_logs is not Callback._reads_batch_logs:
                deciding.append(callback)
            elif callback._reads_batch_logs(hook, 0):
                return True
        return deciding


def _make_hook(name):
    """A hook that forwards to every callback, always passing ``logs`` (as Keras does)."""
    if name in ("on_train_batch_end", "on_test_batch_end"):
        def hook(self, index, logs=None):
            if logs is None:
                logs = self._batch_logs(name, index)
            for callback in self.callbacks:
                getattr(callback, name)(index, logs)
    elif name.endswith(("_begin", "_end")) and ("epoch" in name or "batch" in name):
        def hook(self, index, logs=None):
            logs = {} if logs is None else logs  # the callbacks guide calls logs.keys() anywhere
            for callback in self.callbacks:
                getattr(callback, name)(index, logs)
    else:
        def hook(self, logs=None):
            logs = {} if logs is None else logs
            for callback in self.callbacks:
                getattr(callback, name)(logs)

    hook.__name__ = name
    return hook


for _name in _HOOKS:
    setattr(CallbackList, _name, _make_hook(_name))
