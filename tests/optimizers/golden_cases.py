"""Replays the optimizer cases of tests/golden/optimizers.npz (captured from Keras 3.15.1)."""

import json
import pathlib

import numpy as np

import nbkeras as keras

GOLDEN_PATH = pathlib.Path(__file__).parents[1] / "golden" / "optimizers.npz"
GOLDEN = np.load(GOLDEN_PATH, allow_pickle=False)
OPTIMIZER_CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.endswith("/var0_steps")})
SCHEDULE_CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.endswith("/values")})


def text(key):
    return str(GOLDEN[key])


def build_optimizer(case):
    """The optimizer of a case, built from its class name and kwargs as Keras was."""
    kwargs = json.loads(text(f"{case}/kwargs"))
    learning_rate = kwargs.get("learning_rate")
    if isinstance(learning_rate, dict):
        schedule_kwargs = dict(learning_rate)
        schedule_class = getattr(keras.optimizers.schedules, schedule_kwargs.pop("schedule"))
        kwargs["learning_rate"] = schedule_class(**schedule_kwargs)
    return getattr(keras.optimizers, text(f"{case}/class_name"))(**kwargs)


def replay(case, dtype="float32"):
    """Runs the 20 recorded steps; returns (optimizer, variables, trajectories, learning rates)."""
    optimizer = build_optimizer(case)
    variables = [keras.Variable(np.array(GOLDEN[f"{case}/var{i}_init"], dtype=dtype), name=f"var{i}")
                 for i in range(2)]
    trajectories, rates = ([], []), []
    for step in range(len(GOLDEN[f"{case}/grads0"])):
        rates.append(float(optimizer.learning_rate))
        grads = [np.array(GOLDEN[f"{case}/grads{i}"][step], dtype=dtype) for i in range(2)]
        optimizer.apply(grads, variables)
        for i, variable in enumerate(variables):
            trajectories[i].append(np.array(variable.numpy()))
    return optimizer, variables, [np.stack(t) for t in trajectories], np.array(rates)
