"""Seeded fuzz of load_model: every mutated file loads or fails with a ValueError-family
error, none hangs, and nothing the file names outside the registries is ever called.
tools/fuzz_loader.py runs thousands of the same mutations (figures in docs/safety.md)."""

import collections
import os

import pytest

import nbkeras as keras
from tests.reliability import fuzz_engine

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_files")


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_files_load_or_fail_cleanly_and_call_nothing_foreign(tmp_path, seed):
    results = fuzz_engine.run(keras, GOLDEN, str(tmp_path), count=150, seed=seed)
    outcomes = collections.Counter(r["outcome"] for r in results)
    bad = [r for r in results if r["outcome"] in ("unclean", "hang") or r["foreign_calls"]]
    assert not bad, bad[:5]
    assert outcomes["clean"] > 0 and outcomes["success"] > 0, outcomes


def test_the_recorder_would_see_a_foreign_call(tmp_path):
    with fuzz_engine.Recorder() as recorder:
        os.system("true")
        import sys

        sys.modules[fuzz_engine.CANARY].boom()
    assert recorder.calls == ["os.system", "fuzz_canary.boom"]
