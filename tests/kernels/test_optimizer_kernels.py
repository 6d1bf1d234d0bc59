"""Optimizer kernels: 5-step trajectories against Keras optimizers (golden file), in-place contract."""

import json
import os

import numpy as np
import pytest

from nbkeras.kernels import optimizers

GOLDEN_PATH = os.path.join(os.path.dirname(__file__), "..", "golden", "kernels_optimizers.npz")
GOLDEN = np.load(GOLDEN_PATH, allow_pickle=False)
CASES = sorted({key.split("/")[0] for key in GOLDEN.files} - {"meta", "inputs"})
TOLERANCE = {"float32": dict(rtol=1e-6, atol=1e-6), "float64": dict(rtol=1e-12, atol=1e-12)}


def run_kernel(class_name, config, w, gradients):
    """Applies one kernel per step as an nbkeras optimizer would; returns the trajectory of w.

    ``config`` is the Keras ``get_config()`` of the captured optimizer, so its
    learning rate is already the float32-rounded value Keras keeps in a
    float32 variable (0.01 -> 0.009999999776482582).
    """
    size, dtype = w.size, w.dtype

    def slot(present=True):
        return np.zeros(size if present else 0, dtype)

    lr, eps = config["learning_rate"], config.get("epsilon")
    slots = {"m": slot(), "v": slot(), "extra": slot(), "u_product": 1.0}
    if class_name == "Adagrad":
        slots["extra"] += config["initial_accumulator_value"]
    trajectory = []
    for step, gradient in enumerate(gradients.astype(dtype), start=1):
        if class_name == "SGD" and config["momentum"] == 0.0:
            optimizers.sgd_update(w, gradient, lr)
        elif class_name == "SGD":
            optimizers.sgd_momentum_update(w, gradient, slots["m"], lr,
                                           config["momentum"], config["nesterov"])
        elif class_name == "Adam":
            v_hat = slots["extra"] if config["amsgrad"] else w[:0]
            optimizers.adam_update(w, gradient, slots["m"], slots["v"], v_hat, lr,
                                   config["beta_1"], config["beta_2"], eps, step)
        elif class_name == "RMSprop":
            momentum_slot = slot(config["momentum"] > 0) if step == 1 else slots["momentum"]
            average_gradient = slot(config["centered"]) if step == 1 else slots["average"]
            slots["momentum"], slots["average"] = momentum_slot, average_gradient
            optimizers.rmsprop_update(w, gradient, slots["v"], momentum_slot, average_gradient, lr,
                                      config["rho"], config["momentum"], eps)
        elif class_name == "Adagrad":
            optimizers.adagrad_update(w, gradient, slots["extra"], lr, eps)
        elif class_name == "Adamax":
            optimizers.adamax_update(w, gradient, slots["m"], slots["v"], lr,
                                     config["beta_1"], config["beta_2"], eps, step)
        elif class_name == "Nadam":
            slots["u_product"] = optimizers.nadam_update(
                w, gradient, slots["m"], slots["v"], lr, config["beta_1"], config["beta_2"], eps,
                step, slots["u_product"])
        elif class_name == "Adadelta":
            optimizers.adadelta_update(w, gradient, slots["m"], slots["v"], lr, config["rho"], eps)
        elif class_name == "Lion":
            optimizers.lion_update(w, gradient, slots["m"], lr, config["beta_1"], config["beta_2"])
        else:
            raise AssertionError(f"no kernel mapped for {class_name}")
        trajectory.append(w.copy())
    return np.stack(trajectory)


def test_golden_file_records_keras_version():
    assert str(GOLDEN["meta/keras_version"]).startswith("3.")
    assert len(CASES) == 14


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", CASES)
def test_trajectory_matches_keras(case, dtype):
    class_name = str(GOLDEN[f"{case}/class_name"])
    config = json.loads(str(GOLDEN[f"{case}/config"]))
    w = GOLDEN["inputs/w0"].astype(dtype)
    trajectory = run_kernel(class_name, config, w, GOLDEN["inputs/gradients"])
    assert trajectory.dtype == dtype
    np.testing.assert_allclose(trajectory, GOLDEN[f"{case}/trajectory_{dtype}"], **TOLERANCE[dtype],
                               err_msg=f"{class_name}({json.loads(str(GOLDEN[f'{case}/kwargs']))}) "
                                       f"diverges from keras ({case}); rows are steps")


def test_updates_happen_in_place_and_return_nothing():
    w, g, m = np.ones(3, np.float32), np.full(3, 0.5, np.float32), np.zeros(3, np.float32)
    assert optimizers.sgd_momentum_update(w, g, m, 0.1, 0.9, False) is None
    np.testing.assert_allclose(m, -0.05, rtol=1e-6)
    np.testing.assert_allclose(w, 0.95, rtol=1e-6)
    assert w.dtype == np.float32 and m.dtype == np.float32


def test_adam_first_step_moves_by_learning_rate():
    """With bias correction, Adam's first step is lr * g / (|g| + eps / sqrt(1 - beta_2)) ~ lr * sign(g)."""
    w = np.zeros(4)
    g = np.array([2.0, -3.0, 0.5, 0.1])
    optimizers.adam_update(w, g, np.zeros(4), np.zeros(4), w[:0], 0.01, 0.9, 0.999, 1e-7, 1)
    np.testing.assert_allclose(w, -0.01 * np.sign(g), rtol=1e-4)


def test_nadam_returns_the_running_u_product():
    w, g = np.zeros(2, np.float32), np.ones(2, np.float32)
    m, v = np.zeros(2, np.float32), np.zeros(2, np.float32)
    u_product = 1.0
    for step in (1, 2):
        u_product = optimizers.nadam_update(w, g, m, v, 0.01, 0.9, 0.999, 1e-7, step, u_product)
    expected = 0.9 * (1 - 0.5 * 0.96**1) * 0.9 * (1 - 0.5 * 0.96**2)
    assert isinstance(float(u_product), float)
    np.testing.assert_allclose(u_product, expected, rtol=1e-6)


def test_rmsprop_without_optional_slots():
    w, g, velocity = np.ones(2), np.array([1.0, -1.0]), np.zeros(2)
    empty = np.zeros(0)
    optimizers.rmsprop_update(w, g, velocity, empty, empty, 0.01, 0.9, 0.0, 1e-7)
    np.testing.assert_allclose(velocity, 0.1)
    np.testing.assert_allclose(w, 1.0 - 0.01 * g / np.sqrt(0.1 + 1e-7))


def test_hyper_parameters_are_rounded_to_float32_for_float32_weights():
    """Keras casts lr to the variable dtype: 0.1 becomes 0.10000000149 before multiplying."""
    w, g = np.zeros(1, np.float32), np.ones(1, np.float32)
    optimizers.sgd_update(w, g, 0.1)
    assert w[0] == -np.float32(0.1)
    assert optimizers.cast_like(w, 0.1) == np.float32(0.1)
    assert optimizers.cast_like(np.zeros(1), 0.1) == 0.1


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="nothing is compiled")
@pytest.mark.parametrize("amsgrad", [False, True])
def test_plain_adam_compiles_no_amsgrad_code(amsgrad):
    from numba import njit

    kernel = optimizers.adam_amsgrad_update if amsgrad else optimizers.adam_plain_update
    fresh = njit(kernel.py_func)  # afresh: cached kernels keep no types
    fresh.compile("(" + "float32[::1], " * 5 + "float64, float64, float64, float64, int64)")
    typemap = fresh.overloads[fresh.signatures[0]].type_annotation.typemap
    assert any("built-in function max" in str(t) for t in typemap.values()) == amsgrad


def test_adam_update_picks_amsgrad_by_the_length_of_v_hat():
    w, g = np.full(3, 1.0, np.float32), np.array([0.5, -2.0, 1e-3], np.float32)
    states = {}
    for kernel, v_hat in ((optimizers.adam_update, np.zeros(0, np.float32)),
                          (optimizers.adam_plain_update, np.zeros(0, np.float32)),
                          (optimizers.adam_update, np.zeros(3, np.float32)),
                          (optimizers.adam_amsgrad_update, np.zeros(3, np.float32))):
        values, m, v = w.copy(), np.zeros(3, np.float32), np.zeros(3, np.float32)
        for step in (1, 2):
            kernel(values, g * step, m, v, v_hat, 0.01, 0.9, 0.999, 1e-7, step)
        states.setdefault(v_hat.size, []).append(values)
    for same in states.values():
        np.testing.assert_array_equal(*same)
