"""Shared helpers for the scripts that capture golden values from real Keras 3.

The capture scripts run in the reference venv, never in the nbkeras
environment:

    KERAS_BACKEND=torch $PEER tools/capture_golden_<topic>.py

Every script gathers its arrays in a `GoldenFile` and writes one
`tests/golden/<topic>.npz` (plain `np.savez`, no pickled objects, strings as
numpy unicode arrays) plus, where structure matters, `tests/golden/<topic>.json`.
Keys follow the pattern "<case>/<what>", e.g. "adam_default/var0_steps".

The tests read these files with `np.load(path, allow_pickle=False)` and need
no Keras at all.
"""

import json
import os
import platform
import random
import sys

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# GOLDEN_DIR may be redirected (e.g. to compare a jax run with the torch run).
GOLDEN_DIR = os.environ.get(
    "NBKERAS_GOLDEN_DIR", os.path.join(REPO_ROOT, "tests", "golden")
)


def prepare_environment():
    """Pin everything that could change the numbers or the captured text.

    Must be called before `import keras`. It selects the torch backend unless
    the caller chose one, forces float32, and removes terminal-size variables
    so `model.summary(print_fn=...)` renders like in a notebook (no tty).
    """
    os.environ.setdefault("KERAS_BACKEND", "torch")
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    # One thread makes CPU float32 reductions bit-reproducible between runs.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # a jax-only run
        pass


def seed_everything(seed=0):
    """Seed Python, NumPy and Keras (which also seeds torch on that backend)."""
    import keras

    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)


def to_numpy(value):
    """Convert a Keras/torch/jax tensor or a Python number to a NumPy array."""
    if hasattr(value, "detach"):  # torch tensor
        value = value.detach().cpu().numpy()
    elif hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        value = value.numpy()
    return np.asarray(value)


def as_float32(value):
    """Return `value` as a float32 NumPy array (the dtype of every golden float)."""
    return to_numpy(value).astype(np.float32)


def json_dumps(obj):
    """Stable JSON text (sorted keys) for configs stored inside the npz."""
    return json.dumps(obj, sort_keys=True, default=_json_default)


def _json_default(obj):
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, tuple):
        return list(obj)
    raise TypeError(
        f"Cannot store {type(obj).__name__} in golden JSON. Received: {obj!r}"
    )


class GoldenFile:
    """Collects arrays for one topic and writes `<topic>.npz` (+ `<topic>.json`).

    Args:
        topic: file stem, e.g. "optimizers" -> tests/golden/optimizers.npz.
        generated_by: the script path, recorded in "meta/generated_by".

    Example:
        golden = GoldenFile("optimizers", __file__)
        golden.add("sgd_plain/var0_init", np.zeros((3, 4)))
        golden.add_text("sgd_plain/config", golden_io.json_dumps({...}))
        golden.save()
    """

    def __init__(self, topic, generated_by):
        import keras

        self.topic = topic
        self.arrays = {}
        self.structure = {}
        self.add_text("meta/keras_version", keras.__version__)
        self.add_text("meta/backend", keras.backend.backend())
        self.add_text("meta/numpy_version", np.__version__)
        self.add_text("meta/python_version", platform.python_version())
        script = os.path.relpath(os.path.abspath(generated_by), REPO_ROOT)
        self.add_text("meta/generated_by", script)
        self.structure["meta"] = {
            "keras_version": keras.__version__,
            "backend": keras.backend.backend(),
            "numpy_version": np.__version__,
            "generated_by": script,
        }

    def add(self, key, value, dtype=np.float32):
        """Store a numeric array under `key` ("<case>/<what>"); floats -> float32."""
        if key in self.arrays:
            raise KeyError(f"Golden key written twice: {key!r}")
        array = to_numpy(value)
        if dtype is not None and array.dtype.kind == "f":
            array = array.astype(dtype)
        if array.dtype == object:
            raise TypeError(
                f"Golden key {key!r} would need pickle (object array). "
                f"Received dtype={array.dtype}."
            )
        self.arrays[key] = array

    def add_int(self, key, value):
        """Store an integer array (labels, steps) as int64."""
        self.add(key, np.asarray(to_numpy(value), dtype=np.int64), dtype=None)

    def add_text(self, key, text):
        """Store a string (JSON config, summary text) as a 0-d numpy unicode array."""
        if key in self.arrays:
            raise KeyError(f"Golden key written twice: {key!r}")
        self.arrays[key] = np.array(str(text))

    def add_json(self, key, obj):
        """Store `obj` as JSON text under `key` and return the JSON text."""
        text = json_dumps(obj)
        self.add_text(key, text)
        return text

    def save(self, with_json=False):
        """Write the npz (and the json when `with_json`), then reload to check them."""
        os.makedirs(GOLDEN_DIR, exist_ok=True)
        npz_path = os.path.join(GOLDEN_DIR, f"{self.topic}.npz")
        np.savez(npz_path, **self.arrays)
        with np.load(npz_path, allow_pickle=False) as loaded:
            assert sorted(loaded.files) == sorted(self.arrays), npz_path
        written = [npz_path]
        if with_json:
            json_path = os.path.join(GOLDEN_DIR, f"{self.topic}.json")
            with open(json_path, "w", encoding="utf-8") as handle:
                json.dump(self.structure, handle, indent=1, sort_keys=True,
                          default=_json_default, ensure_ascii=False)
                handle.write("\n")
            with open(json_path, encoding="utf-8") as handle:
                json.load(handle)
            written.append(json_path)
        for path in written:
            size_kb = os.path.getsize(path) / 1024
            print(f"wrote {path} ({size_kb:.1f} KB)", file=sys.stderr)
        print(f"{len(self.arrays)} keys in {npz_path}", file=sys.stderr)
        return written
