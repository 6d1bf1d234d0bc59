"""Keras-API runner: times one workload with ``import nbkeras as keras`` (or real Keras).

Only the public Keras 3 API is used (Sequential, compile, fit, predict), so
the same code runs nbkeras and, with ``--module keras``, real Keras on the
backend named by ``KERAS_BACKEND`` (run_keras_jax.py sets ``jax``). That is
also how the harness is validated while nbkeras is young.

Usage:
    python benchmarks/run_nbkeras.py --workload W1 --threads 2 [--module keras]
"""

import importlib
import os
import sys

import common


def build_model(keras, workload):
    """The workload's model, compiled with its loss and optimizer.

    Args:
        keras: the Keras-API module (``nbkeras`` or ``keras``).
        workload: a ``workloads.Workload``.

    Returns:
        A compiled ``keras.Sequential``.
    """
    layers = keras.layers
    body = {
        "mlp": lambda: [layers.Dense(128, activation="relu"),
                        layers.Dense(10, activation="softmax")],
        "cnn": lambda: [layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
                        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
                        layers.Flatten(), layers.Dense(10, activation="softmax")],
        "lstm": lambda: [layers.LSTM(64), layers.Dense(10, activation="softmax")],
        "regression": lambda: [layers.Dense(2, activation="relu"), layers.Dense(1)],
    }[workload.model]()
    model = keras.Sequential([keras.Input(shape=workload.input_shape), *body])
    if workload.is_classification:
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                      loss="categorical_crossentropy")
    else:
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
    return model


def versions(keras):
    """Versions of the Keras-API module and what it runs on."""
    import numpy
    found = {keras.__name__: keras.__version__, "numpy": numpy.__version__,
             "python": sys.version.split()[0]}
    for name in ("numba", "jax"):
        if name in sys.modules:
            found[name] = sys.modules[name].__version__
    if keras.__name__ == "keras":
        found["backend"] = keras.backend.backend()
    return found


def main(argv=None, framework=None):
    def extra(parser):
        parser.add_argument("--module", default="nbkeras",
                            help="Keras-API module to import (default nbkeras)")
        parser.add_argument("--blas-policy", choices=("on", "off"), default="on",
                            help="off: every product gets all --threads BLAS threads, as "
                                 "before nbkeras/blas_threads.py (blas_threads_load.py)")

    args = common.parse_args(__doc__, argv, extra=extra)
    common.limit_threads(args.threads)
    import workloads  # numpy is imported only now, after the thread limits

    keras = importlib.import_module(args.module)
    if args.blas_policy == "off" and args.module == "nbkeras":
        from nbkeras import blas_threads
        blas_threads.PARALLEL_WORK = 0   # threads_for(any product) = all CPUs
    workload = workloads.WORKLOADS[args.workload]
    x, y = workloads.make_data(workload, args.scale)
    keras.utils.set_random_seed(0)
    model = build_model(keras, workload)

    def train_epoch():
        history = model.fit(x, y, batch_size=workload.batch_size, epochs=1, verbose=0,
                            shuffle=True)
        return float(history.history["loss"][-1])  # a Python float: the epoch really ran

    def predict():
        model.predict(x, batch_size=workload.batch_size, verbose=0)

    result = common.benchmark(train_epoch, predict, len(x), args.repeats, args.min_seconds)
    name = framework or (args.module if args.module == "nbkeras" else f"{args.module}-as-nbkeras")
    common.emit(name, args, versions(keras), result)


if __name__ == "__main__":
    os.environ.setdefault("KERAS_BACKEND", "jax")  # only read by real Keras
    main()
