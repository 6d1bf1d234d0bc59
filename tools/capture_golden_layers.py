"""Capture layer, loss, metric, initializer, regularizer and constraint goldens.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_golden_layers.py

Writes tests/golden/layers.npz and tests/golden/layers.json.
Gradients come from torch autograd through Keras with the torch backend: the
inputs are `torch.tensor(..., requires_grad=True)` and the layer weights are
the `torch.nn.Parameter` behind each `keras.Variable`.
Case names carry a topic prefix: dense_*, loss_*, metric_*, init_*, reg_*,
constraint_*. See tests/golden/README.md for the key layout.
"""

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

DENSE_ACTIVATIONS = [
    "relu", "sigmoid", "tanh", "softmax", "linear", "elu", "selu", "softplus",
    "softsign", "swish", "silu", "gelu", "exponential", "relu6", "hard_sigmoid",
    "leaky_relu", "log_softmax", "mish",
]
REDUCTIONS = ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"]
SAMPLE_WEIGHT = np.array([0.5, 1.0, 0.0, 2.0, 1.5, 0.25], np.float32)
INIT_SHAPE = (100, 50)
INIT_DRAWS = 10


def f32(array):
    return np.asarray(array, dtype=np.float32)


def grad_tensor(array):
    return torch.tensor(f32(array), requires_grad=True)


# --------------------------------------------------------------------- Dense
def add_dense_case(golden, case, activation, x, kernel, bias, cotangent):
    keras.backend.clear_session()
    layer = keras.layers.Dense(kernel.shape[1], activation=activation)
    layer.build((None, kernel.shape[0]))
    layer.set_weights([kernel, bias])
    inputs = grad_tensor(x)
    outputs = layer(inputs)
    objective = (outputs * torch.tensor(cotangent)).sum()
    grad_x, grad_kernel, grad_bias = torch.autograd.grad(
        objective, [inputs, layer.kernel.value, layer.bias.value]
    )
    for what, value in [("x", x), ("kernel", kernel), ("bias", bias),
                        ("cotangent", cotangent), ("y", outputs),
                        ("grad_x", grad_x), ("grad_kernel", grad_kernel),
                        ("grad_bias", grad_bias)]:
        golden.add(f"{case}/{what}", value)
    config = layer.get_config()
    golden.add_text(f"{case}/activation", activation)
    golden.add_json(f"{case}/config", config)
    golden.structure["dense"][case] = {"activation": activation, "config": config}


def capture_dense(golden):
    rng = np.random.default_rng(10)
    x = f32(rng.uniform(-3, 3, size=(5, 4)))
    kernel = f32(rng.normal(size=(4, 3)) * 0.8)
    bias = f32(rng.normal(size=(3,)) * 0.5)
    cotangent = f32(rng.normal(size=(5, 3)))
    for activation in DENSE_ACTIVATIONS:
        add_dense_case(golden, f"dense_{activation}", activation, x, kernel, bias,
                       cotangent)
    x3 = f32(rng.uniform(-3, 3, size=(2, 3, 4)))
    cotangent3 = f32(rng.normal(size=(2, 3, 3)))
    for activation in ["relu", "softmax"]:
        add_dense_case(golden, f"dense3d_{activation}", activation, x3, kernel,
                       bias, cotangent3)


# -------------------------------------------------------------------- Losses
def loss_data():
    """Named (y_true, y_pred) pairs, batch 6."""
    rng = np.random.default_rng(20)

    def distribution(shape):
        values = rng.uniform(0.05, 1.0, size=shape)
        return values / values.sum(axis=-1, keepdims=True)

    labels = np.array([0, 2, 1, 1, 0, 2])
    one_hot = np.eye(3)[labels]
    logits = rng.normal(size=(6, 3)) * 2.0
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    binary_true = rng.integers(0, 2, size=(6, 3))
    binary_logits = rng.normal(size=(6, 3)) * 2.0
    saturated = rng.uniform(0.05, 0.95, size=(6, 3))
    saturated[0, 0], saturated[1, 1], saturated[2, 2] = 0.0, 1.0, 1.0
    kl_true = distribution((6, 3))
    kl_true[3, 1] = 0.0  # exercises the clip of y_true to [epsilon, 1]
    data = {
        "regression": (rng.normal(size=(6, 3)), rng.normal(size=(6, 3)) * 1.5),
        "positive": (rng.uniform(0.5, 3.0, size=(6, 3)),
                     rng.uniform(0.1, 4.0, size=(6, 3))),
        "counts": (rng.integers(0, 5, size=(6, 3)),
                   rng.uniform(0.2, 4.0, size=(6, 3))),
        "distribution": (kl_true, distribution((6, 3))),
        "binary_probs": (binary_true, 1.0 / (1.0 + np.exp(-binary_logits))),
        "binary_logits": (binary_true, binary_logits),
        "binary_saturated": (binary_true, saturated),
        "categorical_probs": (one_hot, probabilities),
        "categorical_logits": (one_hot, logits),
        "sparse_probs": (labels, probabilities),
        "sparse_logits": (labels, logits),
        "hinge": (binary_true, rng.normal(size=(6, 3))),
        "categorical_hinge": (one_hot, rng.normal(size=(6, 3))),
    }
    return {name: (np.asarray(t), f32(p)) for name, (t, p) in data.items()}


# case -> (string identifier, class name, kwargs, data name)
LOSS_CASES = {
    "mse": ("mse", "MeanSquaredError", {}, "regression"),
    "mae": ("mae", "MeanAbsoluteError", {}, "regression"),
    "mape": ("mape", "MeanAbsolutePercentageError", {}, "positive"),
    "msle": ("msle", "MeanSquaredLogarithmicError", {}, "positive"),
    "binary_crossentropy": ("binary_crossentropy", "BinaryCrossentropy", {},
                            "binary_probs"),
    "binary_crossentropy_from_logits": (
        "binary_crossentropy", "BinaryCrossentropy", {"from_logits": True},
        "binary_logits"),
    "binary_crossentropy_label_smoothing": (
        "binary_crossentropy", "BinaryCrossentropy", {"label_smoothing": 0.1},
        "binary_probs"),
    "binary_crossentropy_saturated": (
        "binary_crossentropy", "BinaryCrossentropy", {}, "binary_saturated"),
    "categorical_crossentropy": (
        "categorical_crossentropy", "CategoricalCrossentropy", {},
        "categorical_probs"),
    "categorical_crossentropy_from_logits": (
        "categorical_crossentropy", "CategoricalCrossentropy",
        {"from_logits": True}, "categorical_logits"),
    "categorical_crossentropy_label_smoothing": (
        "categorical_crossentropy", "CategoricalCrossentropy",
        {"label_smoothing": 0.1}, "categorical_probs"),
    "sparse_categorical_crossentropy": (
        "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy", {},
        "sparse_probs"),
    "sparse_categorical_crossentropy_from_logits": (
        "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy",
        {"from_logits": True}, "sparse_logits"),
    "huber": ("huber", "Huber", {}, "regression"),
    "log_cosh": ("log_cosh", "LogCosh", {}, "regression"),
    "kl_divergence": ("kl_divergence", "KLDivergence", {}, "distribution"),
    "poisson": ("poisson", "Poisson", {}, "counts"),
    "hinge": ("hinge", "Hinge", {}, "hinge"),
    "squared_hinge": ("squared_hinge", "SquaredHinge", {}, "hinge"),
    "categorical_hinge": ("categorical_hinge", "CategoricalHinge", {},
                          "categorical_hinge"),
    "cosine_similarity": ("cosine_similarity", "CosineSimilarity", {},
                          "regression"),
    "binary_focal_crossentropy": (
        "binary_focal_crossentropy", "BinaryFocalCrossentropy", {},
        "binary_probs"),
    "binary_focal_crossentropy_from_logits": (
        "binary_focal_crossentropy", "BinaryFocalCrossentropy",
        {"from_logits": True}, "binary_logits"),
    "binary_focal_crossentropy_balanced": (
        "binary_focal_crossentropy", "BinaryFocalCrossentropy",
        {"apply_class_balancing": True, "alpha": 0.25, "gamma": 2.0},
        "binary_probs"),
}


def add_loss_case(golden, case, identifier, class_name, kwargs, y_true, y_pred):
    key = f"loss_{case}"
    if np.issubdtype(y_true.dtype, np.integer):
        golden.add_int(f"{key}/y_true", y_true)
    else:
        golden.add(f"{key}/y_true", y_true)
    golden.add(f"{key}/y_pred", y_pred)
    golden.add(f"{key}/sample_weight", SAMPLE_WEIGHT)
    loss_class = getattr(keras.losses, class_name)
    for reduction in REDUCTIONS:
        loss = loss_class(reduction=reduction, **kwargs)
        for suffix, weight in [("", None), ("_weighted", SAMPLE_WEIGHT)]:
            prediction = grad_tensor(y_pred)
            value = loss(y_true, prediction, sample_weight=weight)
            (grad,) = torch.autograd.grad(value.sum(), [prediction])
            golden.add(f"{key}/value_{reduction}{suffix}", value)
            # Gradient of the reduced loss (of sum(values) for "none").
            golden.add(f"{key}/grad_{reduction}{suffix}", grad)
    config = loss_class(**kwargs).get_config()
    identifier_object = keras.losses.get(identifier)
    golden.add_text(f"{key}/identifier", identifier)
    golden.add_text(f"{key}/class_name", class_name)
    golden.add_json(f"{key}/kwargs", kwargs)
    golden.add_json(f"{key}/config", config)
    golden.structure["losses"][key] = {
        "identifier": identifier, "class_name": class_name, "kwargs": kwargs,
        "config": config, "identifier_resolves_to": identifier_object.__name__,
    }


def capture_losses(golden):
    data = loss_data()
    for case, (identifier, class_name, kwargs, data_name) in LOSS_CASES.items():
        y_true, y_pred = data[data_name]
        add_loss_case(golden, case, identifier, class_name, kwargs, y_true, y_pred)
        golden.structure["losses"][f"loss_{case}"]["data"] = data_name


# ------------------------------------------------------------------- Metrics
def metric_data(rng, kind):
    """One batch of 8 for a metric family: (y_true, y_pred)."""
    if kind == "exact":
        y_true = rng.integers(0, 3, size=(8, 1))
        y_pred = np.where(rng.uniform(size=(8, 1)) < 0.5, y_true,
                          rng.integers(0, 3, size=(8, 1)))
        return y_true.astype(np.float32), y_pred.astype(np.float32)
    if kind == "binary":
        return (rng.integers(0, 2, size=(8, 1)).astype(np.float32),
                f32(rng.uniform(size=(8, 1))))
    if kind in ("categorical3", "sparse3", "categorical4", "sparse4"):
        classes = int(kind[-1])
        labels = rng.integers(0, classes, size=(8,))
        logits = rng.normal(size=(8, classes)) * 2.0
        probs = f32(np.exp(logits) / np.exp(logits).sum(-1, keepdims=True))
        if kind.startswith("sparse"):
            return labels, probs
        return f32(np.eye(classes)[labels]), probs
    if kind == "regression":
        y_true = rng.normal(size=(8, 2))
        return f32(y_true), f32(y_true + rng.normal(size=(8, 2)) * 0.5)
    if kind == "labels3":
        return rng.integers(0, 3, size=(8,)), rng.integers(0, 3, size=(8,))
    if kind == "values":
        return None, f32(rng.normal(size=(8,)) * 2.0)
    raise ValueError(f"Unknown metric data kind. Received: kind={kind}")


# case -> (class name, kwargs, data kind)
METRIC_CASES = {
    "accuracy": ("Accuracy", {}, "exact"),
    "binary_accuracy": ("BinaryAccuracy", {}, "binary"),
    "categorical_accuracy": ("CategoricalAccuracy", {}, "categorical3"),
    "sparse_categorical_accuracy": ("SparseCategoricalAccuracy", {}, "sparse3"),
    "top_k_categorical_accuracy": ("TopKCategoricalAccuracy", {"k": 2},
                                   "categorical4"),
    "sparse_top_k_categorical_accuracy": ("SparseTopKCategoricalAccuracy",
                                          {"k": 2}, "sparse4"),
    "precision": ("Precision", {}, "binary"),
    "recall": ("Recall", {}, "binary"),
    "auc": ("AUC", {}, "binary"),
    "f1_score": ("F1Score", {}, "categorical3"),
    "f1_score_macro_threshold": ("F1Score", {"average": "macro",
                                             "threshold": 0.5}, "categorical3"),
    "root_mean_squared_error": ("RootMeanSquaredError", {}, "regression"),
    "mean_absolute_error": ("MeanAbsoluteError", {}, "regression"),
    "mean_squared_error": ("MeanSquaredError", {}, "regression"),
    "r2_score": ("R2Score", {}, "regression"),
    "mean_iou": ("MeanIoU", {"num_classes": 3}, "labels3"),
    "mean": ("Mean", {}, "values"),
    "sum": ("Sum", {}, "values"),
}


def add_metric_case(golden, case, class_name, kwargs, kind, rng):
    key = f"metric_{case}"
    keras.backend.clear_session()
    metric = getattr(keras.metrics, class_name)(**kwargs)
    sample_weight = f32(rng.uniform(0.0, 2.0, size=(8,)))
    if class_name == "MeanIoU":
        # MeanIoU's dtype is int32: Keras truncates float weights to integers
        # (with a warning), so use whole numbers to stay clear of that.
        sample_weight = f32(rng.integers(0, 3, size=(8,)))
    results = []
    for batch in (1, 2):
        y_true, y_pred = metric_data(rng, kind)
        weight = sample_weight if batch == 2 else None
        if y_true is None:  # Mean / Sum take values only
            metric.update_state(y_pred, sample_weight=weight)
        else:
            metric.update_state(y_true, y_pred, sample_weight=weight)
            if np.issubdtype(y_true.dtype, np.integer):
                golden.add_int(f"{key}/y_true_{batch}", y_true)
            else:
                golden.add(f"{key}/y_true_{batch}", y_true)
        if np.issubdtype(y_pred.dtype, np.integer):
            golden.add_int(f"{key}/y_pred_{batch}", y_pred)
        else:
            golden.add(f"{key}/y_pred_{batch}", y_pred)
        result = golden_io.as_float32(metric.result())
        golden.add(f"{key}/result_{batch}", result)
        results.append(result.tolist())
    golden.add(f"{key}/sample_weight_2", sample_weight)
    config = metric.get_config()
    golden.add_text(f"{key}/class_name", class_name)
    golden.add_json(f"{key}/kwargs", kwargs)
    golden.add_json(f"{key}/config", config)
    golden.structure["metrics"][key] = {
        "class_name": class_name, "kwargs": kwargs, "config": config,
        "data": kind, "results": results,
    }


def capture_metrics(golden):
    rng = np.random.default_rng(30)
    for case, (class_name, kwargs, kind) in METRIC_CASES.items():
        add_metric_case(golden, case, class_name, kwargs, kind, rng)


# -------------------------------------------------------------- Initializers
EXACT_INITIALIZERS = {
    "zeros": ("zeros", None),
    "ones": ("ones", None),
    "constant": ("Constant", {}),
    "constant_0_5": ("Constant", {"value": 0.5}),
    "identity": ("identity", None),
    "identity_gain2": ("Identity", {"gain": 2.0}),
}


def initializer_ids():
    from keras.src.initializers import ALL_OBJECTS_DICT

    # "initializer" is the abstract base; "stft" needs a conv-shaped kernel.
    return sorted(name for name in ALL_OBJECTS_DICT
                  if name[0].islower() and name not in ("initializer", "stft"))


def add_statistics(golden, key, draws):
    stacked = np.stack([f32(draw) for draw in draws])
    per_draw = np.array([[d.mean(), d.std(), d.min(), d.max()] for d in stacked])
    golden.add(f"{key}/stats", [stacked.mean(), stacked.std(), stacked.min(),
                                stacked.max()])
    golden.add(f"{key}/stats_per_draw", per_draw)
    return per_draw


def capture_initializers(golden):
    golden.structure["initializers"]["stats_columns"] = ["mean", "std", "min", "max"]
    failures = golden.structure["initializers"]["identifiers_that_fail"] = {}
    for identifier in initializer_ids():
        key = f"init_{identifier}"
        try:
            initializer = keras.initializers.get(identifier)
        except Exception as error:  # Keras 3.15.1: "constant" -> KeyError
            failures[identifier] = f"{type(error).__name__}: {error}"
            continue
        config = initializer.get_config()
        draws = []
        for seed in range(INIT_DRAWS):
            if "seed" in config:
                seeded = type(initializer).from_config({**config, "seed": seed})
            else:
                seeded = initializer
            draws.append(golden_io.to_numpy(seeded(INIT_SHAPE, dtype="float32")))
        add_statistics(golden, key, draws)
        golden.add_text(f"{key}/class_name", type(initializer).__name__)
        golden.add_json(f"{key}/config", config)
        golden.add_int(f"{key}/shape", INIT_SHAPE)
        golden.structure["initializers"][key] = {
            "identifier": identifier, "class_name": type(initializer).__name__,
            "config": config, "draws": INIT_DRAWS, "shape": INIT_SHAPE,
        }
    for case, (identifier, kwargs) in EXACT_INITIALIZERS.items():
        key = f"init_exact_{case}"
        if kwargs is None:
            initializer = keras.initializers.get(identifier)
        else:
            initializer = getattr(keras.initializers, identifier)(**kwargs)
        golden.add(f"{key}/values", initializer(INIT_SHAPE, dtype="float32"))
        golden.add_text(f"{key}/class_name", type(initializer).__name__)
        golden.add_json(f"{key}/config", initializer.get_config())
        golden.structure["initializers"][key] = {
            "identifier": identifier, "kwargs": kwargs,
            "config": initializer.get_config(),
        }


# ------------------------------------------------- Regularizers, constraints
REGULARIZER_CASES = {
    "l1": ("L1", {"l1": 0.01}),
    "l2": ("L2", {"l2": 0.01}),
    "l1l2": ("L1L2", {"l1": 0.01, "l2": 0.02}),
    "orthogonal_rows": ("OrthogonalRegularizer", {"factor": 0.01, "mode": "rows"}),
    "orthogonal_columns": ("OrthogonalRegularizer",
                           {"factor": 0.01, "mode": "columns"}),
}
CONSTRAINT_CASES = {
    "max_norm": ("MaxNorm", {"max_value": 2.0, "axis": 0}),
    "max_norm_axis1": ("MaxNorm", {"max_value": 2.0, "axis": 1}),
    "non_neg": ("NonNeg", {}),
    "unit_norm": ("UnitNorm", {"axis": 0}),
    "unit_norm_axis1": ("UnitNorm", {"axis": 1}),
    "min_max_norm": ("MinMaxNorm", {"min_value": 0.5, "max_value": 1.5,
                                    "rate": 1.0, "axis": 0}),
    "min_max_norm_rate": ("MinMaxNorm", {"min_value": 0.5, "max_value": 1.5,
                                         "rate": 0.5, "axis": 0}),
}


def capture_regularizers_and_constraints(golden):
    rng = np.random.default_rng(40)
    # Columns with norms well below, near and above 1-2 so every branch shows.
    matrix = f32(rng.normal(size=(4, 3)) * np.array([0.2, 0.7, 2.0]))
    for case, (class_name, kwargs) in REGULARIZER_CASES.items():
        key = f"reg_{case}"
        regularizer = getattr(keras.regularizers, class_name)(**kwargs)
        weights = grad_tensor(matrix)
        value = regularizer(weights)
        (grad,) = torch.autograd.grad(value, [weights])
        golden.add(f"{key}/x", matrix)
        golden.add(f"{key}/value", value)
        golden.add(f"{key}/grad", grad)
        golden.add_text(f"{key}/class_name", class_name)
        golden.add_json(f"{key}/kwargs", kwargs)
        golden.add_json(f"{key}/config", regularizer.get_config())
        golden.structure["regularizers"][key] = {
            "class_name": class_name, "kwargs": kwargs,
            "config": regularizer.get_config(),
        }
    for case, (class_name, kwargs) in CONSTRAINT_CASES.items():
        key = f"constraint_{case}"
        constraint = getattr(keras.constraints, class_name)(**kwargs)
        golden.add(f"{key}/x", matrix)
        golden.add(f"{key}/y", constraint(keras.ops.convert_to_tensor(matrix)))
        golden.add_text(f"{key}/class_name", class_name)
        golden.add_json(f"{key}/kwargs", kwargs)
        golden.add_json(f"{key}/config", constraint.get_config())
        golden.structure["constraints"][key] = {
            "class_name": class_name, "kwargs": kwargs,
            "config": constraint.get_config(),
        }


def main():
    golden_io.seed_everything(0)
    golden = golden_io.GoldenFile("layers", __file__)
    for topic in ("dense", "losses", "metrics", "initializers", "regularizers",
                  "constraints"):
        golden.structure[topic] = {}
    golden.structure["losses_reductions"] = REDUCTIONS
    golden.structure["gradient_method"] = (
        "torch autograd through Keras 3 with KERAS_BACKEND=torch"
    )
    capture_dense(golden)
    capture_losses(golden)
    capture_metrics(golden)
    capture_initializers(golden)
    capture_regularizers_and_constraints(golden)
    golden.save(with_json=True)


if __name__ == "__main__":
    main()
