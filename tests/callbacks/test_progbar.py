"""The text progress bar: Keras 3's lines, and never a backspace.

tests/golden/progbar_<case>.txt are the raw bytes Keras 3.15.1 wrote
(tools/capture_progbar_golden.py); progbar_cases.json holds the logs each
final line shows. Durations differ between runs, so both sides have their
time fields replaced by placeholders before comparing.
"""

import io
import json
import re
from pathlib import Path

import pytest

from nbkeras.callbacks.progbar import (Progbar, format_bar_line, format_epoch_line, format_eta)

GOLDEN = Path(__file__).parents[1] / "golden"
CASES = json.loads((GOLDEN / "progbar_cases.json").read_text())["cases"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def golden_text(case):
    return (GOLDEN / f"progbar_{case}.txt").read_bytes().decode("utf-8")


def sanitize(line):
    """Durations -> placeholders: ``0s``/``2s`` elapsed, ``443ms/step`` per step."""
    line = re.sub(r"\d+(?:s|ms|us)/step", "<t>/step", line)
    return re.sub(r"\d+s(?=(?:\x1b\[0m)?(?: -)? <t>/step)", "<s>", line)


def keras_final_lines(case):
    """Each pass's last line in a verbose=1 capture (after its last ``\\r``)."""
    return [line.rstrip(" ") for line in re.findall(r"\r([^\r\x08\n]*)\n", golden_text(case))]


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run_bar(stream, target, steps, final_values, verbose=1, step_seconds=0.01):
    clock = FakeClock()
    bar = Progbar(target, verbose=verbose, stream=stream, clock=clock)
    for step in range(1, steps + 1):
        clock.now += step_seconds
        bar.update(step, final_values, finalize=False)
    bar.update(steps, final_values, finalize=True)
    return stream.getvalue()


@pytest.mark.parametrize("case", ["fit_verbose1", "evaluate_verbose1", "predict_verbose1",
                                  "fit_unknown_steps"])
def test_final_bar_lines_match_keras(case):
    info = CASES[case]
    expected = keras_final_lines(case)
    assert len(expected) == len(info["epochs"])
    for keras_line, values in zip(expected, info["epochs"]):
        steps = int(re.match(r"\x1b\[1m(\d+)/", keras_line).group(1))
        line = format_bar_line(steps, info["target"] or steps, 0.3, values, finalize=True)
        assert sanitize(line) == sanitize(keras_line)


@pytest.mark.parametrize("case", ["fit_verbose2", "evaluate_verbose2", "predict_verbose2"])
def test_verbose_2_lines_match_keras(case):
    info = CASES[case]
    expected = [line for line in golden_text(case).splitlines() if not line.startswith("Epoch ")]
    for keras_line, values in zip(expected, info["epochs"], strict=True):
        line = format_epoch_line(info["target"], info["target"], 0.2, values, time_per_step=0.004)
        assert sanitize(line) == sanitize(keras_line)


def test_terminal_stream_ends_with_the_keras_line_and_no_backspace():
    values = CASES["fit_verbose1"]["epochs"][0]
    text = run_bar(Terminal(), 4, 4, values)
    assert "\b" not in text and text.endswith("\n")
    last = text[text.rindex("\r") + 1:-1].rstrip(" ")
    assert sanitize(last) == sanitize(keras_final_lines("fit_verbose1")[0])


def test_unknown_target_shows_unknown_until_the_pass_ends():
    text = run_bar(Terminal(), None, 3, [("loss", 0.5)])
    first = text.split("\r")[1]
    keras_first = golden_text("fit_unknown_steps").split("\r")[1].split("\x08")[0]
    assert sanitize(first).split(" - ")[0] == sanitize(keras_first).split(" - ")[0]
    assert "      1/Unknown" in first
    assert re.search(r"\r\x1b\[1m3/3\x1b\[0m \x1b\[32m━{20}", text)


@pytest.mark.parametrize("verbose", [1, 2])
def test_pipe_gets_only_the_final_line_without_color(verbose):
    values = CASES["fit_verbose1"]["epochs"][0]
    text = run_bar(io.StringIO(), 4, 4, values, verbose=verbose)
    assert text.count("\n") == 1 and text.endswith("\n")
    assert "\r" not in text and "\b" not in text and "\x1b" not in text
    case = "fit_verbose1" if verbose == 1 else "fit_verbose2"
    keras_line = (keras_final_lines(case)[0] if verbose == 1
                  else golden_text(case).splitlines()[1])
    assert sanitize(text[:-1]) == sanitize(ANSI.sub("", keras_line))


def test_redraws_use_carriage_return_and_cover_the_previous_line():
    stream, clock = Terminal(), FakeClock()
    bar = Progbar(5, stream=stream, clock=clock)
    for step in range(1, 6):
        clock.now += 0.1
        values = [("loss", 0.5)] if step == 1 else []  # the line gets shorter
        bar.update(step, values, finalize=step == 5)
    text = stream.getvalue()
    assert "\b" not in text and text.count("\r") == 5 and text.endswith("\n")
    redraws = [ANSI.sub("", part) for part in text.split("\r")[1:]]
    assert len(redraws[1]) == len(redraws[0])  # padded with spaces over " - loss: 0.5000"
    assert redraws[1].endswith(" " * len(" - loss: 0.5000"))


def test_redraws_are_throttled_to_the_interval():
    stream, clock = Terminal(), FakeClock()
    bar = Progbar(100, stream=stream, clock=clock, interval=0.05)
    for step in range(1, 100):
        clock.now += 0.01
        bar.update(step, finalize=False)
    assert 19 <= stream.getvalue().count("\r") <= 21


def test_time_per_step_leaves_out_the_first_step():
    stream, clock = io.StringIO(), FakeClock()
    bar = Progbar(3, stream=stream, clock=clock)
    for step, seconds in [(1, 2.0), (2, 0.01), (3, 0.01)]:  # step 1 pays for compiling
        clock.now += seconds
        bar.update(step)
    assert " 2s 10ms/step" in stream.getvalue()


def test_mid_pass_line_shows_eta_and_partial_bar():
    line = format_bar_line(1, 4, 0.9, [("loss", 0.68)], color=True, time_per_step=0.887)
    assert line == ("\x1b[1m1/4\x1b[0m \x1b[32m" + "━" * 5 + "\x1b[0m\x1b[37m" + "━" * 15
                    + "\x1b[0m \x1b[1m2s\x1b[0m 887ms/step - loss: 0.6800")


def test_eta_and_value_formats():
    assert [format_eta(s) for s in (7.9, 65, 3723)] == ["7s", "1:05", "1:02:03"]
    assert "loss: 1.0000e-04" in format_bar_line(2, 2, 0.0, [("loss", 1e-4)], finalize=True)
    assert "loss: -0.5000" in format_bar_line(2, 2, 0.0, [("loss", -0.5)], finalize=True)
    # Keras's verbose=2 line compares the value itself, not its absolute value
    assert "loss: -5.0000e-01" in format_epoch_line(2, 2, 0.0, [("loss", -0.5)])
    assert "0s/step" in format_bar_line(0, 2, 0.0)
    assert "us/step" in format_bar_line(1, 2, 0.0005)


def test_verbose_0_writes_nothing():
    assert run_bar(Terminal(), 3, 3, [("loss", 1.0)], verbose=0) == ""
