"""Pictures of preprocessing: augmented copies, tokenization, normalization histograms."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nbkeras as keras  # noqa: E402
from nbkeras import display  # noqa: E402


def test_augmentation_grid_has_one_row_per_image_and_an_original_column():
    keras.utils.set_random_seed(0)
    augment = keras.Sequential([keras.layers.RandomFlip("horizontal"),
                                keras.layers.RandomRotation(0.1)])
    images = np.random.default_rng(0).uniform(0, 255, (3, 8, 8, 3)).astype("float32")
    figure = display.augmentations(augment, images, copies=4)
    axes = figure.get_axes()
    assert len(axes) == 3 * 5
    assert axes[0].get_title() == "original" and axes[1].get_title() == "copy 1"
    np.testing.assert_allclose(axes[0].images[0].get_array(), images[0] / 255, rtol=1e-6)
    assert "RandomFlip → RandomRotation" in figure._suptitle.get_text()
    grayscale = display.augmentations(keras.layers.RandomZoom(0.2), images[:, :, :, 0] / 255,
                                      copies=1)
    assert len(grayscale.get_axes()) == 3 * 2
    with pytest.raises(ValueError, match="batch of images"):
        display.augmentations(keras.layers.RandomFlip(), np.zeros((8, 8)))


def test_tokenization_shows_vocabulary_and_indices():
    layer = keras.layers.TextVectorization()
    layer.adapt(["the cat sat", "the dog sat"])
    figure = display.tokenization(layer, "The cat flew")
    texts = [t.get_text() for ax in figure.get_axes() for t in ax.texts]
    assert "cat" in texts and "flew" in texts and "1" in texts  # flew -> [UNK] = 1
    assert str(layer.get_vocabulary().index("cat")) in texts


def test_normalization_histogram_titles_give_the_statistics():
    data = np.random.default_rng(0).normal(50, 10, (200, 2)).astype("float32")
    layer = keras.layers.Normalization()
    layer.adapt(data)
    figure = display.normalization_histogram(layer, data, feature=1, name="bmi")
    titles = [ax.get_title() for ax in figure.get_axes()]
    assert titles[0].startswith("bmi before") and "mean 0.00, std 1.00" in titles[1]
