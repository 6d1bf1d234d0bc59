"""TensorBoard event files written without TensorFlow, read back with our reader."""

import glob
import os
import struct

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.callbacks import tensorboard_events as events


def test_crc32c_check_value_and_masking():
    assert events.crc32c(b"123456789") == 0xE3069283  # the standard CRC-32C check value
    assert events.crc32c(b"") == 0
    crc = events.crc32c(b"abc")
    assert events.masked_crc32c(b"abc") == (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def test_event_encoding_matches_protobuf_wire_format():
    data = events.encode_event(1.5, step=3, scalars={"epoch_loss": 0.25})
    expected = (b"\x09" + struct.pack("<d", 1.5) + b"\x10\x03"
                + b"\x2a\x13" + b"\x0a\x11" + b"\x0a\x0aepoch_loss" + b"\x15" + struct.pack("<f", 0.25))
    assert data == expected


def fit_with_tensorboard(log_dir, **kwargs):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    history = model.fit(x, y, batch_size=8, epochs=3, verbose=0, validation_split=0.25,
                        callbacks=[keras.callbacks.TensorBoard(log_dir, **kwargs)])
    return history


def scalars_by_tag(directory):
    (path,) = glob.glob(os.path.join(directory, "events.out.tfevents.*.v2"))
    read = events.read_events(path)
    assert read[0]["file_version"] == "brain.Event:2"
    found = {}
    for event in read[1:]:
        for tag, value in event["scalars"].items():
            found.setdefault(tag, []).append((event["step"], value))
    return found


def test_epoch_scalars_in_train_and_validation_dirs(tmp_path):
    history = fit_with_tensorboard(str(tmp_path))
    train = scalars_by_tag(tmp_path / "train")
    validation = scalars_by_tag(tmp_path / "validation")
    assert {"epoch_loss", "epoch_mae", "epoch_learning_rate"} <= set(train)
    assert [step for step, _ in train["epoch_loss"]] == [0, 1, 2]
    np.testing.assert_allclose([v for _, v in train["epoch_loss"]], history.history["loss"],
                               rtol=1e-6)
    np.testing.assert_allclose([v for _, v in validation["epoch_loss"]],
                               history.history["val_loss"], rtol=1e-6)
    assert "evaluation_loss_vs_iterations" in validation


def test_batch_scalars_with_update_freq(tmp_path):
    fit_with_tensorboard(str(tmp_path), update_freq=2)
    train = scalars_by_tag(tmp_path / "train")
    assert [step for step, _ in train["batch_loss"]] == [2, 4, 6, 8]  # 3 batches x 3 epochs


def test_damaged_file_is_detected(tmp_path):
    fit_with_tensorboard(str(tmp_path))
    (path,) = glob.glob(str(tmp_path / "train" / "events.*"))
    raw = bytearray(open(path, "rb").read())
    raw[-6] ^= 0xFF
    open(path, "wb").write(bytes(raw))
    with pytest.raises(ValueError, match="checksum"):
        events.read_events(path)


def test_read_scalars_gives_back_every_epoch_of_train_and_validation(tmp_path):
    import numpy as np

    import nbkeras as keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    history = model.fit(np.ones((16, 2)), np.ones((16, 1)), epochs=3, validation_split=0.25,
                        verbose=0, callbacks=[keras.callbacks.TensorBoard(log_dir=tmp_path)])
    scalars = keras.callbacks.TensorBoard.read_scalars(tmp_path)
    assert sorted(scalars) == ["train", "validation"]
    steps, losses = zip(*scalars["train"]["epoch_loss"])
    assert steps == (0, 1, 2)
    np.testing.assert_allclose(losses, history.history["loss"], rtol=1e-6)
    _, val_mae = zip(*scalars["validation"]["epoch_mae"])
    np.testing.assert_allclose(val_mae, history.history["val_mae"], rtol=1e-6)
