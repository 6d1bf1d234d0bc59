"""Float64 finite-difference checks through merging/reshaping layers, branching graphs,
shared layers and nested models."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from nbkeras.ops.tape import GradientTape
from nbkeras.utils import check_gradients

RNG = np.random.default_rng(0)


def arr(*shape):
    return RNG.uniform(-1.0, 1.0, size=shape)


@pytest.fixture(autouse=True)
def float64():
    keras.config.set_floatx("float64")
    yield
    keras.config.reset()


MERGES = {
    "Add": (layers.Add, [(3, 4)] * 3),
    "Subtract": (layers.Subtract, [(3, 4)] * 2),
    "Multiply": (layers.Multiply, [(3, 4)] * 3),
    "Average": (layers.Average, [(3, 4)] * 3),
    "Maximum": (layers.Maximum, [(3, 4)] * 2),
    "Minimum": (layers.Minimum, [(3, 4)] * 2),
    "Concatenate": (layers.Concatenate, [(3, 4), (3, 2)]),
    "Concatenate axis 1 (3-D)": (lambda: layers.Concatenate(axis=1), [(2, 3, 4), (2, 1, 4)]),
    "Dot axes 1": (lambda: layers.Dot(axes=1), [(3, 4)] * 2),
    "Dot normalize": (lambda: layers.Dot(axes=1, normalize=True), [(3, 4)] * 2),
}


def apart(first, count):
    """``first`` and ``count - 1`` arrays whose elements differ from it by 0.2 to 0.6, so
    Maximum and Minimum meet no tie inside the finite-difference step."""
    shifts = [RNG.choice([-1.0, 1.0], first.shape) * RNG.uniform(0.2, 0.6, first.shape)
              for _ in range(count - 1)]
    return [first] + [first + shift for shift in shifts]


@pytest.mark.parametrize("name", MERGES)
def test_merge_layer_gradient_wrt_every_input(name):
    make, shapes = MERGES[name]
    layer = make()
    inputs = apart(arr(*shapes[0]), len(shapes)) if len(set(shapes)) == 1 else [arr(*s) for s in shapes]
    result = check_gradients(lambda *xs: layer(list(xs)), inputs)
    assert result["ok"], f"{name}: {result}"


def test_dot_on_3d_inputs_gradient():
    layer = layers.Dot(axes=(1, 2))
    result = check_gradients(lambda x, y: layer([x, y]), [arr(2, 3, 4), arr(2, 5, 3)])
    assert result["ok"], result


RESHAPES = {
    "Reshape": (lambda: layers.Reshape((2, -1)), (3, 6)),
    # A 3-cycle, not a swap: a swap is its own inverse and would hide a backward that
    # forgets to invert the permutation.
    "Permute": (lambda: layers.Permute((3, 1, 2)), (2, 2, 3, 4)),
    "RepeatVector": (lambda: layers.RepeatVector(3), (2, 4)),
    "Flatten": (lambda: layers.Flatten(), (2, 3, 2)),
    "Lambda": (lambda: layers.Lambda(lambda t: keras.ops.tanh(t) * 2.0), (3, 4)),
}


@pytest.mark.parametrize("name", RESHAPES)
def test_reshaping_layer_gradient(name):
    make, shape = RESHAPES[name]
    layer = make()
    result = check_gradients(lambda x: layer(x), [arr(*shape)])
    assert result["ok"], f"{name}: {result}"


def _swap_in(layer, kernel, bias):
    layer.kernel, layer.bias = kernel, bias


def test_branching_graph_gradient_wrt_input_and_every_kernel():
    inputs = keras.Input(shape=(3,))
    left = layers.Dense(4, activation="tanh", name="left")(inputs)
    right = layers.Dense(2, activation="sigmoid", name="right")(inputs)
    out = layers.Dense(2, name="out")(layers.Concatenate()([left, right]))
    model = keras.Model(inputs, out)
    names = ["left", "right", "out"]

    def network(x, k1, b1, k2, b2, k3, b3):
        for name, (k, b) in zip(names, [(k1, b1), (k2, b2), (k3, b3)]):
            _swap_in(model.get_layer(name), k, b)
        return model(x)

    result = check_gradients(network, [arr(5, 3), arr(3, 4), arr(4), arr(3, 2), arr(2),
                                       arr(6, 2), arr(2)])
    assert result["ok"], result


def _kernel_gradient(model, layer, x):
    with GradientTape() as tape:
        loss = keras.ops.sum(keras.ops.square(model(x)))
    return tape.gradient(loss, [layer.kernel])[0]


def test_shared_layer_gradient_is_the_sum_over_its_calls():
    shared = layers.Dense(3, activation="tanh", name="shared")
    first, second = keras.Input(shape=(2,)), keras.Input(shape=(2,))
    both = keras.Model([first, second], layers.Add()([shared(first), shared(second)]))
    only_first = keras.Model(first, shared(first))
    only_second = keras.Model(second, shared(second))
    a, b = arr(4, 2), arr(4, 2)

    # The loss sums both calls' outputs, so the kernel's gradient must be the sum of the
    # gradients each call gives alone (accumulated, never overwritten).
    def separate(model, x):
        with GradientTape() as tape:
            loss = keras.ops.sum(model(x))
        return tape.gradient(loss, [shared.kernel])[0]

    total = separate(both, [a, b])
    parts = separate(only_first, a) + separate(only_second, b)
    np.testing.assert_allclose(total, parts, rtol=1e-12, atol=1e-12)
    assert len(both.weights) == 2, "one kernel and one bias, however often the layer is called"

    def network(x1, x2, kernel, bias):
        _swap_in(shared, kernel, bias)
        return both([x1, x2])

    result = check_gradients(network, [a, b, arr(2, 3), arr(3)])
    assert result["ok"], result


def test_nested_model_gradient():
    inner_input = keras.Input(shape=(3,))
    inner = keras.Model(inner_input, layers.Dense(4, activation="relu", name="inner_dense")(inner_input),
                        name="inner")
    outer_input = keras.Input(shape=(3,))
    outer = keras.Model(outer_input, layers.Dense(2, name="head")(inner(outer_input)))
    dense, head = inner.get_layer("inner_dense"), outer.get_layer("head")

    def network(x, k1, b1, k2, b2):
        _swap_in(dense, k1, b1)
        _swap_in(head, k2, b2)
        return outer(x)

    x = arr(5, 3)
    result = check_gradients(network, [x, arr(3, 4), arr(4) + 0.3, arr(4, 2), arr(2)])
    assert result["ok"], result
    # The outer model's gradient reaches the inner model's weights.
    assert np.abs(_kernel_gradient(outer, dense, x)).sum() > 0
