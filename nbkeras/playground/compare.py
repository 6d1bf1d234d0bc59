"""Comparison: two Playground configurations trained side by side on the same data and seed."""

from nbkeras.playground.playground import Playground


class Comparison:
    """Trains A and B in turns, epoch by epoch, so both are always at the same epoch.

    Each Playground keeps its own random stream, so A's and B's numbers are
    those each would reach alone (and those of its ``to_code()`` program).

    Args:
        a: a Playground (the reference).
        **changes: the settings in which B differs from A (same seed and data otherwise).

    Example:
        >>> pair = Comparison(Playground(dataset="spiral", hidden=[8]), hidden=[8, 8])
        >>> pair.train(2).b.config.hidden
        (8, 8)
    """

    def __init__(self, a, **changes):
        self.a = a
        self.b = Playground(**a.config.replace(**changes).__dict__)

    def train(self, epochs=100):
        """Trains both for ``epochs`` more epochs, alternating one epoch each."""
        for _ in range(epochs):
            self.a.step()
            self.b.step()
        return self

    def reset(self):
        """Starts both over from their initial weights."""
        self.a.reset()
        self.b.reset()
        return self

    def losses(self):
        """``{"a": (training, test), "b": (training, test)}`` after the last epoch."""
        return {"a": self.a.losses(), "b": self.b.losses()}

    def show(self):
        """A static PNG with A's row above B's."""
        from nbkeras.playground.snapshot import Snapshot

        return Snapshot([self.a, self.b])

    def to_png(self, path=None):
        """The two rows as PNG bytes (written to ``path`` too when given)."""
        from nbkeras.playground.figure import figure_png

        return figure_png([self.a, self.b], path)

    def __repr__(self):
        return (f"<Comparison A: {self.a.config.describe()} | B: {self.b.config.describe()}, "
                f"epoch {self.a.epoch}>")
