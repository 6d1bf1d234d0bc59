"""Saving writes the archive once, beside the destination, fsyncs before the rename and
removes temporary files left by dead processes."""

import os
import tempfile
import zipfile

import numpy as np
import pytest

import nbkeras as keras


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(loss="mse", optimizer="sgd")
    return model


def test_save_uses_no_temporary_folder(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("save_model must not write a second temporary copy")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    model = _model()
    model.save(tmp_path / "m.keras")
    keras.saving.load_model(tmp_path / "m.keras")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]


def test_fsync_comes_before_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace",
                        lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    _model().save(tmp_path / "m.keras")
    assert "fsync" in events and events.index("fsync") < events.index("replace")


def _dead_pid():
    pid = 4_000_000  # above pid_max on Linux, so no such process
    with pytest.raises(OSError):
        os.kill(pid, 0)
    return pid


def test_stale_temporary_files_of_dead_processes_are_removed(tmp_path):
    dead = tmp_path / f"m.keras.tmp-{_dead_pid()}"
    dead.write_bytes(b"half a file")
    alive = tmp_path / f"m.keras.tmp-{os.getppid()}"  # a live process may still be writing
    alive.write_bytes(b"in progress")
    other = tmp_path / f"other.keras.tmp-{_dead_pid()}"
    other.write_bytes(b"someone else's")
    _model().save(tmp_path / "m.keras")
    assert not dead.exists() and alive.exists() and other.exists()
    weights_dead = tmp_path / f"w.weights.h5.tmp-{_dead_pid()}"
    weights_dead.write_bytes(b"half")
    _model().save_weights(tmp_path / "w.weights.h5")
    assert not weights_dead.exists()


def test_a_failed_save_leaves_the_old_file(tmp_path, monkeypatch):
    model = _model()
    model.save(tmp_path / "m.keras")
    before = (tmp_path / "m.keras").read_bytes()
    monkeypatch.setattr(zipfile.ZipFile, "writestr",
                        lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        model.save(tmp_path / "m.keras")
    assert (tmp_path / "m.keras").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]
    np.testing.assert_array_equal(
        keras.saving.load_model(tmp_path / "m.keras").get_weights()[0], model.get_weights()[0])
