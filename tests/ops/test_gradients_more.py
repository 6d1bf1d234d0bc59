"""Float64 finite-difference checks the first gradient suite left out.

negative, cast, expand_dims, squeeze; softmax and log_softmax on a
non-last axis; the Activation layer; ActivityRegularization's penalty;
SpatialDropout1D/2D/3D (seeded, so every evaluation draws the same mask);
Dense without bias.
"""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import ops
from nbkeras.utils import check_gradients

RNG = np.random.default_rng(5)


def arr(*shape):
    return RNG.uniform(-1.0, 1.0, size=shape)


@pytest.fixture(autouse=True)
def float64():
    keras.config.set_floatx("float64")
    yield
    keras.config.reset()


SCALE = arr(3, 2, 4)  # broadcasts against the new axis, so its gradient is a sum
CASES = {
    "negative": (lambda a: ops.negative(a), [arr(3, 4)]),
    "cast float64 to float64": (lambda a: ops.cast(a, "float64") * 2.0, [arr(5)]),
    "expand_dims": (lambda a: ops.expand_dims(a, 1) * SCALE, [arr(3, 4)]),
    "squeeze": (lambda a: ops.squeeze(a, axis=1), [arr(3, 1, 4)]),
    "softmax axis 0": (lambda a: keras.ops.softmax(a, axis=0), [arr(3, 4)]),
    "softmax axis 1 of 3": (lambda a: keras.ops.softmax(a, axis=1), [arr(2, 3, 4)]),
    "log_softmax axis 0": (lambda a: keras.ops.log_softmax(a, axis=0), [arr(3, 4)]),
    "log_softmax axis 1 of 3": (lambda a: keras.ops.log_softmax(a, axis=1), [arr(2, 3, 4)]),
    "Activation tanh": (lambda a: keras.layers.Activation("tanh")(a), [arr(3, 4)]),
    "Activation softmax": (lambda a: keras.layers.Activation("softmax")(a), [arr(3, 4)]),
    "SpatialDropout1D": (lambda a: keras.layers.SpatialDropout1D(0.5, seed=1)(a, training=True),
                         [arr(2, 3, 4)]),
    "SpatialDropout2D": (lambda a: keras.layers.SpatialDropout2D(0.5, seed=1)(a, training=True),
                         [arr(2, 2, 2, 3)]),
    "SpatialDropout3D": (lambda a: keras.layers.SpatialDropout3D(0.5, seed=1)(a, training=True),
                         [arr(1, 2, 2, 2, 3)]),
}


@pytest.mark.parametrize("name", CASES)
def test_gradient(name):
    fn, inputs = CASES[name]
    result = check_gradients(fn, inputs)
    assert result["ok"], f"{name}: {result}"


@pytest.mark.parametrize("l1, l2", [(0.1, 0.0), (0.0, 0.2), (0.05, 0.3)])
def test_activity_regularization_penalty_gradient(l1, l2):
    def penalty(x):
        layer = keras.layers.ActivityRegularization(l1=l1, l2=l2)
        layer(x)
        return layer.losses[-1]

    x = arr(4, 3)
    x[np.abs(x) < 0.05] = 0.3  # |x| has a kink at 0
    result = check_gradients(penalty, [x])
    assert result["ok"], result


def test_dense_without_bias_gradient():
    layer = keras.layers.Dense(2, use_bias=False, activation="tanh")
    layer.build((4, 3))

    def dense(x, kernel):
        layer.kernel = kernel
        return layer.call(x)

    result = check_gradients(dense, [arr(4, 3), arr(3, 2)])
    assert result["ok"], result
