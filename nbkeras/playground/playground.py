"""Playground: TensorFlow Playground on a real nbkeras model, from code or as a widget app."""

from nbkeras.playground import code_export, datasets
from nbkeras.playground.config import PlaygroundConfig
from nbkeras.playground.features import feature_matrix
from nbkeras.playground.trainer import PlaygroundTrainer


class Playground:
    """A small network on a 2-D dataset, trained live; the settings of TF Playground.

    Every setting is a keyword of ``PlaygroundConfig``: ``dataset`` (circle,
    xor, gaussian, spiral, plane, multi_gaussian), ``problem``, ``n_samples``,
    ``noise`` (0-0.5), ``ratio`` (training fraction), ``features``,
    ``hidden`` (0-6 layers of 1-8 neurons), ``activation``, ``learning_rate``,
    ``regularization`` (none, l1, l2), ``regularization_rate``, ``dropout``,
    ``optimizer`` (sgd, momentum, adam), ``batch_size``, ``seed``.

    ``pg.model`` is an ordinary compiled ``Sequential`` and ``pg.to_code()``
    a program that reproduces its numbers. Shown as a cell's result, a
    Playground is the interactive app (with a PNG snapshot for viewers
    without a kernel).

    Example:
        >>> pg = Playground(dataset="xor", hidden=[4], learning_rate=0.03)
        >>> pg.train(epochs=2).epoch
        2
    """

    def __init__(self, **settings):
        self.config = PlaygroundConfig(**_as_tuples(settings))
        self._app = None
        self._build()

    # ------------------------------------------------------------------ settings
    def set(self, **changes):
        """Changes settings and starts over (new data if the data settings changed).

        Returns:
            The Playground, so calls chain: ``pg.set(hidden=[8, 8]).train(100)``.
        """
        self.config = self.config.replace(**_as_tuples(changes))
        self._build()
        return self

    def reset(self):
        """Starts training over from the same initial weights (epoch 0)."""
        self._build()
        return self

    def _build(self):
        c = self.config
        x_train, y_train, x_test, y_test = datasets.make_dataset(c.dataset, c.n_samples, c.noise,
                                                                 c.ratio, c.seed)
        self.points = (x_train, y_train, x_test, y_test)
        data = (feature_matrix(x_train, c.features), y_train, feature_matrix(x_test, c.features), y_test)
        self.trainer = PlaygroundTrainer(c, data)

    # ------------------------------------------------------------------ training
    def train(self, epochs=100):
        """Trains ``epochs`` more epochs, exactly as ``model.fit`` would.

        Once the training loss is NaN or infinite (``pg.diverged``), further calls do nothing.
        """
        self.trainer.run(epochs)
        return self

    def step(self):
        """One epoch: TF Playground's "step" button."""
        return self.train(1)

    @property
    def model(self):
        """The nbkeras ``Sequential`` being trained."""
        return self.trainer.model

    @property
    def history(self):
        """``{"loss": [...], "val_loss": [...], ...}``, one value per epoch (``val_`` = test set)."""
        return self.trainer.history

    @property
    def epoch(self):
        """Epochs trained since the last reset."""
        return self.trainer.epoch

    @property
    def diverged(self):
        """True when the training loss became NaN or infinite."""
        return self.trainer.diverged

    def losses(self):
        """``(training loss, test loss)`` after the last epoch, or ``(None, None)`` before training."""
        last = lambda key: self.history[key][-1] if self.history.get(key) else None
        return last("loss"), last("val_loss")

    def to_code(self, epochs=None):
        """A complete program that builds and trains this network (default: the epochs trained so far,
        or 100 before any training); run in a fresh process it gives the same numbers."""
        return code_export.to_code(self.config, epochs or self.epoch or 100)

    # ------------------------------------------------------------------ pictures
    def figure(self, resolution=60):
        """A matplotlib figure: boundary (or surface), every neuron's picture, loss curves."""
        from nbkeras.playground.figure import playground_figure

        return playground_figure([self], resolution)

    def to_png(self, path=None, resolution=60):
        """The current picture as PNG bytes; also written to ``path`` when given."""
        from nbkeras.playground.figure import figure_png

        return figure_png([self], path, resolution)

    def show(self):
        """Displays a static PNG snapshot (kept in the saved notebook)."""
        from nbkeras.playground.snapshot import Snapshot

        return Snapshot([self])

    def app(self):
        """The interactive ipywidgets app driving this Playground."""
        if self._app is None:
            from nbkeras.playground.app import PlaygroundApp

            self._app = PlaygroundApp(self)
        return self._app

    def _ipython_display_(self):
        self.app()._ipython_display_()

    def __repr__(self):
        return f"<Playground {self.config.describe()}, epoch {self.epoch}>"


def _as_tuples(settings):
    return {key: tuple(value) if key in ("hidden", "features") else value
            for key, value in settings.items()}
