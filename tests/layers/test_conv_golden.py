"""Conv, pooling, reshaping and normalization layers against real Keras 3 (tests/golden/conv.npz, conv3d.npz).

Same weights in, same numbers out: inference and training outputs, the
gradients of ``sum(y * cotangent)`` for the input and every trainable weight,
the configs, and a 3-epoch SGD fit of ``Input -> layer -> Flatten -> Dense(2)``.
"""

import json
import os

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from nbkeras.ops.tape import GradientTape
from nbkeras.ops.tensor import Variable

FILES = {name: np.load(os.path.join(os.path.dirname(__file__), "..", "golden", f"{name}.npz"),
                       allow_pickle=False) for name in ("conv", "conv3d")}
# Case names are unique across the files; each case reads the file it comes from.
SOURCE = {case: golden for golden in FILES.values() for case in json.loads(str(golden["cases"]))}
CASES = list(SOURCE)


class _Golden:
    """``GOLDEN["<case>/<what>"]`` looks in the case's own file."""

    def __getitem__(self, key):
        return SOURCE[key.partition("/")[0]][key]

    def __contains__(self, key):
        return key in SOURCE[key.partition("/")[0]]


GOLDEN = _Golden()
RTOL, ATOL = 1e-5, 1e-5


def text(key):
    return json.loads(str(GOLDEN[key]))


def weights_of(case, prefix="w"):
    result, i = [], 0
    while f"{case}/{prefix}{i}" in GOLDEN:
        result.append(GOLDEN[f"{case}/{prefix}{i}"])
        i += 1
    return result


def make_layer(case):
    layer = getattr(layers, str(GOLDEN[f"{case}/class_name"]))(**text(f"{case}/kwargs"))
    x = GOLDEN[f"{case}/x"]
    layer.build(x.shape)
    layer.set_weights(weights_of(case))
    return layer, x


@pytest.mark.parametrize("case", CASES)
def test_outputs_and_gradients_match_keras(case):
    layer, x = make_layer(case)
    np.testing.assert_allclose(layer(x).numpy(), GOLDEN[f"{case}/y"], rtol=RTOL, atol=ATOL)
    inputs = Variable(x)
    with GradientTape() as tape:
        y = layer(inputs, training=True)
        objective = keras.ops.sum(keras.ops.multiply(y, GOLDEN[f"{case}/cotangent"]))
    np.testing.assert_allclose(y.numpy(), GOLDEN[f"{case}/y_train"], rtol=RTOL, atol=ATOL)
    grads = tape.gradient(objective, [inputs] + layer.trainable_weights)
    np.testing.assert_allclose(grads[0], GOLDEN[f"{case}/grad_x"], rtol=1e-4, atol=1e-5)
    for grad, expected in zip(grads[1:], weights_of(case, "grad_w")):
        np.testing.assert_allclose(grad, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("case", CASES)
def test_config_matches_keras(case):
    layer, _ = make_layer(case)
    ours = json.loads(json.dumps(layer.get_config()))
    theirs = text(f"{case}/config")
    theirs["name"] = ours["name"]
    assert ours == _without_sharding_hints(theirs)


def _without_sharding_hints(config):
    """Keras 3.15 adds input_axes/output_axes (None) to initializer configs; nbkeras omits them."""
    if isinstance(config, dict):
        return {k: _without_sharding_hints(v) for k, v in config.items()
                if not (k in ("input_axes", "output_axes") and v is None)}
    return config


FIT_CASES = [case for case in CASES if f"{case}/fit_loss" in GOLDEN]


@pytest.mark.parametrize("case", FIT_CASES)
def test_three_epoch_fit_matches_keras(case):
    layer = getattr(layers, str(GOLDEN[f"{case}/class_name"]))(**text(f"{case}/kwargs"))
    x = GOLDEN[f"{case}/x"]
    model = keras.Sequential([keras.Input(x.shape[1:]), layer, layers.Flatten(), layers.Dense(2)])
    layer.set_weights(weights_of(case))
    model.layers[-1].set_weights(weights_of(case, "fit_dense_w"))
    model.compile(keras.optimizers.SGD(0.05), "mse")
    epochs = []
    history = model.fit(x, GOLDEN[f"{case}/fit_target"], batch_size=len(x), epochs=3, shuffle=False,
                        verbose=0, callbacks=[keras.callbacks.LambdaCallback(
                            on_epoch_end=lambda e, logs: epochs.append(layer.get_weights()))])
    np.testing.assert_allclose(history.history["loss"], GOLDEN[f"{case}/fit_loss"], rtol=1e-4)
    for e, ours in enumerate(epochs):
        for i, w in enumerate(ours):  # BatchNormalization's moving statistics included
            expected = GOLDEN[f"{case}/fit_weights_epoch{e}_w{i}"]
            # float32 sums cancel: compare each element at the precision of the array's scale.
            np.testing.assert_allclose(w, expected, rtol=1e-4, atol=1e-5 * max(1.0, np.abs(expected).max()),
                                       err_msg=f"epoch {e}, weight {i}")
    np.testing.assert_allclose(model.predict(x, verbose=0), GOLDEN[f"{case}/fit_prediction"],
                               rtol=1e-4, atol=1e-5)
