"""``python -m nbkeras`` (info, warmup, demo) and ``nbkeras.warmup.warmup``."""

import os
import subprocess
import sys

import nbkeras
from nbkeras import __main__ as entry
from nbkeras.warmup import warmup


def test_python_m_nbkeras_info_runs_in_a_fresh_interpreter():
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(nbkeras.__file__)))
    result = subprocess.run([sys.executable, "-m", "nbkeras", "info"], capture_output=True,
                            text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert f"nbkeras {nbkeras.__version__}" in result.stdout
    assert "kernel cache:" in result.stdout and "CPUs for two halves:" in result.stdout
    from nbkeras.ops.nn import dense_chain

    if dense_chain.numpy_blas() is not None:
        assert "compiled Dense steps in the kernel cache:" in result.stdout


def test_warmup_command_compiles_every_family(capsys):
    assert entry.main(["warmup"]) == 0
    out = capsys.readouterr().out
    for family in ("activations", "dense", "losses", "optimizers"):
        assert family in out
    assert "warmup done in" in out


def test_warmup_returns_one_timing_per_family_and_a_total():
    timings = warmup(verbose=False)
    from nbkeras import kernels

    families = {module.__name__.rpartition(".")[2] for module in kernels.families()}
    assert set(timings) == families | {"total"} and {"dense", "optimizers"} <= families
    assert all(value >= 0 for value in timings.values())


def test_unknown_command_is_refused(capsys):
    try:
        entry.main(["train"])
    except SystemExit as stop:
        assert stop.code == 2
    assert "invalid choice" in capsys.readouterr().err
