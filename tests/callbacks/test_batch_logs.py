"""Logs are built only when something reads them, and callbacks that read them see Keras's values."""

import io
import warnings

import numpy as np

import nbkeras as keras
from nbkeras.callbacks.callback_list import CallbackList
from nbkeras.callbacks.progbar_logger import ProgbarLogger

RNG = np.random.default_rng(11)
X = RNG.random((60, 4)).astype(np.float32)
Y = keras.utils.to_categorical(RNG.integers(0, 3, 60), 3)


def _model(cls=keras.Sequential):
    keras.utils.set_random_seed(5)
    model = cls([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


class LogsEveryStep(keras.Sequential):
    """An overridden train_step: its logs are built every step, as before deferral existed."""

    def train_step(self, data):
        return super().train_step(data)


def _count_log_builds(model):
    calls = []
    original = model._logs

    def counting():
        calls.append(1)
        return original()

    model._logs = counting
    return calls


def test_a_batch_callback_sees_the_running_values_of_every_batch():
    seen, kept = [], []
    reader = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: (seen.append(dict(logs)), kept.append(logs)))
    history = _model().fit(X, Y, batch_size=8, epochs=2, verbose=0, callbacks=[reader])
    expected = []
    reference = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: expected.append(dict(logs)))
    reference_history = _model(LogsEveryStep).fit(X, Y, batch_size=8, epochs=2, verbose=0,
                                                   callbacks=[reference])
    assert len(seen) == 16 and seen == expected
    assert kept == expected  # each batch got its own dict: keeping it does not go stale
    assert history.history == reference_history.history


def test_nobody_reading_batch_logs_means_they_are_built_once_per_epoch():
    model = _model()
    builds = _count_log_builds(model)
    model.fit(X, Y, batch_size=8, epochs=3, verbose=0)
    assert len(builds) == 3  # the epoch-end logs only, not one per batch (8 batches)
    builds.clear()
    model.evaluate(X, Y, batch_size=8, verbose=0)
    assert len(builds) == 1


def test_epoch_callbacks_and_non_live_bars_do_not_ask_for_batch_logs():
    model = _model()
    builds = _count_log_builds(model)
    model.fit(X, Y, batch_size=8, epochs=2, verbose=1, validation_split=0.25,
              callbacks=[keras.callbacks.History(), keras.callbacks.EarlyStopping(patience=5),
                         keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: None)])
    assert len(builds) == 2 + 2  # each epoch's training logs and its validation logs


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_live_bar_gets_logs_only_when_it_redraws_and_shows_that_batch():
    steps, now = 10, [0.0]
    built = []

    def build():
        built.append(len(built) + 1.0)
        return {"loss": built[-1]}  # a distinct value per build

    logger = ProgbarLogger(stream=_Terminal())
    callbacks = CallbackList([logger], logs_builder=build, verbose=1, epochs=1, steps=steps)
    callbacks.on_train_begin()
    callbacks.on_epoch_begin(0)
    logger.progbar.clock = lambda: now[0]
    for batch in range(steps):
        callbacks.on_train_batch_begin(batch)
        now[0] += 0.02  # the bar redraws every 0.05 s: about every third batch
        callbacks.on_train_batch_end(batch, None)
    lines = logger.stream.getvalue().split("\r")[1:]
    assert 1 < len(built) < steps and len(lines) == len(built)
    for value, line in zip(built, lines):
        assert line.rstrip().endswith(f"loss: {value:.4f}")
    assert logger.progbar.seen == steps  # the skipped batches still count


def test_custom_empty_logs_still_move_the_live_bar():
    logger = ProgbarLogger(stream=_Terminal())
    callbacks = CallbackList([logger], logs_builder=lambda: {"loss": 1.0}, verbose=1, epochs=1,
                             steps=3)
    callbacks.on_epoch_begin(0)
    callbacks.on_train_batch_end(0, {})  # a step that returned {}: not a deferred one
    assert "1/3" in logger.stream.getvalue()


def test_a_callback_overriding_on_batch_end_reads_train_batch_logs():
    class Reader(keras.callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            self.last = dict(logs)

    reader = Reader()
    _model().fit(X, Y, batch_size=8, epochs=1, verbose=0, callbacks=[reader])
    assert set(reader.last) == {"accuracy", "loss"}
    assert not keras.callbacks.History()._reads_batch_logs("on_train_batch_end", 0)
    assert not keras.callbacks.ModelCheckpoint("m.keras")._reads_batch_logs(
        "on_train_batch_end", 0)
    assert keras.callbacks.ModelCheckpoint("m.keras", save_freq=2)._reads_batch_logs(
        "on_train_batch_end", 0)


def test_nan_loss_is_still_reported_at_its_batch_without_batch_logs():
    def diverging(callbacks):
        keras.utils.set_random_seed(5)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile(keras.optimizers.SGD(1e3), "mse")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model.fit(X * 100, X[:, :1], batch_size=8, epochs=2, verbose=0, shuffle=False,
                      callbacks=callbacks)
        return [str(w.message) for w in caught if "The loss became" in str(w.message)]

    first_bad = []
    reader = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: first_bad.append(
        batch) if not first_bad and not np.isfinite(logs["loss"]) else None)
    with_reader = diverging([reader])
    without = diverging([])
    assert len(without) == 1 and without == with_reader
    assert f"batch {first_bad[0] + 1} " in without[0]


def test_the_notebook_panel_gets_logs_only_when_it_refreshes():
    from tests.display.test_live_panel import FakeClock, FakeDisplay
    from nbkeras.display.live_panel import TrainingPanel

    clock, built = FakeClock(), []

    def build():
        built.append(len(built) + 1.0)
        return {"loss": built[-1]}

    panel = TrainingPanel(display=FakeDisplay(), clock=clock, min_interval=0.2)
    callbacks = CallbackList([panel], logs_builder=build, verbose=1, epochs=1, steps=100)
    callbacks.on_train_begin()
    callbacks.on_epoch_begin(0)
    shown = []
    panel.widgets["metrics"].observe(lambda change: shown.append(change["new"]), "value")
    for batch in range(100):
        clock.now += 0.01
        callbacks.on_train_batch_end(batch, None)
    assert 3 <= len(built) <= 6  # one second of batches, a refresh every 0.2 s
    assert len(shown) == len(built)
    assert all(f"<td>{value:.4f}</td>" in html for value, html in zip(built, shown))


def test_a_reader_appended_to_the_list_gets_logs():
    callbacks = CallbackList([keras.callbacks.History()], logs_builder=lambda: {"loss": 2.0})
    assert callbacks._batch_logs("on_train_batch_end", 0) == {}
    seen = []
    callbacks.append(keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: seen.append(logs)))
    callbacks.on_train_batch_end(1, None)
    assert seen == [{"loss": 2.0}]
