"""A catalogue of mistakes learners make, each with the error it must get.

Every case asserts the exception type and that the message names the layer or
argument (``names``), shows what was received (``received``; the expected value is
part of the same sentence) and gives a fix (``fix``). Matching ignores case.
"""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers

RNG = np.random.default_rng(0)
X4 = RNG.normal(size=(16, 4)).astype("float32")
Y1 = RNG.normal(size=(16, 1)).astype("float32")
LABELS3 = RNG.integers(0, 3, size=16)


def regression(compiled=True):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu", name="hidden"),
                              layers.Dense(1, name="out")])
    if compiled:
        model.compile(optimizer="sgd", loss="mse")
    return model


def classifier(loss="sparse_categorical_crossentropy", activation="softmax"):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation=activation,
                                                               name="probs")])
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


def functional_two_inputs():
    a, b = keras.Input((2,), name="left"), keras.Input((3,), name="right")
    return keras.Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))


def _fit(**kwargs):
    def run():
        arguments = {"x": X4, "y": Y1, "verbose": 0, **kwargs}
        regression().fit(**arguments)
    return run


def _fit_compiled(**compile_arguments):
    def run():
        model = regression(compiled=False)
        model.compile(optimizer="sgd", loss="mse", **compile_arguments)
        model.fit(X4, Y1, verbose=0)
    return run


def _saved(tmp_path, name="m.keras"):
    model = regression()
    model.save(tmp_path / name)
    return tmp_path / name


class Scale(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


def _file_case(kind):
    def run(tmp_path):
        if kind == "missing":
            keras.saving.load_model(tmp_path / "nothing.keras")
        elif kind == "truncated":
            path = _saved(tmp_path)
            path.write_bytes(path.read_bytes()[:300])
            keras.saving.load_model(path)
        elif kind == "legacy":
            model = regression()
            model.save_weights(tmp_path / "w.weights.h5")
            (tmp_path / "model.h5").write_bytes((tmp_path / "w.weights.h5").read_bytes())
            keras.saving.load_model(tmp_path / "model.h5")
        elif kind == "save_h5":
            regression().save(tmp_path / "model.h5")
        elif kind == "save_weights_suffix":
            regression().save_weights(tmp_path / "w.h5")
        elif kind == "weights_as_model":
            regression().save_weights(tmp_path / "w.weights.h5")
            keras.saving.load_model(tmp_path / "w.weights.h5")
        elif kind == "other_architecture":
            regression().save_weights(tmp_path / "w.weights.h5")
            classifier().load_weights(tmp_path / "w.weights.h5")
        elif kind == "custom_layer":
            model = keras.Sequential([keras.Input((4,)), Scale(name="scale")])
            model.save(tmp_path / "c.keras")
            keras.saving.load_model(tmp_path / "c.keras")
        elif kind == "lambda":
            model = keras.Sequential([keras.Input((4,)), layers.Lambda(lambda t: t + 1.0)])
            model.save(tmp_path / "l.keras")
            keras.saving.load_model(tmp_path / "l.keras")
        elif kind == "load_weights_missing":
            regression().load_weights(tmp_path / "none.weights.h5")
    return run


# id: (callable, exception type, names, received, fix)
CASES = {
    # ------------------------------------------------------------------ shapes
    "predict_wrong_feature_count": (
        lambda: regression().predict(np.ones((2, 5), "float32"), verbose=0),
        ValueError, "input_layer", "(2, 5)", "check that the data"),
    "fit_wrong_feature_count": (_fit(x=np.ones((16, 6), "float32")), ValueError, "input_layer",
                                "(16, 6)", "check that the data"),
    "x_y_sample_counts_differ": (_fit(y=Y1[:10]), ValueError, "y", "10", "same samples"),
    "input_shape_int": (lambda: keras.Input(shape=5), ValueError, "shape", "5", "(5,)"),
    "input_shape_negative": (lambda: keras.Input(shape=(-3,)), ValueError, "shape", "-3",
                             "shape=("),
    "reshape_wrong_size": (
        lambda: layers.Reshape((5,), name="rs")(keras.Input((4,))),
        ValueError, "rs", "5", "total size must stay the same"),
    "concatenate_mismatched": (
        lambda: layers.Concatenate(name="cat")([keras.Input((2, 3)), keras.Input((4, 5))]),
        ValueError, "cat", "(None, 4, 5)", "axis"),
    "add_mismatched": (lambda: layers.Add(name="plus")([keras.Input((2,)), keras.Input((3,))]),
                       ValueError, "plus", "(None, 3)", "equal sizes"),
    "x_missing_batch_axis": (lambda: regression().predict(np.ones(4, "float32"), verbose=0),
                             ValueError, "input_layer", "(4,)", "x[None]"),
    "y_wrong_width_for_mse": (_fit(y=np.ones((16, 3), "float32")), ValueError,
                              "mean_squared_error", "(16, 3)", "units of the last layer"),
    "repeat_vector_rank3": (lambda: layers.RepeatVector(2, name="rep")(keras.Input((2, 3))),
                            ValueError, "rep", "(None, 2, 3)", "rank 2"),
    "permute_bad_dims": (lambda: layers.Permute((1, 3), name="perm"), ValueError, "perm",
                         "(1, 3)", "permutation"),
    "two_inputs_given_one": (
        lambda: functional_two_inputs().predict(np.ones((2, 5), "float32"), verbose=0),
        ValueError, "input", "1", "list"),
    # ------------------------------------------------------------------ dtypes
    "dense_dtype_typo": (lambda: layers.Dense(3, dtype="flaot32", name="d3"), ValueError, "d3",
                         "flaot32", "float32"),
    "input_dtype_typo": (lambda: keras.Input((3,), dtype="flot64"), ValueError, "dtype",
                         "flot64", "float64"),
    "x_strings": (_fit(x=np.array([["a", "b", "c", "d"]] * 16)), TypeError, "x", "<U1",
                  "np.asarray(x, dtype='float32')"),
    "x_ragged_lists": (_fit(x=[[1.0, 2.0], [3.0]] * 8), ValueError, "x", "", "same length"),
    "y_string_labels": (
        lambda: classifier().fit(X4, np.array(["cat", "dog"] * 8), verbose=0),
        TypeError, "y", "<U3", "encode text labels as integers"),
    # ------------------------------------------------------------------ labels vs loss
    "sparse_labels_with_categorical_ce": (
        lambda: classifier("categorical_crossentropy").fit(X4, LABELS3, verbose=0),
        ValueError, "categorical_crossentropy", "(16,)", "sparse_categorical_crossentropy"),
    "onehot_with_sparse_ce": (
        lambda: classifier().fit(X4, np.eye(3)[LABELS3], verbose=0),
        ValueError, "sparse_categorical_crossentropy", "(16, 3)", "categorical_crossentropy"),
    "label_out_of_range": (
        lambda: classifier().fit(X4, LABELS3 + 3, verbose=0),
        ValueError, "label", "5", "units"),
    "negative_label": (lambda: classifier().fit(X4, LABELS3 - 1, verbose=0), ValueError,
                       "label", "-1", "0"),
    "binary_ce_multiclass_labels": (
        lambda: classifier("binary_crossentropy", "sigmoid").fit(X4, LABELS3 * 3, verbose=0),
        ValueError, "binary_crossentropy", "6", "sparse_categorical_crossentropy"),
    # ------------------------------------------------------------------ data containers
    "fit_empty_arrays": (_fit(x=np.zeros((0, 4), "float32"), y=np.zeros((0, 1), "float32")),
                         ValueError, "x", "(0, 4)", "at least one sample"),
    "fit_without_y": (_fit(y=None), ValueError, "y", "", "y="),
    "validation_data_one_element": (_fit(validation_data=(X4,)), ValueError,
                                    "validation_data", "1", "(x_val, y_val)"),
    "validation_split_too_big": (_fit(validation_split=1.5), ValueError, "validation_split",
                                 "1.5", "0.2"),
    "validation_split_generator": (
        lambda: regression().fit(((X4, Y1) for _ in range(3)), validation_split=0.2, verbose=0),
        ValueError, "validation_split", "generator", "validation_data"),
    "dict_wrong_input_name": (
        lambda: functional_two_inputs().predict({"left": np.ones((2, 2)), "rihgt":
                                                 np.ones((2, 3))}, verbose=0),
        (ValueError, KeyError), "right", "rihgt", "keys"),
    "sample_weight_wrong_length": (_fit(sample_weight=np.ones(5)), ValueError, "sample_weight",
                                   "5", "same samples"),
    "x_is_a_path": (_fit(x="data.csv", y=None), (TypeError, ValueError), "x", "str", "array"),
    "class_weight_regression": (_fit(class_weight={0: 1.0, 1: 2.0}), ValueError,
                                "class_weight", "non-integer", "sample_weight"),
    "class_weight_unknown_class": (
        lambda: classifier().fit(X4, LABELS3, class_weight={0: 1.0, 7: 3.0}, verbose=0),
        ValueError, "class_weight", "[7]", "class indices"),
    "class_weight_list": (
        lambda: classifier().fit(X4, LABELS3, class_weight=[1.0, 2.0, 1.0], verbose=0),
        TypeError, "class_weight", "list", "{0: 1.0"),
    # ------------------------------------------------------------------ fit arguments
    "epochs_negative": (_fit(epochs=-3), ValueError, "epochs", "-3", "epochs=10"),
    "epochs_float": (_fit(epochs=2.5), TypeError, "epochs", "2.5", "whole number"),
    "initial_epoch_after_epochs": (_fit(epochs=2, initial_epoch=5), ValueError,
                                   "initial_epoch", "5", "epochs=7"),
    "verbose_loud": (_fit(verbose="loud"), ValueError, "verbose", "loud", "progress bar"),
    "callbacks_string": (_fit(callbacks="early_stopping"), TypeError, "callbacks",
                         "early_stopping", "EarlyStopping(patience"),
    "callbacks_class": (_fit(callbacks=[keras.callbacks.EarlyStopping]), TypeError,
                        "callbacks", "EarlyStopping", "EarlyStopping(...)"),
    "callbacks_number": (_fit(callbacks=3), TypeError, "callbacks", "3", "EarlyStopping(patience"),
    "batch_size_zero": (_fit(batch_size=0), ValueError, "batch_size", "0", "batch_size=32"),
    "batch_size_float": (_fit(batch_size=2.5), TypeError, "batch_size", "2.5", "whole number"),
    "steps_per_epoch_zero": (_fit(steps_per_epoch=0), ValueError, "steps_per_epoch", "0",
                             "steps_per_epoch=100"),
    "fit_before_compile": (lambda: regression(compiled=False).fit(X4, Y1, verbose=0),
                           RuntimeError, "compile", "", "compile("),
    # ------------------------------------------------------------------ compile arguments
    "loss_typo": (lambda: regression(False).compile(loss="mean_sqared_error"), ValueError,
                  "mean_sqared_error", "mean_sqared_error", "mean_squared_error"),
    "optimizer_typo": (lambda: regression(False).compile(optimizer="adamm", loss="mse"),
                       ValueError, "adamm", "adamm", "adam"),
    "metric_typo": (_fit_compiled(metrics=["acuracy"]), ValueError, "acuracy", "acuracy",
                    "did you mean 'accuracy'"),
    "validation_data_mismatched": (_fit(validation_data=(X4, Y1[:3])), ValueError, "y",
                                   "[3]", "same samples"),
    # ------------------------------------------------------------------ layer arguments
    "dense_zero_units": (lambda: layers.Dense(0), ValueError, "units", "0", "positive"),
    "dense_units_string": (lambda: layers.Dense("relu"), (TypeError, ValueError), "units",
                           "relu", "activation="),
    "activation_typo": (lambda: layers.Dense(3, activation="rellu"), ValueError, "rellu",
                        "rellu", "relu"),
    "activation_layer_typo": (lambda: layers.Activation("sofmax"), ValueError, "sofmax",
                              "sofmax", "softmax"),
    "dropout_rate_too_big": (lambda: layers.Dropout(1.5), ValueError, "rate", "1.5",
                             "between 0 and 1"),
    "initializer_typo": (lambda: layers.Dense(3, kernel_initializer="glorot"), ValueError,
                         "glorot", "glorot", "glorot_uniform"),
    "regularizer_typo": (lambda: layers.Dense(3, kernel_regularizer="l3"), ValueError, "l3",
                         "l3", "l2"),
    "reshape_two_unknowns": (lambda: layers.Reshape((-1, -1), name="rr"), ValueError,
                             "-1", "(-1, -1)", "one"),
    "missing_layer_convlstm2d": (lambda: layers.ConvLSTM2D, AttributeError, "ConvLSTM2D", "ConvLSTM2D",
                             "these layers exist: "),
    "layer_typo_dnese": (lambda: layers.Dnese, AttributeError, "Dnese", "Dnese", "Dense"),
    "unknown_layer_keyword": (lambda: layers.Dense(3, unit=4), (TypeError, ValueError),
                              "unit", "unit", "units"),
    # ------------------------------------------------------------------ weights
    "set_weights_wrong_shape": (
        lambda: regression().set_weights([np.zeros((4, 8)), np.zeros(8), np.zeros((5, 1)),
                                          np.zeros(1)]),
        ValueError, "out", "(5, 1)", "order"),
    "set_weights_wrong_count": (lambda: regression().set_weights([np.zeros((4, 8))]),
                                ValueError, "sequential", "1", "get_weights() order"),
    "set_weights_array_not_list": (lambda: regression().layers[0].set_weights(np.zeros((4, 8))),
                                   TypeError, "hidden", "ndarray", "set_weights([kernel"),
}

FILE_CASES = {
    "load_missing_file": ("missing", FileNotFoundError, "nothing.keras", "nothing.keras", "No"),
    "load_truncated": ("truncated", ValueError, "m.keras", "truncated", "again"),
    "load_legacy_h5": ("legacy", ValueError, "model.h5", "HDF5", "load_weights"),
    "save_to_h5": ("save_h5", ValueError, "filepath", "model.h5", ".keras"),
    "save_weights_wrong_suffix": ("save_weights_suffix", ValueError, "filepath", "w.h5",
                                  ".weights.h5"),
    "load_model_on_weights": ("weights_as_model", ValueError, "w.weights.h5", "HDF5",
                              "load_weights"),
    "load_weights_other_model": ("other_architecture", ValueError, "probs", "shape",
                                 "built like the one"),
    "custom_layer_unregistered": ("custom_layer", (TypeError, ValueError), "Scale", "Scale",
                                  "custom_objects"),
    "lambda_in_safe_mode": ("lambda", ValueError, "Lambda", "lambda", "safe_mode=False"),
    "load_weights_missing": ("load_weights_missing", FileNotFoundError, "none.weights.h5",
                             "none.weights.h5", "No"),
}


def _check(error, names, received, fix):
    message = str(error).lower()
    for part in (names, received, fix):
        assert part.lower() in message, f"{part!r} missing from: {error}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_mistake_gets_a_clear_error(case):
    run, kind, names, received, fix = CASES[case]
    with pytest.raises(kind) as error:
        run()
    _check(error.value, names, received, fix)


@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_file_mistake_gets_a_clear_error(case, tmp_path):
    what, kind, names, received, fix = FILE_CASES[case]
    with pytest.raises(kind) as error:
        _file_case(what)(tmp_path)
    _check(error.value, names, received, fix)


def test_the_catalogue_has_at_least_60_mistakes():
    assert len(CASES) + len(FILE_CASES) >= 60
