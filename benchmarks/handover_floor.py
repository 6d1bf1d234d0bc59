"""What handing half a product to the other core costs: a Python thread vs a thread waiting in Numba.

Three ways to compute ``x @ kernel`` of a given shape (W1's first layer by default)
as two row halves, each with one BLAS thread:

- ``in turn``: both halves on this thread, one after the other;
- ``python worker``: the first half handed to the Python worker of
  ``recurrent_halves.run_two`` (two locks: the worker sleeps between jobs, and
  the GIL passes between the threads);
- ``numba worker``: the first half posted to ``two_cores``' worker, which waits
  in Numba code on a status word (no sleep, no GIL).

The hand-over's cost is what a way takes beyond one half alone. Prints the
minimum, median and 90th percentile of ``--calls`` calls, in microseconds.

Usage:
    python benchmarks/handover_floor.py [--rows 32 --depth 784 --columns 128 --calls 2000]
"""

import argparse
import time

import numpy as np


def timings(call, calls):
    """Sorted durations (us) of ``calls`` calls of ``call`` after 50 warm-up calls."""
    for _ in range(50):
        call()
    found = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        found.append((time.perf_counter() - start) * 1e6)
    return sorted(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=32)
    parser.add_argument("--depth", type=int, default=784)
    parser.add_argument("--columns", type=int, default=128)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()

    from nbkeras import blas_threads
    from nbkeras.ops import fixed_order, two_cores
    from nbkeras.ops.nn.recurrent_halves import run_two

    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.rows, args.depth), dtype=np.float32)
    kernel = rng.standard_normal((args.depth, args.columns), dtype=np.float32)
    middle, out = args.rows // 2, np.empty((args.rows, args.columns), np.float32)
    if not two_cores.splits(x, kernel):
        raise SystemExit("this shape is not split by ops/two_cores.py (see its SPLIT_* constants)")

    first = lambda: fixed_order.matmul(x[:middle], kernel, out=out[:middle])
    second = lambda: fixed_order.matmul(x[middle:], kernel, out=out[middle:])
    ways = {"one half alone": second, "in turn": lambda: (first(), second()),
            "python worker": lambda: run_two(first, second),
            "numba worker": lambda: two_cores.matmul(x, kernel)}
    with blas_threads.one_thread():
        print(f"x @ kernel, {args.rows}x{args.depth} by {args.depth}x{args.columns}, "
              f"{args.calls} calls (us): min / median / 90th percentile")
        for name, call in ways.items():
            found = timings(call, args.calls)
            print(f"  {name:<15} {found[0]:8.1f} {found[len(found) // 2]:8.1f} {found[len(found) * 9 // 10]:8.1f}")


if __name__ == "__main__":
    main()
