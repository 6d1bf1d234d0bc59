"""Captures golden values of Keras 3's preprocessing layers and data utilities.

Run in the reference venv (Keras computes these without TensorFlow on torch):

    KERAS_BACKEND=torch $PEER tools/capture_golden_preprocessing.py

Writes tests/golden/preprocessing.npz. Random layers are captured through
their deterministic part: the script asks the Keras layer for a random
transformation, stores the drawn parameters, and stores what
``transform_images`` makes of them; the nbkeras test applies the same
parameters. Adapting from several batches
(lists, datasets) needs TensorFlow in Keras, so only whole arrays are adapted. Text
layers (TextVectorization, StringLookup, IntegerLookup,
Hashing) need TensorFlow in Keras and are not captured here.
"""

import golden_io

golden_io.prepare_environment()

import numpy as np  # noqa: E402

import keras  # noqa: E402

golden = golden_io.GoldenFile("preprocessing", __file__)
rng = np.random.default_rng(7)


def numpy(value):
    return golden_io.to_numpy(value)


def config(case, layer):
    golden.add_json(f"{case}/config", layer.get_config())


# ---------------------------------------------------------------- Normalization
features = (rng.normal(size=(40, 3)) * [1.0, 10.0, 100.0] + [0.0, 5.0, -50.0]).astype("float32")
golden.add("normalization/x", features)
for case, kwargs in {"normalization_default": {}, "normalization_axis_none": {"axis": None}}.items():
    layer = keras.layers.Normalization(**kwargs)
    layer.adapt(features)
    golden.add(f"{case}/y", numpy(layer(features)))
    golden.add(f"{case}/mean", numpy(layer.adapt_mean))
    golden.add(f"{case}/variance", numpy(layer.adapt_variance))
    golden.add_text(f"{case}/weight_dtypes", ",".join(str(w.dtype) for w in layer.weights))
    config(case, layer)
images = (rng.uniform(size=(4, 5, 6, 3)) * 255).astype("float32")
golden.add("images/x", images)
layer = keras.layers.Normalization(axis=(1, 2))
layer.adapt(images)
golden.add("normalization_axis_12/y", numpy(layer(images)))
layer = keras.layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 0.0, 9.0], invert=True)
golden.add("normalization_invert/y", numpy(layer(features)))
config("normalization_invert", layer)

# ---------------------------------------------------------------- Rescaling, CategoryEncoding
layer = keras.layers.Rescaling(scale=1 / 127.5, offset=-1)
golden.add("rescaling/y", numpy(layer(images)))
config("rescaling", layer)
indices = np.array([[0, 1, 1], [3, 2, 0]])
golden.add_int("category/x", indices)
golden.add("category/count_weights", np.array([[0.5, 1.0, 2.0], [1.0, 1.0, 3.0]]))
for mode in ("one_hot", "multi_hot", "count"):
    layer = keras.layers.CategoryEncoding(num_tokens=5, output_mode=mode)
    golden.add(f"category_{mode}/y", numpy(layer(indices if mode != "one_hot" else indices[0])))
    config(f"category_{mode}", layer)
layer = keras.layers.CategoryEncoding(num_tokens=5, output_mode="count")
golden.add("category_count_weighted/y",
           numpy(layer(indices, count_weights=np.array([[0.5, 1.0, 2.0], [1.0, 1.0, 3.0]]))))

# ---------------------------------------------------------------- Discretization
values = rng.normal(size=(200, 2)).astype("float32")
golden.add("discretization/x", values)
# Discretization.adapt() imports TensorFlow only to test for tf.data; its steps for arrays
# (update_state per batch, then finalize_state) are NumPy, so the script calls them directly.
layer = keras.layers.Discretization(num_bins=4, epsilon=0.01)
layer.update_state(values)
layer.finalize_state()
golden.add("discretization_adapt/boundaries", np.array(layer.bin_boundaries))
golden.add_int("discretization_adapt/y", numpy(layer(values[:6])))
config("discretization_adapt", layer)
layer = keras.layers.Discretization(num_bins=5, epsilon=0.05)
for batch in (values[:50], values[50:120], values[120:]):
    layer.update_state(batch)
layer.finalize_state()
golden.add("discretization_batches/boundaries", np.array(layer.bin_boundaries))
for mode in ("one_hot", "multi_hot", "count"):
    layer = keras.layers.Discretization(bin_boundaries=[-0.5, 0.0, 0.5], output_mode=mode)
    golden.add(f"discretization_{mode}/y", numpy(layer(values[:4, :1] if mode == "one_hot"
                                                       else values[:4])))

# ---------------------------------------------------------------- Resizing, CenterCrop
small = (rng.uniform(size=(2, 5, 7, 2)) * 10).astype("float32")
golden.add("resize/x", small)
resize_cases = {
    "resize_up_bilinear": dict(height=8, width=9),
    "resize_down_bilinear": dict(height=3, width=4),
    "resize_up_nearest": dict(height=8, width=11, interpolation="nearest"),
    "resize_down_nearest": dict(height=2, width=3, interpolation="nearest"),
    "resize_crop": dict(height=4, width=4, crop_to_aspect_ratio=True),
    "resize_pad": dict(height=4, width=4, pad_to_aspect_ratio=True),
}
for case, kwargs in resize_cases.items():
    layer = keras.layers.Resizing(**kwargs)
    golden.add(f"{case}/y", numpy(layer(small)))
    golden.add_json(f"{case}/kwargs", kwargs)
    config(case, layer)
golden.add("center_crop_small/y", numpy(keras.layers.CenterCrop(3, 4)(small)))
golden.add("center_crop_large/y", numpy(keras.layers.CenterCrop(6, 9)(small)))

# ---------------------------------------------------------------- random layers: drawn params
keras.utils.set_random_seed(3)
layer = keras.layers.RandomFlip("horizontal_and_vertical", seed=1)
transformation = layer.get_random_transformation(images, training=True)
golden.add_int("flip/flips", numpy(transformation["flips"]).reshape(-1))
golden.add("flip/y", numpy(layer.transform_images(keras.ops.convert_to_tensor(images), transformation)))
config("flip", layer)

warp_cases = {
    "rotation_reflect": dict(factor=0.2),
    "rotation_constant": dict(factor=(-0.3, 0.3), fill_mode="constant", fill_value=7.0),
    "rotation_wrap_nearest": dict(factor=0.25, fill_mode="wrap", interpolation="nearest"),
    "rotation_nearest_fill": dict(factor=0.15, fill_mode="nearest"),
}
for case, kwargs in warp_cases.items():
    layer = keras.layers.RandomRotation(seed=2, **kwargs)
    transformation = layer.get_random_transformation(images, training=True)
    golden.add(f"{case}/angle", numpy(transformation["angle"]))
    golden.add(f"{case}/y", numpy(layer.transform_images(keras.ops.convert_to_tensor(images), transformation)))
    golden.add_json(f"{case}/kwargs", kwargs)
    config(case, layer)

for case, kwargs in {"zoom": dict(height_factor=(-0.3, 0.4)),
                     "zoom_wh_constant": dict(height_factor=0.3, width_factor=(0.1, 0.5),
                                              fill_mode="constant")}.items():
    layer = keras.layers.RandomZoom(seed=4, **kwargs)
    transformation = layer.get_random_transformation(images, training=True)
    golden.add(f"{case}/height_zoom", numpy(transformation["height_zoom"]))
    golden.add(f"{case}/width_zoom", numpy(transformation["width_zoom"]))
    golden.add(f"{case}/y", numpy(layer.transform_images(keras.ops.convert_to_tensor(images), transformation)))
    golden.add_json(f"{case}/kwargs", kwargs)
    config(case, layer)

layer = keras.layers.RandomTranslation(0.3, (-0.2, 0.4), seed=5)
transformation = layer.get_random_transformation(images, training=True)
golden.add("translation/translations", numpy(transformation["translations"]))
golden.add("translation/y", numpy(layer.transform_images(keras.ops.convert_to_tensor(images), transformation)))
config("translation", layer)

layer = keras.layers.RandomContrast(0.5, seed=6)
transformation = layer.get_random_transformation(images, training=True)
golden.add("contrast/factor", numpy(transformation["contrast_factor"]).reshape(-1))
golden.add("contrast/y", numpy(layer.transform_images(keras.ops.convert_to_tensor(images), transformation)))
config("contrast", layer)

layer = keras.layers.RandomBrightness(0.4, value_range=(0, 255), seed=8)
transformation = layer.get_random_transformation(images, training=True)
golden.add("brightness/delta", numpy(transformation["rgb_delta"]).reshape(-1))
golden.add("brightness/y", numpy(layer.transform_images(keras.ops.convert_to_tensor(images), transformation)))
config("brightness", layer)

layer = keras.layers.RandomCrop(3, 4, seed=9)
transformation = layer.get_random_transformation(images, training=True)
golden.add_int("crop/start", [int(numpy(t)) for t in transformation])
golden.add("crop/y", numpy(layer.transform_images(keras.ops.convert_to_tensor(images), transformation)))
golden.add("crop_small/y", numpy(keras.layers.RandomCrop(8, 5)(images[:, :4], training=True)))
golden.add("crop_inference/y", numpy(keras.layers.RandomCrop(3, 4)(images, training=False)))
config("crop", layer)

# ---------------------------------------------------------------- utilities
sequences = [[1, 2, 3, 4], [5, 6], [7], []]
for case, kwargs in {"pad_default": {}, "pad_post_post": dict(maxlen=3, padding="post",
                                                              truncating="post", value=-1),
                     "pad_float": dict(maxlen=5, dtype="float32", value=0.5)}.items():
    golden.add(f"{case}/y", keras.utils.pad_sequences(sequences, **kwargs), dtype=None)
    golden.add_json(f"{case}/kwargs", kwargs)
golden.add("normalize/x", features[:5])
golden.add("normalize_l2/y", keras.utils.normalize(features[:5]))
golden.add("normalize_l1/y", keras.utils.normalize(features[:5], order=1))

# ---------------------------------------------------------------- a .keras file Keras wrote
# Normalization (adapted: its statistics are weights), Rescaling, Resizing, an augmentation
# layer and a Dense head; nbkeras must load it and predict the same numbers.
import os  # noqa: E402

keras.utils.set_random_seed(11)
norm = keras.layers.Normalization()
norm.adapt(features[:, :2])
inputs = keras.Input((2,))
tabular = keras.Sequential([inputs, norm, keras.layers.Rescaling(0.5, offset=1.0),
                            keras.layers.Dense(3, activation="tanh")], name="tabular")
path = os.path.join(golden_io.GOLDEN_DIR, "keras_files", "preprocessing_tabular.keras")
tabular.save(path)
golden.add("keras_file_tabular/x", features[:6, :2])
golden.add("keras_file_tabular/y", numpy(tabular.predict(features[:6, :2], verbose=0)))
picture = keras.Sequential([keras.Input((5, 6, 3)), keras.layers.RandomFlip("horizontal"),
                            keras.layers.Resizing(4, 4), keras.layers.Rescaling(1 / 255),
                            keras.layers.Flatten(), keras.layers.Dense(2)], name="picture")
path = os.path.join(golden_io.GOLDEN_DIR, "keras_files", "preprocessing_images.keras")
picture.save(path)
golden.add("keras_file_images/y", numpy(picture.predict(images, verbose=0)))

golden.save()
print("wrote", len(golden.arrays), "arrays")
