"""Capture goldens for the keras.ops catalogue: values, dtypes and gradients.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_golden_ops.py

Writes tests/golden/ops.npz and tests/golden/ops.json. Each case calls
``keras.ops.<fn>(*args, **kwargs)``; an argument is an array of the npz
(``{"array": name, "grad": bool}``), a list of such arrays, or a plain value.
For arguments marked ``grad`` the case stores the gradient of
``sum(output * cotangent)`` (summed over every float output), from torch
autograd through Keras.
"""

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

RNG = np.random.default_rng(11)


def f32(*shape, low=-1.0, high=1.0):
    return RNG.uniform(low, high, size=shape).astype(np.float32)


def probs(*shape):
    e = np.exp(RNG.normal(size=shape))
    return (e / e.sum(-1, keepdims=True)).astype(np.float32)


A34 = f32(3, 4)
TIES = np.array([[1.0, 3.0, 3.0, 0.5, 2.0], [2.0, 2.0, 2.0, 1.0, 0.0], [0.1, 0.4, 0.3, 0.4, 0.2]],
                np.float32)
WITH_ZERO = A34.copy()
WITH_ZERO[1, 2] = 0.0


def arr(name, value, grad=True):
    return {"array": name, "value": value, "grad": grad}


# case -> (function, args, kwargs)
CASES = {
    "array_int": ("array", [arr("ints", np.array([[1, 2], [3, 4]]), grad=False)], {}),
    "array_float": ("array", [arr("x", f32(2, 2), grad=False)], {}),
    "stack": ("stack", [[arr("a", f32(2, 3)), arr("b", f32(2, 3))]], {"axis": 1}),
    "concatenate": ("concatenate", [[arr("a", f32(2, 3)), arr("b", f32(2, 2))]], {"axis": 1}),
    "split_sections": ("split", [arr("x", f32(4, 3)), 2], {"axis": 0}),
    "split_indices": ("split", [arr("x", f32(4, 3)), [1, 3]], {"axis": 0}),
    "unstack": ("unstack", [arr("x", f32(3, 2))], {"axis": 1}),
    "expand_dims": ("expand_dims", [arr("x", f32(2, 3)), 1], {}),
    "squeeze": ("squeeze", [arr("x", f32(2, 1, 3))], {"axis": 1}),
    "one_hot": ("one_hot", [arr("labels", np.array([2, 0, 1]), grad=False), 3], {}),
    "argmax_flat": ("argmax", [arr("x", A34, grad=False)], {}),
    "argmax_axis1": ("argmax", [arr("x", A34, grad=False)], {"axis": 1}),
    "argmin_axis0_keepdims": ("argmin", [arr("x", A34, grad=False)], {"axis": 0, "keepdims": True}),
    "where": ("where", [arr("condition", A34 > 0, grad=False), arr("x1", f32(3, 4)),
                        arr("x2", f32(3, 4))], {}),
    "cast_int32": ("cast", [arr("x", f32(5, low=-3, high=3), grad=False), "int32"], {}),
    "cast_float16": ("cast", [arr("x", f32(5), grad=False), "float16"], {}),
    "arange_int": ("arange", [5], {}),
    "arange_float": ("arange", [1.0, 2.0, 0.25], {}),
    "arange_step": ("arange", [0, 10, 3], {}),
    "linspace": ("linspace", [0.0, 1.0, 5], {}),
    "zeros": ("zeros", [[2, 3]], {}),
    "ones_int": ("ones", [[2]], {"dtype": "int32"}),
    "eye": ("eye", [3], {}),
    "eye_rect_k": ("eye", [2, 3], {"k": 1}),
    "tile": ("tile", [arr("x", f32(2, 3)), [2, 1]], {}),
    "tile_new_axis": ("tile", [arr("x", f32(2, 3)), [2, 1, 2]], {}),
    "repeat_axis1": ("repeat", [arr("x", f32(2, 3)), 2], {"axis": 1}),
    "repeat_flat": ("repeat", [arr("x", f32(2, 3)), 2], {}),
    "take_axis1": ("take", [arr("x", A34), arr("indices", np.array([2, 0, 2]), grad=False)],
                   {"axis": 1}),
    "take_flat": ("take", [arr("x", A34), arr("indices", np.array([[0, 5], [11, 0]]), grad=False)],
                  {}),
    "take_along_axis": ("take_along_axis", [arr("x", A34), arr("indices", np.array(
        [[0, 3], [2, 2], [1, 0]]), grad=False)], {"axis": 1}),
    "cumsum_axis1": ("cumsum", [arr("x", A34)], {"axis": 1}),
    "cumsum_flat": ("cumsum", [arr("x", A34)], {}),
    "prod_axis1_with_zero": ("prod", [arr("x", WITH_ZERO)], {"axis": 1}),
    "prod_all": ("prod", [arr("x", f32(2, 3, low=0.5, high=1.5))], {}),
    "max_axis1": ("max", [arr("x", A34)], {"axis": 1}),
    "max_all_keepdims": ("max", [arr("x", A34)], {"keepdims": True}),
    "min_axis0": ("min", [arr("x", A34)], {"axis": 0}),
    "std_axis0": ("std", [arr("x", A34)], {"axis": 0}),
    "var_all": ("var", [arr("x", A34)], {}),
    "var_keepdims": ("var", [arr("x", A34)], {"axis": 1, "keepdims": True}),
    "norm": ("norm", [arr("x", A34)], {}),
    "norm_l1_axis1": ("norm", [arr("x", A34)], {"ord": 1, "axis": 1}),
    "norm_fro": ("norm", [arr("x", A34)], {"axis": [0, 1]}),
    "log1p": ("log1p", [arr("x", f32(5, low=0.0, high=2.0))], {}),
    "sigmoid": ("sigmoid", [arr("x", A34)], {}),
    "softmax_axis0": ("softmax", [arr("x", A34)], {"axis": 0}),
    "log_softmax": ("log_softmax", [arr("x", A34)], {}),
    "relu": ("relu", [arr("x", A34)], {}),
    "tanh": ("tanh", [arr("x", A34)], {}),
    "categorical_crossentropy": ("categorical_crossentropy", [
        arr("target", np.eye(4, dtype=np.float32)[[1, 3, 0]], grad=False), arr("output", probs(3, 4))], {}),
    "categorical_crossentropy_logits": ("categorical_crossentropy", [
        arr("target", probs(3, 4), grad=False), arr("output", A34)], {"from_logits": True}),
    "sparse_categorical_crossentropy": ("sparse_categorical_crossentropy", [
        arr("target", np.array([1, 3, 0]), grad=False), arr("output", probs(3, 4))], {}),
    "sparse_categorical_crossentropy_logits": ("sparse_categorical_crossentropy", [
        arr("target", np.array([1, 3, 0]), grad=False), arr("output", A34)], {"from_logits": True}),
    "binary_crossentropy": ("binary_crossentropy", [
        arr("target", (A34 > 0).astype(np.float32), grad=False),
        arr("output", f32(3, 4, low=0.05, high=0.95))], {}),
    "binary_crossentropy_logits": ("binary_crossentropy", [
        arr("target", (A34 > 0).astype(np.float32), grad=False), arr("output", f32(3, 4) * 3)],
        {"from_logits": True}),
    "top_k_ties": ("top_k", [arr("x", TIES), 2], {}),
    "in_top_k_ties": ("in_top_k", [arr("targets", np.array([2, 2, 3]), grad=False),
                                   arr("predictions", TIES, grad=False), 2], {}),
    "erf": ("erf", [arr("x", f32(6, low=-2, high=2))], {}),
    "logsumexp_axis1": ("logsumexp", [arr("x", A34 * 5)], {"axis": 1}),
    "logsumexp_all": ("logsumexp", [arr("x", A34)], {}),
    "moments": ("moments", [arr("x", A34)], {"axes": [0]}),
    "moments_keepdims": ("moments", [arr("x", A34)], {"axes": [0, 1], "keepdims": True}),
    "normalize": ("normalize", [arr("x", A34)], {}),
    "normalize_l1_axis0": ("normalize", [arr("x", A34)], {"axis": 0, "order": 1}),
    "matmul": ("matmul", [arr("a", f32(2, 3)), arr("b", f32(3, 4))], {}),
    "einsum_matmul": ("einsum", ["ij,jk->ik", arr("a", f32(2, 3)), arr("b", f32(3, 4))], {}),
    "einsum_batched": ("einsum", ["bij,bjk->bik", arr("a", f32(2, 2, 3)), arr("b", f32(2, 3, 2))],
                       {}),
    "einsum_sum_and_outer": ("einsum", ["ij,k->ik", arr("a", f32(2, 3)), arr("b", f32(4))], {}),
    "einsum_implicit": ("einsum", ["ij,jk", arr("a", f32(2, 3)), arr("b", f32(3, 4))], {}),
    "convert_to_tensor_ints": ("convert_to_tensor", [[1, 2, 3]], {}),
    "convert_to_tensor_floats": ("convert_to_tensor", [[1.0, 2.0]], {}),
    "stop_gradient": ("stop_gradient", [arr("x", A34)], {}),
    "layer_normalization": ("layer_normalization", [arr("x", A34), arr("gamma", f32(4)),
                                                    arr("beta", f32(4))], {}),
    "layer_normalization_axes": ("layer_normalization", [arr("x", f32(2, 3, 4)), arr("gamma", f32(3, 4)),
                                                         None, [1, 2], 1e-5], {}),
    "layer_normalization_mixed_axes": ("layer_normalization", [arr("x", f32(2, 3, 2, 4)),
                                                               arr("gamma", f32(4, 3))], {"axis": [-1, 1]}),
    "rms_normalization": ("rms_normalization", [arr("x", A34), arr("scale", f32(4))], {"epsilon": 1e-6}),
    "rms_normalization_axes": ("rms_normalization", [arr("x", f32(2, 3, 4))], {"axis": [1, 2]}),
    "batch_normalization": ("batch_normalization", [
        arr("x", f32(2, 3, 4)), arr("mean", f32(3)), arr("variance", f32(3, low=0.5, high=1.5)), 1,
        arr("offset", f32(3)), arr("scale", f32(3))], {}),
    "batch_normalization_last_axis": ("batch_normalization", [
        arr("x", A34), arr("mean", f32(4), grad=False), arr("variance", f32(4, low=0.5, high=1.5),
                                                           grad=False), -1], {"epsilon": 0.01}),
    "conv2d": ("conv", [arr("x", f32(2, 5, 6, 3)), arr("kernel", f32(3, 2, 3, 4))], {}),
    "conv2d_groups_strides": ("conv", [arr("x", f32(2, 7, 7, 4)), arr("kernel", f32(3, 3, 2, 6))],
                              {"strides": 2}),
    "conv1d_dilation_same": ("conv", [arr("x", f32(2, 9, 2)), arr("kernel", f32(3, 2, 3))],
                             {"padding": "same", "dilation_rate": 2}),
    "conv2d_channels_first": ("conv", [arr("x", f32(2, 3, 5, 5)), arr("kernel", f32(2, 2, 3, 2))],
                              {"data_format": "channels_first"}),
    "conv3d": ("conv", [arr("x", f32(1, 4, 4, 4, 2)), arr("kernel", f32(2, 2, 2, 2, 3))], {}),
    "depthwise_conv2d": ("depthwise_conv", [arr("x", f32(2, 5, 5, 3)), arr("kernel", f32(3, 3, 3, 2))],
                         {"strides": (1, 2)}),
    "separable_conv2d": ("separable_conv", [arr("x", f32(2, 6, 6, 2)), arr("depthwise", f32(3, 3, 2, 2)),
                                            arr("pointwise", f32(1, 1, 4, 3))], {}),
    "max_pool2d_same": ("max_pool", [arr("x", f32(2, 5, 5, 3)), 2], {"padding": "same"}),
    "max_pool1d_strides": ("max_pool", [arr("x", f32(2, 9, 2)), 3], {"strides": 2}),
    "average_pool2d": ("average_pool", [arr("x", f32(2, 6, 5, 2)), (2, 2)], {"strides": (2, 1)}),
    "average_pool3d": ("average_pool", [arr("x", f32(1, 4, 4, 4, 2)), 2], {}),
    # "valid" only: Keras's torch backend crops an odd "same" padding on the other side than
    # JAX/TensorFlow (the layer goldens, captured on JAX, cover "same").
    "conv_transpose2d": ("conv_transpose", [arr("x", f32(2, 3, 4, 2)), arr("kernel", f32(3, 2, 3, 2))],
                         {"strides": 2}),
    "conv_transpose1d_output_padding": ("conv_transpose", [arr("x", f32(2, 4, 3)),
                                                           arr("kernel", f32(3, 2, 3))],
                                        {"strides": 2, "output_padding": 1}),
}


def build_args(case, args, golden):
    """Keras arguments (torch tensors where gradients are wanted) and their JSON spec."""
    built, spec, watched = [], [], []

    def one(item, position):
        name = f"{case}/arg{position}_{item['array']}"
        value = np.asarray(item["value"])
        if value.dtype.kind in "iub":
            golden.add_int(name, value) if value.dtype.kind != "b" else golden.add_int(
                name, value.astype(np.int64))
        else:
            golden.add(name, value)
        wants = bool(item["grad"]) and value.dtype.kind == "f"
        tensor = torch.tensor(value, requires_grad=wants) if wants else value
        if wants:
            watched.append((name, tensor))
        return tensor, {"array": name, "grad": wants, "bool": value.dtype.kind == "b"}

    for position, item in enumerate(args):
        if isinstance(item, dict):
            tensor, item_spec = one(item, position)
            built.append(tensor)
            spec.append(item_spec)
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            pairs = [one(x, f"{position}_{i}") for i, x in enumerate(item)]
            built.append([t for t, _ in pairs])
            spec.append({"list": [s for _, s in pairs]})
        else:
            built.append(item)
            spec.append({"value": item})
    return built, spec, watched


def capture(golden):
    for case, (function, args, kwargs) in CASES.items():
        built, spec, watched = build_args(case, args, golden)
        result = getattr(keras.ops, function)(*built, **kwargs)
        outputs = list(result) if isinstance(result, (tuple, list)) else [result]
        floats = []
        for index, output in enumerate(outputs):
            value = golden_io.to_numpy(output)
            golden.add(f"{case}/out{index}", value, dtype=None) if value.dtype.kind == "f" else \
                golden.add_int(f"{case}/out{index}", value.astype(np.int64))
            golden.add_text(f"{case}/out{index}_dtype", keras.backend.standardize_dtype(
                output.dtype))
            if value.dtype.kind == "f" and torch.is_tensor(output) and output.requires_grad:
                cotangent = RNG.normal(size=value.shape).astype(np.float32)
                golden.add(f"{case}/cotangent{index}", cotangent)
                floats.append((output, cotangent))
        if watched:
            if floats:
                objective = sum((o * torch.tensor(c)).sum() for o, c in floats)
                grads = torch.autograd.grad(objective, [t for _, t in watched], allow_unused=True)
            else:
                grads = [None] * len(watched)
            for (name, tensor), grad in zip(watched, grads):
                golden.add(f"{name}/grad", np.zeros(tensor.shape, np.float32) if grad is None
                           else grad)
        golden.add_json(f"{case}/call", {"function": function, "args": spec, "kwargs": kwargs,
                                         "num_outputs": len(outputs),
                                         "returns_list": isinstance(result, (tuple, list))})
        golden.structure["cases"][case] = {"function": function, "kwargs": kwargs}
    golden.add_json("shape/result", list(keras.ops.shape(np.zeros((2, 3)))))


def main():
    golden_io.seed_everything(0)
    golden = golden_io.GoldenFile("ops", __file__)
    golden.structure["cases"] = {}
    capture(golden)
    golden.save(with_json=True)


if __name__ == "__main__":
    main()
