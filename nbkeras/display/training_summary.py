"""TrainingSummary: what the live panel leaves behind when ``fit`` ends.

An HTML table of the last epoch (training and validation values), a
headline (epochs run, how long, whether it stopped early) and the best
epoch. Its text is deterministic apart from the duration, which nbval's
sanitize file replaces, so notebooks that train stay testable.
"""

import html

from nbkeras.display import history_view


class TrainingSummary:
    """The static final state of a training run: an HTML table of the last epoch."""

    def __init__(self, history, epochs, total_epochs, seconds):
        self.history, self.epochs = history, epochs
        self.total_epochs, self.seconds = total_epochs, seconds

    def headline(self):
        """``"Trained 20 epochs in 3.1 s."`` (or where it stopped, when it stopped early)."""
        if not self.epochs:
            return "Training stopped before the first epoch ended."
        first, last, total = self.epochs[0], self.epochs[-1], self.total_epochs or self.epochs[-1]
        span = f"{len(self.epochs)} epochs" if first == 1 else f"epochs {first} to {last}"
        if last < total:
            return f"Stopped after epoch {last} of {total} ({span}) in {self.seconds:.1f} s."
        return f"Trained {span} in {self.seconds:.1f} s."

    def rows(self):
        """``[(metric, training, validation), ...]`` for the last epoch."""
        names = history_view.metric_names(self.history)
        return [(name, history_view.format_value(last_value(self.history.get(name))),
                 history_view.format_value(last_value(self.history.get(f"val_{name}"))))
                for name in names]

    def best(self):
        """``"best val_loss 0.1234 at epoch 18"`` or an empty string."""
        index, key = history_view.best_epoch(self.history, "loss")
        if index is None:
            return ""
        return f"best {key} {history_view.format_value(self.history[key][index])} at epoch {self.epochs[index]}"

    def _repr_html_(self):
        rows = "".join(f"<tr><th>{html.escape(name)}</th><td>{train}</td><td>{val}</td></tr>"
                       for name, train, val in self.rows())
        table = (f"<table><thead><tr><th>metric</th><th>training</th><th>validation</th></tr></thead>"
                 f"<tbody>{rows}</tbody></table>") if rows else ""
        best = f"<p>{html.escape(self.best())}</p>" if self.best() else ""
        return (f'<div class="nbkeras-train-summary"><p><b>{html.escape(self.headline())}</b></p>'
                f"{table}{best}</div>")

    def __repr__(self):
        lines = [self.headline()]
        rows = [("metric", "training", "validation")] + self.rows()
        if len(rows) > 1:
            widths = [max(len(row[i]) for row in rows) for i in range(3)]
            lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
                      for row in rows]
        if self.best():
            lines.append(self.best())
        return "\n".join(lines)


def last_value(values):
    """The last entry of a history list, or None."""
    return values[-1] if values else None
