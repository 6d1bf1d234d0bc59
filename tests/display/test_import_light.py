"""``import nbkeras`` (and a fit in a terminal) never loads IPython, ipywidgets or matplotlib."""

import subprocess
import sys
import textwrap

HEAVY = ("matplotlib", "IPython", "ipywidgets", "ipykernel")


def loaded_after(code, names=HEAVY):
    """Which of ``names`` a fresh Python has imported after running ``code``."""
    script = textwrap.dedent(code) + textwrap.dedent(f"""
        import sys
        print("LOADED:" + ",".join(name for name in {names!r} if name in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, check=True)
    return result.stdout.strip().splitlines()[-1].removeprefix("LOADED:")


def test_import_nbkeras_loads_no_display_library():
    assert loaded_after("import nbkeras, nbkeras.display, nbkeras.callbacks") == ""


def test_fit_in_a_terminal_loads_no_display_library():
    loaded = loaded_after("""
        import numpy as np
        import nbkeras as keras
        model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        history = model.fit(np.ones((8, 2)), np.ones((8, 1)), epochs=2, verbose=1)
        model.evaluate(np.ones((8, 2)), np.ones((8, 1)), verbose=1)
        repr(history)
    """)
    assert loaded == ""
