"""The renderers the package face installs (``nbkeras.renderers``): each imports its module on use.

Importing this module imports nothing heavy: matplotlib, ipywidgets and the
display modules load on the first call of a renderer.
"""

import importlib.util


def model_html(model):
    from nbkeras.display.model_html import model_html as render

    return render(model)


def history_html(history):
    from nbkeras.display.history_view import history_html as render

    return render(history)


def history_text(history):
    from nbkeras.display.history_view import history_text as render

    return render(history)


def history_plot(history, metrics=None):
    from nbkeras.display.history_view import plot_history

    return plot_history(history, metrics)


def progress_panel():
    """The live training panel, or None where ipywidgets is not installed."""
    if importlib.util.find_spec("ipywidgets") is None:
        return None
    from nbkeras.display.live_panel import TrainingPanel

    return TrainingPanel()


def summary(model, data, text):
    """Shows ``model.summary()`` as an HTML table, the text table as its plain-text twin."""
    from IPython.display import display

    from nbkeras.display.model_html import summary_table

    display({"text/html": summary_table(model, data), "text/plain": text}, raw=True)


def conv_filters_png(layer):
    from nbkeras.display.conv_views import filters_png

    return filters_png(layer)


RENDERERS = {"summary": summary, "model_html": model_html, "history_html": history_html, "history_text": history_text,
             "history_plot": history_plot, "progress_panel": progress_panel,
             "conv_filters_png": conv_filters_png}
