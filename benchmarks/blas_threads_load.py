"""BLAS thread policy, before and after, quiet and under load, beside PyTorch in one run.

For each load (none, then one busy-loop process per ``--busy`` core) and workload, runs
nbkeras with the policy off (every product gets all ``--threads`` BLAS threads, the
behaviour before ``nbkeras/blas_threads.py``), nbkeras with the policy on, and
PyTorch eager (``--peer-python``), each a fresh process, and prints train samples/s
and the ratios.

Usage:
    python benchmarks/blas_threads_load.py --peer-python PATH [--workloads W1,W2,W5]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(python, script, workload, threads, repeats, extra=()):
    command = [python, str(HERE / script), "--workload", workload, "--threads", str(threads),
               "--repeats", str(repeats), *extra]
    done = subprocess.run(command, capture_output=True, text=True, cwd=HERE)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(lines[-1])["train_sps"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--peer-python", default=os.environ.get("NBKERAS_BENCH_PEER_PYTHON",
                                                                sys.executable))
    parser.add_argument("--workloads", default="W1,W2,W5")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--busy", type=int, default=1, help="busy-loop processes under load")
    args = parser.parse_args()
    rows = []
    for load in ("quiet", f"{args.busy} busy core(s)"):
        busy = []
        if load != "quiet":
            busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                    for _ in range(args.busy)]
            time.sleep(0.5)
        try:
            for workload in args.workloads.split(","):
                off = run(sys.executable, "run_nbkeras.py", workload, args.threads, args.repeats,
                          ("--blas-policy", "off"))
                on = run(sys.executable, "run_nbkeras.py", workload, args.threads, args.repeats)
                torch = run(args.peer_python, "run_torch.py", workload, args.threads,
                            args.repeats)
                rows.append((load, workload, off, on, torch))
                print(rows[-1], flush=True)
        finally:
            for process in busy:
                process.kill()
    print("\n| load | workload | policy off | policy on | on/off | PyTorch | on/torch | off/torch |")
    print("|---|---|---|---|---|---|---|---|")
    for load, workload, off, on, torch in rows:
        ratio = lambda a, b: f"{a / b:.2f}" if a and b else "-"
        fmt = lambda v: f"{v / 1000:.1f}k" if v else "-"
        print(f"| {load} | {workload} | {fmt(off)} | {fmt(on)} | {ratio(on, off)} | {fmt(torch)} "
              f"| {ratio(on, torch)} | {ratio(off, torch)} |")


if __name__ == "__main__":
    main()
