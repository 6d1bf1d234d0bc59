"""What every runner shares: arguments, thread limits, the timing loop, the JSON line.

A runner is one fresh process for one framework and one workload. It must
call ``limit_threads`` before importing NumPy or the framework (thread pools
read their size when the library loads), then ``benchmark``, then ``emit``.

Thread limits, and why (all measured on this 2-core machine):

* ``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS`` and
  ``NUMBA_NUM_THREADS`` cap the OpenMP, BLAS and Numba pools; PyTorch also
  gets ``torch.set_num_threads(N)`` in its runner.
* JAX on CPU has no thread setting that works in this jaxlib: XLA's CPU
  client sizes its pool from the CPUs the process may run on, and
  ``XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=N"``
  (the old recipe, jax issues #743/#1539) changed nothing here (a 2048^2
  matmul kept a CPU/wall ratio of 1.98 with it). What works is CPU affinity,
  so when N is below the CPUs available, every runner (not only JAX, to keep
  the comparison fair) is pinned to the first N CPUs with
  ``os.sched_setaffinity``. With N equal to the CPU count nothing is pinned.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "NUMBA_NUM_THREADS")


def parse_args(description, argv=None, extra=None):
    """Parses the arguments every runner takes.

    Args:
        description: the runner's docstring.
        argv: argument list (default ``sys.argv[1:]``).
        extra: optional ``fn(parser)`` adding runner-specific arguments.

    Returns:
        The parsed ``argparse.Namespace``.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workload", default="W1", help="W1..W5 (default W1)")
    parser.add_argument("--threads", type=int, default=2, help="threads for every pool (default 2)")
    parser.add_argument("--repeats", type=int, default=3, help="timed repetitions (default 3)")
    parser.add_argument("--min-seconds", type=float, default=0.5,
                        help="a repetition runs whole epochs until this much time passed "
                             "(W5 epochs take ~10 ms; default 0.5)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="fraction of the samples to use (smoke runs only)")
    if extra:
        extra(parser)
    return parser.parse_args(argv)


def limit_threads(threads):
    """Caps every thread pool at ``threads`` and pins the process if that is below the CPUs.

    Args:
        threads: number of threads for BLAS, OpenMP and Numba (and CPUs to run on).
    """
    if "numpy" in sys.modules:
        print("warning: numpy was imported before limit_threads; BLAS may ignore the limit",
              file=sys.stderr)
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    cpus = sorted(os.sched_getaffinity(0))
    if threads < len(cpus):
        os.sched_setaffinity(0, cpus[:threads])


def peak_rss_mb():
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def samples_per_second(step, samples, min_seconds):
    """Runs ``step()`` (one epoch or one predict pass) until ``min_seconds`` passed.

    Returns:
        Samples per second over all the whole passes run (at least one).
    """
    passes, start = 0, time.perf_counter()
    while True:
        step()
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return passes * samples / elapsed


def benchmark(train_epoch, predict, samples, repeats, min_seconds):
    """One warm-up epoch and predict, then ``repeats`` timed rounds of each.

    Args:
        train_epoch: runs one training epoch over the data, returns the loss.
        predict: runs predict over the data.
        samples: samples in the data (per epoch and per predict pass).
        repeats: timed rounds.
        min_seconds: minimum duration of one timed round.

    Returns:
        A dict of per-round rates, their medians, the losses and peak RSS.
    """
    baseline_rss = peak_rss_mb()
    losses = [train_epoch()]  # warm-up: compiles, fills caches, allocates
    predict()
    train, infer = [], []
    for _ in range(repeats):
        train.append(samples_per_second(lambda: losses.append(train_epoch()), samples,
                                        min_seconds))
        infer.append(samples_per_second(predict, samples, min_seconds))
    return {
        "train_sps": statistics.median(train), "predict_sps": statistics.median(infer),
        "train_rounds": train, "predict_rounds": infer,
        "first_loss": float(losses[0]), "last_loss": float(losses[-1]),
        "baseline_rss_mb": baseline_rss, "peak_rss_mb": peak_rss_mb(),
    }


def emit(framework, args, versions, result):
    """Prints the one JSON line a runner reports (run_all.py reads the last line)."""
    record = {"framework": framework, "workload": args.workload, "threads": args.threads,
              "scale": args.scale, "versions": versions, **result}
    print(json.dumps(record), flush=True)
