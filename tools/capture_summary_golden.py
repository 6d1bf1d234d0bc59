"""Capture ``model.summary()`` tables from real Keras 3 as golden text files.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_summary_golden.py

Writes one ``tests/golden/summary_<case>.txt`` per case (the exact string
Keras hands to ``print_fn``) and ``tests/golden/summary_cases.json`` with
the inputs of each table: the model name, the header, the cell text of every
row (rich markup removed) and the footer lines. The tests feed those inputs
to ``nbkeras.models.summary_table.format_summary`` and compare byte for byte,
so they need no Keras.

Keras sizes the table as ``min(default, terminal columns - 4)`` and rich
crops at the console width, so each case sets ``$COLUMNS`` while rendering:
200 gives Keras's full default width (88, 108, +12 with show_trainable);
80 gives the notebook width (76).
"""

import json
import os

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import rich.table  # noqa: E402
import rich.text  # noqa: E402

WIDE, NOTEBOOK = 200, 80


def capture(model, columns, **kwargs):
    """The printed text, plus the header/rows Keras gave rich for that text."""
    recorded = {"rows": [], "columns": []}
    original_add_row = rich.table.Table.add_row

    def add_row(table, *cells, **row_kwargs):
        recorded["columns"] = [str(column.header) for column in table.columns]
        recorded["rows"].append([rich.text.Text.from_markup(cell).plain for cell in cells])
        return original_add_row(table, *cells, **row_kwargs)

    pieces = []
    os.environ["COLUMNS"] = str(columns)
    rich.table.Table.add_row = add_row
    try:
        model.summary(print_fn=lambda text, *args, **kw: pieces.append(text), **kwargs)
    finally:
        rich.table.Table.add_row = original_add_row
        os.environ.pop("COLUMNS", None)
    assert len(pieces) == 1, "Keras 3 passes the whole table to print_fn at once"
    text = pieces[0]
    lines = text.rstrip("\n").split("\n")
    footer_start = max(i for i, line in enumerate(lines) if line.startswith("└")) + 1
    return text, {"model_name": model.name, "columns": recorded["columns"],
                  "rows": recorded["rows"], "footer_lines": lines[footer_start:],
                  "line_length": kwargs.get("line_length"), "terminal_columns": columns,
                  "summary_kwargs": {k: v for k, v in kwargs.items()}}


def dense_stack():
    model = keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)],
                             name="dense_stack")
    model.compile("adam", "mse")
    rng = np.random.default_rng(0)
    model.fit(rng.normal(size=(8, 16)), rng.normal(size=(8, 1)), epochs=1, verbose=0)
    return model


def concat_functional():
    x = keras.Input(shape=(16,), name="x")
    a = keras.layers.Dense(8, name="a")(x)
    b = keras.layers.Dense(8, name="b")(x)
    cat = keras.layers.Concatenate(name="cat")([a, b])
    out = keras.layers.Dense(1, name="out")(cat)
    return keras.Model(x, out, name="functional_demo")


def long_names():
    """BatchNormalization wraps its name; an over-long name is cut with an ellipsis."""
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(32, 3, name="conv2d"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(name="max_pooling2d"),
        keras.layers.Flatten(),
        keras.layers.Dense(10, name="a_classifier_head_whose_name_is_far_too_long_for_its_column"),
        keras.layers.Dense(1, name="short name with spaces that keeps going and going"),
    ], name="long_names")


def many_connections():
    """A merge of five branches: the "Connected to" cell wraps over several lines."""
    inputs = keras.Input(shape=(4,), name="features")
    branches = [keras.layers.Dense(2, name=f"branch_{i}")(inputs) for i in range(5)]
    merged = keras.layers.Concatenate(name="merge_all_branches")(branches)
    added = keras.layers.Add(name="add")([branches[0], branches[1]])
    both = keras.layers.Concatenate(name="both")([merged, added])
    return keras.Model(inputs, keras.layers.Dense(3, name="head")(both), name="many_connections")


def frozen_stack():
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4, name="frozen"),
                              keras.layers.Dropout(0.5), keras.layers.Dense(2, name="trained")],
                             name="frozen_stack")
    model.get_layer("frozen").trainable = False
    return model


def unbuilt():
    return keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1)], name="unbuilt")


def nested():
    inner = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(4, name="inner_dense"),
                              keras.layers.Dense(3, name="inner_out")], name="encoder")
    model = keras.Sequential([keras.Input(shape=(6,)), inner, keras.layers.Dense(1, name="head")],
                             name="outer")
    return model


CASES = {
    "dense_stack": (dense_stack, WIDE, {}),
    "dense_stack_76": (dense_stack, NOTEBOOK, {}),
    "functional_concat": (concat_functional, WIDE, {}),
    "functional_concat_76": (concat_functional, NOTEBOOK, {}),
    "long_names": (long_names, WIDE, {}),
    "many_connections": (many_connections, WIDE, {}),
    "many_connections_trainable": (many_connections, WIDE, {"show_trainable": True}),
    "frozen_trainable": (frozen_stack, WIDE, {"show_trainable": True}),
    "frozen_trainable_76": (frozen_stack, NOTEBOOK, {"show_trainable": True}),
    "unbuilt": (unbuilt, WIDE, {}),
    "nested_expanded": (nested, WIDE, {"expand_nested": True}),
    "line_length_60": (concat_functional, WIDE, {"line_length": 60}),
    "tiny_40": (unbuilt, WIDE, {"line_length": 40}),
}


def main():
    cases = {}
    for case, (build, columns, kwargs) in CASES.items():
        keras.backend.clear_session()
        text, inputs = capture(build(), columns, **kwargs)
        path = os.path.join(golden_io.GOLDEN_DIR, f"summary_{case}.txt")
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        cases[case] = inputs
        print(f"wrote {path}")
    meta = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
            "rich_version": _rich_version(), "generated_by": "tools/capture_summary_golden.py"}
    path = os.path.join(golden_io.GOLDEN_DIR, "summary_cases.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"meta": meta, "cases": cases}, file, indent=1, ensure_ascii=False)
        file.write("\n")
    print(f"wrote {path}")


def _rich_version():
    from importlib.metadata import version

    return version("rich")


if __name__ == "__main__":
    main()
