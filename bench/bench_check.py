"""Whole-process `flowlint check` against a `json.load` process, on the same files.

    python bench/generate_flows.py --preset      # writes bench/flows/flow-{10,100,500,1000}.json
    python bench/bench_check.py [--runs 7]        # prints a Markdown table

Each command runs `--runs` times; the table shows the median wall time and the largest peak
RSS (from wait4's rusage of the child). Targets on the 1 MB flow (docs/performance.md): wall
time ≤ 5× and peak RSS ≤ 4× the json.load process.
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


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and max peak RSS (MiB) of `command` over `runs` runs."""
    walls: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return statistics.median(walls), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--flowlint", default=str(Path(sys.executable).with_name("flowlint")))
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or sorted(FLOWS.glob("flow-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    if not files:
        raise SystemExit("no flows: run `python bench/generate_flows.py --preset` first")
    print("| file | size | json.load | flowlint check | ratio | json.load RSS | flowlint RSS | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for path in files:
        baseline = [sys.executable, "-c", "import json,sys; json.load(open(sys.argv[1]))", str(path)]
        flowlint = [args.flowlint, "check", "--no-cache", "--format", "json", str(path)]
        base_wall, base_rss = measure(baseline, args.runs)
        wall, rss = measure(flowlint, args.runs)
        size = path.stat().st_size
        print(
            f"| {path.name} | {size / 1024:,.0f} KiB | {base_wall * 1000:.0f} ms | {wall * 1000:.0f} ms | "
            f"{wall / base_wall:.1f}× | {base_rss:.1f} MiB | {rss:.1f} MiB | {rss / base_rss:.1f}× |"
        )


if __name__ == "__main__":
    main()
