"""Each course notebook has a jupytext percent source with exactly its cells.

The sources in ``notebooks/sources/`` are what people edit and review; the
``.ipynb`` files are built from them (``notebooks/README.md``). These tests make
the two impossible to drift apart: a cell edited in Jupyter but not in the source
(or the other way round) fails here, naming the notebook and the first cell
that differs.
"""

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SOURCES = NOTEBOOKS / "sources"
COURSE = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def cells(notebook):
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def test_the_course_has_notebooks():
    assert COURSE, f"no notebooks NN_*.ipynb found in {NOTEBOOKS}"


@pytest.mark.parametrize("notebook_path", COURSE, ids=lambda path: path.stem)
def test_notebook_equals_its_percent_source(notebook_path):
    source_path = SOURCES / (notebook_path.stem + ".py")
    assert source_path.exists(), (
        f"{notebook_path.name} has no source {source_path.relative_to(NOTEBOOKS.parent)}. "
        f"Write it with: jupytext --to py:percent {notebook_path.relative_to(NOTEBOOKS.parent)} "
        f"-o {source_path.relative_to(NOTEBOOKS.parent)}")
    text = source_path.read_text(encoding="utf-8")
    assert "\n# %%" in "\n" + text, (
        f"{source_path.name} is not in jupytext's percent format (no '# %%' cell markers)")

    built = cells(jupytext.reads(text, fmt="py:percent"))
    stored = cells(nbformat.read(notebook_path, as_version=4))
    for index, (want, have) in enumerate(zip(built, stored)):
        assert want == have, (
            f"cell {index} of {notebook_path.name} differs from {source_path.name}:\n"
            f"source:   {want!r:.300}\nnotebook: {have!r:.300}\n"
            "Edit the source, then rebuild and re-run the notebook (notebooks/README.md).")
    assert len(built) == len(stored), (
        f"{source_path.name} has {len(built)} cells, {notebook_path.name} has {len(stored)}. "
        "Rebuild the notebook from its source (notebooks/README.md).")


@pytest.mark.parametrize("source_path", sorted(SOURCES.glob("*.py")), ids=lambda path: path.stem)
def test_every_source_has_its_notebook(source_path):
    notebook_path = NOTEBOOKS / (source_path.stem + ".ipynb")
    assert notebook_path.exists(), (
        f"{source_path.name} has no notebook {notebook_path.name}: build and run it "
        "(notebooks/README.md)")
