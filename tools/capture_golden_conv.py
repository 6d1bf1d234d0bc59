"""Capture goldens of the convolutional-network layers from real Keras 3 (JAX backend).

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=jax $PEER tools/capture_golden_conv.py

JAX rather than torch: where Keras's backends disagree, JAX follows
TensorFlow, the reference of Keras's documented behaviour, and nbkeras
follows it too (the torch backend places an odd transposed-conv cropping on
the other side, and averages "same" pooling windows over replicated edge
cells instead of the cells inside the input).

Writes tests/golden/conv.npz + conv.json. For each case ``<case>/``: ``x``,
``w<i>`` (weights in ``get_weights()`` order), ``cotangent``, ``y`` (inference),
``y_train`` (training=True), ``grad_x`` and ``grad_w<i>`` of
``sum(y_train * cotangent)`` (training mode), and for the trainable cases a
3-epoch fit of ``Input -> layer -> Flatten -> Dense(2)`` with SGD(0.05) and mse
(full batch, no shuffle): ``fit_dense_w0/1``, ``fit_target``, ``fit_loss``,
``fit_weights_epoch<e>_w<i>`` (the layer's weights after each epoch).
Also writes ``tests/golden/keras_files/conv_model.keras`` (saved by Keras) with
its predictions, and, when ``keras_files/nbkeras_conv_model.keras`` exists
(written by ``tools/save_nbkeras_conv_file.py`` in the nbkeras environment),
Keras's predictions of that file, so tests/saving check both directions.
"""

import json
import os
import sys

import golden_io

os.environ.setdefault("KERAS_BACKEND", "jax")
golden_io.prepare_environment()

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

KERAS_FILES = os.path.join(golden_io.GOLDEN_DIR, "keras_files")

# (case, class name, kwargs, input shape, fit?)
CASES = [
    ("conv2d_basic", "Conv2D", {"filters": 3, "kernel_size": 3}, (2, 6, 6, 2), True),
    ("conv2d_strides_same", "Conv2D", {"filters": 4, "kernel_size": [3, 2], "strides": 2,
                                       "padding": "same", "activation": "relu"}, (2, 7, 6, 3), True),
    ("conv2d_dilation", "Conv2D", {"filters": 2, "kernel_size": 3, "dilation_rate": 2,
                                   "padding": "same"}, (2, 7, 7, 2), True),
    ("conv2d_groups", "Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2,
                                 "activation": "tanh"}, (2, 5, 5, 4), True),
    ("conv2d_channels_first", "Conv2D", {"filters": 2, "kernel_size": 3,
                                         "data_format": "channels_first"}, (2, 3, 5, 5), False),
    ("conv1d_causal", "Conv1D", {"filters": 3, "kernel_size": 3, "padding": "causal",
                                 "dilation_rate": 2}, (2, 8, 2), True),
    ("conv1d_same_strides", "Conv1D", {"filters": 2, "kernel_size": 4, "strides": 2,
                                       "padding": "same", "activation": "sigmoid"}, (2, 9, 3), True),
    ("conv1d_transpose_same", "Conv1DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2,
                                                  "padding": "same"}, (2, 5, 3), True),
    ("conv2d_transpose_valid", "Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2},
     (2, 4, 4, 2), True),
    ("conv2d_transpose_same_k3s2", "Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2,
                                                       "padding": "same"}, (2, 4, 5, 3), True),
    ("conv2d_transpose_same_k4s2", "Conv2DTranspose", {"filters": 2, "kernel_size": 4, "strides": 2,
                                                       "padding": "same"}, (2, 3, 3, 2), False),
    ("conv2d_transpose_output_padding", "Conv2DTranspose",
     {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1},
     (2, 3, 4, 2), False),
    ("depthwise2d", "DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2, "padding": "same"},
     (2, 5, 5, 3), True),
    ("depthwise1d", "DepthwiseConv1D", {"kernel_size": 3, "strides": 2}, (2, 8, 3), True),
    ("separable2d", "SeparableConv2D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 2,
                                        "activation": "relu"}, (2, 6, 6, 3), True),
    ("separable1d", "SeparableConv1D", {"filters": 3, "kernel_size": 2, "padding": "same"},
     (2, 7, 2), True),
    ("maxpool2d", "MaxPooling2D", {}, (2, 6, 5, 3), False),
    ("maxpool2d_same", "MaxPooling2D", {"pool_size": 3, "strides": 2, "padding": "same"},
     (2, 7, 6, 2), False),
    ("avgpool2d_same", "AveragePooling2D", {"pool_size": 2, "padding": "same"}, (2, 5, 5, 2), False),
    ("avgpool2d_strides", "AveragePooling2D", {"pool_size": [3, 2], "strides": [2, 1]},
     (2, 7, 5, 2), False),
    ("maxpool1d", "MaxPooling1D", {"pool_size": 2}, (2, 7, 3), False),
    ("avgpool1d_same", "AveragePooling1D", {"pool_size": 3, "strides": 2, "padding": "same"},
     (2, 8, 3), False),
    ("global_max2d", "GlobalMaxPooling2D", {}, (2, 4, 5, 3), False),
    ("global_avg2d_keepdims", "GlobalAveragePooling2D", {"keepdims": True}, (2, 4, 5, 3), False),
    ("global_max1d", "GlobalMaxPooling1D", {}, (2, 6, 3), False),
    ("global_avg1d", "GlobalAveragePooling1D", {}, (2, 6, 3), False),
    ("upsampling1d", "UpSampling1D", {"size": 3}, (2, 4, 3), False),
    ("upsampling2d_nearest", "UpSampling2D", {"size": [2, 3]}, (2, 3, 4, 2), False),
    ("upsampling2d_bilinear", "UpSampling2D", {"size": 2, "interpolation": "bilinear"},
     (2, 3, 4, 2), False),
    ("zeropadding1d", "ZeroPadding1D", {"padding": [1, 2]}, (2, 4, 3), False),
    ("zeropadding2d", "ZeroPadding2D", {"padding": [[1, 0], [2, 1]]}, (2, 3, 4, 2), False),
    ("cropping1d", "Cropping1D", {"cropping": [1, 2]}, (2, 6, 3), False),
    ("cropping2d", "Cropping2D", {"cropping": [[1, 0], [0, 2]]}, (2, 4, 5, 2), False),
    ("batchnorm", "BatchNormalization", {"momentum": 0.9}, (8, 3, 3, 2), True),
    ("batchnorm_axis1", "BatchNormalization", {"axis": 1, "center": False}, (4, 3, 5), False),
    ("layernorm", "LayerNormalization", {}, (4, 3, 5), True),
    ("groupnorm", "GroupNormalization", {"groups": 2}, (2, 3, 3, 4), True),
    ("layernorm_axes_123", "LayerNormalization", {"axis": [1, 2, 3]}, (2, 3, 4, 2), True),
    ("layernorm_axes_mixed_signs", "LayerNormalization", {"axis": [-1, 1], "epsilon": 1e-5},
     (2, 3, 2, 4), True),
    ("layernorm_axis_middle", "LayerNormalization", {"axis": -2, "scale": False}, (4, 3, 5), False),
    ("layernorm_rms_scaling", "LayerNormalization", {"axis": [-2, -1], "rms_scaling": True},
     (3, 4, 5), True),
    ("rmsnorm", "RMSNormalization", {}, (4, 6), True),
    ("rmsnorm_axes", "RMSNormalization", {"axis": [1, 2], "epsilon": 1e-4}, (2, 3, 4), True),
]


def weights_for(layer, rng):
    """Random weights in get_weights() order (variances positive)."""
    values = []
    for variable in layer.weights:
        shape = tuple(variable.shape)
        if "variance" in variable.path:
            values.append(rng.uniform(0.5, 2.0, shape).astype("float32"))
        else:
            values.append((rng.normal(size=shape) * 0.5).astype("float32"))
    return values


def gradients(layer, x, cotangent):
    """d sum(layer(x, training=True) * cotangent) / d(x, trainable weights), via JAX."""
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    kwargs = {"training": True} if layer._call_has_training_arg else {}

    def objective(inputs, weights):
        outputs, _ = layer.stateless_call(weights, non_trainable, inputs, **kwargs)
        return jnp.sum(outputs * cotangent)

    grad_x, grad_w = jax.grad(objective, argnums=(0, 1))(jnp.asarray(x), trainable)
    return np.asarray(grad_x), [np.asarray(g) for g in grad_w]


def add_case(golden, rng, case, class_name, kwargs, shape, fit):
    keras.backend.clear_session()
    layer = getattr(layers, class_name)(**kwargs)
    x = rng.normal(size=shape).astype("float32")
    layer.build(shape)
    weights = weights_for(layer, rng)
    layer.set_weights(weights)
    golden.add_text(f"{case}/class_name", class_name)
    golden.add_json(f"{case}/kwargs", kwargs)
    golden.add_json(f"{case}/config", layer.get_config())
    golden.add(f"{case}/x", x)
    for i, w in enumerate(weights):
        golden.add(f"{case}/w{i}", w)
    y = np.asarray(layer(x, training=False))
    cotangent = rng.normal(size=y.shape).astype("float32")
    golden.add(f"{case}/y", y)
    golden.add(f"{case}/cotangent", cotangent)
    golden.add(f"{case}/y_train", np.asarray(layer(x, training=True)))
    layer.set_weights(weights)  # a training call moved the BatchNormalization statistics
    grad_x, grad_w = gradients(layer, x, cotangent)
    golden.add(f"{case}/grad_x", grad_x)
    for i, g in enumerate(grad_w):
        golden.add(f"{case}/grad_w{i}", g)
    if fit:
        add_fit(golden, rng, case, class_name, kwargs, x, weights)


def add_fit(golden, rng, case, class_name, kwargs, x, weights):
    keras.backend.clear_session()
    layer = getattr(layers, class_name)(**kwargs)
    model = keras.Sequential([keras.Input(x.shape[1:]), layer, layers.Flatten(), layers.Dense(2)])
    layer.set_weights(weights)
    dense_w = [(rng.normal(size=w.shape) * 0.3).astype("float32") for w in model.layers[-1].get_weights()]
    model.layers[-1].set_weights(dense_w)
    target = rng.normal(size=(x.shape[0], 2)).astype("float32")
    epochs = []
    model.compile(keras.optimizers.SGD(0.05), "mse")
    history = model.fit(x, target, batch_size=x.shape[0], epochs=3, shuffle=False, verbose=0,
                        callbacks=[keras.callbacks.LambdaCallback(
                            on_epoch_end=lambda e, logs: epochs.append(layer.get_weights()))])
    for i, w in enumerate(dense_w):
        golden.add(f"{case}/fit_dense_w{i}", w)
    golden.add(f"{case}/fit_target", target)
    golden.add(f"{case}/fit_loss", np.array(history.history["loss"]))
    for e, ws in enumerate(epochs):
        for i, w in enumerate(ws):
            golden.add(f"{case}/fit_weights_epoch{e}_w{i}", w)
    golden.add(f"{case}/fit_prediction", model.predict(x, verbose=0))


def conv_model():
    inputs = keras.Input((10, 10, 2), name="image")
    h = layers.Conv2D(4, 3, padding="same", activation="relu", name="conv")(inputs)
    h = layers.BatchNormalization(name="bn")(h)
    h = layers.MaxPooling2D(name="pool")(h)
    h = layers.SeparableConv2D(6, 3, depth_multiplier=2, name="sep")(h)
    h = layers.Conv2DTranspose(3, 3, strides=2, padding="same", name="up")(h)
    h = layers.DepthwiseConv2D(2, name="dw")(h)
    h = layers.GroupNormalization(groups=3, name="gn")(h)
    h = layers.LayerNormalization(axis=[-1, 1], name="ln")(h)
    h = layers.GlobalAveragePooling2D(name="gap")(h)
    h = layers.RMSNormalization(name="rms")(h)
    outputs = layers.Dense(3, activation="softmax", name="out")(h)
    return keras.Model(inputs, outputs, name="conv_model")


def keras_files():
    """Keras -> file -> (nbkeras test), and nbkeras's file -> Keras predictions."""
    rng = np.random.default_rng(7)
    keras.utils.set_random_seed(7)
    os.makedirs(KERAS_FILES, exist_ok=True)
    x = rng.normal(size=(6, 10, 10, 2)).astype("float32")
    model = conv_model()
    model.compile(keras.optimizers.Adam(0.01), "categorical_crossentropy")
    model.fit(x, keras.utils.to_categorical(rng.integers(0, 3, 6), 3), epochs=2, verbose=0)
    model.save(os.path.join(KERAS_FILES, "conv_model.keras"))
    expected = {"x": x.tolist(), "conv_model": model.predict(x, verbose=0).tolist()}
    ours = os.path.join(KERAS_FILES, "nbkeras_conv_model.keras")
    if os.path.exists(ours):
        with open(os.path.join(KERAS_FILES, "nbkeras_conv_model.json")) as stream:
            x_ours = np.asarray(json.load(stream)["x"], dtype="float32")
        loaded = keras.saving.load_model(ours)
        expected["nbkeras_conv_model_in_keras"] = loaded.predict(x_ours, verbose=0).tolist()
    with open(os.path.join(KERAS_FILES, "conv_expected.json"), "w") as stream:
        json.dump(expected, stream)


def main():
    if "--files-only" in sys.argv:
        keras_files()
        return
    golden = golden_io.GoldenFile("conv", __file__)
    rng = np.random.default_rng(2026)
    keras.utils.set_random_seed(0)
    for case in CASES:
        add_case(golden, rng, *case)
    golden.add_json("cases", [case[0] for case in CASES])
    golden.save()
    keras_files()


if __name__ == "__main__":
    main()
