"""Times load_model on hostile `.keras` files (figures for docs/safety.md).

    PYTHONPATH=$PWD python tools/measure_hostile_files.py

Builds: a config.json of 1 GB of spaces (deflated, about 1 MB on disk), a zip bomb member
(16 MB of one byte), a weights file padded with 200 MB, JSON nested 100,000 deep, 30,000
layers, and a config asking for a 4 GB kernel; prints the error and the time to refuse.
"""

import json
import os
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import nbkeras as keras  # noqa: E402


def _members(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def _write(path, members, deflated=()):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED if name in deflated
                             else zipfile.ZIP_STORED)


def _spaces_member(path, members, size):
    """Writes config.json as `size` spaces, streamed (never `size` bytes in memory)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name != "config.json":
                archive.writestr(name, data)
        with archive.open("config.json", "w", force_zip64=True) as stream:
            chunk = b" " * 2**24
            for _ in range(size // len(chunk)):
                stream.write(chunk)


def main():
    folder = tempfile.mkdtemp()
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    base = os.path.join(folder, "base.keras")
    model.save(base)
    members = _members(base)
    config = json.loads(members["config.json"])
    cases = {}
    path = os.path.join(folder, "spaces.keras")
    _spaces_member(path, members, 2**30)
    cases["config.json of 1 GB of spaces"] = path
    path = os.path.join(folder, "bomb.keras")
    _write(path, {**members, "config.json": b"0" * (16 * 2**20 - 1)}, deflated=("config.json",))
    cases["zip bomb (16 MB member, ratio ~1000:1)"] = path
    path = os.path.join(folder, "padded.keras")
    _write(path, {**members, "model.weights.h5": members["model.weights.h5"] + b"\0" * 200 * 2**20})
    cases["weights padded with 200 MB"] = path
    path = os.path.join(folder, "deep.keras")
    _write(path, {**members, "config.json": b"[" * 100_000 + b"]" * 100_000})
    cases["JSON nested 100,000 deep"] = path
    many = json.loads(json.dumps(config))
    many["config"]["layers"] += [{"module": "keras.layers", "class_name": "Flatten", "config": {},
                                  "registered_name": None}] * 30_000
    path = os.path.join(folder, "many.keras")
    _write(path, {**members, "config.json": json.dumps(many)})
    cases["30,000 layers"] = path
    huge = json.loads(json.dumps(config))
    huge["config"]["layers"][1]["config"]["units"] = 10**9
    path = os.path.join(folder, "huge.keras")
    _write(path, {**members, "config.json": json.dumps(huge)})
    cases["Dense(10**9) in the config (4 GB kernel)"] = path
    for label, path in cases.items():
        start = time.perf_counter()
        try:
            keras.saving.load_model(path)
            outcome = "loaded (!)"
        except ValueError as error:
            outcome = f"ValueError: {str(error)[:110]}..."
        seconds = time.perf_counter() - start
        print(f"| {label} | {os.path.getsize(path) / 2**20:,.1f} MB | {seconds * 1e3:.0f} ms | "
              f"{outcome} |")


if __name__ == "__main__":
    main()
