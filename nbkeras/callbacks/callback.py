"""The Callback base class: hooks the training loop calls at fixed points."""


class Callback:
    """Base class of callbacks; override the hooks you need.

    Attributes:
        model: the model being trained (set by ``set_model``).
        params: ``{"verbose", "epochs", "steps"}`` (set by ``set_params``).
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    def on_train_batch_begin(self, batch, logs=None): self.on_batch_begin(batch, logs)
    def on_train_batch_end(self, batch, logs=None): self.on_batch_end(batch, logs)
    def on_batch_begin(self, batch, logs=None): pass
    def on_batch_end(self, batch, logs=None): pass
    def on_test_begin(self, logs=None): pass
    def on_test_end(self, logs=None): pass
    def on_test_batch_begin(self, batch, logs=None): pass
    def on_test_batch_end(self, batch, logs=None): pass
    def on_predict_begin(self, logs=None): pass
    def on_predict_end(self, logs=None): pass
    def on_predict_batch_begin(self, batch, logs=None): pass
    def on_predict_batch_end(self, batch, logs=None): pass

    def _reads_batch_logs(self, hook, batch):
        """Whether ``hook`` (``"on_train_batch_end"`` or ``"on_test_batch_end"``) reads ``logs`` at ``batch``.

        The trainer turns the metrics into numbers for a step only when a
        callback will read them (``CallbackList``); the others receive ``{}``.
        A callback that overrides the hook (or ``on_batch_end``, which the
        default ``on_train_batch_end`` calls) is taken to read them at every
        batch; built-in callbacks that read them less often say when.
        """
        names = (hook, "on_batch_end") if hook == "on_train_batch_end" else (hook,)
        return any(getattr(getattr(self, name), "__func__", None) is not getattr(Callback, name)
                   for name in names)

    # The settings a learner looks for first, shown by repr() when a callback has them.
    _REPR_SETTINGS = ("monitor", "patience", "factor", "filepath", "filename", "log_dir")

    def __repr__(self):
        settings = [f"{name}={getattr(self, name)!r}" for name in self._REPR_SETTINGS
                    if getattr(self, name, None) is not None]
        return f"<{type(self).__name__}{' ' if settings else ''}{', '.join(settings)}>"
