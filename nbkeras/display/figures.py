"""Small matplotlib helpers shared by the plots (imported only when a plot is drawn)."""

import functools
import io
import sys

from nbkeras.renderers import in_notebook_kernel


def new_figure(figsize):
    """A pyplot figure that a notebook shows exactly once, where the plot is made.

    In a script the figure stays open, so ``plt.show()`` shows it. In a
    notebook with the inline backend it is closed right away (so the inline
    backend does not show it again at the end of the cell); the plot helper
    then hands it to ``shown``, which displays it at once, wherever the call
    stands in the cell.

    Args:
        figsize: ``(width, height)`` in inches.

    Returns:
        A ``matplotlib.figure.Figure``.
    """
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=figsize, FigureClass=_notebook_figure_class())
    if _inline_backend():
        plt.close(figure)
    return figure


def shown(figure):
    """Displays ``figure`` now when running in a notebook, and returns it.

    ``history.plot()`` in the middle of a cell then shows its curves like a
    ``print`` shows text; as the cell's last expression, the figure is not
    shown a second time.
    """
    if _inline_backend() and in_notebook_kernel():
        figure._ipython_display_()
    return figure


def _inline_backend():
    import matplotlib

    return "inline" in str(matplotlib.get_backend()).lower()


@functools.lru_cache(maxsize=None)
def _notebook_figure_class():
    """A Figure that displays itself at most once per notebook cell (made on first use)."""
    from matplotlib.figure import Figure

    class NotebookFigure(Figure):
        _shown_in_cell = None

        def __repr__(self):  # a learner sees a Figure, as with plt.figure()
            return super().__repr__().replace("NotebookFigure", "Figure", 1)

        def _ipython_display_(self):
            cell = _cell_number()
            if cell is not None and cell == self._shown_in_cell:
                return  # already shown by the plot helper in this cell
            self._shown_in_cell = cell
            from IPython.display import display

            display({"image/png": png_bytes(self, tight=True), "text/plain": repr(self)}, raw=True)

    return NotebookFigure


_cells_run = [0]  # cells started in this kernel, counted by an IPython event (see _cell_number)


def _cell_number():
    """The number of the cell running now (counted here: nbval runs cells without history)."""
    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    if shell is None:
        return None
    if not getattr(shell, "_nbkeras_counts_cells", False):
        shell.events.register("pre_run_cell", lambda *args: _cells_run.__setitem__(0, _cells_run[0] + 1))
        shell._nbkeras_counts_cells = True
        _cells_run[0] += 1  # the cell running now started before the counter existed
    return _cells_run[0]


def offscreen_figure(figsize, dpi=72):
    """A figure drawn with Agg, unknown to pyplot (nothing ever shows it by itself)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def png_bytes(figure, dpi=None, tight=False):
    """The figure rendered as PNG bytes (cropped to its content when ``tight``, as inline plots)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi or figure.dpi, bbox_inches="tight" if tight else None)
    return buffer.getvalue()
