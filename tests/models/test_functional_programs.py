"""The Functional API programs of the "Model building" issue, run as a learner writes them."""

import numpy as np

import nbkeras as keras
from nbkeras import layers
from nbkeras.layers import Dense, Input
from nbkeras.models import Model


def test_smallest_functional_model():
    visible = Input(shape=(2,))
    hidden = Dense(2)(visible)
    model = Model(inputs=visible, outputs=hidden)
    assert model.output_shape == (None, 2)
    assert model.predict(np.ones((3, 2)), verbose=0).shape == (3, 2)


def test_autoencoder_with_models_as_layers():
    encoder_input = keras.Input(shape=(28, 28, 1), name="img")
    x = layers.Dense(16, activation="relu")(encoder_input)
    encoder_output = layers.Dense(3, activation="relu")(x)  # Dense works on the last axis
    encoder = keras.Model(encoder_input, encoder_output, name="encoder")
    assert encoder.output_shape == (None, 28, 28, 3)
    decoder_input = keras.Input(shape=(28, 28, 3), name="code")
    decoder = keras.Model(decoder_input, layers.Dense(1, activation="sigmoid")(decoder_input),
                          name="decoder")
    autoencoder = keras.Model(encoder_input, decoder(encoder(encoder_input)), name="autoencoder")
    assert [layer.name for layer in autoencoder.layers] == ["img", "encoder", "decoder"]
    assert autoencoder.count_params() == encoder.count_params() + decoder.count_params()
    # The nested models share their weights with the autoencoder.
    assert autoencoder.get_layer("encoder") is encoder
    images = np.random.default_rng(0).random((4, 28, 28, 1)).astype("float32")
    np.testing.assert_allclose(autoencoder.predict(images, verbose=0),
                               decoder.predict(encoder.predict(images, verbose=0), verbose=0),
                               rtol=1e-6)


def test_wide_and_deep_trains_on_two_inputs():
    keras.utils.set_random_seed(0)
    wide = keras.Input(shape=(5,), name="wide")
    deep = keras.Input(shape=(3,), name="deep")
    out = layers.Dense(1, activation="sigmoid")(layers.Concatenate()([wide, layers.Dense(4)(deep)]))
    model = keras.Model(inputs=[wide, deep], outputs=out)
    rng = np.random.default_rng(0)
    xw, xd = rng.random((128, 5)).astype("float32"), rng.random((128, 3)).astype("float32")
    y = (xw[:, :1] + xd[:, :1] > 1.0).astype("float32")
    model.compile(keras.optimizers.Adam(0.05), "binary_crossentropy", metrics=["accuracy"])
    history = model.fit([xw, xd], y, epochs=15, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    by_name = model.predict({"wide": xw, "deep": xd}, verbose=0)
    np.testing.assert_array_equal(by_name, model.predict([xw, xd], verbose=0))


def test_two_outputs_with_loss_dicts_and_intermediate_features():
    keras.utils.set_random_seed(0)
    inp = keras.Input(shape=(4,))
    hidden = layers.Dense(6, activation="relu", name="hidden")(inp)
    a = layers.Dense(1, name="a")(hidden)
    b = layers.Dense(2, name="b")(hidden)
    model = keras.Model(inp, [a, b])
    model.compile(loss={"a": "mse", "b": "mae"}, loss_weights={"a": 1.0, "b": 0.5})
    rng = np.random.default_rng(1)
    x = rng.random((32, 4)).astype("float32")
    targets = {"a": rng.random((32, 1)).astype("float32"), "b": rng.random((32, 2)).astype("float32")}
    history = model.fit(x, targets, epochs=2, verbose=0)
    assert sorted(history.history) == ["a_loss", "b_loss", "loss"]
    logs = model.evaluate(x, targets, verbose=0, return_dict=True)
    # The total is the weighted sum of the two outputs' losses.
    np.testing.assert_allclose(logs["loss"], logs["a_loss"] + 0.5 * logs["b_loss"], rtol=1e-5)

    features = keras.Model(model.inputs, model.get_layer("hidden").output)
    expected = np.maximum(x @ model.get_layer("hidden").kernel.numpy()
                          + model.get_layer("hidden").bias.numpy(), 0)
    np.testing.assert_allclose(features.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-6)


def test_hidden_layer_of_a_sequential_model_as_a_feature_extractor():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu", name="hidden"),
                              layers.Dense(2)])
    model.add(layers.Dense(1))  # rebuilding must not leave stale calls on the layers
    assert model.input.shape == (None, 4) and model.output.shape == (None, 1)
    features = keras.Model(model.inputs, model.get_layer("hidden").output)
    x = np.random.default_rng(0).random((3, 4)).astype("float32")
    hidden = model.get_layer("hidden")
    np.testing.assert_allclose(features.predict(x, verbose=0),
                               np.maximum(x @ hidden.kernel.numpy() + hidden.bias.numpy(), 0),
                               rtol=1e-5, atol=1e-6)
