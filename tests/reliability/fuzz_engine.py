"""Seeded mutations of `.keras` files and a loader harness that records what happened.

Used by tests/reliability/test_loader_fuzz.py (a few hundred mutations) and by
tools/fuzz_loader.py (thousands, figures in docs/safety.md). Each mutated file
is loaded with ``keras.saving.load_model`` (safe mode) and classified as
``success``, ``clean`` (a ``ValueError``-family error), ``unclean`` (any other
exception), or ``hang`` (longer than the time limit). Meanwhile every function
a hostile file might name (``os.system``, ``sys.exit``, ``subprocess.Popen``,
``builtins.input``, a canary module and ``__main__``
attributes) is replaced by a recorder: a call counts as a foreign call.
"""

import builtins
import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import types
import zipfile

import numpy as np

CANARY = "fuzz_canary"
DANGEROUS = [(os, "system"), (os, "remove"), (os, "popen"), (shutil, "rmtree"), (sys, "exit"),
             (subprocess, "Popen"), (subprocess, "run"), (builtins, "input")]
FUNCTION_NAMES = [("os", "system"), ("os", "remove"), ("shutil", "rmtree"), ("sys", "exit"),
                  ("subprocess", "Popen"), ("subprocess", "run"), ("builtins", "input"),
                  ("builtins", "eval"), ("builtins", "exec"), (CANARY, "boom"),
                  ("__main__", "boom"), ("keras.activations", "relu"), ("builtins", "print")]
CLASS_NAMES = ["Dense", "Dropout", "Lambda", "Sequential", "Functional", "InputLayer",
               "Flatten", "Reshape", "Concatenate", "Adam", "SGD", "GlorotUniform", "Zeros",
               "L2", "MaxNorm", "MeanSquaredError", "Popen", "Boom", "function", "__lambda__",
               "__numpy__", "__tuple__", "DTypePolicy", "Model", "Layer", "type", "object"]
MODULES = ["os", "subprocess", "builtins", "sys", "shutil", CANARY, "__main__", "keras",
           "keras.layers", "keras.src.models.functional", "nbkeras.saving", "", None]
VALUES = [None, True, False, 0, -1, 1, 3, 2**31, 10**12, -10**9, 0.5, -2.5, 1e308,
          float("nan"), float("inf"), "", "relu", "x" * 300, "float32", "flaot32", [], {},
          [None], [None, 3], [-1], [10**9, 10**9], {"class_name": "Boom"},
          {"module": CANARY, "class_name": "function", "config": "boom",
           "registered_name": "function"},
          {"module": "os", "class_name": "function", "config": "system",
           "registered_name": "function"},
          {"class_name": "__lambda__", "config": {"code": "AAAA", "defaults": None,
                                                  "closure": None}},
          {"class_name": "__numpy__", "config": {"value": [1, 2], "dtype": "object"}}]


class Recorder:
    """Replaces every dangerous callable by a recorder while active."""

    def __init__(self):
        self.calls = []
        self._saved = []

    def _fake(self, name):
        def fake(*args, **kwargs):
            self.calls.append(name)
            return None
        fake.__name__ = name.rsplit(".", 1)[-1]
        return fake

    def __enter__(self):
        for module, name in DANGEROUS:
            self._saved.append((module, name, getattr(module, name)))
            setattr(module, name, self._fake(f"{module.__name__}.{name}"))
        canary = types.ModuleType(CANARY)
        canary.boom = self._fake(f"{CANARY}.boom")

        recorder = self

        class Boom:
            def __init__(self, *args, **kwargs):
                recorder.calls.append(f"{CANARY}.Boom")

            @classmethod
            def from_config(cls, config):
                recorder.calls.append(f"{CANARY}.Boom.from_config")
                return cls()

            def get_config(self):
                return {}

        canary.Boom = Boom
        self._saved_modules = {CANARY: sys.modules.get(CANARY)}
        sys.modules[CANARY] = canary
        main = sys.modules["__main__"]
        self._main_saved = {n: getattr(main, n, None) for n in ("boom", "Boom")}
        main.boom, main.Boom = canary.boom, Boom
        return self

    def __exit__(self, *exc_info):
        for module, name, value in reversed(self._saved):
            setattr(module, name, value)
        self._saved.clear()
        if self._saved_modules[CANARY] is None:
            sys.modules.pop(CANARY, None)
        main = sys.modules["__main__"]
        for name, value in self._main_saved.items():
            if value is None:
                with contextlib.suppress(AttributeError):
                    delattr(main, name)
            else:
                setattr(main, name, value)
        return False


# ---------------------------------------------------------------------- seed files
def seed_files(keras, golden_folder, folder):
    """A few `.keras` files as bytes: nbkeras-written ones and Keras-written golden ones."""
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    sequential = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu"),
                                   keras.layers.Dropout(0.1), keras.layers.Dense(2)])
    sequential.compile(optimizer="adam", loss="mse", metrics=["mae"])
    sequential.fit(x, x[:, :2], epochs=1, verbose=0)
    inputs = keras.Input((4,), name="features")
    hidden = keras.layers.Dense(3, activation="tanh")(inputs)
    joined = keras.layers.Concatenate()([hidden, inputs])
    functional = keras.Model(inputs, keras.layers.Dense(1)(joined))
    seeds = []
    for model in (sequential, functional):
        path = os.path.join(folder, "seed.keras")
        model.save(path)
        with open(path, "rb") as source:
            seeds.append(source.read())
        os.remove(path)
    for name in ("sequential.keras", "two_heads.keras"):
        with open(os.path.join(golden_folder, name), "rb") as source:
            seeds.append(source.read())
    return seeds


# ---------------------------------------------------------------------- mutations
def _members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def _pack(members, compression=zipfile.ZIP_STORED):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=compression) as archive:
        for name, value in members.items():
            archive.writestr(name, value)
    return stream.getvalue()


def _nodes(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _nodes(child, path + (index,))


def _set(root, path, value):
    if not path:
        return value
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return root


def _mutate_json(document, rng):
    nodes = list(_nodes(document))
    for _ in range(rng.randint(1, 3)):
        path, node = rng.choice(nodes)
        kind = rng.random()
        if isinstance(node, dict) and node and kind < 0.25:
            key = rng.choice(list(node))
            if rng.random() < 0.5:
                del node[key]
            elif key == "class_name":
                node[key] = rng.choice(CLASS_NAMES)
            elif key == "module":
                node[key] = rng.choice(MODULES)
            else:
                node[key] = _random_value(rng)
        elif isinstance(node, dict) and kind < 0.45:
            module, name = rng.choice(FUNCTION_NAMES)
            node.update({"module": module, "class_name": rng.choice(["function", name, "Boom"]),
                         "config": name if rng.random() < 0.7 else {}, "registered_name":
                         rng.choice([None, "function", name, f"Custom>{name}"])})
        elif isinstance(node, list) and node and kind < 0.6:
            if rng.random() < 0.5:
                node.append(rng.choice(node))
            else:
                node.pop(rng.randrange(len(node)))
        elif path:
            document = _set(document, path, _random_value(rng))
        nodes = list(_nodes(document))
    return document


def _random_value(rng):
    value = rng.choice(VALUES)
    return json.loads(json.dumps(value))  # a fresh copy


def mutate(data, rng):
    """One mutated file (bytes) and the name of the strategy used."""
    strategy = rng.choice(["flip", "truncate", "config", "config", "config", "compile",
                           "metadata", "weights", "weights_unhashed", "members", "deflate"])
    if strategy == "flip":
        blob = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            blob[rng.randrange(len(blob))] ^= 1 << rng.randrange(8)
        return bytes(blob), strategy
    if strategy == "truncate":
        return data[:rng.randrange(len(data))], strategy
    members = _members(data)
    if strategy in ("config", "compile"):
        config = json.loads(members["config.json"])
        if strategy == "compile" and isinstance(config.get("compile_config"), dict):
            config["compile_config"] = _mutate_json(config["compile_config"], rng)
        else:
            config = _mutate_json(config, rng)
        members["config.json"] = json.dumps(config)
    elif strategy == "metadata":
        members["metadata.json"] = json.dumps(_mutate_json(json.loads(members["metadata.json"]),
                                                           rng))
    elif strategy in ("weights", "weights_unhashed"):
        blob = bytearray(members["model.weights.h5"])
        for _ in range(rng.randint(1, 6)):
            blob[rng.randrange(len(blob))] ^= 1 << rng.randrange(8)
        members["model.weights.h5"] = bytes(blob)
        if strategy == "weights_unhashed":  # reach the HDF5 reader, past the hash check
            metadata = json.loads(members["metadata.json"])
            metadata.pop("weights_sha256", None)
            members["metadata.json"] = json.dumps(metadata)
    elif strategy == "members":
        name = rng.choice(list(members))
        choice = rng.random()
        if choice < 0.4:
            del members[name]
        elif choice < 0.7:
            members[name] = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 64)))
        else:
            members["extra.bin"] = b"\0" * rng.randint(0, 4096)
    elif strategy == "deflate":
        members["config.json"] = members["config.json"] + b" " * rng.randint(0, 2**21)
        return _pack(members, zipfile.ZIP_DEFLATED), strategy
    return _pack(members), strategy


# ---------------------------------------------------------------------- running
class _Timeout(BaseException):
    pass


def load_one(keras, data, path, time_limit=10.0):
    """Loads one file; returns ``(outcome, error type name, seconds, foreign calls)``."""
    with open(path, "wb") as stream:
        stream.write(data)
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    start = time.perf_counter()
    outcome, error_type = "success", ""
    with Recorder() as recorder:
        try:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                keras.saving.load_model(path)
        except _Timeout:
            outcome, error_type = "hang", "timeout"
        except ValueError as error:
            outcome, error_type = "clean", type(error).__name__
        except Exception as error:  # noqa: BLE001 (this is what the fuzz looks for)
            outcome, error_type = "unclean", f"{type(error).__name__}: {str(error)[:200]}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return outcome, error_type, time.perf_counter() - start, list(recorder.calls)


def _raise_timeout(signum, frame):
    raise _Timeout()


def run(keras, golden_folder, folder, count, seed):
    """Runs ``count`` seeded mutations; returns the list of per-file results."""
    rng = random.Random(seed)
    seeds = seed_files(keras, golden_folder, folder)
    results = []
    path = os.path.join(folder, "fuzzed.keras")
    for index in range(count):
        data, strategy = mutate(rng.choice(seeds), rng)
        outcome, error, seconds, calls = load_one(keras, data, path)
        results.append({"index": index, "strategy": strategy, "outcome": outcome,
                        "error": error, "seconds": seconds, "foreign_calls": calls})
    return results
