"""Loading a .keras file checks sizes, compression ratios, JSON depth and object counts before
reading, verifies the weights' SHA-256, and tells a truncated or legacy file apart."""

import hashlib
import json
import zipfile

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.saving import archive_checks


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    return model


def _rewrite(source, target, replace=None, extra=None, compression=zipfile.ZIP_STORED):
    """Copies a .keras archive, replacing members (name -> bytes) and adding others."""
    with zipfile.ZipFile(source) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    members.update(replace or {})
    members.update(extra or {})
    with zipfile.ZipFile(target, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.fixture
def saved(tmp_path):
    model = _model()
    model.save(tmp_path / "m.keras")
    return tmp_path / "m.keras"


@pytest.fixture
def opened(monkeypatch):
    names = []
    original = zipfile.ZipFile.open

    def recording_open(self, name, *args, **kwargs):
        names.append(getattr(name, "filename", name))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    return names


def test_a_huge_config_is_refused_before_it_is_read(saved, tmp_path, opened):
    spaces = b" " * (archive_checks.MAX_CONFIG_BYTES + 1)
    _rewrite(saved, tmp_path / "big.keras", replace={"config.json": spaces},
             compression=zipfile.ZIP_DEFLATED)
    opened.clear()
    with pytest.raises(ValueError, match="config.json") as error:
        keras.saving.load_model(tmp_path / "big.keras")
    assert "bytes" in str(error.value) and "config.json" not in opened


def test_a_zip_bomb_member_is_refused_by_its_compression_ratio(saved, tmp_path, opened):
    zeros = b"0" * (archive_checks.MAX_CONFIG_BYTES - 10)
    _rewrite(saved, tmp_path / "bomb.keras", replace={"config.json": zeros},
             compression=zipfile.ZIP_DEFLATED)
    opened.clear()
    with pytest.raises(ValueError, match="compression ratio"):
        keras.saving.load_model(tmp_path / "bomb.keras")
    assert "config.json" not in opened


def test_a_padded_weights_file_is_refused_before_it_is_read(saved, tmp_path, opened):
    with zipfile.ZipFile(saved) as archive:
        weights = archive.read("model.weights.h5")
    padded = weights + np.random.default_rng(0).bytes(40 * 2**20)
    _rewrite(saved, tmp_path / "padded.keras", replace={"model.weights.h5": padded})
    opened.clear()
    with pytest.raises(ValueError, match="model.weights.h5") as error:
        keras.saving.load_model(tmp_path / "padded.keras")
    assert "bytes" in str(error.value) and "model.weights.h5" not in opened


def test_deeply_nested_json_is_refused(saved, tmp_path):
    deep = b"[" * 100_000 + b"]" * 100_000
    _rewrite(saved, tmp_path / "deep.keras", replace={"config.json": deep})
    with pytest.raises(ValueError, match="depth"):
        keras.saving.load_model(tmp_path / "deep.keras")


def test_too_many_layers_are_refused(saved, tmp_path):
    with zipfile.ZipFile(saved) as archive:
        config = json.loads(archive.read("config.json"))
    flatten = {"module": "keras.layers", "class_name": "Flatten", "config": {},
               "registered_name": None}
    config["config"]["layers"] += [flatten] * (archive_checks.MAX_OBJECTS + 1)
    _rewrite(saved, tmp_path / "many.keras", replace={"config.json": json.dumps(config)})
    with pytest.raises(ValueError, match="objects"):
        keras.saving.load_model(tmp_path / "many.keras")


def test_the_weights_hash_is_written_and_checked(saved, tmp_path):
    with zipfile.ZipFile(saved) as archive:
        metadata = json.loads(archive.read("metadata.json"))
        weights = archive.read("model.weights.h5")
    assert metadata["weights_sha256"] == hashlib.sha256(weights).hexdigest()
    model = keras.saving.load_model(saved)
    kernel = model.layers[0].get_weights()[0]
    position = weights.find(kernel.tobytes()[:16])
    assert position > 0
    altered = bytearray(weights)
    altered[position + 2] ^= 0x10
    _rewrite(saved, tmp_path / "altered.keras", replace={"model.weights.h5": bytes(altered)})
    with pytest.raises(ValueError, match="SHA-256"):
        keras.saving.load_model(tmp_path / "altered.keras")


def test_files_without_a_hash_still_load(saved, tmp_path):
    with zipfile.ZipFile(saved) as archive:
        metadata = json.loads(archive.read("metadata.json"))
    metadata.pop("weights_sha256")
    _rewrite(saved, tmp_path / "nohash.keras", replace={"metadata.json": json.dumps(metadata)})
    keras.saving.load_model(tmp_path / "nohash.keras")


def test_a_truncated_file_says_so(saved, tmp_path):
    data = saved.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 5):
        (tmp_path / "cut.keras").write_bytes(data[:cut])
        with pytest.raises(ValueError, match="truncated or damaged"):
            keras.saving.load_model(tmp_path / "cut.keras")


def test_a_legacy_h5_model_is_explained(tmp_path):
    model = _model()
    model.save_weights(tmp_path / "w.weights.h5")
    (tmp_path / "old.h5").write_bytes((tmp_path / "w.weights.h5").read_bytes())
    with pytest.raises(ValueError) as error:
        keras.saving.load_model(tmp_path / "old.h5")
    message = str(error.value)
    assert "legacy" in message and "load_weights" in message and ".keras" in message


GOLDEN = __import__("pathlib").Path(__file__).parent.parent / "golden" / "keras_files"


def test_real_keras_loads_files_with_the_weights_hash():
    # tools/check_keras_reads_nbkeras_files.py: nbkeras wrote the files, Keras 3 loaded them.
    result = json.loads((GOLDEN / "keras_reads_nbkeras.json").read_text())
    assert result["keras_version"].startswith("3.")
    for name, outcome in result["files"].items():
        assert outcome["loaded"] and outcome["max_abs_difference"] < 1e-5, name
        with zipfile.ZipFile(GOLDEN / f"{name}.keras") as archive:
            assert "weights_sha256" in json.loads(archive.read("metadata.json"))
    written = json.loads((GOLDEN / "nbkeras_written.json").read_text())
    x = np.array(written["x"], "float32")
    for name, predictions in written["predictions"].items():
        outputs = keras.saving.load_model(GOLDEN / f"{name}.keras").predict(x, verbose=0)
        outputs = outputs if isinstance(outputs, list) else [outputs]
        for output, expected in zip(outputs, predictions):
            np.testing.assert_allclose(output, expected, rtol=1e-6, atol=1e-7)


def test_a_config_asking_for_huge_weights_is_refused_before_allocating(saved, tmp_path):
    with zipfile.ZipFile(saved) as archive:
        config = json.loads(archive.read("config.json"))
    config["config"]["layers"][1]["config"]["units"] = 10**9  # 4 * 10**9 bytes of kernel
    _rewrite(saved, tmp_path / "huge.keras", replace={"config.json": json.dumps(config)})
    with pytest.raises(ValueError, match="can hold"):
        keras.saving.load_model(tmp_path / "huge.keras")
