"""Playground's code API: settings, training in chunks, its own random stream, the model."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.playground import Playground, PlaygroundConfig


def test_defaults_are_tf_playground_s():
    config = PlaygroundConfig()
    assert (config.dataset, config.hidden, config.activation, config.learning_rate) == \
        ("circle", (4, 2), "tanh", 0.03)
    assert (config.batch_size, config.ratio, config.noise, config.features) == (10, 0.5, 0.0, ("x1", "x2"))
    assert config.problem == "classification"
    assert PlaygroundConfig(dataset="plane").problem == "regression"


@pytest.mark.parametrize("settings, message", [
    (dict(hidden=[9]), "0 to 6 layers of 1 to 8"),
    (dict(hidden=[1] * 7), "0 to 6 layers"),
    (dict(activation="elu"), "activation='elu'"),
    (dict(optimizer="rmsprop"), "optimizer"),
    (dict(regularization="l3"), "regularization"),
    (dict(noise=0.9), "noise must lie between 0.0 and 0.5"),
    (dict(dataset="xor", problem="regression"), "needs one of the datasets"),
])
def test_bad_settings_say_what_is_expected(settings, message):
    with pytest.raises(ValueError, match=message):
        Playground(**settings)


def test_unknown_setting_lists_the_settings():
    pg = Playground()
    with pytest.raises(TypeError, match="Unknown Playground setting.*learning_rate"):
        pg.set(lr=0.1)


def test_model_is_an_ordinary_sequential():
    pg = Playground(dataset="spiral", hidden=[8, 8], activation="tanh", dropout=0.1,
                    regularization="L2", regularization_rate=0.001)
    assert isinstance(pg.model, keras.Sequential)
    kinds = [type(layer).__name__ for layer in pg.model.layers]
    assert kinds == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert [w.shape for w in pg.model.get_weights()] == [(2, 8), (8,), (8, 8), (8,), (8, 1), (1,)]
    assert pg.model.layers[0].kernel_regularizer.get_config() == {"l2": 0.001}
    assert pg.model.layers[-1].get_config()["activation"] == "sigmoid"
    assert pg.config.regularization == "l2"


def test_train_in_chunks_equals_one_train():
    one = Playground(dataset="xor", hidden=[4], dropout=0.2).train(6)
    chunks = Playground(dataset="xor", hidden=[4], dropout=0.2)
    for _ in range(3):
        chunks.train(2)
    assert chunks.epoch == one.epoch == 6
    assert chunks.history == one.history
    for a, b in zip(one.model.get_weights(), chunks.model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_two_playgrounds_trained_in_turns_keep_their_numbers():
    alone = Playground(dataset="circle", hidden=[3], seed=1).train(4)
    first, second = Playground(dataset="circle", hidden=[3], seed=1), Playground(dataset="circle", seed=2)
    for _ in range(4):
        first.step()
        second.step()
        keras.utils.set_random_seed(99)  # the learner's own cells may reseed in between
    assert first.history == alone.history


def test_playground_leaves_the_global_generator_alone():
    keras.utils.set_random_seed(5)
    before = np.random.random(), keras.random_state.generator().random()
    keras.utils.set_random_seed(5)
    Playground(dataset="xor").train(2)
    assert (np.random.random(), keras.random_state.generator().random()) == before


def test_reset_restarts_from_the_same_weights_and_set_changes_the_network():
    pg = Playground(dataset="gaussian", hidden=[2])
    start = [w.copy() for w in pg.model.get_weights()]
    pg.train(3)
    assert pg.epoch == 3 and len(pg.history["loss"]) == 3
    pg.reset()
    assert pg.epoch == 0 and pg.history == {}
    for a, b in zip(start, pg.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    pg.set(hidden=[5, 5], features=["x1", "x2", "x1^2"])
    assert [w.shape for w in pg.model.get_weights()][:2] == [(3, 5), (5,)]


def test_new_dataset_brings_its_problem_type():
    pg = Playground(dataset="xor").set(dataset="multi_gaussian")
    assert pg.config.problem == "regression"
    assert pg.model.layers[-1].get_config()["activation"] == "linear"
    pg.train(1)
    assert set(pg.history) == {"loss", "val_loss"}


def test_xor_is_learned_and_losses_fall():
    pg = Playground(dataset="xor", hidden=[4], learning_rate=0.1).train(30)
    train_loss, test_loss = pg.losses()
    assert train_loss < pg.history["loss"][0] and test_loss < 0.3
    assert pg.history["val_accuracy"][-1] > 0.9


@pytest.mark.filterwarnings("ignore:overflow")
@pytest.mark.filterwarnings("ignore:invalid value")
def test_diverging_training_stops():
    with pytest.warns(RuntimeWarning, match="loss became"):
        pg = Playground(dataset="plane", hidden=[8, 8], activation="relu", learning_rate=5.0,
                        features=["x1^2", "x2^2"])
        for _ in range(20):
            pg.step()
    assert pg.diverged and pg.epoch < 20
    epoch = pg.epoch
    assert pg.train(5).epoch == epoch


def test_repr_names_the_configuration():
    assert repr(Playground(dataset="spiral", hidden=[8, 8])) == \
        "<Playground spiral, 8x8 tanh, sgd lr 0.03, epoch 0>"


def test_model_saves_loads_and_plots_like_any_model(tmp_path):
    pg = Playground(dataset="spiral", hidden=[8, 8], regularization="l2", regularization_rate=0.001,
                    dropout=0.1).train(2)
    path = tmp_path / "spiral.keras"
    pg.model.save(path)
    loaded = keras.saving.load_model(path)
    x_test = pg.trainer.x_test
    np.testing.assert_array_equal(loaded.predict(x_test, verbose=0), pg.model.predict(x_test, verbose=0))
    assert "dense" in str(keras.utils.plot_model(pg.model, show_shapes=True)._repr_svg_())[:5000]
