"""How a History looks: learning curves (matplotlib), an HTML table and a text line.

``History.plot()``, ``History._repr_html_`` and ``History.__repr__`` call
these functions; the live training panel draws its curves with
``draw_curves`` too, so the live and the final pictures look the same.
"""

import html

# Names of metrics where a smaller value is better (everything else: larger is better).
_LOWER_IS_BETTER = ("loss", "error", "crossentropy", "hinge", "divergence", "poisson", "mse",
                    "mae", "mape", "msle", "logcosh")


def metric_names(history, metrics=None):
    """The metrics to draw, without the ``val_`` prefix, ``loss`` first.

    Args:
        history: a dict of lists such as ``History.history``.
        metrics: names to keep (``"val_..."`` names are accepted), or None for all.

    Returns:
        A list of names such as ``["loss", "accuracy"]``.
    """
    names = [key for key in history if not key.startswith("val_")]
    names += [key[4:] for key in history if key.startswith("val_") and key[4:] not in history]
    names.sort(key=lambda name: (name != "loss",))
    if metrics is None:
        return names
    wanted = [m[4:] if m.startswith("val_") else m for m in ([metrics] if isinstance(metrics, str)
                                                              else metrics)]
    unknown = [m for m in wanted if m not in names]
    if unknown:
        raise ValueError(f"History.plot() cannot draw {unknown}: this History has the metrics "
                         f"{names}. Received: metrics={metrics!r}")
    return wanted


def lower_is_better(name):
    """True for losses and errors, False for accuracy-like metrics."""
    return any(word in name.lower() for word in _LOWER_IS_BETTER)


def best_epoch(history, name):
    """Index of the best epoch for ``name``: judged on ``val_name`` when recorded.

    Returns:
        ``(index, key)``, or ``(None, None)`` when there is nothing to judge.
    """
    key = f"val_{name}" if history.get(f"val_{name}") else name
    values = [v for v in history.get(key, []) if v is not None]
    if not values:
        return None, None
    pick = min if lower_is_better(name) else max
    best = pick(values)
    return list(history[key]).index(best), key


def draw_curves(figure, epochs, history, metrics=None, mark_best=True, tight=True):
    """Draws one panel per metric (training and validation) on an empty ``figure``.

    Args:
        figure: a matplotlib Figure (cleared first).
        epochs: epoch numbers, counted from 1, one per recorded value.
        history: dict of lists (``loss``, ``accuracy``, ``val_loss``, ...).
        metrics: which metrics to draw (default: all).
        mark_best: circle the best epoch and draw a dotted line through it.
        tight: fit the margins to the labels (``tight_layout``, about 40 ms);
            otherwise use fixed margins (the live panel redraws often).
    """
    figure.clear()
    names = metric_names(history, metrics)
    axes = figure.subplots(1, max(len(names), 1), squeeze=False)[0]
    for ax, name in zip(axes, names):
        for key, label, style in ((name, "training", "-"), (f"val_{name}", "validation", "--")):
            values = history.get(key)
            if values:
                ax.plot(epochs[:len(values)], values, style, marker="." if len(values) < 30 else None,
                        label=label)
        index, key = best_epoch(history, name) if mark_best else (None, None)
        if index is not None:
            ax.axvline(epochs[index], color="grey", linestyle=":", linewidth=1)
            ax.plot([epochs[index]], [history[key][index]], "o", markersize=9, markerfacecolor="none",
                    markeredgecolor="crimson", label=f"best: epoch {epochs[index]}")
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    if tight:
        figure.tight_layout()
    else:
        figure.subplots_adjust(left=0.28 / len(axes) + 0.03, right=0.98, bottom=0.18, top=0.88,
                               wspace=0.3)


def plot_history(history, metrics=None):
    """Learning curves of a History as a new matplotlib Figure.

    Args:
        history: a ``keras.callbacks.History`` (what ``fit`` returns).
        metrics: names of the metrics to draw (default: loss and every metric).

    Returns:
        A ``matplotlib.figure.Figure``; in a notebook it shows as the cell's result.
    """
    from nbkeras.display.figures import new_figure, shown

    names = metric_names(history.history, metrics)
    figure = new_figure((4.2 * max(len(names), 1), 3.2))
    draw_curves(figure, epoch_numbers(history), history.history, names)
    return shown(figure)


def epoch_numbers(history):
    """Epochs counted from 1 (as ``fit`` prints them)."""
    count = max((len(v) for v in history.history.values()), default=0)
    epochs = [e + 1 for e in history.epoch][-count:] if history.epoch else []
    return epochs if len(epochs) == count else list(range(1, count + 1))


def format_value(value):
    """Four decimals, or scientific notation for tiny numbers (as the text bar)."""
    if value is None:
        return ""
    value = float(value)
    return f"{value:.4f}" if value == 0 or abs(value) > 1e-3 else f"{value:.4e}"


def history_html(history, max_rows=40):
    """An HTML table, one row per epoch (first and last rows when there are many)."""
    keys = list(history.history)
    if not keys:
        return "<p><code>History</code>: no epochs recorded yet.</p>"
    epochs = epoch_numbers(history)
    rows = list(range(len(epochs)))
    if len(rows) > max_rows:
        rows = rows[:max_rows // 2] + [None] + rows[-max_rows // 2:]
    head = "".join(f"<th>{html.escape(k)}</th>" for k in ["epoch"] + keys)
    body = []
    for row in rows:
        if row is None:
            body.append(f'<tr><td colspan="{len(keys) + 1}">…</td></tr>')
            continue
        cells = [str(epochs[row])] + [format_value(_at(history.history[k], row)) for k in keys]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f'<table class="nbkeras-history"><caption>History: {len(epochs)} epochs '
            f'(<code>.history</code> holds the lists, <code>.plot()</code> draws them)</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def history_text(history):
    """One line: epochs and the last value of every key."""
    if not history.history:
        return "<History: no epochs yet>"
    last = " ".join(f"{k}={format_value(v[-1])}" for k, v in history.history.items() if v)
    return f"<History: {len(epoch_numbers(history))} epochs, last {last}; .history, .plot()>"


def _at(values, index):
    return values[index] if index < len(values) else None
