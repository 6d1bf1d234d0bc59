"""The text progress bar: Keras 3's format, and never a backspace."""

import io
import re

from nbkeras.display.progbar import Progbar, format_bar_line, format_epoch_line


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_final_bar_line_has_keras_layout():
    line = format_bar_line(4, 4, 2.2, 0.443, [("accuracy", 0.50631), ("loss", 0.66764)],
                           finalize=True, color=False)
    assert line == "4/4 " + "━" * 20 + " 2s 443ms/step - accuracy: 0.5063 - loss: 0.6676"


def test_mid_epoch_line_shows_eta_and_partial_bar():
    line = format_bar_line(1, 4, 0.9, 0.887, [("loss", 0.68)], finalize=False, color=False)
    assert line.startswith("1/4 " + "━" * 5 + "━" * 15 + " 2s 887ms/step")


def test_tiny_values_use_scientific_notation():
    assert "loss: 1.0000e-04" in format_epoch_line(2, 2, 0.0, 0.003, [("loss", 1e-4)])


def test_verbose_2_line_matches_keras():
    line = format_epoch_line(4, 4, 2.1, 0.404, [("accuracy", 0.5063), ("loss", 0.6676)])
    assert line == "4/4 - 2s - 404ms/step - accuracy: 0.5063 - loss: 0.6676"


def test_pipe_gets_only_the_final_line_without_color():
    stream, clock = io.StringIO(), FakeClock()
    bar = Progbar(3, stream=stream, dynamic=False, clock=clock)
    for step in (1, 2, 3):
        clock.now += 1.0
        bar.update(step, [("loss", 0.5)], finalize=False)
    bar.update(3, [("loss", 0.5), ("val_loss", 0.6)], finalize=True)
    text = stream.getvalue()
    assert text.count("\n") == 1 and "\r" not in text and "\x1b" not in text
    assert "val_loss: 0.6000" in text


def test_terminal_redraws_with_carriage_return_never_backspace():
    stream, clock = Terminal(), FakeClock()
    bar = Progbar(5, stream=stream, clock=clock)
    for step in range(1, 6):
        clock.now += 0.1
        bar.update(step, [("loss", 1.0 / step)], finalize=step == 5)
    text = stream.getvalue()
    assert "\b" not in text
    assert text.count("\r") == 5 and text.endswith("\n")
    assert re.search(r"5/5\x1b\[0m \x1b\[32m━{20}", text)


def test_redraws_are_throttled_to_the_interval():
    stream, clock = Terminal(), FakeClock()
    bar = Progbar(100, stream=stream, clock=clock, interval=0.05)
    for step in range(1, 100):
        clock.now += 0.01
        bar.update(step, finalize=False)
    assert stream.getvalue().count("\r") <= 21
