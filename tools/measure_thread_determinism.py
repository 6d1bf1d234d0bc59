"""Does a W1-like fit give the same numbers with 1 and 2 BLAS threads?

    PYTHONPATH=$PWD python tools/measure_thread_determinism.py [--samples 4096] [--epochs 2]

Trains W1 (Dense 784->128 relu -> Dense 10 softmax, Adam 1e-3, batch 32, categorical CE) on
seeded synthetic data under threadpoolctl limits of 1 and 2 threads, and prints the final
loss of each run and whether the weights are bit-identical. Figures go in docs/safety.md.
"""

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import nbkeras as keras


def run(threads, samples, epochs):
    with threadpool_limits(limits=threads, user_api="blas"):
        keras.utils.set_random_seed(1)
        rng = np.random.default_rng(0)
        x = rng.random((samples, 784), dtype=np.float32)
        y = keras.utils.to_categorical(rng.integers(0, 10, samples), 10)
        model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"),
                                  keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy")
        start = time.perf_counter()
        history = model.fit(x, y, batch_size=32, epochs=epochs, verbose=0)
        seconds = time.perf_counter() - start
        predictions = model.predict(x[:512], verbose=0)
    return history.history["loss"], model.get_weights(), predictions, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    blas = [(i["internal_api"], i.get("version"), i["num_threads"]) for i in threadpool_info()
            if i["user_api"] == "blas"]
    print("BLAS:", blas)
    one = run(1, args.samples, args.epochs)
    two = run(2, args.samples, args.epochs)
    same_weights = all(np.array_equal(a, b) for a, b in zip(one[1], two[1]))
    largest = max(float(np.max(np.abs(a - b))) for a, b in zip(one[1], two[1]))
    print(f"losses 1 thread : {[f'{v:.10f}' for v in one[0]]}  ({one[3]:.2f} s)")
    print(f"losses 2 threads: {[f'{v:.10f}' for v in two[0]]}  ({two[3]:.2f} s)")
    print(f"weights bit-identical: {same_weights} (largest difference {largest:.3g}); "
          f"predictions bit-identical: {np.array_equal(one[2], two[2])}")


if __name__ == "__main__":
    main()
