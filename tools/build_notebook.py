"""Builds a course notebook from a cell list and executes it, storing outputs.

Usage:
    python tools/build_notebook.py notebooks/sources/01_getting_started.py

A source file defines ``CELLS``: a list of ("markdown", text) and ("code", text)
pairs. The notebook is written next to the other notebooks (same base name,
``.ipynb``), run top to bottom in a fresh kernel with nbclient, and saved with
its outputs, which is what strict nbval compares against.
"""

import runpy
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def build(source):
    source = Path(source)
    cells = runpy.run_path(str(source))["CELLS"]
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    for kind, text in cells:
        text = text.strip("\n")
        maker = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        notebook.cells.append(maker(text))
    target = source.parent.parent / (source.stem + ".ipynb")
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(target.parent)}})
    client.execute()
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"  # stable ids keep diffs small
    nbformat.write(notebook, str(target))
    print(f"wrote {target}")


if __name__ == "__main__":
    for path in sys.argv[1:]:
        build(path)
