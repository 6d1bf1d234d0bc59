"""Preprocessing layers: training-only augmentation, seeding, configs, .keras files, errors."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.utils import check_gradients

IMAGES = np.random.default_rng(0).uniform(0, 255, (3, 8, 10, 3)).astype("float32")
AUGMENTATIONS = [
    lambda: keras.layers.RandomFlip("horizontal"),
    lambda: keras.layers.RandomRotation(0.2),
    lambda: keras.layers.RandomZoom(0.3),
    lambda: keras.layers.RandomTranslation(0.2, 0.2),
    lambda: keras.layers.RandomContrast(0.5),
    lambda: keras.layers.RandomBrightness(0.3),
]


@pytest.mark.parametrize("make", AUGMENTATIONS)
def test_augmentation_acts_only_when_training(make):
    layer = make()
    np.testing.assert_array_equal(layer(IMAGES).numpy(), IMAGES)
    changed = False
    for _ in range(5):  # a flip may keep an image: try a few batches
        changed = changed or not np.allclose(layer(IMAGES, training=True).numpy(), IMAGES)
    assert changed


@pytest.mark.parametrize("make", AUGMENTATIONS)
def test_augmentation_repeats_under_set_random_seed(make):
    keras.utils.set_random_seed(5)
    first = make()(IMAGES, training=True).numpy()
    keras.utils.set_random_seed(5)
    second = make()(IMAGES, training=True).numpy()
    np.testing.assert_array_equal(first, second)


def test_a_seeded_layer_owns_its_generator():
    a = keras.layers.RandomRotation(0.3, seed=11)(IMAGES, training=True).numpy()
    keras.utils.set_random_seed(99)
    b = keras.layers.RandomRotation(0.3, seed=11)(IMAGES, training=True).numpy()
    np.testing.assert_array_equal(a, b)


def test_augmentation_in_fit_and_not_in_predict():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8, 10, 3)), keras.layers.RandomFlip("horizontal"),
                              keras.layers.Rescaling(1 / 255), keras.layers.Flatten(),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(IMAGES, np.array([0, 1, 0]), epochs=1, verbose=0)
    np.testing.assert_allclose(model.predict(IMAGES, verbose=0), model.predict(IMAGES, verbose=0))


def test_single_images_and_errors():
    assert keras.layers.RandomZoom(0.2)(IMAGES[0], training=True).shape == (8, 10, 3)
    assert keras.layers.Resizing(4, 5)(IMAGES[0]).shape == (4, 5, 3)
    with pytest.raises(ValueError, match="rank 3"):
        keras.layers.RandomFlip()(np.zeros((8, 10)))
    with pytest.raises(ValueError, match="factor"):
        keras.layers.RandomRotation(2.0)
    with pytest.raises(NotImplementedError, match="fill_mode"):
        keras.layers.RandomZoom(0.1, fill_mode="mirror")
    with pytest.raises(ValueError, match="mode"):
        keras.layers.RandomFlip("diagonal")


LAYERS_FOR_CONFIG = [
    lambda: keras.layers.Normalization(axis=-1, mean=[1.0, 2.0], variance=[1.0, 4.0]),
    lambda: keras.layers.Rescaling(1 / 255, offset=0.5),
    lambda: keras.layers.CategoryEncoding(num_tokens=4, output_mode="count"),
    lambda: keras.layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot"),
    lambda: keras.layers.Resizing(4, 5, interpolation="nearest", crop_to_aspect_ratio=True),
    lambda: keras.layers.CenterCrop(3, 3),
    lambda: keras.layers.RandomCrop(3, 3, seed=1),
    lambda: keras.layers.RandomFlip("vertical", seed=2),
    lambda: keras.layers.RandomRotation((-0.1, 0.2), fill_mode="constant", fill_value=1.0),
    lambda: keras.layers.RandomZoom(0.1, width_factor=(0.0, 0.2)),
    lambda: keras.layers.RandomTranslation(0.1, 0.2, interpolation="nearest"),
    lambda: keras.layers.RandomContrast((0.1, 0.4), value_range=(0, 1)),
    lambda: keras.layers.RandomBrightness(0.2, value_range=(0, 1)),
    lambda: keras.layers.IntegerLookup(vocabulary=[3, 1, 7], output_mode="one_hot"),
]


@pytest.mark.parametrize("make", LAYERS_FOR_CONFIG)
def test_config_round_trip(make):
    layer = make()
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert type(restored) is type(layer)


def test_keras_file_round_trip_keeps_adapted_statistics(tmp_path):
    keras.utils.set_random_seed(1)
    x = np.random.default_rng(1).normal(5.0, 3.0, (64, 4)).astype("float32")
    norm = keras.layers.Normalization()
    norm.adapt(x)
    model = keras.Sequential([keras.Input((4,)), norm, keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6)
    np.testing.assert_allclose(loaded.layers[0].adapt_mean.data, x.mean(axis=0), rtol=1e-5)


def test_keras_file_round_trip_of_an_augmentation_model(tmp_path):
    model = keras.Sequential([keras.Input((8, 10, 3)), keras.layers.RandomFlip("horizontal"),
                              keras.layers.RandomRotation(0.1), keras.layers.Resizing(4, 5),
                              keras.layers.Rescaling(1 / 255), keras.layers.Flatten(),
                              keras.layers.Dense(2)])
    path = str(tmp_path / "augment.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers] == \
        [type(layer).__name__ for layer in model.layers]
    np.testing.assert_allclose(loaded.predict(IMAGES, verbose=0), model.predict(IMAGES, verbose=0),
                               rtol=1e-6)


def test_normalization_and_rescaling_gradients():
    norm = keras.layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0], dtype="float64")
    assert check_gradients(lambda x: norm(x), [np.array([[0.5, -1.0], [2.0, 3.0]])])["ok"]
    scale = keras.layers.Rescaling(0.5, offset=1.0, dtype="float64")
    assert check_gradients(lambda x: scale(x), [np.array([[0.5, -1.0]])])["ok"]


def test_normalization_errors_name_the_fix():
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        keras.layers.Normalization(mean=[1.0])
    with pytest.raises(ValueError, match="build"):
        keras.layers.Normalization().call(np.zeros((1, 2)))  # neither adapted nor built
    layer = keras.layers.Normalization()
    layer.adapt(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="incompatible shape"):
        layer.adapt(np.zeros((4, 3)))
