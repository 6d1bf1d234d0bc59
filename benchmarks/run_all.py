"""Runs nbkeras, PyTorch eager and Keras-JAX side by side in one run and reports ratios.

Every measurement is a fresh process (run_nbkeras.py, run_torch.py,
run_keras_jax.py): one warm-up epoch, then one timed round. Rounds are
interleaved, framework by framework, and the order rotates each round, so
the machine's noise falls on all frameworks alike; figures are medians
over the rounds. A peer whose interpreter or packages are missing is
skipped with a note.

Usage:
    python benchmarks/run_all.py [--workloads W1,W2,W3,W5] [--threads 2] [--repeats 3] [--quick]
        [--peer-python $PEER] [--nbkeras-module keras]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

import report

HERE = os.path.dirname(os.path.abspath(__file__))
IMPORT_CHECK = {"nbkeras": "import nbkeras", "torch": "import torch",
                "keras-jax": "import os; os.environ['KERAS_BACKEND'] = 'jax'; import keras, jax"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workloads", default="W1,W2,W3,W5")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--min-seconds", type=float, default=0.5)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1 round, 10%% of the data, no start-up figures, "
                             "RESULTS.md left alone unless --output is given")
    parser.add_argument("--peer-python",
                        default=os.environ.get("NBKERAS_BENCH_PEER_PYTHON", sys.executable),
                        help="interpreter with torch / keras+jax (default "
                             "$NBKERAS_BENCH_PEER_PYTHON or this one)")
    parser.add_argument("--nbkeras-module", default="nbkeras",
                        help="'keras' runs the Keras-API runner on real Keras (JAX) under the "
                             "peer interpreter, to validate the harness")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
    parser.add_argument("--output", default=None, help="markdown report (default RESULTS.md)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.min_seconds, args.no_startup = 1, 0.2, True
    elif args.output is None:
        args.output = os.path.join(HERE, "RESULTS.md")
    args.scale = 0.1 if args.quick else 1.0
    return args


def frameworks(args):
    """``(label, python, command)`` of each framework that can run here; notes for the rest."""
    nb_python = sys.executable if args.nbkeras_module == "nbkeras" else args.peer_python
    nb_check = IMPORT_CHECK["nbkeras" if args.nbkeras_module == "nbkeras" else "keras-jax"]
    candidates = [
        ("nbkeras", nb_python, nb_check, ["run_nbkeras.py", "--module", args.nbkeras_module]),
        ("torch", args.peer_python, IMPORT_CHECK["torch"], ["run_torch.py"]),
        ("keras-jax", args.peer_python, IMPORT_CHECK["keras-jax"], ["run_keras_jax.py"]),
    ]
    found, notes = [], []
    for label, python, check, command in candidates:
        try:
            subprocess.run([python, "-c", check], capture_output=True, check=True, timeout=120)
            found.append((label, python, command))
        except (OSError, subprocess.SubprocessError):
            notes.append(f"{label} skipped: `{check}` failed with {python}")
    return found, notes


def run_one(python, command, workload, args):
    """Runs one runner process; returns its JSON record or ``{"error": ...}``."""
    argv = [python, os.path.join(HERE, command[0]), *command[1:], "--workload", workload,
            "--threads", str(args.threads), "--repeats", "1",
            "--min-seconds", str(args.min_seconds), "--scale", str(args.scale)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=HERE)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": reason[:200]}
    return json.loads(lines[-1])


def combine(records):
    """Pools the rounds of one framework on one workload into medians."""
    good = [r for r in records if "error" not in r]
    if not good:
        return {"error": records[-1]["error"]}
    train = [rate for r in good for rate in r["train_rounds"]]
    infer = [rate for r in good for rate in r["predict_rounds"]]
    return {"train_sps": statistics.median(train), "predict_sps": statistics.median(infer),
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in good),
            "last_loss": good[-1]["last_loss"], "train_rounds": train,
            "versions": good[-1]["versions"]}


def measure(args, found):
    """``{workload: {label: combined}}`` over interleaved, rotating rounds."""
    results = {}
    for workload in args.workloads.split(","):
        records = {label: [] for label, _, _ in found}
        for round_index in range(args.repeats):
            shift = round_index % len(found)
            for label, python, command in found[shift:] + found[:shift]:
                record = run_one(python, command, workload, args)
                records[label].append(record)
                status = record.get("error") or f"{record['train_sps']:,.0f} samples/s"
                print(f"  {workload} round {round_index + 1} {label:<10} {status}", flush=True)
        results[workload] = {label: combine(recs) for label, recs in records.items()}
    return results


def startup_figures(args):
    """Runs startup.py for the nbkeras side; ``None`` if skipped or failed."""
    if args.no_startup:
        return None
    python = sys.executable if args.nbkeras_module == "nbkeras" else args.peer_python
    argv = [python, os.path.join(HERE, "startup.py"), "--json", "--module", args.nbkeras_module,
            "--peer-python", args.peer_python, "--threads", str(args.threads)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=HERE)
    if done.returncode != 0:
        print("start-up figures failed:", done.stderr.strip()[-300:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    args = parse_args(argv)
    found, notes = frameworks(args)
    for note in notes:
        print(note)
    print(f"frameworks: {', '.join(label for label, _, _ in found)}; threads {args.threads}; "
          f"{args.repeats} round(s)", flush=True)
    results = measure(args, found)
    startup = startup_figures(args)
    print()
    print(report.text_table(results))
    if startup:
        print(report.startup_text(startup))
    if args.output:
        with open(args.output, "w") as handle:
            handle.write(report.markdown(results, startup, args, notes))
        print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
