"""``max_of_row`` is ``row.max()`` to the bit: the softmax kernels use it to compile faster."""

import os

import numpy as np
import pytest
from numba import njit

from nbkeras.kernels.helpers import max_of_row


@njit
def numba_row_max(row):
    return row.max()


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1",
                    reason="compares with Numba's compiled row.max(), which NumPy's differs from at -0")
@pytest.mark.parametrize("row", [
    np.random.default_rng(0).standard_normal(9).astype(np.float32),
    np.array([3.0]), np.array([-np.inf, -np.inf]), np.array([1.0, np.inf]),
    np.array([-0.0, 0.0]), np.array([0.0, -0.0]),
    np.array([1.0, np.nan, 2.0], dtype=np.float32), np.array([np.nan, 1.0]),
], ids=["random", "one", "all -inf", "inf", "-0 first", "+0 first", "nan inside", "nan first"])
def test_max_of_row_is_numbas_row_max_to_the_bit(row):
    assert np.array(max_of_row(row)).tobytes() == np.array(numba_row_max(row)).tobytes()
