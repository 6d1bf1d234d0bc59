"""Snapshot: a static picture of Playgrounds that stays in the saved notebook."""


class Snapshot:
    """Shows as a PNG in a notebook, as one plain line elsewhere (what nbval compares).

    Args:
        playgrounds: the Playgrounds to draw (one row each).
    """

    def __init__(self, playgrounds, resolution=60):
        from nbkeras.playground.figure import figure_png

        self.lines = [f"{pg.config.describe()}, epoch {pg.epoch}" for pg in playgrounds]
        self.png = figure_png(playgrounds, resolution=resolution)

    def _repr_png_(self):
        return self.png

    def __repr__(self):
        return "Playground snapshot: " + "; ".join(self.lines)
