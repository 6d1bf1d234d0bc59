"""W3 with the conv and pooling ops on one thread (A) and on two halves of the batch (B), interleaved.

One process, one model; the halves are switched by their thresholds
(``ops/nn/image_halves.py``), so A and B run the same code otherwise. Per
training step and per predict batch it prints the wall time and the CPU time
of the calling thread and of the worker thread (min and median of the rounds),
with the load average: on a loaded machine compare CPU times, on a quiet one
the wall times too.

Usage:
    python benchmarks/image_halves_ab.py [--rounds 7] [--scale 0.128]
"""

import argparse
import os
import statistics
import threading
import time

import common

NEVER = 1 << 62


def worker_cpu():
    """CPU seconds of the worker thread of ``recurrent_halves.run_two`` (0 before it exists)."""
    for thread in threading.enumerate():
        if thread.name.startswith("nbkeras-recurrent"):
            return time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
    return 0.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--scale", type=float, default=0.128, help="fraction of W3's 10,000 samples")
    args = parser.parse_args(argv)
    common.limit_threads(2)
    import nbkeras as keras
    import run_nbkeras
    import workloads
    from nbkeras.ops.nn import conv_plain, pooling

    workload = workloads.WORKLOADS["W3"]
    x, y = workloads.make_data(workload, scale=args.scale)
    model = run_nbkeras.build_model(keras, workload)
    defaults = conv_plain.SPLIT_PRODUCT, pooling.SPLIT_CELLS
    runs = {"fit step": lambda: model.fit(x, y, batch_size=workload.batch_size, epochs=1, verbose=0),
            "predict batch": lambda: model.predict(x, batch_size=workload.batch_size, verbose=0)}
    for run in runs.values():  # compile and record the step plans first
        run()
    steps = len(x) / workload.batch_size
    figures = {(halves, name): [] for halves in (False, True) for name in runs}
    print(f"load before: {os.getloadavg()[0]:.2f}")
    for _ in range(args.rounds):
        for halves in (False, True):
            conv_plain.SPLIT_PRODUCT, pooling.SPLIT_CELLS = defaults if halves else (NEVER, NEVER)
            for name, run in runs.items():
                wall, own, worker = time.perf_counter(), time.thread_time(), worker_cpu()
                run()
                figures[halves, name].append([(time.perf_counter() - wall) * 1e3 / steps,
                                              (time.thread_time() - own) * 1e3 / steps,
                                              (worker_cpu() - worker) * 1e3 / steps])
    print(f"load after: {os.getloadavg()[0]:.2f}; ms per step or batch, min / median of {args.rounds}")
    for (halves, name), rows in figures.items():
        columns = list(zip(*rows))
        text = ", ".join(f"{label} {min(c):.2f} / {statistics.median(c):.2f}"
                         for label, c in zip(("wall", "caller CPU", "worker CPU"), columns))
        print(f"{'two halves' if halves else 'one thread'} {name:13s}: {text}")


if __name__ == "__main__":
    main()
