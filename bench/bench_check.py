"""Whole-process `flowlint check` against a `json.load` process, on the same files.

    python bench/generate_flows.py --preset      # writes bench/flows/flow-{10,100,500,1000}.json
    python bench/bench_check.py [--runs 7]        # prints a Markdown table

Each command runs `--runs` times, the two alternating; the table shows the median wall times,
their ratio, the median of the per-pair ratios (robust when the machine's speed drifts), and
the largest peak RSS (from wait4's rusage of the child). The budget against the floor process
and the peers is measured by bench/bench_peers.py (docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOWS = HERE / "flows"
_WITH_BYTECODE = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}
"""The environment for the timed processes. Some sandboxes set PYTHONDONTWRITEBYTECODE; in a
fresh checkout every flowlint module is then compiled again on every run (about 90 ms of a
check, a third of it), a cost no installed flowlint pays."""


def run_once(command: list[str], exit_codes: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of `command`, which must exit with one of
    `exit_codes`."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_WITH_BYTECODE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in exit_codes:
        raise SystemExit(f"{' '.join(command)} exited with {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_maxrss / 1024


def measure_pairs(
    baseline: list[str],
    command: list[str],
    runs: int,
    baseline_exit_codes: tuple[int, ...] = (0, 1),
) -> tuple[list[float], list[float], float, float]:
    """Run the baseline and the command alternately `runs` times each. Returns both lists of
    wall times and both peak RSS maxima. Alternating matters on a shared machine: its speed
    drifts by up to 2x within a minute, and each ratio then compares two runs made under the
    same conditions."""
    base_walls: list[float] = []
    walls: list[float] = []
    base_rss = rss = 0.0
    for _ in range(runs):
        wall, peak = run_once(baseline, baseline_exit_codes)
        base_walls.append(wall)
        base_rss = max(base_rss, peak)
        wall, peak = run_once(command)
        walls.append(wall)
        rss = max(rss, peak)
    return base_walls, walls, base_rss, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--flowlint", default=str(Path(sys.executable).with_name("flowlint")))
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs to flowlint")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or sorted(FLOWS.glob("flow-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    if not files:
        raise SystemExit("no flows: run `python bench/generate_flows.py --preset` first")
    print(
        "| file | size | json.load | flowlint check | ratio of medians | median of paired ratios "
        "| json.load RSS | flowlint RSS | ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in files:
        baseline = [
            sys.executable,
            "-c",
            "import json,sys; json.load(open(sys.argv[1]))",
            str(path),
        ]
        flowlint = [args.flowlint, "check", "--no-cache", "--format", "json", str(path)]
        if args.jobs is not None:
            flowlint[2:2] = ["--jobs", str(args.jobs)]
        base_walls, walls, base_rss, rss = measure_pairs(baseline, flowlint, args.runs)
        base_wall, wall = statistics.median(base_walls), statistics.median(walls)
        paired = statistics.median(w / b for w, b in zip(walls, base_walls, strict=True))
        size = path.stat().st_size
        print(
            f"| {path.name} | {size / 1024:,.0f} KiB | {base_wall * 1000:.0f} ms | "
            f"{wall * 1000:.0f} ms | {wall / base_wall:.1f}× | {paired:.1f}× | "
            f"{base_rss:.1f} MiB | {rss:.1f} MiB | {rss / base_rss:.1f}× |"
        )


if __name__ == "__main__":
    main()
