"""Fuzzes keras.saving.load_model with thousands of seeded mutations of `.keras` files.

    PYTHONPATH=$PWD python tools/fuzz_loader.py --count 5000 --seed 2026

Same engine as tests/reliability/test_loader_fuzz.py (tests/reliability/fuzz_engine.py):
byte flips, truncations, JSON mutations of config.json / compile_config / metadata.json
(values, class names, modules, injected function and class entries naming os.system,
sys.exit, subprocess.Popen, builtins.input, a canary module and __main__), altered weights
with and without the SHA-256, missing/extra/garbage members and zip bombs. Prints the
figures recorded in docs/safety.md: mutations, successes, clean errors, unclean errors,
hangs (over 10 s), foreign calls, and the slowest load.
"""

import argparse
import collections
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import nbkeras as keras  # noqa: E402
from tests.reliability import fuzz_engine  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", help="write the per-file results here")
    args = parser.parse_args()
    golden = os.path.join(HERE, "..", "tests", "golden", "keras_files")
    with tempfile.TemporaryDirectory() as folder:
        results = fuzz_engine.run(keras, golden, folder, args.count, args.seed)
    outcomes = collections.Counter(r["outcome"] for r in results)
    strategies = collections.Counter(r["strategy"] for r in results)
    errors = collections.Counter(r["error"].split(":")[0] for r in results if r["error"])
    foreign = sum(len(r["foreign_calls"]) for r in results)
    slowest = max(results, key=lambda r: r["seconds"])
    seconds = sorted(r["seconds"] for r in results)
    print(f"mutations: {len(results)} (seed {args.seed})")
    print(f"successes: {outcomes['success']}, clean errors: {outcomes['clean']}, "
          f"unclean errors: {outcomes['unclean']}, hangs: {outcomes['hang']}, "
          f"foreign calls: {foreign}")
    print(f"strategies: {dict(sorted(strategies.items()))}")
    print(f"error types: {dict(errors.most_common())}")
    print(f"load time: median {seconds[len(seconds) // 2] * 1e3:.1f} ms, "
          f"99th percentile {seconds[int(len(seconds) * 0.99)] * 1e3:.1f} ms, "
          f"slowest {slowest['seconds'] * 1e3:.0f} ms ({slowest['strategy']}, "
          f"{slowest['outcome']})")
    for result in results:
        if result["outcome"] in ("unclean", "hang") or result["foreign_calls"]:
            print("PROBLEM:", result)
    if args.json:
        with open(args.json, "w") as stream:
            json.dump(results, stream)


if __name__ == "__main__":
    main()
