"""Shows where the time of one nbkeras training epoch goes (cProfile, top 25 entries).

A warm-up epoch runs first, so compiling kernels is left out; ``--cold``
profiles the first epoch instead (compile and cache loads included).

Usage:
    python benchmarks/profile_fit.py [--workload W1] [--module nbkeras] [--cold]
"""

import argparse
import cProfile
import importlib
import os
import pstats

import common


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", default="W1")
    parser.add_argument("--module", default="nbkeras")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cold", action="store_true", help="profile the first epoch")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    common.limit_threads(args.threads)
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import run_nbkeras
    import workloads

    keras = importlib.import_module(args.module)
    workload = workloads.WORKLOADS[args.workload]
    x, y = workloads.make_data(workload)
    model = run_nbkeras.build_model(keras, workload)

    def epoch():
        model.fit(x, y, batch_size=workload.batch_size, epochs=1, verbose=0, shuffle=True)

    if not args.cold:
        epoch()
    profiler = cProfile.Profile()
    profiler.runcall(epoch)
    for order in ("cumulative", "tottime"):
        print(f"\n=== {args.module} {args.workload}: top {args.top} by {order} ===")
        pstats.Stats(profiler).strip_dirs().sort_stats(order).print_stats(args.top)


if __name__ == "__main__":
    main()
