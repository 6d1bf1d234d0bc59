"""Builds a course notebook from a jupytext percent-format source and executes it.

Usage:
    PYTHONPATH=$PWD python tools/build_percent_notebook.py notebooks/sources/13_playground.py

The notebook is written next to the other notebooks (same base name, ``.ipynb``),
run top to bottom in a fresh kernel with nbclient, and saved with its outputs
(and widget state) and stable cell ids, which is what strict nbval compares against.
"""

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient


def build(source):
    source = Path(source)
    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata.pop("jupytext", None)
    target = source.parent.parent / (source.stem + ".ipynb")
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(target.parent)}}).execute()
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"  # stable ids keep diffs small
    nbformat.write(notebook, str(target))
    print(f"wrote {target}")


if __name__ == "__main__":
    for path in sys.argv[1:]:
        build(path)
