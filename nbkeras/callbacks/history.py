"""History: records the logs of every epoch; ``fit`` returns it."""

from nbkeras.callbacks.callback import Callback


class History(Callback):
    """Keeps ``history`` (a dict of lists, one entry per epoch) and ``epoch``.

    Added to every ``fit``; also set as ``model.history``.
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        self.model.history = self

    def set_model(self, model):
        super().set_model(model)
        model.history = self

    def __repr__(self):
        keys = ", ".join(self.history) or "no epochs yet"
        return f"<History epochs={len(self.epoch)}: {keys}>"
