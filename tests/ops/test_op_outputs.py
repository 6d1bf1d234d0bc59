"""Ops with several outputs, and the weight-gradient helper fused ops share."""

import numpy as np
import pytest

from nbkeras import ops
from nbkeras.ops.op import Op
from nbkeras.ops.tape import GradientTape, Tape
from nbkeras.ops.tensor import Variable
from nbkeras.utils.gradient_check import check_gradients


class SumAndProduct(Op):
    """Two outputs from one input: (x + y, x * y), with one backward for both."""

    def forward(self, x, y):
        self.x, self.y = x, y
        return x + y, x * y

    def backward(self, dy):
        d_sum, d_product = dy
        dx = np.zeros_like(self.x)
        dy_in = np.zeros_like(self.y)
        if d_sum is not None:
            dx += d_sum
            dy_in += d_sum
        if d_product is not None:
            dx += d_product * self.y
            dy_in += d_product * self.x
        return dx, dy_in


class CountingSplit(Op):
    """Splits and records which output gradients backward received."""

    seen = []

    def forward(self, x):
        return x[:1].copy(), x[1:].copy(), np.arange(2)

    def backward(self, dy):
        CountingSplit.seen.append(tuple(g is not None for g in dy))
        first, second, _ = dy
        parts = [np.zeros((1,) + second.shape[1:], second.dtype) if first is None else first,
                 np.zeros_like(second) if second is None else second]
        return (np.concatenate(parts),)


def test_an_op_with_two_outputs_returns_two_tensors_and_sums_both_gradients():
    x, y = Variable(np.array([1.0, 2.0])), Variable(np.array([3.0, 5.0]))
    with GradientTape() as tape:
        total, product = SumAndProduct.apply(x, y)
        loss = ops.sum(total * 2.0) + ops.sum(product)
    dx, dy = tape.gradient(loss, [x, y])
    np.testing.assert_allclose(dx, 2.0 + np.array([3.0, 5.0]))
    np.testing.assert_allclose(dy, 2.0 + np.array([1.0, 2.0]))


def test_an_unused_output_reaches_backward_as_none():
    CountingSplit.seen.clear()
    x = Variable(np.arange(6, dtype=np.float32).reshape(3, 2))
    with GradientTape() as tape:
        _, rest, indices = CountingSplit.apply(x)
        loss = ops.sum(rest)
    grad = tape.gradient(loss, x)
    assert CountingSplit.seen == [(False, True, False)]
    np.testing.assert_array_equal(grad, [[0, 0], [1, 1], [1, 1]])
    assert not indices.requires_grad, "integer outputs carry no gradient"


def test_outside_a_tape_several_outputs_are_plain_tensors():
    total, product = SumAndProduct.apply(np.array([1.0]), np.array([2.0]))
    assert not total.requires_grad and float(product.data[0]) == 2.0


def test_two_output_op_passes_a_float64_gradient_check():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(3,)), rng.normal(size=(3,))

    def loss(a, b):
        total, product = SumAndProduct.apply(a, b)
        return ops.sum(ops.square(total)) + ops.sum(product * 3.0)

    assert check_gradients(loss, [x, y])["ok"]


class Product(Op):
    def forward(self, a, w):
        self.a = a
        return a @ w

    def backward(self, dy):
        return None, self.input_grad_from_product(1, self.a.T, dy)


@pytest.mark.parametrize("buffer_free", [False, True])
def test_weight_gradient_helper_writes_into_a_free_optimizer_buffer(buffer_free):
    a = np.arange(6, dtype=np.float64).reshape(3, 2)
    w = Variable(np.ones((2, 4)))
    buffer = None
    if buffer_free:  # what the optimizer leaves between steps: a stale buffer standing for zero
        buffer = np.full((2, 4), 99.0)
        w.grad, w.grad_is_zero = buffer, True
    with Tape() as tape:
        loss = ops.sum(Product.apply(a, w))
    tape.backward(loss)
    np.testing.assert_allclose(w.grad, a.T @ np.ones((3, 4)))
    assert (w.grad is buffer) == buffer_free, "the free buffer is written in place, else a new array"


def test_a_target_computed_outside_the_tape_warns_instead_of_silently_giving_zeros():
    w = Variable(np.array([1.0, 2.0]))
    with GradientTape() as tape:
        values = w * w
    with pytest.warns(UserWarning, match="inside the `with GradientTape"):
        grad = tape.gradient(ops.sum(values), w)
    np.testing.assert_array_equal(grad, [0.0, 0.0])
