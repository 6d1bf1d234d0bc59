"""In a real kernel: plots show where they are called, once; summary() is an HTML table there."""

import nbformat
import pytest
from nbclient import NotebookClient

SETUP = """
import numpy as np
import nbkeras as keras
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3, activation="relu"),
                          keras.layers.Dense(1)], name="tiny")
model.compile("sgd", "mse")
history = model.fit(np.ones((8, 2)), np.ones((8, 1)), epochs=2, verbose=0)
"""


def run_cells(*sources):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    return [cell.outputs for cell in notebook.cells]


def images(outputs):
    return [o for o in outputs if "image/png" in o.get("data", {})]


@pytest.fixture(scope="module")
def outputs():
    return run_cells(
        SETUP,
        "history.plot()\nprint('after the plot')",      # not the last expression
        "history.plot()",                                # the last expression
        "figure = history.plot()\nfigure",                 # shown, then named again
        "model.summary()",
        "model.summary(print_fn=print)",
    )


def test_a_plot_in_the_middle_of_a_cell_is_shown(outputs):
    cell = outputs[1]
    assert len(images(cell)) == 1
    assert cell[-1]["text"] == "after the plot\n", "the plot comes before the later print"


def test_a_plot_as_the_last_expression_is_shown_once(outputs):
    assert len(images(outputs[2])) == 1
    assert len(images(outputs[3])) == 1


def test_summary_is_an_html_table_with_the_text_table_beside_it(outputs):
    (display,) = outputs[4]
    assert "<table" in display["data"]["text/html"] and 'Model: "tiny"' in display["data"]["text/html"]
    assert "Total params" in display["data"]["text/plain"]


def test_summary_with_print_fn_still_prints_text(outputs):
    (stream,) = outputs[5]
    assert stream["name"] == "stdout" and "Total params" in stream["text"]
