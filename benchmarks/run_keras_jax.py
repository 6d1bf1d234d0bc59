"""Keras 3 on JAX: the Keras-API runner of run_nbkeras.py with ``keras`` and ``KERAS_BACKEND=jax``.

JAX's CPU threads follow the process's CPU affinity (see common.py), so
``--threads`` below the CPU count pins the process; XLA_FLAGS are left alone.

Usage:
    $PEER benchmarks/run_keras_jax.py --workload W1 --threads 2
"""

import os
import sys

if __name__ == "__main__":
    os.environ["KERAS_BACKEND"] = "jax"
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import run_nbkeras
    run_nbkeras.main(sys.argv[1:] + ["--module", "keras"], framework="keras-jax")
