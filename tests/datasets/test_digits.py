"""The bundled 8x8 digits: shapes, dtypes, a fixed split, every class present."""

import numpy as np

from nbkeras.datasets import digits


def test_load_data_is_keras_style_and_fixed():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    assert x_train.shape == (1437, 8, 8) and x_test.shape == (360, 8, 8)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert int(x_train.max()) == 16 and int(x_train.min()) == 0
    assert set(np.unique(y_test)) == set(range(10))
    (again, _), _ = digits.load_data()
    np.testing.assert_array_equal(again, x_train)
    assert int(x_train.sum()) == 448633
    np.testing.assert_array_equal(y_test[:10], [6, 6, 6, 2, 5, 6, 6, 2, 2, 1])
