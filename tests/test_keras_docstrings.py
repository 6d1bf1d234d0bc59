"""Keras 3's own docstring examples, run against nbkeras, keep giving Keras's numbers.

tools/capture_keras_docstrings.py collected the examples (tests/golden/keras_docstrings.json);
tools/run_keras_docstrings.py runs them (numbers compared at the printed precision, since an
nbkeras Tensor prints differently from a torch array) and recorded the ones that pass in
tests/golden/keras_docstrings_passing.json. The rest, and why, are in docs/keras_differences.md.
"""

import json
import pathlib
import runpy

import pytest

import nbkeras as keras

ROOT = pathlib.Path(__file__).parents[1]
RUNNER = runpy.run_path(str(ROOT / "tools" / "run_keras_docstrings.py"))
DOCSTRINGS = json.loads((ROOT / "tests" / "golden" / "keras_docstrings.json").read_text())["docstrings"]
PASSING = json.loads((ROOT / "tests" / "golden" / "keras_docstrings_passing.json").read_text())


@pytest.fixture(autouse=True)
def fresh_state():
    keras.utils.set_random_seed(0)
    yield
    keras.config.reset()


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", PASSING)
def test_keras_docstring_example_gives_keras_numbers(name):
    status, detail = RUNNER["run_one"](name, DOCSTRINGS[name])
    assert status == "pass", f"{name}: {detail}"


def test_most_docstrings_pass():
    assert len(PASSING) >= 160
