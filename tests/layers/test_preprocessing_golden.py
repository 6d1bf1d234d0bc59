"""Preprocessing layers against real Keras 3 (tests/golden/preprocessing.npz).

Random layers are compared through their deterministic part: the golden file
holds the parameters Keras drew (angles, zooms, shifts, ...) and what Keras
made of them; nbkeras applies the same parameters.
"""

import json
import os

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.layers.preprocessing.random_brightness import adjust_brightness
from nbkeras.layers.preprocessing.random_contrast import adjust_contrast
from nbkeras.layers.preprocessing.random_flip import flip

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "preprocessing.npz"),
                 allow_pickle=False)


def golden(key):
    return GOLDEN[key]


def golden_json(key):
    return json.loads(str(GOLDEN[key]))


def close(actual, expected, rtol=1e-5, atol=1e-5):
    actual = actual.numpy() if hasattr(actual, "numpy") else np.asarray(actual)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


FEATURES, IMAGES, SMALL = golden("normalization/x"), golden("images/x"), golden("resize/x")


@pytest.mark.parametrize("case,kwargs", [("normalization_default", {}),
                                         ("normalization_axis_none", {"axis": None})])
def test_normalization_adapt(case, kwargs):
    layer = keras.layers.Normalization(**kwargs)
    layer.adapt(FEATURES)
    close(layer(FEATURES), golden(f"{case}/y"))
    close(layer.adapt_mean.data, golden(f"{case}/mean"))
    close(layer.adapt_variance.data, golden(f"{case}/variance"), rtol=1e-5)
    assert [w.name for w in layer.weights] == ["mean", "variance", "count"]
    assert [str(w.data.dtype) for w in layer.weights] == \
        golden(f"{case}/weight_dtypes").item().split(",")


def test_normalization_axes_and_invert():
    layer = keras.layers.Normalization(axis=(1, 2))
    layer.adapt(IMAGES)
    close(layer(IMAGES), golden("normalization_axis_12/y"), atol=1e-4)
    layer = keras.layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 0.0, 9.0], invert=True)
    close(layer(FEATURES), golden("normalization_invert/y"))
    expected = golden_json("normalization_invert/config")
    assert {k: v for k, v in layer.get_config().items() if k != "name"} == \
        {k: (v if k != "axis" else tuple(v)) for k, v in expected.items() if k != "name"}


def test_normalization_batches_match_the_whole_array():
    layer = keras.layers.Normalization()
    layer.adapt([FEATURES[:16], FEATURES[16:24], FEATURES[24:]])
    close(layer.adapt_mean.data, golden("normalization_default/mean"))
    close(layer.adapt_variance.data, golden("normalization_default/variance"), rtol=1e-4)


def test_rescaling_and_category_encoding():
    close(keras.layers.Rescaling(1 / 127.5, offset=-1)(IMAGES), golden("rescaling/y"))
    indices = golden("category/x")
    for mode in ("one_hot", "multi_hot", "count"):
        layer = keras.layers.CategoryEncoding(num_tokens=5, output_mode=mode)
        data = indices if mode != "one_hot" else indices[0]
        close(layer(data), golden(f"category_{mode}/y"))
        expected = golden_json(f"category_{mode}/config")
        assert layer.get_config()["output_mode"] == expected["output_mode"]
    layer = keras.layers.CategoryEncoding(num_tokens=5, output_mode="count")
    close(layer(indices, count_weights=golden("category/count_weights")),
          golden("category_count_weighted/y"))


def test_discretization():
    values = golden("discretization/x")
    layer = keras.layers.Discretization(num_bins=4, epsilon=0.01)
    layer.adapt(values)
    close(layer.bin_boundaries, golden("discretization_adapt/boundaries"))
    np.testing.assert_array_equal(layer(values[:6]).numpy(), golden("discretization_adapt/y"))
    assert sorted(layer.get_config()) == sorted(golden_json("discretization_adapt/config"))
    layer = keras.layers.Discretization(num_bins=5, epsilon=0.05)
    layer.adapt([values[:50], values[50:120], values[120:]])
    close(layer.bin_boundaries, golden("discretization_batches/boundaries"))
    for mode in ("one_hot", "multi_hot", "count"):
        layer = keras.layers.Discretization(bin_boundaries=[-0.5, 0.0, 0.5], output_mode=mode)
        close(layer(values[:4, :1] if mode == "one_hot" else values[:4]),
              golden(f"discretization_{mode}/y"))


@pytest.mark.parametrize("case", ["resize_up_bilinear", "resize_down_bilinear",
                                  "resize_up_nearest", "resize_down_nearest", "resize_crop",
                                  "resize_pad"])
def test_resizing(case):
    layer = keras.layers.Resizing(**golden_json(f"{case}/kwargs"))
    close(layer(SMALL), golden(f"{case}/y"))
    assert sorted(layer.get_config()) == sorted(golden_json(f"{case}/config"))


def test_center_crop():
    close(keras.layers.CenterCrop(3, 4)(SMALL), golden("center_crop_small/y"))
    close(keras.layers.CenterCrop(6, 9)(SMALL), golden("center_crop_large/y"))


def test_flip_contrast_brightness_with_keras_draws():
    close(flip(IMAGES, golden("flip/flips"), "horizontal_and_vertical"), golden("flip/y"))
    close(adjust_contrast(IMAGES, golden("contrast/factor"), (0, 255)), golden("contrast/y"),
          atol=1e-3)
    close(adjust_brightness(IMAGES, golden("brightness/delta"), (0, 255)), golden("brightness/y"),
          atol=1e-4)


@pytest.mark.parametrize("case", ["rotation_reflect", "rotation_constant", "rotation_wrap_nearest",
                                  "rotation_nearest_fill"])
def test_rotation_with_keras_angles(case):
    layer = keras.layers.RandomRotation(**golden_json(f"{case}/kwargs"))
    close(layer.rotate(IMAGES, golden(f"{case}/angle")), golden(f"{case}/y"), atol=2e-3)
    config = golden_json(f"{case}/config")
    assert layer.get_config()["factor"] == config["factor"]
    assert sorted(layer.get_config()) == sorted(config)


@pytest.mark.parametrize("case", ["zoom", "zoom_wh_constant"])
def test_zoom_with_keras_factors(case):
    layer = keras.layers.RandomZoom(**golden_json(f"{case}/kwargs"))
    close(layer.zoom(IMAGES, golden(f"{case}/width_zoom"), golden(f"{case}/height_zoom")),
          golden(f"{case}/y"), atol=2e-3)
    assert sorted(layer.get_config()) == sorted(golden_json(f"{case}/config"))


def test_translation_and_crop_with_keras_draws():
    layer = keras.layers.RandomTranslation(0.3, (-0.2, 0.4))
    shifts = golden("translation/translations")
    close(layer.translate(IMAGES, shifts[:, 0], shifts[:, 1]), golden("translation/y"), atol=2e-3)
    assert sorted(layer.get_config()) == sorted(golden_json("translation/config"))
    crop = keras.layers.RandomCrop(3, 4)
    top, left = golden("crop/start")
    close(crop.crop(IMAGES, int(top), int(left)), golden("crop/y"))
    close(keras.layers.RandomCrop(8, 5)(IMAGES[:, :4], training=True), golden("crop_small/y"))
    close(keras.layers.RandomCrop(3, 4)(IMAGES, training=False), golden("crop_inference/y"))
    assert sorted(crop.get_config()) == sorted(golden_json("crop/config"))


@pytest.mark.parametrize("case", ["contrast", "brightness", "flip"])
def test_random_layer_config_keys(case):
    config = golden_json(f"{case}/config")
    layer = getattr(keras.layers, {"contrast": "RandomContrast", "brightness": "RandomBrightness",
                                   "flip": "RandomFlip"}[case]).from_config(config)
    assert sorted(layer.get_config()) == sorted(config)
    if "factor" in config:
        assert layer.get_config()["factor"] == config["factor"]


@pytest.mark.parametrize("case", ["pad_default", "pad_post_post", "pad_float"])
def test_pad_sequences(case):
    result = keras.utils.pad_sequences([[1, 2, 3, 4], [5, 6], [7], []],
                                       **golden_json(f"{case}/kwargs"))
    np.testing.assert_array_equal(result, golden(f"{case}/y"))
    assert result.dtype == golden(f"{case}/y").dtype


def test_normalize():
    close(keras.utils.normalize(golden("normalize/x")), golden("normalize_l2/y"))
    close(keras.utils.normalize(golden("normalize/x"), order=1), golden("normalize_l1/y"))


@pytest.mark.parametrize("name,x_key,y_key", [
    ("preprocessing_tabular.keras", "keras_file_tabular/x", "keras_file_tabular/y"),
    ("preprocessing_images.keras", "images/x", "keras_file_images/y"),
])
def test_loads_keras_files_with_preprocessing_layers(name, x_key, y_key):
    path = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_files", name)
    model = keras.models.load_model(path)
    close(model.predict(golden(x_key), verbose=0), golden(y_key), atol=1e-5)
