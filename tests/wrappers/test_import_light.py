"""``import nbkeras`` never imports scikit-learn, joblib or Dask; the wrappers do when used."""

import subprocess
import sys
import textwrap

import pytest

from tests.display.test_import_light import loaded_after as display_loaded_after

OPTIONAL = ("sklearn", "joblib", "dask", "distributed")


def loaded_after(code):
    return display_loaded_after(code, OPTIONAL)


def test_import_nbkeras_and_its_wrappers_namespace_loads_no_optional_library():
    assert loaded_after("import nbkeras, nbkeras.wrappers; dir(nbkeras.wrappers)") == ""


def test_using_a_wrapper_imports_scikit_learn():
    pytest.importorskip("sklearn")
    assert "sklearn" in loaded_after("import nbkeras; nbkeras.wrappers.SKLearnClassifier")


def test_missing_scikit_learn_gets_an_install_hint():
    script = """
        import sys
        sys.modules["sklearn"] = None   # as if scikit-learn were not installed
        import nbkeras
        try:
            nbkeras.wrappers.SKLearnRegressor
        except ImportError as error:
            print(error)
    """
    output = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                            text=True, timeout=120, check=True).stdout
    assert "pip install 'nbkeras[sklearn]'" in output
