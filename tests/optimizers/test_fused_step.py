"""The optimizer step fused into backward: variable by variable, the same bits as ``step``."""

import numpy as np
import pytest

import nbkeras as keras

OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(0.1),
    "sgd-momentum": lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    "rmsprop": lambda: keras.optimizers.RMSprop(momentum=0.3, centered=True),
    "adam": lambda: keras.optimizers.Adam(0.01),
    "amsgrad": lambda: keras.optimizers.Adam(amsgrad=True),
    "adamw": lambda: keras.optimizers.AdamW(0.01, weight_decay=0.1),
    "adagrad": lambda: keras.optimizers.Adagrad(),
    "adadelta": lambda: keras.optimizers.Adadelta(1.0),
    "adamax": lambda: keras.optimizers.Adamax(),
    "nadam": lambda: keras.optimizers.Nadam(),
    "lion": lambda: keras.optimizers.Lion(),
    "clipnorm": lambda: keras.optimizers.Adam(clipnorm=0.5),
    "clipvalue": lambda: keras.optimizers.SGD(clipvalue=0.05),
    "schedule": lambda: keras.optimizers.SGD(
        keras.optimizers.schedules.ExponentialDecay(0.1, 1, 0.5)),
}
SHAPES = [(7, 5), (5,), (5, 3), (3,), (1,)]


def _variables(rng):
    constraint = keras.constraints.NonNeg()
    return [keras.Variable(rng.normal(size=shape).astype("float32"), name=f"v{i}",
                           constraint=constraint if i == 2 else None)
            for i, shape in enumerate(SHAPES)]


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_updating_variable_by_variable_gives_the_bits_of_one_whole_step(name):
    rng = np.random.default_rng(0)
    whole_vars, fused_vars = _variables(rng), None
    fused_vars = [keras.Variable(np.array(v.data), name=v.name, constraint=v.constraint)
                  for v in whole_vars]
    whole, fused = OPTIMIZERS[name](), OPTIMIZERS[name]()
    if name == "adamw":
        for optimizer in (whole, fused):
            optimizer.exclude_from_weight_decay(var_names=["v1"])
    whole.build(whole_vars)
    fused.build(fused_vars)
    for step in range(4):
        grads = [rng.normal(size=shape).astype("float32") for shape in SHAPES]
        whole.zero_grads()
        for variable, grad in zip(whole_vars[:-1], grads):  # the last one gets no gradient
            variable.accumulate_grad(grad)
        whole.step()
        fused.begin_fused_step()
        for index in (3, 0, 2, 1):  # the order a backward walk finishes them in
            fused_vars[index].accumulate_grad(grads[index])
            fused.update_variable(index)
        fused.finish_fused_step()
        for a, b in zip(whole_vars, fused_vars):
            np.testing.assert_array_equal(a.data, b.data, err_msg=f"step {step}")
        for a, b in zip(whole.variables, fused.variables):
            np.testing.assert_array_equal(a, b)
    assert fused.iterations == whole.iterations == 4


def test_global_clipnorm_cannot_be_fused():
    assert "global_clipnorm" in keras.optimizers.SGD(global_clipnorm=1.0).fused_step_reason()
    assert keras.optimizers.Adam().fused_step_reason() is None
