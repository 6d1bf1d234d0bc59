"""Capture goldens for activation layers, Identity, UnitNormalization and the merge functions.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_golden_layer_catalogue.py

Writes tests/golden/layer_catalogue.npz and tests/golden/layer_catalogue.json.
Each case stores its inputs, weights (``get_weights()`` order), a cotangent,
the output, the gradients of ``sum(output * cotangent)`` with respect to
every input and weight (torch autograd), and the layer's config.
Merge cases are built with Keras's lower-case functions on symbolic inputs
(``keras.layers.add([a, b])``), then called through the resulting model.
"""

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

RNG = np.random.default_rng(7)


def f32(array):
    return np.asarray(array, dtype=np.float32)


def normal(*shape):
    return f32(RNG.normal(size=shape))


# case -> (class name, kwargs, input shapes, call kwargs)
LAYER_CASES = {
    "softmax": ("Softmax", {}, [(4, 5)]),
    "softmax_axis1": ("Softmax", {"axis": 1}, [(2, 3, 4)]),
    "softmax_axes12": ("Softmax", {"axis": [1, 2]}, [(2, 3, 4)]),
    "relu": ("ReLU", {}, [(4, 5)]),
    "relu_all_options": ("ReLU", {"max_value": 1.5, "negative_slope": 0.1, "threshold": 0.2},
                         [(4, 5)]),
    "leaky_relu": ("LeakyReLU", {}, [(4, 5)]),
    "leaky_relu_0_1": ("LeakyReLU", {"negative_slope": 0.1}, [(4, 5)]),
    "prelu": ("PReLU", {}, [(4, 5)]),
    "prelu_shared_axes": ("PReLU", {"shared_axes": [1]}, [(2, 3, 4)]),
    "elu": ("ELU", {}, [(4, 5)]),
    "elu_0_5": ("ELU", {"alpha": 0.5}, [(4, 5)]),
    "identity": ("Identity", {}, [(4, 5)]),
    "unit_normalization": ("UnitNormalization", {}, [(4, 5)]),
    "unit_normalization_axes": ("UnitNormalization", {"axis": [1, 2]}, [(2, 3, 4)]),
}

# case -> (function name, kwargs, input shapes (without batch))
MERGE_CASES = {
    "add": ("add", {}, [(3,), (3,), (3,)]),
    "subtract": ("subtract", {}, [(3,), (3,)]),
    "multiply": ("multiply", {}, [(3,), (3,)]),
    "average": ("average", {}, [(3,), (3,), (3,)]),
    "maximum": ("maximum", {}, [(3,), (3,)]),
    "minimum": ("minimum", {}, [(3,), (3,)]),
    "concatenate": ("concatenate", {"axis": 1}, [(2, 3), (4, 3)]),
    "concatenate_last": ("concatenate", {}, [(3,), (2,)]),
    "dot": ("dot", {"axes": 1}, [(3,), (3,)]),
    "dot_normalize": ("dot", {"axes": 1, "normalize": True}, [(3,), (3,)]),
}


def record(golden, case, inputs, weights, outputs, config, extra):
    cotangent = normal(*outputs.shape)
    objective = (outputs * torch.tensor(cotangent)).sum()
    targets = list(inputs) + [w.value for w in weights]
    grads = torch.autograd.grad(objective, targets, allow_unused=True)
    golden.add_int(f"{case}/num_inputs", len(inputs))
    for index, tensor in enumerate(inputs):
        golden.add(f"{case}/x{index}", tensor.detach().numpy())
        golden.add(f"{case}/grad_x{index}", grads[index])
    for index, weight in enumerate(weights):
        golden.add(f"{case}/weight{index}", weight.value.detach().numpy())
        golden.add(f"{case}/grad_weight{index}", grads[len(inputs) + index])
    golden.add_int(f"{case}/num_weights", len(weights))
    golden.add(f"{case}/cotangent", cotangent)
    golden.add(f"{case}/y", outputs)
    golden.add_json(f"{case}/config", config)
    golden.structure["cases"][case] = {"config": config, **extra}


def capture_layer(golden, case, class_name, kwargs, shapes):
    keras.backend.clear_session()
    layer = getattr(keras.layers, class_name)(**kwargs)
    layer.build(shapes[0])
    if layer.weights:  # PReLU starts at zero: give alpha values that matter
        layer.set_weights([normal(*w.shape) * 0.5 for w in layer.weights])
    inputs = [torch.tensor(normal(*shape), requires_grad=True) for shape in shapes]
    outputs = layer(*inputs)
    golden.add_text(f"{case}/class_name", class_name)
    golden.add_json(f"{case}/kwargs", kwargs)
    record(golden, case, inputs, layer.trainable_weights, outputs, layer.get_config(),
           {"class_name": class_name, "kwargs": kwargs})


def capture_softmax_mask(golden):
    keras.backend.clear_session()
    layer = keras.layers.Softmax()
    x = torch.tensor(normal(3, 4), requires_grad=True)
    mask = np.array([[1, 1, 0, 1], [0, 1, 1, 1], [1, 0, 0, 0]], dtype=bool)
    outputs = layer(x, mask=torch.tensor(mask))
    golden.add_text("softmax_mask/class_name", "Softmax")
    golden.add_json("softmax_mask/kwargs", {})
    golden.add_int("softmax_mask/mask", mask.astype(np.int64))
    record(golden, "softmax_mask", [x], [], outputs, layer.get_config(),
           {"class_name": "Softmax", "mask": mask.tolist()})


def capture_merge(golden, case, function, kwargs, shapes):
    keras.backend.clear_session()
    symbolic = [keras.Input(shape=shape) for shape in shapes]
    model = keras.Model(symbolic, getattr(keras.layers, function)(symbolic, **kwargs))
    inputs = [torch.tensor(normal(2, *shape), requires_grad=True) for shape in shapes]
    outputs = model(inputs)
    layer = model.layers[-1]
    golden.add_text(f"{case}/function", function)
    golden.add_json(f"{case}/kwargs", kwargs)
    golden.add_text(f"{case}/class_name", type(layer).__name__)
    golden.add_text(f"{case}/layer_name", layer.name)
    record(golden, case, inputs, [], outputs, layer.get_config(),
           {"function": function, "kwargs": kwargs, "layer_name": layer.name})


def main():
    golden_io.seed_everything(0)
    golden = golden_io.GoldenFile("layer_catalogue", __file__)
    golden.structure["cases"] = {}
    for case, (class_name, kwargs, shapes) in LAYER_CASES.items():
        capture_layer(golden, case, class_name, kwargs, shapes)
    capture_softmax_mask(golden)
    for case, (function, kwargs, shapes) in MERGE_CASES.items():
        capture_merge(golden, case, function, kwargs, shapes)
    golden.save(with_json=True)


if __name__ == "__main__":
    main()
