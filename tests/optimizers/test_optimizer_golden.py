"""Every optimizer, clipping mode, weight decay and schedule follows Keras 3 for 20 steps.

All 24 captured cases: SGD (plain, momentum, Nesterov), Adam (+amsgrad), RMSprop
(+momentum, +centered), Adagrad, AdamW, Adamax, Nadam, Adadelta, Lion, and the
base-class features (clipnorm, clipvalue, global_clipnorm, weight_decay, schedules).
"""

import json

import numpy as np
import pytest

from tests.optimizers.golden_cases import GOLDEN, GOLDEN_PATH, OPTIMIZER_CASES, replay, text

CASES = OPTIMIZER_CASES


@pytest.mark.parametrize("case", CASES)
def test_trajectory_matches_keras(case):
    optimizer, _, trajectories, rates = replay(case)
    for i, trajectory in enumerate(trajectories):
        expected = GOLDEN[f"{case}/var{i}_steps"]
        start = GOLDEN[f"{case}/var{i}_init"]
        # Compare the movement too: with small rates the weights themselves hide errors.
        np.testing.assert_allclose(trajectory, expected, rtol=1e-5, atol=1e-6,
                                   err_msg=f"{case}: var{i} after each step differs from Keras")
        # Keras's torch backend fuses multiply-adds, so weights may differ by a few float32
        # roundings (ulps); beyond that, the movement must agree to 1e-4.
        ulps = 4 * np.spacing(np.abs(expected).astype(np.float32))
        movement_error = np.abs((trajectory - start) - (expected - start))
        assert np.all(movement_error <= 1e-4 * np.abs(expected - start) + ulps), (
            f"{case}: var{i} moved differently from Keras; worst error "
            f"{movement_error.max():.3g} at step {np.unravel_index(movement_error.argmax(), movement_error.shape)[0] + 1}")
    np.testing.assert_allclose(rates, GOLDEN[f"{case}/learning_rate_steps"], rtol=1e-6,
                               err_msg=f"{case}: learning rate used at each step differs")
    assert optimizer.iterations == int(GOLDEN[f"{case}/iterations"])


@pytest.mark.parametrize("case", CASES)
def test_config_matches_keras(case):
    optimizer, *_ = replay(case)
    expected = json.loads(text(f"{case}/config"))
    config = optimizer.get_config()
    if isinstance(config["learning_rate"], dict):
        config["learning_rate"] = json.loads(json.dumps(config["learning_rate"]))
    assert config.keys() == expected.keys(), f"{case}: config keys differ from Keras"
    for key, value in expected.items():
        if key == "name":
            assert config[key].startswith(value), f"{case}: name {config[key]} vs {value}"
        else:
            assert config[key] == value, f"{case}: config[{key!r}] = {config[key]!r}, Keras {value!r}"


@pytest.mark.parametrize("case", ["adamw_default", "adamax_default", "nadam_default",
                                  "adadelta_lr1", "lion_default"])
def test_state_layout_matches_keras(case):
    optimizer, *_ = replay(case)
    names = json.load(open(str(__import__("tests.optimizers.golden_cases", fromlist=["x"])
                               .GOLDEN_PATH).replace(".npz", ".json")))
    expected = names["optimizers"][case]["optimizer_variable_names"]
    assert len(optimizer.variables) == len(expected)
    shapes = [np.shape(v) for v in optimizer.variables[2:]]
    slot_shapes = [(3, 4) if "var0" in n else (4,) if "var1" in n else () for n in expected[2:]]
    assert shapes == slot_shapes, f"{case}: optimizer state order {shapes} vs Keras {expected}"


@pytest.mark.parametrize("case", ["adamw_default", "nadam_default", "lion_default"])
def test_float64_variables_follow_the_same_rule(case):
    _, _, trajectories, _ = replay(case, dtype="float64")
    np.testing.assert_allclose(trajectories[0], GOLDEN[f"{case}/var0_steps"], rtol=1e-5, atol=1e-6)


# Every slot's values after the 20 steps, captured by tools/capture_golden_fidelity.py: swapping
# two slots of the same shape (Adam's two moments) would keep the shapes but fail here.
STATE = np.load(GOLDEN_PATH.parent / "fidelity.npz", allow_pickle=False)
STATE_CASES = sorted({k.split("/")[1] for k in STATE.files if k.startswith("optimizer_state/")})


def test_every_plain_case_has_its_state_captured():
    assert len(STATE_CASES) >= 20


@pytest.mark.parametrize("case", STATE_CASES)
def test_optimizer_state_values_match_keras(case):
    optimizer, *_ = replay(case)
    expected = [STATE[f"optimizer_state/{case}/{i}"]
                for i in range(sum(k.startswith(f"optimizer_state/{case}/") for k in STATE.files))]
    assert len(optimizer.variables) == len(expected), f"{case}: number of optimizer variables"
    for index, (mine, theirs) in enumerate(zip(optimizer.variables, expected)):
        np.testing.assert_allclose(np.asarray(mine, dtype=np.float32), theirs, rtol=1e-4, atol=1e-6,
                                   err_msg=f"{case}: optimizer variable {index} differs from Keras")
