"""The kernel families are declared once; warmup compiles every kernel they hold."""

import os

import pytest

from nbkeras import kernels
from nbkeras.warmup import warmup

JIT_DISABLED = os.environ.get("NUMBA_DISABLE_JIT") == "1"


def test_importing_the_kernels_package_loads_no_numba():
    import subprocess
    import sys

    code = "import sys, nbkeras.kernels; print('numba' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


def test_every_family_is_a_kernel_module():
    for family in kernels.families():
        assert family.__name__.startswith("nbkeras.kernels.")
        assert JIT_DISABLED or kernels.kernels_of(family), family.__name__


@pytest.mark.skipif(JIT_DISABLED, reason="with NUMBA_DISABLE_JIT=1 there is nothing to compile")
def test_warmup_compiles_every_kernel_of_every_family():
    timings = warmup(verbose=False)
    assert set(timings) == {f.__name__.rpartition(".")[2] for f in kernels.families()} | {"total"}
    missing = [f"{family.__name__}.{name}" for family in kernels.families()
               for name, kernel in kernels.kernels_of(family).items() if not kernel.signatures]
    assert missing == [], "kernels warmup never ran: " + ", ".join(missing)


@pytest.mark.skipif(JIT_DISABLED, reason="with NUMBA_DISABLE_JIT=1 there is nothing to compile")
def test_warmup_gives_sparse_accuracy_the_uint8_labels_of_the_image_data_sets(monkeypatch):
    # digits, MNIST and CIFAR labels are uint8: a kernel of their own, which the
    # notebook CNN's first fit compiled after warmup (0.6 s) until warmup ran it too.
    import numpy as np

    from nbkeras.kernels import losses
    from nbkeras.ops.nn import losses as loss_ops

    real, label_dtypes = losses.sparse_categorical_crossentropy_accuracy_forward, set()

    def spy(y_true, y_metric, *rest):
        label_dtypes.add(y_metric.dtype)
        return real(y_true, y_metric, *rest)

    monkeypatch.setattr(losses, "sparse_categorical_crossentropy_accuracy_forward", spy)
    loss_ops.accuracy_kernel.cache_clear()
    try:
        warmup(verbose=False)
    finally:
        loss_ops.accuracy_kernel.cache_clear()
    assert {np.dtype(np.uint8), np.dtype(np.int64)} <= label_dtypes
