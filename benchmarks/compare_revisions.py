"""nbkeras against an earlier nbkeras, in one run: is a change faster, slower, or the same?

Runs ``run_nbkeras.py`` for each workload, alternating between this tree and
another checkout (``--before``), in fresh processes, and reports the medians
and their ratio. Machines here are shared and noisy, so only ratios from one
interleaved run mean something.

Usage:
    git worktree add ../nbkeras-before <revision>
    python benchmarks/compare_revisions.py --before ../nbkeras-before --workloads W1,W2,W5
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def run(tree, workload, threads, scale):
    """One fresh runner process importing nbkeras from ``tree``; its JSON record."""
    env = dict(os.environ, PYTHONPATH=os.path.abspath(tree))
    command = [sys.executable, os.path.join(HERE, "run_nbkeras.py"), "--workload", workload,
               "--threads", str(threads), "--scale", str(scale)]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="path of the earlier checkout")
    parser.add_argument("--workloads", default="W1,W2,W5")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    trees = {"before": args.before, "after": REPO}
    rates = {(w, t, k): [] for w in args.workloads.split(",") for t in trees
             for k in ("train", "predict")}
    for _ in range(args.rounds):
        for workload in args.workloads.split(","):
            for label, tree in trees.items():
                record = run(tree, workload, args.threads, args.scale)
                rates[(workload, label, "train")].append(record["train_sps"])
                rates[(workload, label, "predict")].append(record["predict_sps"])
    print("| workload | train before | train after | ratio | predict before | predict after | ratio |")
    print("|---|---|---|---|---|---|---|")
    for workload in args.workloads.split(","):
        row = [workload]
        for kind in ("train", "predict"):
            before = statistics.median(rates[(workload, "before", kind)])
            after = statistics.median(rates[(workload, "after", kind)])
            row += [f"{before:,.0f}", f"{after:,.0f}", f"{after / before:.2f}x"]
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
