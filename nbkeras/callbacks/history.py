"""History: records the logs of every epoch; ``fit`` returns it."""

from nbkeras import renderers
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

    def plot(self, metrics=None):
        """Learning curves (training vs validation, best epoch marked) as a matplotlib Figure.

        Args:
            metrics: names to draw, e.g. ``["loss"]`` (default: loss and every metric).

        Example:
            >>> history = model.fit(x, y, epochs=10, validation_split=0.2, verbose=0)
            >>> history.plot()  # doctest: +SKIP
        """
        plot = renderers.get("history_plot")
        if plot is None:
            raise RuntimeError("History.plot() needs nbkeras's display (import nbkeras first).")
        return plot(self, metrics)

    def _repr_html_(self):
        render = renderers.get("history_html")
        return None if render is None else render(self)

    def __repr__(self):
        render = renderers.get("history_text")
        if render is None:
            return f"<History epochs={len(self.epoch)} keys={sorted(self.history)}>"
        return render(self)
