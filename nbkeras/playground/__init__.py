"""``nbkeras.playground``: TensorFlow Playground inside the notebook, on real nbkeras models.

    >>> from nbkeras.playground import Playground
    >>> pg = Playground(dataset="spiral", hidden=[8, 8], activation="tanh", learning_rate=0.03)
    >>> pg.train(epochs=200)            # doctest: +SKIP
    >>> print(pg.to_code())             # doctest: +SKIP

Nothing here imports matplotlib or ipywidgets until a picture or the app is asked for.
"""

from nbkeras.playground.compare import Comparison
from nbkeras.playground.config import PlaygroundConfig
from nbkeras.playground.datasets import make_dataset
from nbkeras.playground.features import FEATURES
from nbkeras.playground.playground import Playground

__all__ = ["Comparison", "FEATURES", "Playground", "PlaygroundConfig", "make_dataset", "show"]


def show(*playgrounds):
    """A static PNG of one or more Playgrounds, one row each (kept in the saved notebook).

    Example:
        >>> show(Playground(dataset="xor"), Playground(dataset="xor", hidden=[8]))  # doctest: +SKIP
    """
    from nbkeras.playground.snapshot import Snapshot

    return Snapshot(list(playgrounds))


def __dir__():
    return sorted(__all__)
