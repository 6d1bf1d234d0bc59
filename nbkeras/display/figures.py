"""Small matplotlib helpers shared by the plots (imported only when a plot is drawn)."""

import io


def new_figure(figsize):
    """A pyplot figure that a notebook shows exactly once.

    In a script the figure stays open, so ``plt.show()`` shows it. In a
    notebook with the inline backend it is closed right away: it is then
    shown once, as the cell's result (or by ``display(fig)``), instead of a
    second time when the inline backend flushes open figures at the end of
    the cell.

    Args:
        figsize: ``(width, height)`` in inches.

    Returns:
        A ``matplotlib.figure.Figure``.
    """
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=figsize)
    if "inline" in str(plt.get_backend()).lower():
        plt.close(figure)
    return figure


def offscreen_figure(figsize, dpi=72):
    """A figure drawn with Agg, unknown to pyplot (nothing ever shows it by itself)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def png_bytes(figure, dpi=None):
    """The figure rendered as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi or figure.dpi)
    return buffer.getvalue()
