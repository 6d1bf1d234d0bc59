"""A model as the last expression of a notebook cell: summary table + graph, as HTML."""

import numpy as np

import nbkeras as keras
from nbkeras import layers


def _stack():
    return keras.Sequential([keras.Input((4,), name="x"), layers.Dense(3, name="hidden"),
                             layers.Dense(2, name="out")], name="stack")


def test_html_holds_the_summary_and_the_graph():
    model = _stack()
    model.get_layer("hidden").trainable = False
    html = model._repr_html_()
    for text in ('Model: "stack"', "<b>hidden</b>", "(Dense)", "(None, 3)", "15",
                 "Total params: 23 (92.00 B)", "Trainable params: 8 (32.00 B)",
                 "Non-trainable params: 15 (60.00 B)", ">Trainable</th>", "<svg"):
        assert text in html, f"{text!r} missing from the model's HTML"
    assert "Connected to" not in html, "a chain needs no Connected to column"
    cells = html.split("<b>hidden</b>")[1].split("</tr>")[0]
    assert ">N</td>" in cells, "the frozen layer is marked not trainable"


def test_branching_graph_adds_connected_to():
    a, b = keras.Input((2,), name="a"), keras.Input((2,), name="b")
    model = keras.Model([a, b], layers.Add(name="plus")([a, b]))
    html = model._repr_html_()
    assert "Connected to" in html and "a[0][0], b[0][0]" in html


def test_unbuilt_model_explains_how_to_see_the_graph():
    html = keras.Sequential([layers.Dense(2, name="d")], name="later")._repr_html_()
    assert "<svg" not in html
    assert "keras.Input(shape=...)" in html and "0 (unbuilt)" in html


def test_names_are_escaped():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1, name="a<b>&c")], name="x<y")
    html = model._repr_html_()
    assert "a<b>&c" not in html and "a&lt;b&gt;&amp;c" in html
    assert 'Model: "x&lt;y"' in html


def test_html_is_identical_between_calls_and_repr_stays_short():
    model = _stack()
    assert model._repr_html_() == model._repr_html_()
    assert repr(model) == "<Sequential name=stack, 2 layers, 23 params>"


def _wide_and_deep():
    wide, deep = keras.Input((5,), name="wide"), keras.Input((3,), name="deep")
    hidden = layers.Dense(4, activation="relu", name="hidden")(deep)
    joined = layers.Concatenate(name="join")([wide, hidden])
    return keras.Model([wide, deep], layers.Dense(1, name="out")(joined), name="wide_deep")


def test_functional_html_lists_every_layer_with_shape_params_and_inputs():
    model = _wide_and_deep()
    html = model._repr_html_()
    table = html.split("<svg")[0]
    rows = table.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    expected = {"deep": ("(None, 3)", ">0<", "-"), "wide": ("(None, 5)", ">0<", "-"),
                "hidden": ("(None, 4)", ">16<", "deep[0][0]"),
                "join": ("(None, 9)", ">0<", "wide[0][0], hidden[0][0]"),
                "out": ("(None, 1)", ">10<", "join[0][0]")}
    assert len(rows) == len(expected), rows
    for name, row in zip(expected, rows):
        assert f"<b>{name}</b>" in row, f"row order differs from the summary: {row}"
        for text in expected[name]:
            assert text in row, f"{text!r} missing from the row of {name}: {row}"
    for th in (">Layer (type)<", ">Output Shape<", ">Param #<", ">Connected to<", ">Trainable<"):
        assert th in table
    assert "Total params: 26 (104.00 B)" in table
    svg = html.split("<svg")[1]
    assert svg.count('class="node"') == 5 and svg.count('class="edge"') == 4


def test_compiled_model_html_shows_optimizer_params():
    model = _stack()
    model.compile("adam", "mse")
    model.fit(np.ones((4, 4)), np.ones((4, 2)), epochs=1, verbose=0)
    # Adam keeps two slots per weight (46) plus its iteration count and learning rate, as in Keras
    assert "Optimizer params: 48 (192.00 B)" in model._repr_html_()
