"""What fit/evaluate/predict accept besides arrays: pandas, Python lists, generator tuples."""

import numpy as np
import pandas as pd
import pytest

import nbkeras as keras


def _regression_model(inputs=3):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    return model


FRAME = pd.DataFrame({"age": np.arange(8.0), "bmi": np.arange(8.0) * 2, "bp": np.ones(8)})
TARGET = pd.Series(np.arange(8.0) / 8, name="progression")


def test_a_dataframe_feeds_its_columns_in_order():
    model = _regression_model()
    model.fit(FRAME, TARGET, epochs=1, verbose=0)
    np.testing.assert_allclose(model.predict(FRAME, verbose=0),
                               model.predict(FRAME.to_numpy(), verbose=0))
    assert np.isfinite(model.evaluate(FRAME, TARGET, verbose=0))


def test_a_series_feeds_a_one_column_input():
    model = _regression_model(inputs=1)
    history = model.fit(FRAME["age"], TARGET, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(FRAME["age"], verbose=0).shape == (8, 1)


def test_a_dict_of_columns_feeds_named_inputs():
    keras.utils.set_random_seed(0)
    age, bmi = keras.Input((1,), name="age"), keras.Input((1,), name="bmi")
    output = keras.layers.Dense(1)(keras.layers.Concatenate()([age, bmi]))
    model = keras.Model({"age": age, "bmi": bmi}, output)
    model.compile("sgd", "mse")
    columns = {name: FRAME[name] for name in ("age", "bmi")}
    model.fit(columns, TARGET, epochs=1, verbose=0)
    np.testing.assert_allclose(model.predict(columns, verbose=0),
                               model.predict({k: v.to_numpy()[:, None] for k, v in columns.items()},
                                             verbose=0), rtol=1e-6)


def test_nested_python_lists_are_one_input_array():
    model = _regression_model()
    history = model.fit([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [0.5, 1.5], epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1
    assert model.predict([[1, 2, 3]], verbose=0).shape == (1, 1)


def test_generator_of_x_y_sample_weight_tuples():
    model = _regression_model()

    def batches():
        for _ in range(3):
            yield np.ones((4, 3)), np.ones((4, 1)), np.array([1.0, 1.0, 0.0, 0.0])

    assert len(model.fit(batches(), epochs=1, verbose=0).history["loss"]) == 1


@pytest.mark.parametrize("bad,error,match", [
    ("some text", TypeError, "must hold numbers"),
    (pd.DataFrame({"city": ["Oslo", "Rome"]}), TypeError, "Encode text columns"),
    (5, ValueError, "batch axis"),
])
def test_clear_errors_for_other_inputs(bad, error, match):
    with pytest.raises(error, match=match):
        _regression_model().fit(bad, np.zeros(2), epochs=1, verbose=0)


def test_importing_nbkeras_does_not_import_pandas():
    import subprocess
    import sys

    code = "import sys, nbkeras; print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_ragged_python_lists_name_x_and_the_fix():
    with pytest.raises(ValueError, match="x is a nested list.*pad_sequences"):
        _regression_model(inputs=2).fit([[1.0, 2.0], [3.0]], [0.0, 1.0], epochs=1, verbose=0)
