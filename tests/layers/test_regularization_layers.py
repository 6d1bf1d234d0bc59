"""Dropout and friends: identity at inference, the right noise while training, exact repeats with
set_random_seed, gradients through the mask, and Keras 3 parity of a regularized training run."""

import pathlib

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from nbkeras.utils import check_gradients

TRAINING = np.load(pathlib.Path(__file__).parents[1] / "golden" / "training.npz", allow_pickle=False)
NOISE_LAYERS = [lambda: layers.Dropout(0.3), lambda: layers.SpatialDropout1D(0.3),
                lambda: layers.GaussianNoise(0.5), lambda: layers.GaussianDropout(0.3),
                lambda: layers.AlphaDropout(0.3)]
X = np.random.default_rng(0).normal(size=(8, 5, 6)).astype("float32")


@pytest.mark.parametrize("make", NOISE_LAYERS)
def test_identity_at_inference(make):
    np.testing.assert_array_equal(make()(X).numpy(), X)
    np.testing.assert_array_equal(make()(X, training=False).numpy(), X)


@pytest.mark.parametrize("make", NOISE_LAYERS)
def test_set_random_seed_repeats_the_noise_exactly(make):
    keras.utils.set_random_seed(7)
    first = make()(X, training=True).numpy()
    keras.utils.set_random_seed(7)
    second = make()(X, training=True).numpy()
    third = make()(X, training=True).numpy()
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(second, third), "the noise should change from call to call"


def test_seeded_layer_repeats_whatever_else_draws():
    a = layers.Dropout(0.5, seed=3)(X, training=True).numpy()
    keras.utils.set_random_seed(11)
    np.random.default_rng().random(10)
    b = layers.Dropout(0.5, seed=3)(X, training=True).numpy()
    np.testing.assert_array_equal(a, b)


def test_dropout_is_inverted_and_drops_about_rate():
    big = np.ones((200, 100), dtype="float32")
    out = layers.Dropout(0.25, seed=0)(big, training=True).numpy()
    assert set(np.unique(out)) == {0.0, np.float32(1 / 0.75)}
    assert abs((out == 0).mean() - 0.25) < 0.01


def test_noise_shape_shares_the_mask_along_size_1_axes():
    out = layers.Dropout(0.5, noise_shape=(None, 1, 6), seed=1)(X * 0 + 1, training=True).numpy()
    np.testing.assert_array_equal(out, np.broadcast_to(out[:, :1], out.shape))


def test_spatial_dropout_drops_whole_channels():
    out2d = layers.SpatialDropout2D(0.5, seed=2)(np.ones((4, 3, 3, 8)), training=True).numpy()
    np.testing.assert_array_equal(out2d, np.broadcast_to(out2d[:, :1, :1], out2d.shape))
    with pytest.raises(ValueError, match="rank 3"):
        layers.SpatialDropout1D(0.5)(np.ones((2, 3)), training=True)


def test_gaussian_layers_have_the_documented_moments():
    big = np.ones((400, 250), dtype="float32")
    noisy = layers.GaussianNoise(0.5, seed=0)(big, training=True).numpy() - 1
    assert abs(noisy.mean()) < 0.01 and abs(noisy.std() - 0.5) < 0.01
    dropped = layers.GaussianDropout(0.2, seed=0)(big, training=True).numpy()
    assert abs(dropped.mean() - 1) < 0.01 and abs(dropped.std() - 0.5) < 0.01


def test_alpha_dropout_keeps_selu_mean_and_variance():
    x = np.random.default_rng(1).normal(size=(400, 250)).astype("float32")
    out = layers.AlphaDropout(0.2, seed=0)(x, training=True).numpy()
    assert abs(out.mean()) < 0.02 and abs(out.std() - 1) < 0.02


@pytest.mark.parametrize("make", [lambda: layers.Dropout(0.4, seed=5), lambda: layers.AlphaDropout(0.4, seed=5),
                                  lambda: layers.GaussianDropout(0.4, seed=5),
                                  lambda: layers.GaussianNoise(0.4, seed=5)])
def test_gradients_flow_through_the_fixed_noise(make):
    x = np.random.default_rng(2).normal(size=(3, 4))

    def fn(v):
        # Reseed per evaluation so finite differences see the same mask.
        layer = make()
        layer.dtype = "float64"
        return layer(v, training=True)

    assert check_gradients(fn, [x])["ok"]


def test_activity_regularization_adds_the_penalty_to_losses():
    layer = layers.ActivityRegularization(l1=0.1, l2=0.5)
    x = np.array([[1.0, -2.0], [0.0, 1.0]], dtype="float32")
    np.testing.assert_array_equal(layer(x).numpy(), x)
    assert float(layer.losses[0]) == pytest.approx((0.1 * 4 + 0.5 * 6) / 2)
    assert layer.get_config()["l1"] == 0.1 and "activity_regularizer" not in layer.get_config()


def test_invalid_rates_are_explained():
    with pytest.raises(ValueError, match="between 0 and 1. Received: rate=1.5"):
        layers.Dropout(1.5)


def test_configs_round_trip():
    for layer in [layers.Dropout(0.2, noise_shape=(None, 1), seed=3), layers.SpatialDropout2D(0.1),
                  layers.GaussianNoise(0.2, seed=1), layers.GaussianDropout(0.3),
                  layers.AlphaDropout(0.1), layers.ActivityRegularization(0.01, 0.02)]:
        config = layer.get_config()
        assert type(layer).from_config(config).get_config() == config


def _golden_model(case, *hidden_layers):
    model_layers = [keras.Input((3,)), *hidden_layers, layers.Dense(1)]
    model = keras.Sequential(model_layers)
    model.set_weights([TRAINING[f"{case}/weights_initial_{j}"] for j in range(4)])
    return model


def test_regularized_training_run_matches_keras():
    case = "regularized_sgd"
    keras.backend.clear_session()
    model = _golden_model(case, layers.Dense(4, activation="relu",
                                             kernel_regularizer=keras.regularizers.L2(0.01),
                                             activity_regularizer=keras.regularizers.L1(0.01)))
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", metrics=["mae"])
    x, y = TRAINING[f"{case}/x"], TRAINING[f"{case}/y"]
    history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    for name in ("loss", "mae"):
        np.testing.assert_allclose(history.history[name], TRAINING[f"{case}/history_{name}"],
                                   rtol=1e-5, err_msg=f"history[{name!r}] differs from Keras")
    for j, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, TRAINING[f"{case}/weights_final_{j}"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=16, verbose=0),
                               TRAINING[f"{case}/evaluate"], rtol=1e-5)
    np.testing.assert_allclose(model.predict(x, batch_size=16, verbose=0),
                               TRAINING[f"{case}/predict"], rtol=1e-5, atol=1e-6)


def test_dropout_is_off_in_evaluate_and_predict_like_keras():
    case = "dropout_inference"
    keras.backend.clear_session()
    model = _golden_model(case, layers.Dense(8, activation="relu"), layers.Dropout(0.5))
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    x, y = TRAINING[f"{case}/x"], TRAINING[f"{case}/y"]
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=16, verbose=0),
                               TRAINING[f"{case}/evaluate"], rtol=1e-5)
    np.testing.assert_allclose(model.predict(x, batch_size=16, verbose=0),
                               TRAINING[f"{case}/predict"], rtol=1e-5, atol=1e-6)


def test_fit_with_dropout_repeats_exactly_after_set_random_seed():
    def run():
        keras.utils.set_random_seed(42)
        keras.backend.clear_session()
        model = keras.Sequential([keras.Input((4,)), layers.Dense(16, activation="relu"),
                                  layers.Dropout(0.5), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        data = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
        history = model.fit(data, data[:, :1], epochs=3, batch_size=16, verbose=0)
        return history.history["loss"], model.get_weights()

    (loss_a, weights_a), (loss_b, weights_b) = run(), run()
    assert loss_a == loss_b
    for a, b in zip(weights_a, weights_b):
        np.testing.assert_array_equal(a, b)


