"""kill -9 during model.save: the destination is always a complete file (old or new), and
the next save to the same place leaves no debris beside it or in the temporary folder."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np

import nbkeras as keras

CHILD = textwrap.dedent("""
    import sys
    import nbkeras as keras
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((200,)), keras.layers.Dense(400),
                              keras.layers.Dense(10)])
    model.compile(loss="mse", optimizer="adam")
    model._ensure_optimizer_built()
    step = 0
    while True:
        model.layers[0].kernel.assign(model.layers[0].kernel.numpy() * 0 + step)
        model.save(sys.argv[1])
        step += 1
        print(step, flush=True)
""")


def _start(destination, temporary_folder):
    environment = {**os.environ, "TMPDIR": str(temporary_folder),
                   "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(destination)],
                            stdout=subprocess.PIPE, env=environment)


def test_kill_during_save_leaves_a_complete_file_and_no_debris(tmp_path):
    destination = tmp_path / "out" / "model.keras"
    destination.parent.mkdir()
    temporary_folder = tmp_path / "tmp"
    temporary_folder.mkdir()
    rng = random.Random(12)
    for _ in range(4):
        child = _start(destination, temporary_folder)
        child.stdout.readline()  # one complete save, so an old file exists
        time.sleep(rng.uniform(0.0, 0.08))  # then kill at a random moment of later saves
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        model = keras.saving.load_model(destination)  # complete: loads, hash verified
        value = model.layers[0].get_weights()[0][0, 0]
        assert np.all(model.layers[0].get_weights()[0] == value)
    keras.saving.load_model(destination).save(destination)
    assert sorted(p.name for p in destination.parent.iterdir()) == ["model.keras"]
    assert list(temporary_folder.iterdir()) == []
