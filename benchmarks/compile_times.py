"""CPU seconds each kernel costs to compile in a first fit with an empty kernel cache.

Each run is a fresh process with ``NUMBA_CACHE_DIR`` an empty temp dir. A
listener on Numba's ``"numba:compile"`` events times every outermost kernel
compilation with ``time.process_time`` (the CPU time of the process, steadier
than wall time on a loaded machine; helpers compiling inside a kernel count
for that kernel). The child also reports the CPU time of the whole process at
the end of ``fit``, and how much of it went to imports.

Fits:

* ``seed`` - ``python -m nbkeras demo``'s model, as ``startup.py`` fits it
  (issue 18's target: <= 3 s from process start, cold);
* ``cnn`` - the CNN of ``notebooks/08_convolutional_networks`` on the bundled
  digits, 12 epochs (issue 13's target: first fit < 5 s cold).

Usage:
    python benchmarks/compile_times.py [--fit seed|cnn] [--runs 3] [--json]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import common
import startup


def seed_fit(keras):
    """The seed model's first fit (startup.py's figure)."""
    startup.fit_seed_model(keras, *startup.seed_data(keras))


def cnn_fit(keras):
    """Notebook 08's CNN, fitted as the notebook fits it."""
    from nbkeras.datasets import digits

    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train, x_test = ((x / 16.0).astype("float32").reshape(-1, 8, 8, 1) for x in (x_train, x_test))
    keras.utils.set_random_seed(1)
    conv = [keras.layers.Conv2D(16, 3, padding="same", activation="relu") for _ in range(2)]
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)), conv[0], keras.layers.MaxPooling2D(2),
                              conv[1], keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=12, batch_size=32, verbose=0,
              validation_data=(x_test, y_test))


FITS = {"seed": seed_fit, "cnn": cnn_fit}


def run_child(fit):
    """Child side: import, attach the listener, fit, print one JSON line."""
    import nbkeras as keras

    import_cpu = time.process_time()
    from numba.core import event

    kernels, depth, began = {}, [0], [0.0]

    class Listener(event.Listener):
        def on_start(self, ev):
            depth[0] += 1
            if depth[0] == 1:
                began[0] = time.process_time()

        def on_end(self, ev):
            depth[0] -= 1
            if depth[0] == 0:
                dispatcher = ev.data["dispatcher"]
                name = dispatcher.py_func.__qualname__
                kernels[name] = kernels.get(name, 0.0) + time.process_time() - began[0]

    event.register("numba:compile", Listener())
    numba_cpu = time.process_time() - import_cpu
    FITS[fit](keras)
    print(json.dumps({"cpu_s": time.process_time(), "import_cpu_s": import_cpu,
                      "numba_import_cpu_s": numba_cpu, "kernels": kernels}))


def measure(fit, runs, threads):
    """Runs ``runs`` cold children; returns their results."""
    env = dict(os.environ, **{name: str(threads) for name in common.THREAD_VARIABLES})
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: with bytecode caches
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="nbkeras-cache-") as cache_dir:
            out = subprocess.run([sys.executable, __file__, "--child", fit],
                                 env=dict(env, NUMBA_CACHE_DIR=cache_dir), capture_output=True,
                                 text=True, check=True).stdout
        results.append(json.loads(out.splitlines()[-1]))
    return results


def summary(results):
    """Medians over the runs: the whole process, and each kernel, largest first."""
    names = {name for r in results for name in r["kernels"]}
    per_kernel = {name: statistics.median(r["kernels"].get(name, 0.0) for r in results)
                  for name in names}
    return {"cpu_s": statistics.median(r["cpu_s"] for r in results),
            "import_cpu_s": statistics.median(r["import_cpu_s"] for r in results),
            "compile_cpu_s": statistics.median(sum(r["kernels"].values()) for r in results),
            "kernels": dict(sorted(per_kernel.items(), key=lambda item: -item[1]))}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit", choices=sorted(FITS), default="seed")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--child", choices=sorted(FITS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return run_child(args.child)
    figures = summary(measure(args.fit, args.runs, args.threads))
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{args.fit} fit, cold, median of {args.runs} runs (CPU seconds, load "
          f"{os.getloadavg()[0]:.1f}):")
    for key in ("cpu_s", "import_cpu_s", "compile_cpu_s"):
        print(f"  {key:<16} {figures[key]:.2f}")
    for name, seconds in figures["kernels"].items():
        print(f"    {seconds:5.2f}  {name}")


if __name__ == "__main__":
    main()
