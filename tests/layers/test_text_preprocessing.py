"""Text layers against Keras 3's documented behaviour (Keras needs TensorFlow for them).

The expected values below are the examples of Keras 3's own docstrings
(StringLookup, IntegerLookup, TextVectorization) and its documented rules:
vocabulary ordered by frequency (ties: larger token first), index 0 = mask ""
and 1 = "[UNK]" for TextVectorization's int output, TF-IDF weight
``log(1 + documents / (1 + document frequency))``, OOV index for unknown tokens.
"""

import numpy as np
import pytest

import nbkeras as keras

VOCAB = ["a", "b", "c", "d"]
DATA = [["a", "c", "d"], ["d", "z", "b"]]


def test_string_lookup_known_vocabulary():
    layer = keras.layers.StringLookup(vocabulary=VOCAB)
    np.testing.assert_array_equal(layer(DATA).numpy(), [[1, 3, 4], [4, 0, 2]])
    assert layer.get_vocabulary() == ["[UNK]", "a", "b", "c", "d"]
    assert layer.vocabulary_size() == 5


def test_string_lookup_adapt_orders_by_frequency_then_reverse_token():
    layer = keras.layers.StringLookup()
    layer.adapt(DATA)
    assert layer.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    np.testing.assert_array_equal(layer(DATA).numpy(), [[5, 3, 1], [1, 2, 4]])


def test_string_lookup_modes():
    multi = keras.layers.StringLookup(vocabulary=VOCAB, output_mode="multi_hot")
    np.testing.assert_array_equal(multi(DATA).numpy(), [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]])
    one_hot = keras.layers.StringLookup(vocabulary=VOCAB, output_mode="one_hot")
    np.testing.assert_array_equal(one_hot(["a", "b", "c", "d", "z"]).numpy(),
                                  np.eye(5)[[1, 2, 3, 4, 0]])
    count = keras.layers.StringLookup(vocabulary=VOCAB, output_mode="count")
    np.testing.assert_array_equal(count([["a", "c", "d", "d"], ["d", "z", "b", "z"]]).numpy(),
                                  [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]])
    tf_idf = keras.layers.StringLookup(output_mode="tf_idf", vocabulary=VOCAB,
                                       idf_weights=[0.25, 0.75, 0.6, 0.4])
    np.testing.assert_allclose(tf_idf([["a", "c", "d", "d"], ["d", "z", "b", "z"]]).numpy(),
                               [[0.0, 0.25, 0.0, 0.6, 0.8], [1.0, 0.0, 0.75, 0.0, 0.4]], rtol=1e-6)
    padded = keras.layers.StringLookup(vocabulary=VOCAB, output_mode="multi_hot", max_tokens=8,
                                       pad_to_max_tokens=True)
    assert padded(DATA).shape == (2, 8)


def test_string_lookup_mask_invert_and_no_oov():
    masked = keras.layers.StringLookup(vocabulary=VOCAB, mask_token="[MASK]")
    np.testing.assert_array_equal(masked([["a", "c", "d"], ["d", "[MASK]", "b"]]).numpy(),
                                  [[2, 4, 5], [5, 0, 3]])
    assert masked.get_vocabulary()[:2] == ["[MASK]", "[UNK]"]
    invert = keras.layers.StringLookup(vocabulary=VOCAB, invert=True)
    assert invert([[1, 3, 4], [4, 0, 2]]).tolist() == [["a", "c", "d"], ["d", "[UNK]", "b"]]
    strict = keras.layers.StringLookup(vocabulary=VOCAB, num_oov_indices=0)
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        strict(["z"])
    with pytest.raises(ValueError, match="repeated"):
        keras.layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="invert"):
        keras.layers.StringLookup(invert=True, output_mode="multi_hot")


def test_integer_lookup_documented_examples():
    vocab = [12, 36, 1138, 42]
    data = [[12, 1138, 42], [42, 1000, 36]]
    layer = keras.layers.IntegerLookup(vocabulary=vocab)
    np.testing.assert_array_equal(layer(np.array(data)).numpy(), [[1, 3, 4], [4, 0, 2]])
    two_oov = keras.layers.IntegerLookup(vocabulary=vocab, num_oov_indices=2)
    np.testing.assert_array_equal(two_oov(np.array([[12, 1138, 42], [37, 1000, 36]])).numpy(),
                                  [[2, 4, 5], [1, 0, 3]])
    adapted = keras.layers.IntegerLookup()
    adapted.adapt(np.array([[12, 1138, 42], [42, 1000, 36]]))
    assert adapted.get_vocabulary() == [-1, 42, 1138, 1000, 36, 12]
    inverted = keras.layers.IntegerLookup(vocabulary=vocab, invert=True)
    np.testing.assert_array_equal(inverted(np.array([[1, 3, 4], [4, 0, 2]])).numpy(),
                                  [[12, 1138, 42], [42, -1, 36]])


def test_text_vectorization_int_output():
    layer = keras.layers.TextVectorization(max_tokens=5000, output_sequence_length=4)
    layer.adapt(["foo bar", "bar baz", "baz bada boom"])
    assert layer.get_vocabulary() == ["", "[UNK]", "baz", "bar", "foo", "boom", "bada"]
    np.testing.assert_array_equal(layer(["foo qux bar", "qux baz"]).numpy(),
                                  [[4, 1, 3, 0], [1, 2, 0, 0]])


def test_text_vectorization_given_vocabulary_and_standardize():
    layer = keras.layers.TextVectorization(vocabulary=["earth", "wind", "and", "fire"],
                                           output_mode="int", output_sequence_length=4)
    np.testing.assert_array_equal(layer(["Earth, wind and FIRE!", "Fire and water..."]).numpy(),
                                  [[2, 3, 4, 5], [5, 4, 1, 0]])
    raw = keras.layers.TextVectorization(standardize=None, split="character")
    raw.adapt(["abca"])
    assert raw.get_vocabulary() == ["", "[UNK]", "a", "c", "b"]


def test_text_vectorization_ngrams_and_vector_modes():
    texts = ["The cat sat.", "The dog sat on the cat!"]
    bigrams = keras.layers.TextVectorization(ngrams=2, output_mode="count")
    bigrams.adapt(texts)
    vocab = bigrams.get_vocabulary()
    assert vocab[:3] == ["[UNK]", "the", "the cat"] and "dog sat" in vocab
    counts = bigrams(["the cat the cat"]).numpy()
    assert counts[0, vocab.index("the cat")] == 2 and counts[0, vocab.index("cat")] == 2
    assert counts[0, 0] == 1  # the bigram "cat the" is unknown
    tf_idf = keras.layers.TextVectorization(output_mode="tf_idf")
    tf_idf.adapt(texts)
    weights = tf_idf(["the"]).numpy()[0]
    assert weights[tf_idf.get_vocabulary().index("the")] == pytest.approx(np.log(1 + 2 / 3))
    multi = keras.layers.TextVectorization(output_mode="multi_hot", max_tokens=4,
                                           pad_to_max_tokens=True)
    multi.adapt(texts)
    assert multi(["cat"]).shape == (1, 4) and len(multi.get_vocabulary()) == 4


def test_text_vectorization_adapts_from_a_text_dataset(tmp_path):
    for name, text in (("pos", "great fun"), ("neg", "awful bad fun")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text(text)
    dataset = keras.utils.text_dataset_from_directory(tmp_path, shuffle=False, verbose=False)
    layer = keras.layers.TextVectorization()
    layer.adapt(dataset)
    assert layer.get_vocabulary()[2] == "fun"
    texts_only = dataset.map(lambda texts, labels: texts)  # the tf.data recipe of Keras guides
    again = keras.layers.TextVectorization()
    again.adapt(texts_only)
    assert again.get_vocabulary() == layer.get_vocabulary()
    vectorized = dataset.map(lambda texts, labels: (layer(texts), labels))
    assert vectorized[0][0].shape == (2, 3)


def test_text_layers_config_round_trip():
    layer = keras.layers.TextVectorization(max_tokens=20, ngrams=2, output_mode="tf_idf")
    layer.adapt(["a b c", "a b", "a"])
    clone = keras.layers.TextVectorization.from_config(layer.get_config())
    assert clone.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_allclose(clone(["a b x"]).numpy(), layer(["a b x"]).numpy())
    lookup = keras.layers.StringLookup(mask_token="")
    lookup.adapt(["x", "y", "y"])
    again = keras.layers.StringLookup.from_config(lookup.get_config())
    assert again.get_vocabulary() == ["", "[UNK]", "y", "x"]
    config = lookup.get_config()
    assert "vocabulary_dtype" not in config and config["encoding"] == "utf-8"
