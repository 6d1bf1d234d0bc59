"""The tf.keras 2 / Keras 2 wrappers: nbkeras.wrappers.scikit_learn.KerasRegressor / KerasClassifier."""

import pickle
import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.base import clone  # noqa: E402
from sklearn.metrics import mean_squared_error  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score  # noqa: E402

import nbkeras as keras  # noqa: E402
from nbkeras import Sequential  # noqa: E402
from nbkeras.layers import Dense  # noqa: E402
from nbkeras.wrappers import scikit_learn  # noqa: E402
from nbkeras.wrappers.scikit_learn import KerasClassifier, KerasRegressor  # noqa: E402


def build():
    """The seed document's model, as written (input_dim on the first layer)."""
    model = Sequential([Dense(8, input_dim=3, activation="relu"), Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    return model


def build_classifier(hidden=8, n_classes=3, loss="categorical_crossentropy", metrics=("accuracy",)):
    output = Dense(n_classes, activation="softmax") if n_classes > 1 else Dense(1, activation="sigmoid")
    model = Sequential([keras.Input(shape=(3,)), Dense(hidden, activation="relu"), output])
    model.compile(loss=loss, optimizer="adam", metrics=list(metrics))
    return model


def data(n=40):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    y = x @ np.array([1.0, -2.0, 0.5]) + 0.1
    return x, y, np.array(["low", "mid", "high"])[np.digitize(y, [-1.0, 1.0])]


@pytest.fixture(autouse=True)
def quiet_legacy_hints(monkeypatch):
    """Each test starts with the hints already given (the tests that check them reset this)."""
    monkeypatch.setattr(scikit_learn, "_warned", {"nb_epoch", "KerasClassifier", "KerasRegressor"})


def test_the_seed_program_runs_as_written_with_its_teaching_hints(monkeypatch):
    monkeypatch.setattr(scikit_learn, "_warned", set())
    x, y, _ = data()
    with pytest.warns(UserWarning) as caught:
        est = KerasRegressor(build_fn=build, nb_epoch=100, batch_size=5, verbose=0)
    messages = [str(w.message) for w in caught]
    assert any("`nb_epoch` is the Keras 1 name of `epochs`" in m for m in messages)
    assert any("keras.wrappers.SKLearnRegressor(model=build, fit_kwargs={'epochs': 100, "
               "'batch_size': 5, 'verbose': 0})" in m for m in messages)
    history = est.fit(x, y)
    assert len(history.epoch) == 100  # nb_epoch became epochs
    assert np.isfinite(mean_squared_error(y, est.predict(x)))
    assert est.predict(x).shape == (40,)
    scores = cross_val_score(est, x, y, cv=KFold(5))
    assert scores.shape == (5,) and (scores <= 0).all()  # score is minus the loss


def test_the_hints_appear_once_per_process(monkeypatch):
    monkeypatch.setattr(scikit_learn, "_warned", set())
    with pytest.warns(UserWarning):
        KerasRegressor(build_fn=build, nb_epoch=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        KerasRegressor(build_fn=build, nb_epoch=2)


def test_sk_params_are_routed_to_build_fn_and_fit_and_unknown_ones_refused():
    x, _, labels = data()
    clf = KerasClassifier(build_fn=build_classifier, hidden=5, epochs=2, batch_size=8, verbose=0)
    history = clf.fit(x, labels)
    assert clf.model.layers[0].units == 5 and len(history.epoch) == 2
    assert history.params["steps"] == 5  # batch_size=8 reached fit
    with pytest.raises(ValueError, match="hiden is not a legal parameter"):
        KerasClassifier(build_fn=build_classifier, hiden=5)
    with pytest.raises(ValueError, match="not a legal parameter"):
        clf.set_params(unknown=1)


def test_classifier_labels_probabilities_and_accuracy_score():
    x, _, labels = data()
    clf = KerasClassifier(build_fn=build_classifier, epochs=3, verbose=0, random_state=0)
    clf.fit(x, labels)
    assert list(clf.classes_) == ["high", "low", "mid"] and clf.n_classes_ == 3
    assert set(clf.predict(x)) <= set(labels)
    np.testing.assert_allclose(clf.predict_proba(x).sum(axis=1), 1.0, rtol=1e-5)
    accuracy = clf.score(x, labels)
    assert accuracy == pytest.approx(np.mean(clf.predict(x) == labels), abs=1e-6)


def test_binary_sigmoid_classifier_gets_two_probability_columns():
    x, y, _ = data()
    clf = KerasClassifier(build_fn=build_classifier, n_classes=1, loss="binary_crossentropy",
                          epochs=2, verbose=0)
    clf.fit(x, y > 0)
    proba = clf.predict_proba(x)
    assert proba.shape == (40, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert clf.predict(x).shape == (40,)


def test_score_without_an_accuracy_metric_explains_the_fix():
    x, _, labels = data()
    clf = KerasClassifier(build_fn=build_classifier, metrics=(), epochs=1, verbose=0)
    clf.fit(x, labels)
    with pytest.raises(ValueError, match=r'metrics=\["accuracy"\]'):
        clf.score(x, labels)


def test_clone_grid_search_and_pickle():
    x, _, labels = data(60)
    clf = KerasClassifier(build_fn=build_classifier, epochs=2, verbose=0, random_state=0)
    assert clone(clf).get_params() == clf.get_params()
    search = GridSearchCV(clf, {"hidden": [2, 6]}, cv=3).fit(x, labels)
    assert search.best_params_["hidden"] in (2, 6)
    copy = pickle.loads(pickle.dumps(search.best_estimator_))
    np.testing.assert_array_equal(copy.predict_proba(x), search.best_estimator_.predict_proba(x))
