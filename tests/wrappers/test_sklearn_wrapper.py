"""Keras 3's SKLearnClassifier / SKLearnRegressor / SKLearnTransformer: arguments and behaviour."""

import pickle

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.base import clone  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

import nbkeras as keras  # noqa: E402
from nbkeras.wrappers import SKLearnClassifier, SKLearnRegressor, SKLearnTransformer  # noqa: E402
from nbkeras.wrappers.model_state import KerasArchive  # noqa: E402
from tests.wrappers.models import dense_model, softmax_model  # noqa: E402

QUIET = {"epochs": 3, "verbose": 0}


def blobs(n=60, seed=0):
    x, y = keras.datasets.make_blobs(n, n_classes=3, n_features=4, seed=seed)
    return x, np.array(["cat", "dog", "owl"])[y]


def regression(n=60, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, x @ np.array([1.0, -2.0, 0.5]) + 0.1


def compiled_softmax(n_features=4, n_classes=3):
    return softmax_model(np.zeros((1, n_features)), np.zeros((1, n_classes)))


def test_classifier_encodes_labels_and_predicts_them_back():
    x, labels = blobs()
    clf = SKLearnClassifier(model=softmax_model, fit_kwargs=QUIET, random_state=0).fit(x, labels)
    assert list(clf.classes_) == ["cat", "dog", "owl"]
    assert clf.model_.output_shape == (None, 3)  # the model function saw one-hot y
    assert set(clf.predict(x)) <= {"cat", "dog", "owl"}
    proba = clf.predict_proba(x)
    assert proba.shape == (60, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    assert np.array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(x))
    assert 0.0 <= clf.score(x, labels) <= 1.0


def test_binary_decision_function_follows_scikit_learn_and_multiclass_follows_keras():
    x, labels = blobs()
    binary = labels == "cat"
    clf = SKLearnClassifier(model=softmax_model, fit_kwargs=QUIET, random_state=0).fit(x, binary)
    decision = clf.decision_function(x)
    assert decision.shape == (60,)
    assert np.array_equal(clf.classes_[(decision > 0).astype(int)], clf.predict(x))
    multi = SKLearnClassifier(model=softmax_model, fit_kwargs=QUIET, random_state=0).fit(x, labels)
    assert np.array_equal(multi.decision_function(x), multi.predict_proba(x))


def test_one_class_and_continuous_targets_are_refused():
    x, _ = blobs()
    with pytest.raises(ValueError, match="at least 2 classes"):
        SKLearnClassifier(model=softmax_model, fit_kwargs=QUIET).fit(x, np.zeros(60))
    with pytest.raises(ValueError, match="Unknown label type"):
        SKLearnClassifier(model=softmax_model, fit_kwargs=QUIET).fit(x, np.linspace(0, 1, 60))


def test_regressor_predicts_one_value_per_sample_and_scores_r2():
    x, y = regression()
    reg = SKLearnRegressor(model=dense_model, fit_kwargs=QUIET, random_state=0).fit(x, y)
    assert reg.model_.output_shape == (None, 1)
    assert reg.predict(x).shape == (60,)
    residual = ((y - reg.predict(x)) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert reg.score(x, y) == pytest.approx(1 - residual, rel=1e-5)


def test_transformer_returns_the_model_outputs():
    x, y = regression()
    targets = np.stack([y, -y], axis=1)
    trs = SKLearnTransformer(model=dense_model, fit_kwargs=QUIET, random_state=0).fit(x, targets)
    out = trs.transform(x)
    assert out.shape == (60, 2) and out.dtype == np.float32
    np.testing.assert_array_equal(out, trs.model_.predict(x, verbose=0))


def test_model_kwargs_reach_the_model_function_and_fit_arguments_win_over_fit_kwargs():
    x, y = regression()
    fit_kwargs = {"epochs": 3, "verbose": 0}
    reg = SKLearnRegressor(model=dense_model, model_kwargs={"hidden": (7, 5)}, fit_kwargs=fit_kwargs)
    reg.fit(x, y, epochs=2)
    assert [layer.units for layer in reg.model_.layers] == [7, 5, 1]
    assert reg.history_.epoch == [0, 1] and reg.epoch_ == 2
    assert fit_kwargs == {"epochs": 3, "verbose": 0}  # the parameter is not modified


def test_a_compiled_model_is_cloned_with_fresh_weights_and_its_compile_arguments():
    x, labels = blobs()
    model = compiled_softmax()
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    before = [w.copy() for w in model.get_weights()]
    clf = SKLearnClassifier(model=model, fit_kwargs=QUIET).fit(x, labels)
    assert clf.model_ is not model
    assert isinstance(clf.model_.optimizer, keras.optimizers.SGD)
    assert clf.model_.optimizer is not model.optimizer
    assert float(clf.model_.optimizer.learning_rate) == pytest.approx(0.05)
    assert "accuracy" in clf.history_.history
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)  # the given model was not trained


def test_warm_start_trains_the_given_model_then_keeps_training_it():
    x, labels = blobs()
    model = compiled_softmax()
    clf = SKLearnClassifier(model=model, warm_start=True, fit_kwargs=QUIET).fit(x, labels)
    assert clf.model_ is model
    first = [w.copy() for w in model.get_weights()]
    clf.fit(x, labels)
    assert clf.model_ is model
    assert any(not np.array_equal(a, b) for a, b in zip(first, model.get_weights()))
    built = SKLearnClassifier(model=softmax_model, warm_start=True, fit_kwargs=QUIET).fit(x, labels)
    fitted = built.model_
    assert built.fit(x, labels).model_ is fitted


def test_an_uncompiled_model_or_a_non_callable_gets_a_clear_error():
    x, labels = blobs()
    bare = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
    with pytest.raises(RuntimeError, match="compile"):
        SKLearnClassifier(model=bare, fit_kwargs=QUIET).fit(x, labels)
    with pytest.raises(TypeError, match="compiled keras Model or a function"):
        SKLearnClassifier(model="mlp").fit(x, labels)


def test_pickle_carries_the_keras_archive_and_keeps_the_optimizer_state():
    x, y = regression()
    reg = SKLearnRegressor(model=dense_model, warm_start=True, fit_kwargs=QUIET, random_state=0)
    reg.fit(x, y)
    state = reg.__getstate__()
    assert isinstance(state["model_"], KerasArchive)
    assert state["model_"].data[:2] == b"PK"  # a .keras file is a zip archive
    copy = pickle.loads(pickle.dumps(reg))
    np.testing.assert_array_equal(copy.predict(x), reg.predict(x))
    assert copy.history_.history == reg.history_.history
    copy.fit(x, y)   # warm start from the restored weights and Adam moments
    reg.fit(x, y)
    np.testing.assert_array_equal(copy.predict(x), reg.predict(x))


def test_clone_copies_a_given_model_and_keeps_every_parameter():
    model = compiled_softmax()
    clf = SKLearnClassifier(model=model, model_kwargs={"a": 1}, fit_kwargs=QUIET, random_state=3)
    twin = clone(clf)
    assert twin.model is not model
    for a, b in zip(model.get_weights(), twin.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    params = twin.get_params()
    assert params["fit_kwargs"] == QUIET and params["model_kwargs"] == {"a": 1}
    assert params["random_state"] == 3 and not hasattr(twin, "model_")


def test_random_state_repeats_a_fit_and_leaves_the_global_generator_alone():
    x, y = regression()
    keras.utils.set_random_seed(1)
    expected = keras.random_state.generator().integers(0, 1000, 5)
    keras.utils.set_random_seed(1)
    first = SKLearnRegressor(model=dense_model, fit_kwargs=QUIET, random_state=7).fit(x, y)
    assert np.array_equal(keras.random_state.generator().integers(0, 1000, 5), expected)
    second = SKLearnRegressor(model=dense_model, fit_kwargs=QUIET, random_state=7).fit(x, y)
    np.testing.assert_array_equal(first.predict(x), second.predict(x))
    with pytest.raises(ValueError, match="random_state must be"):
        SKLearnRegressor(model=dense_model, random_state="seven").fit(x, y)


def test_pipeline_and_grid_search_over_model_and_fit_kwargs_in_two_processes():
    x, labels = blobs(90)
    clf = SKLearnClassifier(model=softmax_model, fit_kwargs=QUIET, random_state=0)
    pipe = Pipeline([("scale", StandardScaler()), ("net", clf)])
    grid = {"net__model_kwargs": [{"hidden": (4,)}, {"hidden": (16,)}],
            "net__fit_kwargs": [{"epochs": 2, "verbose": 0}, {"epochs": 4, "verbose": 0}]}
    serial = GridSearchCV(pipe, grid, cv=3, n_jobs=1).fit(x, labels)
    parallel = GridSearchCV(pipe, grid, cv=3, n_jobs=2).fit(x, labels)
    np.testing.assert_array_equal(serial.cv_results_["mean_test_score"],
                                  parallel.cv_results_["mean_test_score"])
    assert serial.best_estimator_.predict(x).shape == (90,)
