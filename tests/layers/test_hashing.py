"""Hashing (and hashed OOV buckets) against Keras 3's documented and tested outputs.

Keras computes these with TensorFlow; the expected buckets below are the ones in
Keras 3's Hashing docstring and hashing_test.py. The raw FarmHash64 values are
the published FarmHash ``Fingerprint64`` reference values.
"""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.layers.preprocessing.string_hashes import fingerprint64, siphash24

LETTERS = [["A"], ["B"], ["C"], ["D"], ["E"]]
WIRE = [["omar"], ["stringer"], ["marlo"], ["wire"], ["skywalker"]]


@pytest.mark.parametrize("text,expected", [
    ("", 0x9AE16A3B2F90404F), ("a", 0xB3454265B6DF75E3), ("abcdefgh", 0xFEE9D22990C82909),
    ("0123456789=012345", 0x46A7416ED4861E3B),                       # 17-32 bytes
    ("Discard medicine more than two years old.", 0xE8F89AB6DF9BDD25),  # 33-64 bytes
    ("For every action there is an equal and opposite government program.",
     0x55182F8859ECA4CE),                                             # over 64 bytes
])
def test_fingerprint64_reference_values(text, expected):
    assert fingerprint64(text) == expected


def test_siphash24_reference_vector():
    key = (int.from_bytes(bytes(range(8)), "little"), int.from_bytes(bytes(range(8, 16)), "little"))
    assert siphash24(key, b"") == 0x726FDB47DD0E0E31
    assert siphash24(key, bytes(range(15))) == 0xA129CA6149BE45E5


@pytest.mark.parametrize("kwargs,data,expected", [
    ({"num_bins": 3}, LETTERS, [1, 0, 1, 1, 2]),
    ({"num_bins": 3, "mask_value": ""}, [["A"], ["B"], [""], ["C"], ["D"]], [1, 1, 0, 2, 2]),
    ({"num_bins": 3, "salt": [133, 137]}, LETTERS, [1, 2, 1, 0, 2]),
    ({"num_bins": 3, "salt": 133}, LETTERS, [0, 0, 2, 1, 0]),
    ({"num_bins": 2}, WIRE, [0, 0, 1, 0, 0]),
    ({"num_bins": 3, "mask_value": "omar"}, WIRE, [0, 1, 2, 1, 1]),
    ({"num_bins": 3}, np.array([[0], [1], [2], [3], [4]]), [1, 0, 1, 0, 2]),
    ({"num_bins": 2, "salt": [211, 137]}, WIRE, [1, 0, 1, 0, 1]),
    ({"num_bins": 3, "salt": [133, 137]}, np.array([[0], [1], [2], [3], [4]]), [1, 1, 2, 0, 1]),
    ({"num_bins": 1}, LETTERS, [0, 0, 0, 0, 0]),
])
def test_hashing_matches_keras(kwargs, data, expected):
    output = keras.layers.Hashing(**kwargs)(data).numpy()
    assert output.dtype == np.int64
    np.testing.assert_array_equal(output.reshape(-1), expected)


def test_hashing_vector_modes_and_config():
    one_hot = keras.layers.Hashing(num_bins=3, output_mode="one_hot")(LETTERS).numpy()
    np.testing.assert_array_equal(one_hot, np.eye(3)[[1, 0, 1, 1, 2]])
    multi = keras.layers.Hashing(num_bins=3, output_mode="multi_hot")([["A", "B"]]).numpy()
    np.testing.assert_array_equal(multi, [[1, 1, 0]])
    layer = keras.layers.Hashing(num_bins=4, salt=7, mask_value="")
    assert keras.layers.Hashing.from_config(layer.get_config()).get_config() == layer.get_config()
    with pytest.raises(ValueError, match="num_bins"):
        keras.layers.Hashing(num_bins=0)


def test_string_lookup_hashes_unknown_tokens_into_several_oov_buckets():
    layer = keras.layers.StringLookup(vocabulary=["a", "b"], num_oov_indices=2)
    result = layer(["a", "A", "B", "b"]).numpy()
    np.testing.assert_array_equal(result, [2, fingerprint64("A") % 2, fingerprint64("B") % 2, 3])
