"""History as pictures and tables: plot(), _repr_html_ and repr."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nbkeras.callbacks.history import History  # noqa: E402
from nbkeras.display.history_view import best_epoch, metric_names  # noqa: E402


def make_history(epochs=5, validation=True):
    history = History()
    history.epoch = list(range(epochs))
    history.history = {"accuracy": [0.5 + 0.1 * e for e in range(epochs)],
                       "loss": [1.0 / (e + 1) for e in range(epochs)]}
    if validation:
        history.history["val_accuracy"] = [0.5, 0.7, 0.8, 0.75, 0.7][:epochs]
        history.history["val_loss"] = [0.9, 0.6, 0.4, 0.5, 0.6][:epochs]
    return history


def test_plot_draws_one_panel_per_metric_training_and_validation():
    figure = make_history().plot()
    try:
        from matplotlib.figure import Figure

        assert isinstance(figure, Figure)
        titles = [ax.get_title() for ax in figure.axes]
        assert titles == ["loss", "accuracy"], "loss comes first, then the metrics"
        labels = [line.get_label() for line in figure.axes[0].get_lines()]
        assert labels[:2] == ["training", "validation"]
    finally:
        plt.close(figure)


def test_plot_marks_the_best_validation_epoch():
    figure = make_history().plot()
    try:
        loss_labels = [line.get_label() for line in figure.axes[0].get_lines()]
        accuracy_labels = [line.get_label() for line in figure.axes[1].get_lines()]
        assert "best: epoch 3" in loss_labels, "val_loss is lowest at epoch 3"
        assert "best: epoch 3" in accuracy_labels, "val_accuracy is highest at epoch 3"
    finally:
        plt.close(figure)


def test_plot_selects_metrics_and_rejects_unknown_ones():
    figure = make_history().plot(metrics=["val_loss"])
    try:
        assert [ax.get_title() for ax in figure.axes] == ["loss"]
    finally:
        plt.close(figure)
    with pytest.raises(ValueError, match="has the metrics \\['loss', 'accuracy'\\]"):
        make_history().plot(metrics=["mae"])


def test_best_epoch_uses_training_values_without_validation():
    history = make_history(validation=False).history
    assert best_epoch(history, "loss") == (4, "loss")
    assert best_epoch(history, "accuracy") == (4, "accuracy")
    assert metric_names({"val_loss": [1.0]}) == ["loss"]


def test_html_table_has_one_row_per_epoch():
    html = make_history()._repr_html_()
    assert html.count("<tr>") == 1 + 5
    assert "<th>epoch</th><th>accuracy</th><th>loss</th><th>val_accuracy</th>" in html
    assert "<td>3</td><td>0.7000</td><td>0.3333</td>" in html


def test_long_history_table_is_shortened():
    history = History()
    history.epoch = list(range(100))
    history.history = {"loss": [1.0] * 100}
    html = history._repr_html_()
    assert html.count("<tr>") == 1 + 40 + 1 and "…" in html


def test_repr_names_epochs_and_last_values():
    assert repr(make_history()) == ("<History: 5 epochs, last accuracy=0.9000 loss=0.2000 "
                                    "val_accuracy=0.7000 val_loss=0.6000; .history, .plot()>")
    assert repr(History()) == "<History: no epochs yet>"
    assert "no epochs" in History()._repr_html_()
