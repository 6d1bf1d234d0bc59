"""Speed of a grid search of small nbkeras models: serial vs a local 2-worker Dask cluster.

    PYTHONPATH=. python benchmarks/dask_search.py [--repeats 3]

Prints the median wall time of each (after one warm-up run of each, so that the
workers have loaded their kernels from the shared cache) and the ratio. The
machine is shared: take the ratio from one run, not the absolute times.
"""

import argparse
import os
import statistics
import tempfile
import time

import joblib
import numpy as np
from distributed import Client, LocalCluster
from sklearn.model_selection import GridSearchCV

import nbkeras as keras
from nbkeras.wrappers import SKLearnClassifier


def make_model(X, y, hidden=16):
    model = keras.Sequential([keras.Input(shape=(X.shape[1],)),
                              keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(y.shape[1], activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


def search(n_jobs, samples):
    x, y = keras.datasets.make_blobs(samples, n_classes=3, n_features=8, seed=0)
    clf = SKLearnClassifier(model=make_model, random_state=0)
    grid = {"model_kwargs": [{"hidden": h} for h in (4, 16, 64)],
            "fit_kwargs": [{"epochs": e, "verbose": 0} for e in (10, 20)]}
    return GridSearchCV(clf, grid, cv=3, n_jobs=n_jobs).fit(x, y)


def timed(function, repeats):
    function()  # warm-up: kernels compiled or loaded from the cache
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--samples", type=int, default=600, help="size of the data set")
    args = parser.parse_args()
    cache = os.environ.get("NUMBA_CACHE_DIR") or tempfile.mkdtemp(prefix="nbkeras-numba-")
    serial_time, serial = timed(lambda: search(1, args.samples), args.repeats)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None, env={"NUMBA_CACHE_DIR": cache}) as cluster, \
            Client(cluster):
        def on_dask():
            with joblib.parallel_backend("dask"):
                return search(-1, args.samples)
        dask_time, distributed_result = timed(on_dask, args.repeats)
    same = np.array_equal(serial.cv_results_["mean_test_score"],
                          distributed_result.cv_results_["mean_test_score"])
    fits = len(serial.cv_results_["params"]) * 3 + 1
    print(f"grid search, {fits} fits of small MLPs ({args.samples} samples, 3-fold), median of "
          f"{args.repeats} after a warm-up, load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    print(f"serial (n_jobs=1):            {serial_time:6.2f} s")
    print(f"Dask, 2 worker processes:     {dask_time:6.2f} s")
    print(f"speed-up: {serial_time / dask_time:.2f}x; same scores as serial: {same}")


if __name__ == "__main__":
    main()
