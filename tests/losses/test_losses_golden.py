"""Every loss class, under every reduction, with and without sample weights, equals Keras 3.

Values and gradients w.r.t. y_pred come from tests/golden/layers.npz
(``loss_<case>``), captured with Keras 3.15.1.
"""

import json
import pathlib

import numpy as np
import pytest

from nbkeras import losses, ops
from nbkeras.ops.tape import GradientTape
from nbkeras.ops.tensor import Variable

GOLDEN = np.load(pathlib.Path(__file__).parents[1] / "golden" / "layers.npz", allow_pickle=False)
CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.startswith("loss_") and k.endswith("/y_pred")})
REDUCTIONS = ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"]


def run(case, reduction, weighted):
    kwargs = json.loads(str(GOLDEN[f"{case}/kwargs"]))
    loss = getattr(losses, str(GOLDEN[f"{case}/class_name"]))(reduction=reduction, **kwargs)
    y_pred = Variable(np.array(GOLDEN[f"{case}/y_pred"]))
    weight = GOLDEN[f"{case}/sample_weight"] if weighted else None
    with GradientTape() as tape:
        value = loss(GOLDEN[f"{case}/y_true"], y_pred, sample_weight=weight)
        total = value if value.ndim == 0 else ops.sum(value)
    return loss, value.numpy(), tape.gradient(total, y_pred)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", CASES)
def test_value_and_gradient_match_keras(case, reduction, weighted):
    suffix = f"{reduction}_weighted" if weighted else reduction
    _, value, grad = run(case, reduction, weighted)
    np.testing.assert_allclose(value, GOLDEN[f"{case}/value_{suffix}"], rtol=1e-5, atol=1e-6,
                               err_msg=f"{case} ({suffix}): loss value differs from Keras")
    np.testing.assert_allclose(grad, GOLDEN[f"{case}/grad_{suffix}"], rtol=1e-5, atol=1e-6,
                               err_msg=f"{case} ({suffix}): gradient w.r.t. y_pred differs")


@pytest.mark.parametrize("case", CASES)
def test_config_and_string_identifier_match_keras(case):
    loss, _, _ = run(case, "sum_over_batch_size", False)
    assert loss.get_config() == json.loads(str(GOLDEN[f"{case}/config"]))
    identifier = str(GOLDEN[f"{case}/identifier"])
    assert callable(losses.get(identifier))
    rebuilt = losses.deserialize(losses.serialize(loss))
    assert type(rebuilt) is type(loss) and rebuilt.get_config() == loss.get_config()
