"""Formats run_all.py's results: the console table and benchmarks/RESULTS.md.

A ratio is nbkeras's samples/s divided by the peer's, from the same run: above
1 nbkeras is faster. Targets (from the open speed issues: 13 for W3, 18 for all)
compare training and predict samples/s with the best peer, and bound the
start-up times.
"""

import datetime
import os
import platform

PEERS = ("torch", "keras-jax")
# Times the best peer, by figure and workload: (issue, target) pairs.
TARGETS = {
    "train_sps": {"W1": (("18", 2.0),), "W2": (("18", 1.3),), "W3": (("13", 1.2), ("18", 1.5)),
                  "W4": (("18", 1.5),), "W5": (("18", 5.0),)},
    "predict_sps": {"W1": (("18", 1.0),), "W2": (("18", 1.0),), "W3": (("13", 1.0), ("18", 1.0)),
                    "W4": (("18", 1.0),), "W5": (("18", 1.0),)},
}
FIGURE_NAMES = {"train_sps": "training", "predict_sps": "predict"}
STARTUP_TARGETS = (("import nbkeras", "import_s", 0.3),
                   ("seed model's first fit, cold cache", "seed_fit_cold", 3.0),
                   ("seed model's first fit, warm cache", "seed_fit_warm", 1.0))


def ratio(results, workload, peer, key="train_sps"):
    """nbkeras / peer for one figure, or ``None`` if either side is missing."""
    row = results[workload]
    mine, theirs = row.get("nbkeras", {}), row.get(peer, {})
    if key not in mine or key not in theirs:
        return None
    return mine[key] / theirs[key]


def target_rows(results, workload):
    """``(figure, issue, text, met)`` for each target of the workload against the best peer."""
    out = []
    for key, per_workload in TARGETS.items():
        ratios = [r for r in (ratio(results, workload, p, key) for p in PEERS) if r is not None]
        for issue, target in per_workload.get(workload, ()):
            if not ratios:
                out.append((FIGURE_NAMES[key], issue, f">= {target:g}x best peer: -", None))
                continue
            worst = min(ratios)  # the ratio to the best (fastest) peer
            out.append((FIGURE_NAMES[key], issue, f">= {target:g}x best peer: {worst:.2f}x",
                        worst >= target))
    return out


def _number(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def rows(results):
    """One row per workload and framework: figures, then ratios on the nbkeras row."""
    out = []
    for workload, per_framework in results.items():
        for label, figures in per_framework.items():
            if "error" in figures:
                out.append([workload, label, "error: " + figures["error"][:40], "", "", "", ""])
                continue
            ratios = ["", ""]
            if label == "nbkeras":
                ratios = [" / ".join(_number(ratio(results, workload, peer, key), 2)
                                     for peer in PEERS) for key in ("train_sps", "predict_sps")]
            out.append([workload, label, _number(figures["train_sps"]),
                        _number(figures["predict_sps"]), _number(figures["peak_rss_mb"]),
                        *ratios])
    return out


HEADER = ["workload", "framework", "train samples/s", "predict samples/s", "peak RSS MB",
          "train ratio vs torch / keras-jax", "predict ratio vs torch / keras-jax"]


def text_table(results):
    """A plain-text table for the console."""
    table = [HEADER] + rows(results)
    widths = [max(len(str(row[i])) for row in table) for i in range(len(HEADER))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths))
             for row in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def startup_text(startup):
    """Start-up figures, one per line, with targets."""
    lines = ["", "start-up (fresh processes):"]
    for name, key, seconds in _startup_rows(startup):
        lines.append(f"  {name:<34} {seconds}")
    return "\n".join(lines)


def _startup_rows(startup):
    def seconds(key):
        value = startup.get(key)
        value = value["seconds"] if isinstance(value, dict) else value
        return None if value is None else f"{value:.2f} s"
    targets = {key: limit for _, key, limit in STARTUP_TARGETS}
    names = [(f"import {startup['module']}", "import_s"),
             ("first W1 epoch, cold kernel cache", "first_epoch_cold"),
             ("first W1 epoch, warm kernel cache", "first_epoch_warm"),
             ("seed model's first fit, cold kernel cache", "seed_fit_cold"),
             ("seed model's first fit, warm kernel cache", "seed_fit_warm"),
             ("python -m nbkeras warmup, cold", "warmup_cold_s"),
             ("python -m nbkeras warmup, warm", "warmup_warm_s"),
             ("import torch", "import_torch_s"), ("import keras (jax)", "import_keras-jax_s")]
    for name, key in names:
        if startup.get(key) is not None:
            limit = targets.get(key)
            shown = seconds(key) + (f" (target <= {limit:g} s)" if limit else "")
            yield name, key, shown


def machine():
    """CPU model, CPU count and OS, for the report header."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            model = next(line.split(":", 1)[1].strip() for line in handle
                         if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def markdown(results, startup, args, notes):
    """The whole RESULTS.md text."""
    versions = {}
    for per_framework in results.values():
        for figures in per_framework.values():
            versions.update(figures.get("versions", {}))
    out = ["# Benchmark results", "",
           f"- date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}",
           f"- machine: {machine()}",
           f"- versions: {', '.join(f'{k} {v}' for k, v in sorted(versions.items()))}",
           f"- threads: {args.threads} for every framework; interleaved rounds: {args.repeats} "
           f"(fresh process each, one warm-up epoch, >= {args.min_seconds:g} s timed); medians",
           f"- command: `python benchmarks/run_all.py --workloads {args.workloads} "
           f"--threads {args.threads} --repeats {args.repeats}"
           + (f" --nbkeras-module {args.nbkeras_module}`" if args.nbkeras_module != "nbkeras"
              else "`")]
    if args.nbkeras_module != "nbkeras":
        out.append(f"- **the 'nbkeras' rows are `{args.nbkeras_module}` run through the "
                   "nbkeras runner (harness validation), not nbkeras**")
    out += [f"- {note}" for note in notes]
    out += ["", "## Speed and memory", "", "| " + " | ".join(HEADER) + " |",
            "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows(results)]
    out += ["", "## Targets of the open issues (nbkeras / best peer)", "",
            "| workload | figure | issue | target | met |", "|---|---|---|---|---|"]
    for workload in results:
        for figure, issue, text, met in target_rows(results, workload):
            shown = "-" if met is None else "yes" if met else "no"
            out.append(f"| {workload} | {figure} | {issue} | {text} | {shown} |")
    out += ["", "## Training samples/s of each round (spread = machine noise)", "",
            "| workload | framework | rounds (k samples/s) |", "|---|---|---|"]
    for workload, per_framework in results.items():
        for label, figures in per_framework.items():
            spread = ", ".join(f"{rate / 1000:.1f}" for rate in figures.get("train_rounds", []))
            out.append(f"| {workload} | {label} | {spread or '-'} |")
    if startup:
        out += ["", "## Start-up (fresh processes; data generation excluded)", "",
                "| figure | seconds |", "|---|---|"]
        out += [f"| {name} | {shown} |" for name, _, shown in _startup_rows(startup)]
    return "\n".join(out) + "\n"
