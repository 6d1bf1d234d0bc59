"""tf.keras 2's data tools: Tokenizer, pad_sequences, ImageDataGenerator, with one warning each."""

import warnings

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.preprocessing import legacy_warning
from nbkeras.preprocessing.image import ImageDataGenerator
from nbkeras.preprocessing.text import Tokenizer, text_to_word_sequence


@pytest.fixture(autouse=True)
def fresh_warnings():
    legacy_warning._warned.clear()
    yield
    legacy_warning._warned.clear()


def test_each_tool_warns_once_and_names_the_keras3_way():
    with pytest.warns(legacy_warning.LegacyToolWarning, match="TextVectorization"):
        Tokenizer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Tokenizer()  # second time: silent
    with pytest.warns(legacy_warning.LegacyToolWarning, match="keras.utils.pad_sequences"):
        keras.preprocessing.sequence.pad_sequences([[1]])
    with pytest.warns(legacy_warning.LegacyToolWarning, match="RandomFlip"):
        ImageDataGenerator()


def test_tokenizer_word_index_sequences_and_oov():
    texts = ["The cat sat on the mat.", "The dog ate my homework!", "my cat"]
    with pytest.warns(legacy_warning.LegacyToolWarning):
        tokenizer = Tokenizer(num_words=5, oov_token="<OOV>")
    tokenizer.fit_on_texts(texts)
    # most frequent first, ties in order of appearance (tf.keras 2's stable sort)
    assert list(tokenizer.word_index)[:5] == ["<OOV>", "the", "cat", "my", "sat"]
    assert tokenizer.word_index["the"] == 2 and tokenizer.word_counts["the"] == 3
    assert tokenizer.texts_to_sequences(["the cat ate a fish"]) == [[2, 3, 1, 1, 1]]
    assert tokenizer.sequences_to_texts([[2, 3, 1]]) == ["the cat <OOV>"]
    plain = Tokenizer()
    plain.fit_on_texts(texts)
    assert plain.texts_to_sequences(["the unknown cat"]) == [[1, 2]]
    matrix = plain.texts_to_matrix(["the the cat"], mode="count")
    assert matrix.shape == (1, len(plain.word_index) + 1) and matrix[0, 1] == 2
    tfidf = plain.texts_to_matrix(["the cat"], mode="tfidf")
    assert tfidf[0, 1] == pytest.approx(np.log(1 + 3 / (1 + 2)))
    assert text_to_word_sequence("Hello, World!") == ["hello", "world"]
    chars = Tokenizer(char_level=True)
    chars.fit_on_texts(["aab"])
    assert chars.word_index == {"a": 1, "b": 2}


def test_namespace_lists_its_three_modules():
    assert dir(keras.preprocessing) == ["image", "sequence", "text"]
    assert "preprocessing" in dir(keras)


def test_legacy_pad_sequences_is_the_utils_one():
    with pytest.warns(legacy_warning.LegacyToolWarning):
        result = keras.preprocessing.sequence.pad_sequences([[1, 2, 3], [4]], maxlen=2,
                                                            padding="post")
    np.testing.assert_array_equal(result, [[2, 3], [4, 0]])


def _images():
    return np.random.default_rng(0).uniform(0, 255, (10, 6, 8, 3)).astype("float32")


def test_flow_rescales_flips_and_splits():
    with pytest.warns(legacy_warning.LegacyToolWarning):
        generator = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True, rotation_range=20,
                                       width_shift_range=0.1, height_shift_range=0.1,
                                       shear_range=10, zoom_range=0.2, validation_split=0.2)
    x, y = _images(), np.arange(10)
    train = generator.flow(x, y, batch_size=4, seed=1, subset="training")
    val = generator.flow(x, y, batch_size=4, seed=1, subset="validation", shuffle=False)
    assert len(train) == 2 and val.n == 2
    batch_x, batch_y = val[0]
    np.testing.assert_array_equal(batch_y, [0, 1])  # tf.keras 2: validation = the first part
    assert batch_x.shape == (2, 6, 8, 3) and batch_x.dtype == np.float32 and batch_x.max() <= 1.0
    first = next(iter(train))
    assert first[0].shape == (4, 6, 8, 3)


def test_identity_generator_changes_nothing_and_flip_mirrors():
    with pytest.warns(legacy_warning.LegacyToolWarning):
        identity = ImageDataGenerator()
    image = _images()[0]
    np.testing.assert_allclose(identity.random_transform(image), image)
    flipped = identity.apply_transform(image, {"flip_horizontal": True})
    np.testing.assert_array_equal(flipped, image[:, ::-1])
    shifted = identity.apply_transform(image, {"ty": 1.0})
    np.testing.assert_allclose(shifted[:, :-1], image[:, 1:], atol=1e-4)


def test_featurewise_normalization_needs_fit():
    with pytest.warns(legacy_warning.LegacyToolWarning):
        generator = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True)
    x = _images()
    with pytest.raises(ValueError, match="fit"):
        generator.standardize(x[0])
    generator.fit(x)
    batch = np.stack([generator.standardize(image) for image in x])
    np.testing.assert_allclose(batch.mean(axis=(0, 1, 2)), 0, atol=1e-3)


def test_flow_from_directory_and_fit(tmp_path, capsys):
    for label, name in enumerate(["a", "b"]):
        (tmp_path / name).mkdir()
        for i in range(5):
            keras.utils.save_img(tmp_path / name / f"{i}.png",
                                 np.full((6, 6, 3), 50.0 + 100 * label), scale=False)
    with pytest.warns(legacy_warning.LegacyToolWarning):
        generator = ImageDataGenerator(rescale=1 / 255, validation_split=0.4)
    train = generator.flow_from_directory(tmp_path, target_size=(4, 4), batch_size=3,
                                          subset="training", seed=0)
    assert "Found 6 images belonging to 2 classes." in capsys.readouterr().out
    assert train.class_indices == {"a": 0, "b": 1} and train.samples == 6
    x, y = train[0]
    assert x.shape == (3, 4, 4, 3) and y.shape == (3, 2)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4, 4, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "categorical_crossentropy")
    assert len(model.fit(train, epochs=2, verbose=0).history["loss"]) == 2
