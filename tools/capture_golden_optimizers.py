"""Capture optimizer and learning-rate-schedule golden values from real Keras 3.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_golden_optimizers.py

Writes tests/golden/optimizers.npz and tests/golden/optimizers.json.
Each optimizer case applies the same 20 fixed gradient pairs to two variables
of shapes (3, 4) and (4,) with `apply_gradients`, recording both variables
after every step. Each schedule case records `schedule(step)` for steps 0..60.
See tests/golden/README.md for the key layout.
"""

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402

NUM_STEPS = 20
SCHEDULE_STEPS = np.arange(61)
VARIABLE_SHAPES = [(3, 4), (4,)]

# name -> (optimizer class name, constructor kwargs)
OPTIMIZER_CASES = {
    "sgd_plain": ("SGD", {}),
    "sgd_momentum": ("SGD", {"momentum": 0.9}),
    "sgd_nesterov": ("SGD", {"momentum": 0.9, "nesterov": True}),
    "adam_default": ("Adam", {}),
    "adam_amsgrad": ("Adam", {"amsgrad": True}),
    "rmsprop_default": ("RMSprop", {}),
    "rmsprop_momentum": ("RMSprop", {"momentum": 0.9}),
    "rmsprop_centered": ("RMSprop", {"centered": True}),
    "adagrad_default": ("Adagrad", {}),
    "adamw_default": ("AdamW", {}),
    "adamax_default": ("Adamax", {}),
    "nadam_default": ("Nadam", {}),
    "adadelta_default": ("Adadelta", {}),
    # Adadelta's default lr=0.001 moves weights by ~1e-6 per step; the classic
    # lr=1.0 makes the trajectory large enough to test.
    "adadelta_lr1": ("Adadelta", {"learning_rate": 1.0}),
    "lion_default": ("Lion", {}),
    "sgd_clipnorm": ("SGD", {"learning_rate": 0.1, "clipnorm": 0.1}),
    "sgd_clipvalue": ("SGD", {"learning_rate": 0.1, "clipvalue": 0.05}),
    "sgd_global_clipnorm": ("SGD", {"learning_rate": 0.1, "global_clipnorm": 0.1}),
    "adam_clipnorm": ("Adam", {"clipnorm": 0.1}),
    "adam_clipvalue": ("Adam", {"clipvalue": 0.05}),
    "adam_global_clipnorm": ("Adam", {"global_clipnorm": 0.1}),
    "sgd_weight_decay": ("SGD", {"weight_decay": 0.01}),
    "adam_weight_decay": ("Adam", {"weight_decay": 0.01}),
}

# name -> (schedule class name, constructor kwargs)
SCHEDULE_CASES = {
    "exponential_decay": (
        "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5},
    ),
    "exponential_decay_staircase": (
        "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5,
         "staircase": True},
    ),
    "piecewise_constant_decay": (
        "PiecewiseConstantDecay",
        {"boundaries": [10, 30], "values": [0.1, 0.05, 0.01]},
    ),
    "polynomial_decay": (
        "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 25,
         "end_learning_rate": 0.001, "power": 2.0},
    ),
    "polynomial_decay_cycle": (
        "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 25,
         "end_learning_rate": 0.001, "power": 2.0, "cycle": True},
    ),
    "inverse_time_decay": (
        "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5},
    ),
    "inverse_time_decay_staircase": (
        "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5,
         "staircase": True},
    ),
    "cosine_decay": (
        "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 40, "alpha": 0.1},
    ),
    "cosine_decay_warmup": (
        "CosineDecay",
        {"initial_learning_rate": 0.0, "decay_steps": 40, "alpha": 0.1,
         "warmup_target": 0.1, "warmup_steps": 10},
    ),
    "cosine_decay_restarts": (
        "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 2.0,
         "m_mul": 0.5, "alpha": 0.1},
    ),
}

# Adam whose learning rate is driven by a schedule, evaluated per step.
SCHEDULED_ADAM_CASE = (
    "adam_exponential_decay",
    "ExponentialDecay",
    {"initial_learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5},
)


def make_inputs():
    """Initial variable values and the fixed gradient sequence (float32)."""
    rng = np.random.default_rng(0)
    initial = [rng.normal(size=shape).astype(np.float32) for shape in VARIABLE_SHAPES]
    # grads[step] per variable; scale 1 so clipnorm=0.1 / clipvalue=0.05 bite.
    grads = [
        rng.normal(size=(NUM_STEPS,) + shape).astype(np.float32)
        for shape in VARIABLE_SHAPES
    ]
    return initial, grads


def run_optimizer(optimizer, initial, grads):
    """Apply the gradient sequence; return per-variable (steps, *shape) arrays."""
    variables = [
        keras.Variable(value, dtype="float32", name=f"var{index}")
        for index, value in enumerate(initial)
    ]
    trajectory = [[] for _ in variables]
    learning_rates = []
    for step in range(NUM_STEPS):
        # The rate this step uses (a schedule is evaluated at `iterations`).
        learning_rates.append(float(golden_io.to_numpy(optimizer.learning_rate)))
        step_grads = [keras.ops.convert_to_tensor(g[step]) for g in grads]
        optimizer.apply_gradients(zip(step_grads, variables))
        for index, variable in enumerate(variables):
            trajectory[index].append(golden_io.as_float32(variable.value))
    return [np.stack(steps) for steps in trajectory], np.array(learning_rates)


def add_optimizer_case(golden, case, class_name, kwargs, initial, grads,
                       optimizer=None):
    if optimizer is None:
        # Fresh name counters, so the config "name" is the plain default.
        keras.backend.clear_session()
        optimizer = getattr(keras.optimizers, class_name)(**kwargs)
    trajectories, learning_rates = run_optimizer(optimizer, initial, grads)
    for index, (value, grad, steps) in enumerate(zip(initial, grads, trajectories)):
        golden.add(f"{case}/var{index}_init", value)
        golden.add(f"{case}/grads{index}", grad)
        golden.add(f"{case}/var{index}_steps", steps)
    golden.add(f"{case}/learning_rate_steps", learning_rates)
    golden.add_text(f"{case}/class_name", class_name)
    golden.add_json(f"{case}/kwargs", kwargs)
    config = optimizer.get_config()
    golden.add_json(f"{case}/config", config)
    golden.add_int(f"{case}/iterations", golden_io.to_numpy(optimizer.iterations))
    golden.structure["optimizers"][case] = {
        "class_name": class_name,
        "kwargs": kwargs,
        "config": config,
        "optimizer_variable_names": [v.path for v in optimizer.variables],
    }


def add_schedule_case(golden, case, class_name, kwargs):
    schedule = getattr(keras.optimizers.schedules, class_name)(**kwargs)
    values = [float(golden_io.to_numpy(schedule(int(step)))) for step in SCHEDULE_STEPS]
    golden.add_int(f"{case}/steps", SCHEDULE_STEPS)
    golden.add(f"{case}/values", np.array(values))
    golden.add_text(f"{case}/class_name", class_name)
    golden.add_json(f"{case}/kwargs", kwargs)
    config = schedule.get_config()
    golden.add_json(f"{case}/config", config)
    golden.structure["schedules"][case] = {
        "class_name": class_name, "kwargs": kwargs, "config": config,
        "serialized": keras.optimizers.schedules.serialize(schedule),
    }


def main():
    golden_io.seed_everything(0)
    golden = golden_io.GoldenFile("optimizers", __file__)
    golden.structure["optimizers"] = {}
    golden.structure["schedules"] = {}
    golden.structure["num_steps"] = NUM_STEPS
    golden.structure["variable_shapes"] = VARIABLE_SHAPES
    initial, grads = make_inputs()

    for case, (class_name, kwargs) in OPTIMIZER_CASES.items():
        add_optimizer_case(golden, case, class_name, kwargs, initial, grads)

    case, schedule_name, schedule_kwargs = SCHEDULED_ADAM_CASE
    keras.backend.clear_session()
    schedule = getattr(keras.optimizers.schedules, schedule_name)(**schedule_kwargs)
    add_optimizer_case(
        golden, case, "Adam", {"learning_rate": {"schedule": schedule_name,
                                                  **schedule_kwargs}},
        initial, grads, optimizer=keras.optimizers.Adam(learning_rate=schedule),
    )

    for case, (class_name, kwargs) in SCHEDULE_CASES.items():
        add_schedule_case(golden, case, class_name, kwargs)

    golden.save(with_json=True)


if __name__ == "__main__":
    main()
