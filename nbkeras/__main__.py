"""``python -m nbkeras {demo, warmup, info}``."""

import argparse
import os
import platform
import sys
import time


def demo():
    """Trains the course's seed example end to end in the terminal."""
    start = time.perf_counter()
    import nbkeras as keras
    from nbkeras.datasets import make_stripes

    keras.utils.set_random_seed(42)
    x, labels = make_stripes(n_samples=1200, seed=0)
    y = keras.utils.to_categorical(labels, num_classes=3)
    print("Data: 1200 tiny 2x2 images of three stripe patterns "
          f"(x {x.shape}, one-hot y {y.shape}).\n")
    model = keras.Sequential([
        keras.Input(shape=(2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ], name="seed_model")
    model.summary()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    print()
    model.fit(x[:1000], y[:1000], batch_size=32, epochs=10, validation_split=0.2, verbose=1)
    print("\nEvaluate on 200 held-out images:")
    loss, accuracy = model.evaluate(x[1000:], y[1000:], verbose=1)
    probabilities = model.predict(x[1000:1005], verbose=0)
    names = ["horizontal", "vertical", "diagonal"]
    print("\nPredictions for 5 held-out images:")
    for row, label in zip(probabilities, labels[1000:1005]):
        print(f"  predicted {names[row.argmax()]:<10} (p={row.max():.2f})  true {names[label]}")
    print(f"\nTest accuracy {accuracy:.3f}; everything took {time.perf_counter() - start:.1f} s "
          "(the first run includes compiling the kernels; later runs load them from the cache).")


def info():
    """Prints versions, threads and where the kernel cache lives."""
    import numba
    import numpy

    import nbkeras

    print(f"nbkeras {nbkeras.__version__}  (python {platform.python_version()}, "
          f"numpy {numpy.__version__}, numba {numba.__version__})")
    from nbkeras.ops import two_cores

    blas = "NumPy's sgemm called from Numba" if two_cores.numpy_sgemm() is not None else \
        "NumPy's products (its BLAS is not an OpenBLAS nbkeras can call)"
    print(f"CPUs for two halves: {two_cores.threads()}  (each kernel runs serially; conv, pooling and "
          f"recurrent batches, large Dense products and Adam split in two halves; products: {blas})")
    if two_cores.numpy_sgemm() is not None:
        from nbkeras.ops.nn import dense_chain

        ready, steps = dense_chain.cached_steps()
        print(f"compiled Dense steps in the kernel cache: {ready} of {steps}"
              + ("" if ready == steps else "  (`python -m nbkeras warmup` compiles them)"))
    cache = os.environ.get("NUMBA_CACHE_DIR") or "next to the kernel sources (__pycache__)"
    print(f"kernel cache: {cache}")
    print(f"package: {os.path.dirname(nbkeras.__file__)}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nbkeras", description=__doc__)
    parser.add_argument("command", choices=["demo", "warmup", "info"], nargs="?", default="demo")
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo()
    elif args.command == "warmup":
        from nbkeras.warmup import warmup

        print("Compiling nbkeras kernels (cached on disk for later sessions):")
        warmup(verbose=True)
    else:
        info()
    return 0


if __name__ == "__main__":
    sys.exit(main())
