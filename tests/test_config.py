"""keras.config: epsilon moves every probability clip (as Keras's, golden), image_data_format."""

import pathlib

import numpy as np
import pytest

import nbkeras as keras

GOLDEN = np.load(pathlib.Path(__file__).parent / "golden" / "metrics.npz", allow_pickle=False)


@pytest.fixture(autouse=True)
def restore():
    yield
    keras.config.reset()


def test_default_epsilon_and_set_epsilon():
    assert keras.config.epsilon() == 1e-7
    keras.config.set_epsilon(1e-3)
    assert keras.config.epsilon() == 1e-3


@pytest.mark.parametrize("name, y_true, y_pred", [
    ("binary_crossentropy", "binary_y_true", "binary_y_pred"),
    ("categorical_crossentropy", "categorical_y_true", "categorical_y_pred"),
])
def test_set_epsilon_changes_the_clip_like_keras(name, y_true, y_pred):
    keras.config.set_epsilon(1e-3)
    values = getattr(keras.losses, name)(GOLDEN[f"saturated/{y_true}"], GOLDEN[f"saturated/{y_pred}"])
    np.testing.assert_allclose(np.asarray(values), GOLDEN[f"saturated/epsilon_1e-3/{name}"],
                               rtol=1e-5)


def test_image_data_format_is_channels_last_and_the_other_is_refused():
    assert keras.config.image_data_format() == "channels_last"
    keras.config.set_image_data_format("channels_last")
    with pytest.raises(ValueError, match="channels_last"):
        keras.config.set_image_data_format("channels_first")
    assert keras.config.image_data_format() == "channels_last"
