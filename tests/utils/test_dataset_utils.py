"""split_dataset and timeseries_dataset_from_array (NumPy batches through a PyDataset)."""

import random

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.utils import split_dataset, timeseries_dataset_from_array


def test_split_sizes_follow_keras():
    x, y = np.arange(10), np.arange(10) * 2
    (left_x, left_y), (right_x, right_y) = split_dataset((x, y), left_size=0.8)
    np.testing.assert_array_equal(left_x, np.arange(8))
    np.testing.assert_array_equal(right_y, [16, 18])
    left, right = split_dataset(x, right_size=3)
    assert left.shape == (7,) and right.tolist() == [7, 8, 9]
    left, right = split_dataset(x, left_size=2, right_size=3)
    assert left.tolist() == [0, 1] and right.tolist() == [7, 8, 9]


def test_split_shuffle_uses_keras_order():
    order = list(range(10))
    random.Random(7).shuffle(order)  # Keras: random.seed(seed); random.shuffle(list)
    left, right = split_dataset(np.arange(10), left_size=0.5, shuffle=True, seed=7)
    assert left.tolist() + right.tolist() == order


@pytest.mark.parametrize("kwargs,match", [({}, "At least one"), ({"left_size": 10}, "left_size"),
                                          ({"left_size": 1.5}, "left_size"),
                                          ({"left_size": "a"}, "Type"),
                                          ({"left_size": 6, "right_size": 6}, "sum")])
def test_split_errors(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        split_dataset(np.arange(10), **kwargs)


def test_timeseries_windows_and_targets():
    data = np.arange(100)
    dataset = timeseries_dataset_from_array(data[:-10], data[10:], sequence_length=10,
                                            batch_size=16)
    x, y = dataset[0]
    assert x.shape == (16, 10) and y.shape == (16,)
    np.testing.assert_array_equal(x[0], np.arange(10))
    assert y[0] == 10  # the docstring's "predict the next step" recipe
    assert len(dataset) == 6 and dataset.count == 81


def test_timeseries_stride_rate_indices_and_shuffle():
    data = np.arange(50).reshape(50, 1)
    dataset = timeseries_dataset_from_array(data, None, sequence_length=3, sequence_stride=4,
                                            sampling_rate=2, batch_size=None, start_index=5,
                                            end_index=30)
    windows = [dataset[i] for i in range(len(dataset))]
    np.testing.assert_array_equal(windows[0][:, 0], [5, 7, 9])
    np.testing.assert_array_equal(windows[1][:, 0], [9, 11, 13])
    assert windows[-1][-1, 0] < 30
    starts = np.arange(0, 48, 1)
    np.random.RandomState(3).shuffle(starts)
    shuffled = timeseries_dataset_from_array(np.arange(50), None, 3, shuffle=True, seed=3)
    np.testing.assert_array_equal(shuffled[0][:, 0], starts)


def test_a_timeseries_dataset_trains_a_model():
    keras.utils.set_random_seed(0)
    series = np.sin(np.arange(200) / 5).astype("float32")
    dataset = timeseries_dataset_from_array(series[:-5], series[5:], sequence_length=5,
                                            batch_size=32)
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    history = model.fit(dataset, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


def test_shuffled_datasets_reshuffle_after_each_epoch_and_maps_follow():
    keras.utils.set_random_seed(4)
    dataset = timeseries_dataset_from_array(np.arange(40), None, sequence_length=1,
                                            batch_size=10, shuffle=True, seed=0)
    squares = dataset.map(lambda x: x ** 2)
    first = np.concatenate([dataset[i] for i in range(len(dataset))])[:, 0]
    squares.on_epoch_end()  # fit calls this on the dataset it reads
    second = np.concatenate([dataset[i] for i in range(len(dataset))])[:, 0]
    assert sorted(first) == sorted(second) == list(range(40))
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(squares[0][:, 0], dataset[0][:, 0] ** 2)
    keras.utils.set_random_seed(4)
    again = timeseries_dataset_from_array(np.arange(40), None, sequence_length=1,
                                          batch_size=10, shuffle=True, seed=0)
    again.on_epoch_end()
    np.testing.assert_array_equal(again[0], dataset[0])
    fixed = timeseries_dataset_from_array(np.arange(40), None, sequence_length=1, batch_size=10)
    fixed.on_epoch_end()
    np.testing.assert_array_equal(fixed[0][:, 0], np.arange(10))
