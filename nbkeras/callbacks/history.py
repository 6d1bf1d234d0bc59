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

    def plot(self, metrics=None):
        """Learning curves (training vs validation, best epoch marked) as a matplotlib Figure.

        Args:
            metrics: names to draw, e.g. ``["loss"]`` (default: loss and every metric).

        Example:
            >>> history = model.fit(x, y, epochs=10, validation_split=0.2, verbose=0)
            >>> history.plot()  # doctest: +SKIP
        """
        from nbkeras.display.history_view import plot_history

        return plot_history(self, metrics)

    def _repr_html_(self):
        from nbkeras.display.history_view import history_html

        return history_html(self)

    def __repr__(self):
        from nbkeras.display.history_view import history_text

        return history_text(self)
