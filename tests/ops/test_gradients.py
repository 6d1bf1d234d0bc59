"""Float64 finite-difference checks of every op, activation, loss and Dense."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import activations, losses, ops
from nbkeras.utils import check_gradients

RNG = np.random.default_rng(0)


def arr(*shape, low=-1.0, high=1.0):
    return RNG.uniform(low, high, size=shape)


@pytest.fixture(autouse=True)
def float64():
    keras.config.set_floatx("float64")
    yield
    keras.config.reset()


OPS = {
    "add broadcast": (lambda a, b: ops.add(a, b), [arr(3, 4), arr(4)]),
    "subtract broadcast": (lambda a, b: ops.subtract(a, b), [arr(3, 1), arr(1, 4)]),
    "multiply": (lambda a, b: ops.multiply(a, b), [arr(3, 4), arr(3, 4)]),
    "divide": (lambda a, b: ops.divide(a, b), [arr(3, 4), arr(3, 4, low=0.5, high=2)]),
    "power": (lambda a, b: ops.power(a, b), [arr(3, low=0.5, high=2), arr(3)]),
    "matmul": (lambda a, b: ops.matmul(a, b), [arr(3, 4), arr(4, 2)]),
    "batched matmul": (lambda a, b: ops.matmul(a, b), [arr(2, 3, 4), arr(4, 2)]),
    "square": (lambda a: ops.square(a), [arr(5)]),
    "sqrt": (lambda a: ops.sqrt(a), [arr(5, low=0.5, high=2)]),
    "exp": (lambda a: ops.exp(a), [arr(5)]),
    "log": (lambda a: ops.log(a), [arr(5, low=0.5, high=2)]),
    "abs": (lambda a: ops.abs(a), [arr(5) + np.sign(arr(5)) * 0.1]),
    "mean all": (lambda a: ops.mean(a), [arr(3, 4)]),
    "mean axis": (lambda a: ops.mean(a, axis=1), [arr(3, 4)]),
    "sum axes keepdims": (lambda a: ops.sum(a, axis=(0, 2), keepdims=True), [arr(2, 3, 4)]),
    "maximum": (lambda a, b: ops.maximum(a, b), [arr(6), arr(6) + 0.05]),
    "minimum": (lambda a, b: ops.minimum(a, b), [arr(6), arr(6) + 0.05]),
    "clip": (lambda a: ops.clip(a, -0.5, 0.5), [np.array([-0.9, -0.3, 0.1, 0.7])]),
    "reshape": (lambda a: ops.reshape(a, (4, 3)), [arr(3, 4)]),
    "transpose": (lambda a: ops.transpose(a, (2, 0, 1)), [arr(2, 3, 4)]),
    "concatenate": (lambda a, b: ops.concatenate([a, b], axis=1), [arr(2, 3), arr(2, 2)]),
    "where": (lambda a, b: ops.where(np.array([True, False, True]), a, b), [arr(3), arr(3)]),
    "slicing": (lambda a: a[1:, ::2], [arr(3, 4)]),
    "tensor used twice": (lambda a: ops.multiply(a, a) + a, [arr(4)]),
    "operators": (lambda a, b: (a * 2.0 - b) / (b * b + 1.0), [arr(3), arr(3)]),
}


@pytest.mark.parametrize("name", OPS)
def test_op_gradient(name):
    fn, inputs = OPS[name]
    result = check_gradients(fn, inputs)
    assert result["ok"], f"{name}: {result}"


@pytest.mark.parametrize("name", sorted(set(activations.ALL_ACTIVATIONS) - {"linear", "swish"}))
def test_activation_gradient(name):
    x = np.array([[-1.7, -0.4, 0.3], [0.9, 1.6, -2.2]])  # away from kinks at 0 and 6
    result = check_gradients(activations.get(name), [x])
    assert result["ok"], f"{name}: {result}"


PROBS = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
ONE_HOT = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
LOSSES = {
    "mse": (losses.mean_squared_error, ONE_HOT),
    "mae": (losses.mean_absolute_error, ONE_HOT + 0.05),
    "mape": (losses.mean_absolute_percentage_error, ONE_HOT + 0.5),
    "msle": (losses.mean_squared_logarithmic_error, ONE_HOT),
    "binary_crossentropy": (losses.binary_crossentropy, ONE_HOT),
    "binary_crossentropy logits": (lambda t, p: losses.binary_crossentropy(t, p, from_logits=True), ONE_HOT),
    "categorical_crossentropy": (losses.categorical_crossentropy, ONE_HOT),
    "categorical_crossentropy logits": (lambda t, p: losses.categorical_crossentropy(t, p, from_logits=True), ONE_HOT),
    "sparse_categorical_crossentropy": (losses.sparse_categorical_crossentropy, np.array([1, 0])),
    "sparse logits": (lambda t, p: losses.sparse_categorical_crossentropy(t, p, from_logits=True), np.array([1, 0])),
}


@pytest.mark.parametrize("name", LOSSES)
def test_loss_gradient(name):
    fn, labels = LOSSES[name]
    result = check_gradients(lambda p: fn(labels, p), [PROBS])
    assert result["ok"], f"{name}: {result}"


@pytest.mark.parametrize("activation", ["linear", "relu", "sigmoid", "tanh", "softmax", "elu"])
@pytest.mark.parametrize("input_shape", [(4, 3), (2, 3, 3)])
def test_dense_gradient_wrt_input_kernel_and_bias(activation, input_shape):
    layer = keras.layers.Dense(2, activation=activation)
    layer.build(input_shape)
    kernel, bias = arr(3, 2), arr(2)

    def dense(x, k, b):
        layer.kernel, layer.bias = k, b
        return layer.call(x)

    result = check_gradients(dense, [arr(*input_shape), kernel, bias])
    assert result["ok"], f"Dense({activation}) on {input_shape}: {result}"


def test_two_layer_sequential_gradient():
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="tanh"),
                              keras.layers.Dense(2, activation="softmax")])
    first, second = model.layers

    def network(x, k1, b1, k2, b2):
        first.kernel, first.bias, second.kernel, second.bias = k1, b1, k2, b2
        return model.call(x)

    result = check_gradients(network, [arr(5, 3), arr(3, 4), arr(4), arr(4, 2), arr(2)])
    assert result["ok"], result


def test_check_gradients_detects_a_wrong_backward():
    from nbkeras.ops.op import Op

    class WrongSquare(Op):
        def forward(self, x):
            self.x = x
            return x * x

        def backward(self, dy):
            return (dy * self.x,)  # missing the factor 2

    assert not check_gradients(lambda x: WrongSquare.apply(x), [arr(3)])["ok"]
