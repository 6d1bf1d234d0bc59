"""pad_sequences: every option, against Keras's documented behaviour."""

import numpy as np
import pytest

from nbkeras.utils import pad_sequences

SEQUENCES = [[1, 2, 3], [4, 5], [6]]


def test_defaults_pad_and_cut_at_the_front():
    result = pad_sequences(SEQUENCES)
    np.testing.assert_array_equal(result, [[1, 2, 3], [0, 4, 5], [0, 0, 6]])
    assert result.dtype == np.int32


@pytest.mark.parametrize("padding,truncating,expected", [
    ("pre", "pre", [[2, 3], [4, 5], [0, 6]]),
    ("post", "pre", [[2, 3], [4, 5], [6, 0]]),
    ("pre", "post", [[1, 2], [4, 5], [0, 6]]),
    ("post", "post", [[1, 2], [4, 5], [6, 0]]),
])
def test_padding_and_truncating(padding, truncating, expected):
    result = pad_sequences(SEQUENCES, maxlen=2, padding=padding, truncating=truncating)
    np.testing.assert_array_equal(result, expected)


def test_value_dtype_vectors_and_empty_sequences():
    result = pad_sequences([[0.5, 1.5], []], maxlen=3, dtype="float32", value=-1.0)
    np.testing.assert_array_equal(result, [[-1, 0.5, 1.5], [-1, -1, -1]])
    vectors = pad_sequences([np.ones((2, 3)), np.ones((1, 3))])
    assert vectors.shape == (2, 2, 3) and vectors[1, 0].sum() == 0
    text = pad_sequences([["a", "b"], ["c"]], dtype=object, value="<pad>")
    assert text.tolist() == [["a", "b"], ["<pad>", "c"]]


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match='Padding type "middle"'):
        pad_sequences(SEQUENCES, padding="middle")
    with pytest.raises(ValueError, match='Truncating type "x"'):
        pad_sequences(SEQUENCES, truncating="x")
    with pytest.raises(ValueError, match="non-iterable"):
        pad_sequences([1, 2])
    with pytest.raises(ValueError, match="dtype=object"):
        pad_sequences([["a"]], value="x")
    with pytest.raises(ValueError, match="different from expected shape"):
        pad_sequences([np.ones((2, 3)), np.ones((1, 4))])
