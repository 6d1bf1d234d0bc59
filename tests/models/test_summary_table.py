"""The summary table renderer against tables captured from Keras 3.15.1.

tests/golden/summary_cases.json holds the cells Keras handed to rich for
each case (tools/capture_summary_golden.py); summary_<case>.txt is what
Keras printed. The renderer must reproduce the text byte for byte.
"""

import json
from pathlib import Path

import pytest

from nbkeras.models.summary_table import (column_widths, format_param_count, format_size,
                                          format_summary, summary_footer, wrap)

GOLDEN = Path(__file__).parents[1] / "golden"
CASES = json.loads((GOLDEN / "summary_cases.json").read_text(encoding="utf-8"))["cases"]
NOTEBOOK_WIDTH = 76  # what Keras uses without a terminal ($COLUMNS=80 here)


def keras_line_length(case):
    """The width Keras drew at: explicit, or capped by the capture's terminal."""
    if case["line_length"] is not None:
        return case["line_length"]
    return NOTEBOOK_WIDTH if case["terminal_columns"] == 80 else None


@pytest.mark.parametrize("name", sorted(CASES))
def test_table_matches_keras_byte_for_byte(name):
    case = CASES[name]
    expected = (GOLDEN / f"summary_{name}.txt").read_text(encoding="utf-8")
    text = format_summary(case["model_name"], case["columns"], case["rows"],
                          case["footer_lines"], line_length=keras_line_length(case))
    assert text + "\n" == expected, f"summary_{name}.txt differs:\n{text}\n---\n{expected}"


def test_default_width_never_depends_on_the_terminal(monkeypatch):
    case = CASES["functional_concat"]
    monkeypatch.setenv("COLUMNS", "40")
    text = format_summary(case["model_name"], case["columns"], case["rows"], case["footer_lines"])
    assert text + "\n" == (GOLDEN / "summary_functional_concat.txt").read_text(encoding="utf-8")
    assert len(text.splitlines()[1]) == 108


def test_default_widths_per_header():
    three = ["Layer (type)", "Output Shape", "Param #"]
    assert column_widths(three) == [36, 27, 15]  # 88 wide
    assert column_widths(three, 76) == [31, 22, 13]
    assert column_widths(three + ["Connected to"]) == [29, 25, 15, 26]  # 108 wide
    assert column_widths(three + ["Trainable"]) == [37, 29, 14, 7]  # 100 wide: "Traina…"


def test_footer_lines_with_and_without_optimizer():
    assert summary_footer(59, 19, 0, optimizer=40) == [
        " Total params: 59 (236.00 B)", " Trainable params: 19 (76.00 B)",
        " Non-trainable params: 0 (0.00 B)", " Optimizer params: 40 (160.00 B)"]
    assert len(summary_footer(19, 19, 0)) == 3
    assert summary_footer(4, 4, 0, total_bytes=8, trainable_bytes=8)[0] == " Total params: 4 (8.00 B)"


def test_numbers_and_sizes():
    assert format_param_count(1234567) == "1,234,567"
    assert format_size(236) == "236.00 B"
    assert format_size(1580) == "1.54 KB"
    assert format_size(3 * 1024 ** 3) == "3.00 GB"
    assert format_size(2 * 1024 ** 6) == "2048.00 PB"


def test_long_names_wrap_at_spaces_and_long_words_end_with_an_ellipsis():
    assert [line.rstrip() for line in wrap("batch_normalization (BatchNormalization)", 36)] == [
        "batch_normalization", "(BatchNormalization)"]
    assert wrap("abcdefghij (Dense)", 6) == ["abcde…", "(Dense"[:5] + "…"]
    assert wrap("7", 4, "right") == ["   7"]
    assert wrap("Y", 8, "center") == ["   Y    "]


def test_cells_with_several_lines_and_header_aligned_to_the_bottom():
    text = format_summary("m", ["Layer (type)", "Output Shape", "Param #"],
                          [["a (Dense)", "(None, 2)\n(None, 3)", "6"]], line_length=40)
    lines = text.splitlines()
    assert lines[2].startswith("┃                 ┃ Output")  # "Layer (type)" sits low
    assert "│ a (Dense)       │ (None, 2)  │     6 │" in lines
    assert "│                 │ (None, 3)  │       │" in lines
