"""The keras.ops catalogue gives Keras 3's values, dtypes and gradients.

Golden values: tests/golden/ops.npz from tools/capture_golden_ops.py (each
case is the call ``keras.ops.<fn>(*args, **kwargs)`` as Keras made it;
gradients of ``sum(output * cotangent)`` from torch autograd). Float64
finite-difference checks follow for every differentiable op.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import ops
from nbkeras.utils import check_gradients

GOLDEN = np.load(Path(__file__).parents[1] / "golden" / "ops.npz", allow_pickle=False)
CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.endswith("/call")})


def call_of(case):
    return json.loads(str(GOLDEN[f"{case}/call"]))


def build(spec, watched):
    if "list" in spec:
        return [build(item, watched) for item in spec["list"]]
    if "array" not in spec:
        return spec["value"]
    value = GOLDEN[spec["array"]]
    if spec.get("bool"):
        return value.astype(bool)
    if spec["grad"]:
        variable = keras.Variable(value.copy())
        watched.append((spec["array"], variable))
        return variable
    return value


def run(case):
    call = call_of(case)
    watched = []
    with keras.GradientTape() as tape:
        args = [build(spec, watched) for spec in call["args"]]
        result = getattr(keras.ops, call["function"])(*args, **call["kwargs"])
        outputs = list(result) if isinstance(result, (tuple, list)) else [result]
        terms = [ops.sum(ops.multiply(out, GOLDEN[f"{case}/cotangent{i}"]))
                 for i, out in enumerate(outputs) if f"{case}/cotangent{i}" in GOLDEN.files]
        objective = terms[0] if terms else None
        for term in terms[1:]:
            objective = ops.add(objective, term)
    return call, result, outputs, watched, tape, objective


# torch.topk breaks ties towards the last index; Keras documents (and TensorFlow and JAX do) the
# first. The values agree either way; the tie rule is tested on its own below.
TIE_INDICES = {("top_k_ties", 1)}


@pytest.mark.parametrize("case", CASES)
def test_values_and_dtypes_match_keras(case):
    call, result, outputs, *_ = run(case)
    assert isinstance(result, (tuple, list)) == call["returns_list"], f"{case}: tuple or list"
    assert len(outputs) == call["num_outputs"]
    for index, output in enumerate(outputs):
        if (case, index) in TIE_INDICES:
            continue
        expected = GOLDEN[f"{case}/out{index}"]
        value = ops.convert_to_numpy(output)
        np.testing.assert_allclose(value.astype(np.float64), expected.astype(np.float64),
                                   rtol=1e-5, atol=1e-6, err_msg=f"{case}: output {index}")
        assert str(output.dtype) == str(GOLDEN[f"{case}/out{index}_dtype"]), (
            f"{case}: output {index} dtype {output.dtype} vs Keras {GOLDEN[f'{case}/out{index}_dtype']}")


@pytest.mark.parametrize("case", [c for c in CASES if c != "top_k_ties" and any(
    k.startswith(f"{c}/") and k.endswith("/grad") for k in GOLDEN.files)])  # ties: see above
def test_gradients_match_keras(case):
    _, _, _, watched, tape, objective = run(case)
    if objective is None:  # stop_gradient: nothing flows
        for name, _ in watched:
            assert not GOLDEN[f"{name}/grad"].any()
        return
    grads = tape.gradient(objective, [v for _, v in watched])
    for (name, _), grad in zip(watched, grads):
        expected = GOLDEN[f"{name}/grad"]
        grad = np.zeros_like(expected) if grad is None else np.asarray(grad)
        np.testing.assert_allclose(grad, expected, rtol=1e-4, atol=1e-6,
                                   err_msg=f"{case}: gradient of {name}")


def test_top_k_and_in_top_k_break_ties_as_keras_documents():
    x = np.array([[1.0, 3.0, 3.0, 0.5], [2.0, 2.0, 2.0, 1.0]], "float32")
    values, indices = ops.top_k(x, 2)
    assert indices.numpy().tolist() == [[1, 2], [0, 1]] and indices.dtype == "int32"
    assert values.numpy().tolist() == [[3.0, 3.0], [2.0, 2.0]]
    # a target tied with the k-th largest counts as in the top k
    assert ops.in_top_k([2, 2], x, 1).numpy().tolist() == [True, True]


def test_shape_is_a_tuple_as_keras():
    assert ops.shape(np.zeros((2, 3))) == tuple(json.loads(str(GOLDEN["shape/result"])))


def test_every_case_was_captured():
    assert len(CASES) >= 70


RNG = np.random.default_rng(2)


def r(*shape, low=-1.0, high=1.0):
    return RNG.uniform(low, high, size=shape)


FLOAT64 = {
    "stack": (lambda a, b: ops.stack([a, b], axis=1), [r(2, 3), r(2, 3)]),
    "split": (lambda a: ops.split(a, [1, 3])[2] * 2.0 + ops.sum(ops.split(a, [1, 3])[0]), [r(4, 3)]),
    "unstack one used": (lambda a: ops.unstack(a, axis=1)[1], [r(3, 2)]),
    "tile": (lambda a: ops.tile(a, (2, 1, 2)), [r(2, 3)]),
    "repeat": (lambda a: ops.repeat(a, 3, axis=0), [r(2, 3)]),
    "repeat uneven": (lambda a: ops.repeat(a, [1, 0, 2], axis=1), [r(2, 3)]),
    "take repeated index": (lambda a: ops.take(a, [2, 0, 2], axis=1), [r(3, 4)]),
    "take_along_axis": (lambda a: ops.take_along_axis(a, np.array([[0, 0], [3, 1]]), axis=1),
                        [r(2, 4)]),
    "top_k": (lambda a: ops.top_k(a, 2)[0], [r(3, 5)]),
    "cumsum": (lambda a: ops.cumsum(a, axis=0), [r(3, 4)]),
    "prod with zero": (lambda a: ops.prod(a * np.array([1.0, 0.0, 1.0]), axis=1), [r(2, 3)]),
    "max": (lambda a: ops.max(a, axis=1), [r(3, 4)]),
    "min": (lambda a: ops.min(a), [r(3, 4)]),
    "std": (lambda a: ops.std(a, axis=0), [r(3, 4)]),
    "var": (lambda a: ops.var(a, axis=(0, 1), keepdims=True), [r(3, 4)]),
    "norm": (lambda a: ops.norm(a, axis=1), [r(3, 4)]),
    "norm p3": (lambda a: ops.norm(a, ord=3, axis=0), [r(3, 4)]),
    "log1p": (lambda a: ops.log1p(a), [r(5, low=0.0, high=2.0)]),
    "erf": (lambda a: ops.erf(a), [r(5, low=-2.0, high=2.0)]),
    "logsumexp": (lambda a: ops.logsumexp(a, axis=1), [r(3, 4)]),
    "moments": (lambda a: ops.moments(a, axes=[1])[1] + ops.moments(a, axes=[1])[0], [r(3, 4)]),
    "normalize": (lambda a: ops.normalize(a, axis=0), [r(3, 4)]),
    "normalize l1": (lambda a: ops.normalize(a, order=1), [r(3, 4)]),
    "layer_normalization": (lambda a, g, b: ops.layer_normalization(a, g, b, axis=[1, 2]),
                            [r(2, 3, 4), r(3, 4), r(3, 4)]),
    "layer_normalization mixed axes": (lambda a, g: ops.layer_normalization(a, g, axis=[-1, 1]),
                                       [r(2, 3, 2, 4), r(4, 3)]),
    "rms_normalization": (lambda a, s: ops.rms_normalization(a, s, axis=-1), [r(3, 4), r(4)]),
    "batch_normalization": (lambda a, m, v, o, s: ops.batch_normalization(a, m, v, 1, o, s),
                            [r(2, 3, 4), r(3), r(3, low=0.5, high=1.5), r(3), r(3)]),
    "conv groups strides": (lambda a, k: ops.conv(a, k, strides=2, padding="same"),
                            [r(2, 5, 5, 4), r(3, 3, 2, 4)]),
    "conv 1d channels_first": (lambda a, k: ops.conv(a, k, data_format="channels_first", dilation_rate=2),
                               [r(2, 2, 7), r(2, 2, 3)]),
    "depthwise_conv": (lambda a, k: ops.depthwise_conv(a, k), [r(2, 4, 4, 2), r(2, 2, 2, 3)]),
    "separable_conv": (lambda a, d, p: ops.separable_conv(a, d, p),
                       [r(1, 4, 4, 2), r(2, 2, 2, 2), r(1, 1, 4, 3)]),
    "max_pool same": (lambda a: ops.max_pool(a, 2, padding="same"), [r(2, 5, 5, 2)]),
    "conv_transpose same": (lambda a, k: ops.conv_transpose(a, k, strides=2, padding="same"),
                            [r(2, 3, 3, 2), r(3, 3, 3, 2)]),
    "average_pool 3d": (lambda a: ops.average_pool(a, 2, strides=1), [r(1, 3, 3, 3, 2)]),
    "einsum": (lambda a, b: ops.einsum("bij,jk->bk", a, b), [r(2, 3, 4), r(4, 2)]),
    "einsum outer": (lambda a, b: ops.einsum("i,j->ij", a, b), [r(3), r(2)]),
    "categorical_crossentropy": (lambda p: ops.categorical_crossentropy(np.eye(3)[[0, 2]], p),
                                 [r(2, 3, low=0.1, high=1.0)]),
    "categorical_crossentropy logits": (
        lambda p: ops.categorical_crossentropy(np.eye(3)[[0, 2]], p, from_logits=True), [r(2, 3)]),
    "sparse_categorical_crossentropy": (
        lambda p: ops.sparse_categorical_crossentropy([0, 2], p, from_logits=True), [r(2, 3)]),
    "binary_crossentropy": (lambda p: ops.binary_crossentropy(np.array([1.0, 0.0, 1.0]), p),
                            [r(3, low=0.1, high=0.9)]),
    "binary_crossentropy logits": (
        lambda p: ops.binary_crossentropy(np.array([1.0, 0.0, 1.0]), p, from_logits=True), [r(3)]),
}


@pytest.mark.parametrize("name", FLOAT64)
def test_float64_gradients(name):
    keras.config.set_floatx("float64")
    try:
        fn, inputs = FLOAT64[name]
        result = check_gradients(fn, inputs)
        assert result["ok"], f"{name}: {result}"
    finally:
        keras.config.reset()


@pytest.mark.parametrize("call, message", [
    (lambda: ops.conv(np.ones((5, 5)), np.ones((3, 3, 1, 2))), r"rank 3, 4 or 5"),
    (lambda: ops.conv(np.ones((1, 5, 5, 3)), np.ones((3, 3, 2, 2))), r"divisible"),
    (lambda: ops.conv(np.ones((1, 5, 5, 2)), np.ones((3, 2, 2))), r"kernel must have shape"),
    (lambda: ops.depthwise_conv(np.ones((1, 5, 5, 2)), np.ones((3, 3, 3, 1))), r"in_channels = 2"),
    (lambda: ops.max_pool(np.ones((1, 4, 4, 1)), (2, 2, 2)), r"pool_size"),
    (lambda: ops.average_pool(np.ones((1, 4, 4, 1)), 2, padding="causal"),
     r"padding` must be one of valid, same"),
    (lambda: ops.conv(np.ones((1, 5, 5, 2)), np.ones((3, 3, 2, 2)), data_format="NHWC"), r"data_format"),
    (lambda: ops.conv_transpose(np.ones((1, 4, 4, 2)), np.ones((3, 3, 2, 3))), r"in_channels = 2"),
    (lambda: ops.conv_transpose(np.ones((1, 4, 2)), np.ones((3, 2, 2)), strides=2, output_padding=2),
     r"strides must be greater than output padding"),
    (lambda: ops.conv_transpose(np.ones((1, 2, 2, 2, 1)), np.ones((2, 2, 2, 1, 1))), r"3-D inputs"),
])
def test_conv_and_pool_ops_explain_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
