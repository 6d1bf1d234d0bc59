"""Collect the docstring examples of every Keras 3 name nbkeras exports.

Run with the reference venv's Python from the repository root:

    KERAS_BACKEND=torch $PEER tools/capture_keras_docstrings.py

Writes tests/golden/keras_docstrings.json: ``{"keras.layers.Dense": "<docstring>", ...}``
for each public name of keras, keras.layers, keras.ops, keras.metrics,
keras.losses, keras.callbacks, keras.utils, keras.activations,
keras.initializers, keras.optimizers, keras.regularizers and keras.constraints
that nbkeras also exports and whose docstring has a ``>>>`` example.
tools/run_keras_docstrings.py runs them against nbkeras.
"""

import inspect
import json
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO_ROOT)
os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402

import nbkeras  # noqa: E402

NAMESPACES = ["", "layers", "ops", "metrics", "losses", "callbacks", "utils", "activations",
              "initializers", "optimizers", "regularizers", "constraints"]


def main():
    found = {}
    for path in NAMESPACES:
        theirs = keras if not path else getattr(keras, path)
        ours = nbkeras if not path else getattr(nbkeras, path)
        for name in sorted(set(dir(theirs)) & set(dir(ours))):
            if name.startswith("_"):
                continue
            doc = inspect.getdoc(getattr(theirs, name)) or ""
            if ">>>" in doc:
                found[f"keras{'.' + path if path else ''}.{name}"] = doc
    target = os.path.join(REPO_ROOT, "tests", "golden", "keras_docstrings.json")
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({"keras_version": keras.__version__, "docstrings": found}, handle, indent=1,
                  sort_keys=True)
        handle.write("\n")
    print(f"{len(found)} docstrings with examples -> {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
