"""Every input kind fit/evaluate/predict accept: arrays, lists/dicts (multi-input),
generators, PyDataset (with on_epoch_end), DataFrame-like objects (``to_numpy``)."""


import numpy as np
import pytest

import nbkeras as keras


def regression_data(n=32):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, x.sum(axis=1, keepdims=True)


def dense_model():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.05), "mse")
    return model


class TwoInputs(keras.Model):
    """A subclassed model whose input is a list [a, b] or a dict {"a", "b"}."""

    def __init__(self):
        super().__init__()
        self.left = keras.layers.Dense(2)
        self.right = keras.layers.Dense(2)
        self.out = keras.layers.Dense(1)

    def call(self, inputs, training=False):
        a, b = (inputs["a"], inputs["b"]) if isinstance(inputs, dict) else inputs
        return self.out(keras.ops.concatenate([self.left(a), self.right(b)], axis=-1))


@pytest.mark.parametrize("as_dict", [False, True])
def test_multi_input_lists_and_dicts(as_dict):
    x, y = regression_data()
    inputs = {"a": x[:, :2], "b": x[:, 2:]} if as_dict else [x[:, :2], x[:, 2:]]
    keras.utils.set_random_seed(2)
    model = TwoInputs()
    model.compile("sgd", "mse")
    history = model.fit(inputs, y, batch_size=8, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert model.predict(inputs, verbose=0).shape == (32, 1)
    assert np.isfinite(model.evaluate(inputs, y, verbose=0))


def test_generator_without_steps_trains_one_pass_then_stops_with_a_clear_warning():
    x, y = regression_data()

    def finite():
        for i in range(0, 32, 8):
            yield x[i:i + 8], y[i:i + 8]

    model = dense_model()
    with pytest.warns(UserWarning, match="generator is used up after one pass"):
        history = model.fit(finite(), epochs=3, verbose=0)
    assert history.epoch == [0], "only the first epoch had data"


def test_endless_generator_with_steps_per_epoch():
    x, y = regression_data()
    seen = []

    def endless():
        while True:
            for i in range(0, 32, 8):
                seen.append(i)
                yield x[i:i + 8], y[i:i + 8]

    history = dense_model().fit(endless(), steps_per_epoch=3, epochs=2, verbose=0)
    assert history.params == {"verbose": 0, "epochs": 2, "steps": 3}
    assert seen == [0, 8, 16, 24, 0, 8], "the generator continues across epochs"


def test_generator_with_y_argument_is_rejected_with_a_fix():
    x, y = regression_data()
    with pytest.raises(ValueError, match="do not pass y="):
        dense_model().fit(iter([(x, y)]), y, verbose=0)


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y
        self.epochs_ended = 0
        self.indices_seen = []

    def __len__(self):
        return 4

    def __getitem__(self, index):
        self.indices_seen.append(index)
        return self.x[index * 8:(index + 1) * 8], self.y[index * 8:(index + 1) * 8]

    def on_epoch_end(self):
        self.epochs_ended += 1


def test_py_dataset_restarts_every_epoch_and_calls_on_epoch_end():
    x, y = regression_data()
    dataset = Batches(x, y)
    history = dense_model().fit(dataset, epochs=3, verbose=0, shuffle=False)
    assert history.params["steps"] == 4
    assert dataset.epochs_ended >= 3
    assert dataset.indices_seen == [0, 1, 2, 3] * 3


def test_py_dataset_batches_are_shuffled_when_shuffle_true():
    x, y = regression_data()
    dataset = Batches(x, y)
    keras.utils.set_random_seed(5)
    dense_model().fit(dataset, epochs=4, verbose=0)
    assert sorted(dataset.indices_seen) == sorted([0, 1, 2, 3] * 4)
    assert dataset.indices_seen != [0, 1, 2, 3] * 4


def test_sequence_is_pydataset_and_validation_accepts_it():
    assert keras.utils.Sequence is keras.utils.PyDataset
    x, y = regression_data()
    history = dense_model().fit(x, y, epochs=1, verbose=0, validation_data=Batches(x, y))
    assert "val_loss" in history.history


class FakeFrame:
    """Stands in for a pandas DataFrame/Series: only ``to_numpy()``."""

    def __init__(self, values):
        self.values = values

    def to_numpy(self):
        return np.asarray(self.values, dtype=object) if self.values.dtype == object \
            else self.values


def test_dataframe_like_objects_are_converted():
    x, y = regression_data()
    model = dense_model()
    history = model.fit(FakeFrame(x.astype("float64")), FakeFrame(y[:, 0]), epochs=2,
                        verbose=0, validation_split=0.25)
    assert set(history.history) == {"loss", "val_loss"}
    mixed = FakeFrame(x.astype(object))  # pandas gives dtype=object for mixed columns
    assert model.predict(mixed, verbose=0).shape == (32, 1)


def test_text_columns_give_a_clear_error():
    x, y = regression_data(4)
    words = FakeFrame(np.array([["a", 1, 2]] * 4, dtype=object))
    with pytest.raises(TypeError, match="Encode text columns"):
        dense_model().fit(words, y, verbose=0)


def test_on_batch_methods_and_return_dict():
    x, y = regression_data(8)
    model = dense_model()
    model.compile("sgd", "mse", metrics=["mae"])
    logs = model.train_on_batch(x, y, return_dict=True)
    assert list(logs) == ["loss", "mae"]
    loss, mae = model.test_on_batch(x, y)
    assert loss == pytest.approx(model.test_on_batch(x, y, return_dict=True)["loss"])
    np.testing.assert_allclose(model.predict_on_batch(x), model.predict(x, verbose=0), rtol=1e-6)


def test_legacy_generator_methods_warn_and_name_the_keras3_method():
    x, y = regression_data()

    def endless():
        while True:
            yield x[:8], y[:8]

    model = dense_model()
    with pytest.warns(UserWarning, match="use `Model.fit`"):
        history = model.fit_generator(endless(), steps_per_epoch=2, epochs=2, verbose=0)
    assert history.epoch == [0, 1]
    with pytest.warns(UserWarning, match="use `Model.evaluate`"):
        model.evaluate_generator(endless(), steps=2)
    with pytest.warns(UserWarning, match="use `Model.predict`"):
        assert model.predict_generator(endless(), steps=2).shape == (16, 1)


def test_validation_split_rejects_generators():
    with pytest.raises(ValueError, match="validation_data"):
        dense_model().fit(iter([]), validation_split=0.2, verbose=0)


def test_history_params_and_alphabetical_keys():
    x, y = regression_data()
    model = dense_model()
    model.compile("sgd", "mse", metrics=["mae"])
    history = model.fit(x, y, batch_size=10, epochs=2, verbose=0, validation_split=0.25)
    assert history.params == {"verbose": 0, "epochs": 2, "steps": 3}
    assert list(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert model.history is history


def test_validation_steps_and_batch_size():
    x, y = regression_data()
    sizes = []

    class Sizes(keras.callbacks.Callback):
        def on_test_batch_begin(self, batch, logs=None):
            sizes.append(batch)

    dense_model().fit(x, y, epochs=1, verbose=0, validation_data=(x, y),
                      validation_batch_size=4, validation_steps=3, callbacks=[Sizes()])
    assert sizes == [0, 1, 2]


def test_huge_finite_values_are_not_mistaken_for_nan():
    # Their float32 sum overflows to inf; the finiteness check must look closer.
    x = np.full((4, 2), 3e38, dtype="float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.evaluate(x, np.zeros((4, 1), "float32"), verbose=0)
    x[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"1 non-finite value\(s\) \(NaN at index \(2, 1\)\)"):
        model.evaluate(x, np.zeros((4, 1), "float32"), verbose=0)


@pytest.mark.parametrize("row", [3, 1500])
def test_large_data_is_checked_in_two_halves_and_a_nan_in_either_is_found(row):
    from nbkeras.models.data_adapters import arrays

    x = np.ones((2000, 600), dtype="float32")          # 4.8 MB: checked in two halves
    assert x.nbytes >= arrays.FINITE_CHECK_SPLIT_BYTES
    model = keras.Sequential([keras.Input((600,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    y = np.zeros((2000, 1), "float32")
    model.evaluate(x, y, batch_size=500, verbose=0)
    x[row, 7] = np.inf
    with pytest.raises(ValueError, match=rf"1 non-finite value\(s\) \(infinity at index \({row}, 7\)\)"):
        model.evaluate(x, y, batch_size=500, verbose=0)
