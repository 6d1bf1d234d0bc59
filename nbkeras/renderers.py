"""Notebook renderers, plugged in from above so that models and callbacks never import display.

The trainer and the model know nothing of notebooks (DESIGN.md): a model's
``_repr_html_``, ``History.plot()`` and the live training panel ask this
registry for a renderer by name, and the package face (``nbkeras/__init__.py``)
fills it from ``nbkeras.display`` when nbkeras is imported. Without a renderer,
the asker falls back to plain text (``model_html`` -> no HTML, so Jupyter shows
the text repr; ``progress_panel`` -> the text progress bar).

This registry is the only module-level mutable state of its kind: it is written
once, at import, by the face; tests may swap an entry with ``installed``.

Names in use:
    model_html(model) -> str; history_html(history) -> str;
    history_plot(history, metrics) -> Figure; history_text(history) -> str;
    progress_panel() -> a Callback (the live panel), or None when unavailable;
    summary(model, data, text) -> None (shows the summary table in the notebook).
"""

import contextlib
import sys

_renderers = {}


def install(**renderers):
    """Registers renderers by name (the face calls this once)."""
    _renderers.update(renderers)


def get(name):
    """The renderer registered under ``name``, or None."""
    return _renderers.get(name)


@contextlib.contextmanager
def installed(**renderers):
    """Temporarily replaces renderers (for tests)."""
    saved = {name: _renderers.get(name) for name in renderers}
    _renderers.update(renderers)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                _renderers.pop(name, None)
            else:
                _renderers[name] = value


def in_notebook_kernel():
    """True inside an IPython kernel (Jupyter, VS Code, nbclient), without importing IPython."""
    if "ipykernel" not in sys.modules or "IPython" not in sys.modules:
        return False
    shell = sys.modules["IPython"].get_ipython()
    return getattr(shell, "kernel", None) is not None
