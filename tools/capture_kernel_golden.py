"""Capture golden values from real Keras 3 for the kernel tests (tests/kernels/).

Run once in the reference venv (Keras, torch and jax live only there):

    KERAS_BACKEND=torch $PEER tools/capture_kernel_golden.py

It writes four files with plain ``np.savez`` (no pickled objects):

* ``tests/golden/kernels_activations.npz`` - ``keras.activations.*`` outputs,
  and gradients of ``sum(y * dy)`` from torch autograd;
* ``tests/golden/kernels_dense.npz`` - ``keras.layers.Dense`` outputs for the
  activations the fused Dense kernel knows;
* ``tests/golden/kernels_losses.npz`` - per-sample ``keras.losses.*`` values,
  and gradients of ``sum(loss * dloss)`` w.r.t. ``y_pred``;
* ``tests/golden/kernels_optimizers.npz`` - 5-step trajectories of a
  ``keras.Variable`` under ``optimizer.apply_gradients`` with fixed gradients.

Keys are ``"<case>/<what>"``; kernel arguments are stored next to the values
(``<case>/kernel`` names the kernel, ``<case>/args`` its scalar arguments,
``<case>/kwargs`` the Keras keyword arguments as JSON). ``meta/keras_version``
and friends record where the numbers came from. The tests read the files
with ``np.load(path, allow_pickle=False)`` and need no Keras.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN_DIR = os.environ.get("NBKERAS_GOLDEN_DIR", os.path.join(REPO_ROOT, "tests", "golden"))
DTYPES = ("float32", "float64")


def meta():
    """Version strings stored in every file."""
    return {
        "meta/keras_version": np.array(keras.__version__),
        "meta/backend": np.array(keras.backend.backend()),
        "meta/torch_version": np.array(torch.__version__),
        "meta/numpy_version": np.array(np.__version__),
        "meta/generated_by": np.array("tools/capture_kernel_golden.py"),
    }


def save(name, arrays):
    """Writes ``tests/golden/<name>.npz`` and checks that it loads without pickle."""
    path = os.path.join(GOLDEN_DIR, f"{name}.npz")
    np.savez(path, **meta(), **arrays)
    with np.load(path, allow_pickle=False) as check:
        assert len(check.files) == len(arrays) + len(meta())
    print(f"wrote {path} ({len(arrays)} arrays)")


def torch_tensor(array, requires_grad=False):
    tensor = torch.tensor(np.asarray(array))
    tensor.requires_grad_(requires_grad)
    return tensor


# --------------------------------------------------------------------------- activations
# (case, kernel name, Keras function, Keras kwargs, kernel scalar args)
ACTIVATION_CASES = [
    ("relu", "relu", "relu", {}, (0.0, np.inf, 0.0)),
    ("relu_slope", "relu", "relu", {"negative_slope": 0.1}, (0.1, np.inf, 0.0)),
    ("relu_max", "relu", "relu", {"max_value": 4.0}, (0.0, 4.0, 0.0)),
    ("relu_max6", "relu", "relu", {"max_value": 6.0}, (0.0, 6.0, 0.0)),
    ("relu_threshold", "relu", "relu", {"threshold": 0.5}, (0.0, np.inf, 0.5)),
    ("relu_all", "relu", "relu", {"negative_slope": 0.1, "max_value": 4.0, "threshold": 0.5},
     (0.1, 4.0, 0.5)),
    ("relu_negative_threshold", "relu", "relu", {"negative_slope": 0.2, "threshold": -1.0},
     (0.2, np.inf, -1.0)),
    ("leaky_relu", "leaky_relu", "leaky_relu", {}, (0.2,)),
    ("leaky_relu_005", "leaky_relu", "leaky_relu", {"negative_slope": 0.05}, (0.05,)),
    ("relu6", "relu6", "relu6", {}, ()),
    ("elu", "elu", "elu", {}, (1.0,)),
    ("elu_half", "elu", "elu", {"alpha": 0.5}, (0.5,)),
    ("selu", "selu", "selu", {}, ()),
    ("sigmoid", "sigmoid", "sigmoid", {}, ()),
    ("hard_sigmoid", "hard_sigmoid", "hard_sigmoid", {}, ()),
    ("tanh", "tanh", "tanh", {}, ()),
    ("softplus", "softplus", "softplus", {}, ()),
    ("softsign", "softsign", "softsign", {}, ()),
    ("silu", "silu", "silu", {}, ()),
    ("swish", "silu", "swish", {}, ()),
    ("gelu", "gelu", "gelu", {}, (False,)),
    ("gelu_approximate", "gelu", "gelu", {"approximate": True}, (True,)),
    ("exponential", "exponential", "exponential", {}, ()),
    ("mish", "mish", "mish", {}, ()),
    ("softmax", "softmax", "softmax", {}, ()),
    ("log_softmax", "log_softmax", "log_softmax", {}, ()),
]


def activation_inputs():
    """A (4, 30) grid from -12 to 12 plus kink points (0, +-3, 6, thresholds) and random values."""
    rng = np.random.default_rng(1)
    grid = np.linspace(-12.0, 12.0, 61)
    kinks = np.array([0.0, -3.0, 3.0, 6.0, 0.5, -1.0, 4.0, 1e-3, -1e-3, 30.0, -30.0])
    x = np.concatenate([grid, kinks, rng.normal(0.0, 3.0, 120 - grid.size - kinks.size)])
    return x.reshape(4, 30), rng.normal(0.0, 1.0, (4, 30))


def capture_activations():
    x, dy = activation_inputs()
    arrays = {"inputs/x": x.astype(np.float32), "inputs/dy": dy.astype(np.float32)}
    for case, kernel, keras_name, kwargs, args in ACTIVATION_CASES:
        function = keras.activations.get(keras_name)
        arrays[f"{case}/kernel"] = np.array(kernel)
        arrays[f"{case}/args"] = np.array(args, dtype=np.float64)
        arrays[f"{case}/kwargs"] = np.array(json.dumps(kwargs))
        for dtype in DTYPES:
            x_t = torch_tensor(x.astype(np.float32).astype(dtype), requires_grad=True)
            y_t = function(x_t, **kwargs)
            (y_t * torch_tensor(dy.astype(np.float32).astype(dtype))).sum().backward()
            arrays[f"{case}/y_{dtype}"] = y_t.detach().numpy()
            arrays[f"{case}/dx_{dtype}"] = x_t.grad.numpy()
    save("kernels_activations", arrays)


# --------------------------------------------------------------------------- dense
def capture_dense():
    rng = np.random.default_rng(2)
    x = rng.normal(0.0, 1.0, (6, 5)).astype(np.float32)
    kernel = rng.normal(0.0, 1.0, (5, 4)).astype(np.float32)
    bias = rng.normal(0.0, 1.0, (4,)).astype(np.float32)
    arrays = {"inputs/x": x, "inputs/kernel": kernel, "inputs/bias": bias}
    for activation in ("linear", "relu", "sigmoid", "tanh", "softmax"):
        for use_bias in (True, False):
            case = f"{activation}_{'bias' if use_bias else 'nobias'}"
            layer = keras.layers.Dense(4, activation=activation, use_bias=use_bias)
            layer.build((None, 5))
            layer.set_weights([kernel, bias] if use_bias else [kernel])
            arrays[f"{case}/y"] = keras.ops.convert_to_numpy(layer(x))
    save("kernels_dense", arrays)


# --------------------------------------------------------------------------- losses
def loss_inputs():
    """(case, kernel, Keras function, kwargs, kernel args, y_true, y_pred) for every loss case."""
    rng = np.random.default_rng(3)
    shape = (4, 5)
    regression_true = rng.normal(0.0, 1.0, shape)
    regression_pred = rng.normal(0.0, 1.0, shape)
    percentage_true = regression_true.copy()
    percentage_true[0, :2] = 0.0  # max(|y|, eps) takes eps
    log_true = np.abs(rng.normal(0.0, 2.0, shape))
    log_pred = rng.normal(0.5, 1.0, shape)  # some negative: max(y_pred, eps) takes eps
    binary_true = rng.integers(0, 2, shape).astype(np.float64)
    binary_true[3] = rng.uniform(0.0, 1.0, 5)  # soft labels
    binary_pred = rng.uniform(0.02, 0.98, shape)
    binary_pred[0, 0], binary_pred[0, 1], binary_pred[1, 0] = 0.0, 1.0, 1e-9  # clipped
    logits = rng.normal(0.0, 3.0, shape)
    logits[0, 0], logits[0, 1] = 40.0, -40.0
    labels = rng.integers(0, 5, shape[:1])
    one_hot = np.eye(5)[labels]
    one_hot[3] = [0.1, 0.2, 0.3, 0.4, 0.0]  # soft labels
    probabilities = rng.uniform(0.05, 1.0, shape)  # rows do not sum to 1: Keras renormalizes
    probabilities[0] = [0.0, 0.0, 1.0, 0.0, 0.0]  # a saturated row: the clip acts
    probabilities[1, labels[1]] = 1e-9  # a tiny probability at the label: clipped below
    cube_true = rng.normal(0.0, 1.0, (2, 3, 4))
    cube_pred = rng.normal(0.0, 1.0, (2, 3, 4))
    cube_probabilities = rng.uniform(0.05, 1.0, (2, 3, 4))
    cube_labels = rng.integers(0, 4, (2, 3))
    eps = 1e-7
    return [
        ("mse", "mean_squared_error", "mean_squared_error", {}, (), regression_true, regression_pred),
        ("mse_rank3", "mean_squared_error", "mean_squared_error", {}, (), cube_true, cube_pred),
        ("mse_rank1", "mean_squared_error", "mean_squared_error", {}, (),
         regression_true[0], regression_pred[0]),
        ("mae", "mean_absolute_error", "mean_absolute_error", {}, (), regression_true, regression_pred),
        ("mape", "mean_absolute_percentage_error", "mean_absolute_percentage_error", {}, (eps,),
         percentage_true, regression_pred),
        ("msle", "mean_squared_logarithmic_error", "mean_squared_logarithmic_error", {}, (eps,),
         log_true, log_pred),
        ("bce", "binary_crossentropy", "binary_crossentropy", {}, (eps,), binary_true, binary_pred),
        ("bce_logits", "binary_crossentropy_from_logits", "binary_crossentropy",
         {"from_logits": True}, (), binary_true, logits),
        ("cce", "categorical_crossentropy", "categorical_crossentropy", {}, (eps,),
         one_hot, probabilities),
        ("cce_rank3", "categorical_crossentropy", "categorical_crossentropy", {}, (eps,),
         np.eye(4)[cube_labels], cube_probabilities),
        ("cce_logits", "categorical_crossentropy_from_logits", "categorical_crossentropy",
         {"from_logits": True}, (), one_hot, logits),
        ("scce", "sparse_categorical_crossentropy", "sparse_categorical_crossentropy", {}, (eps,),
         labels, probabilities),
        ("scce_rank3", "sparse_categorical_crossentropy", "sparse_categorical_crossentropy", {},
         (eps,), cube_labels, cube_probabilities),
        ("scce_logits", "sparse_categorical_crossentropy_from_logits",
         "sparse_categorical_crossentropy", {"from_logits": True}, (), labels, logits),
    ]


def capture_losses():
    rng = np.random.default_rng(4)
    arrays = {}
    for case, kernel, keras_name, kwargs, args, y_true, y_pred in loss_inputs():
        function = getattr(keras.losses, keras_name)
        sparse = kernel.startswith("sparse")
        dloss = rng.normal(0.0, 1.0, y_pred.shape[:-1])
        arrays[f"{case}/kernel"] = np.array(kernel)
        arrays[f"{case}/args"] = np.array(args, dtype=np.float64)
        arrays[f"{case}/kwargs"] = np.array(json.dumps(kwargs))
        arrays[f"{case}/y_true"] = y_true.astype(np.int64 if sparse else np.float32)
        arrays[f"{case}/y_pred"] = y_pred.astype(np.float32)
        arrays[f"{case}/dloss"] = dloss.astype(np.float32)
        for dtype in DTYPES:
            label_dtype = np.int64 if sparse else dtype
            true_t = torch_tensor(y_true.astype(np.float32).astype(label_dtype))
            pred_t = torch_tensor(y_pred.astype(np.float32).astype(dtype), requires_grad=True)
            loss_t = function(true_t, pred_t, **kwargs)
            (loss_t * torch_tensor(dloss.astype(np.float32).astype(dtype))).sum().backward()
            arrays[f"{case}/loss_{dtype}"] = loss_t.detach().numpy()
            arrays[f"{case}/grad_{dtype}"] = pred_t.grad.numpy()
    save("kernels_losses", arrays)


# --------------------------------------------------------------------------- optimizers
# (case, Keras class, kwargs); kernels and slots are chosen by the test.
OPTIMIZER_CASES = [
    ("sgd", "SGD", {"learning_rate": 0.1}),
    ("sgd_momentum", "SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("sgd_nesterov", "SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("adam", "Adam", {"learning_rate": 0.01}),
    ("adam_amsgrad", "Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("rmsprop", "RMSprop", {"learning_rate": 0.01}),
    ("rmsprop_momentum", "RMSprop", {"learning_rate": 0.01, "momentum": 0.5}),
    ("rmsprop_centered", "RMSprop", {"learning_rate": 0.01, "centered": True}),
    ("rmsprop_centered_momentum", "RMSprop",
     {"learning_rate": 0.01, "momentum": 0.5, "centered": True}),
    ("adagrad", "Adagrad", {"learning_rate": 0.1}),
    ("adamax", "Adamax", {"learning_rate": 0.01}),
    ("nadam", "Nadam", {"learning_rate": 0.01}),
    ("adadelta", "Adadelta", {"learning_rate": 1.0}),
    ("lion", "Lion", {"learning_rate": 0.01}),
]
OPTIMIZER_STEPS = 5


def capture_optimizers():
    rng = np.random.default_rng(5)
    w0 = rng.normal(0.0, 1.0, 7)
    gradients = rng.normal(0.0, 1.0, (OPTIMIZER_STEPS, 7))
    gradients[:, 0] = 0.0  # a coordinate that never moves (sign(0), 0/sqrt(eps) paths)
    gradients[2:, 1] = 0.0  # a coordinate whose gradient stops
    arrays = {"inputs/w0": w0.astype(np.float32), "inputs/gradients": gradients.astype(np.float32)}
    for case, class_name, kwargs in OPTIMIZER_CASES:
        optimizer_class = getattr(keras.optimizers, class_name)
        arrays[f"{case}/class_name"] = np.array(class_name)
        arrays[f"{case}/kwargs"] = np.array(json.dumps(kwargs))
        arrays[f"{case}/config"] = np.array(json.dumps(optimizer_class(**kwargs).get_config()))
        for dtype in DTYPES:
            variable = keras.Variable(w0.astype(np.float32).astype(dtype), dtype=dtype)
            optimizer = optimizer_class(**kwargs)
            trajectory = []
            for step in range(OPTIMIZER_STEPS):
                gradient = torch_tensor(gradients[step].astype(np.float32).astype(dtype))
                optimizer.apply_gradients([(gradient, variable)])
                trajectory.append(keras.ops.convert_to_numpy(variable.value).copy())
            arrays[f"{case}/trajectory_{dtype}"] = np.stack(trajectory)
    save("kernels_optimizers", arrays)


def main():
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}", file=sys.stderr)
    capture_activations()
    capture_dense()
    capture_losses()
    capture_optimizers()


if __name__ == "__main__":
    main()
