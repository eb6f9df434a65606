"""CI-scale `flowlint check`: 200 realistic flows, one process against two, cold cache against
warm.

    python bench/bench_ci.py [--files 200] [--runs 5] [--check]

The flows come from bench/generate_flows.py (`--many`: 8 to 120 widgets each, like Console
exports), written to a temporary folder. Each command runs `--runs` times and the table shows
the fastest and the median wall time of the whole process; the speed-ups use the fastest (on
a shared machine other work only ever slows a run down, so the minimum is the least noisy
estimate). Targets (docs/performance.md): `--jobs 2` at least 1.6x faster than `--jobs 1` (on
two cores), and a warm-cache run at least 5x faster than a cold one. `--check` exits 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
JOBS_TARGET = 1.6
CACHE_TARGET = 5.0


def wall(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    finished = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if finished.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({finished.returncode}): {finished.stderr.decode()}")
    return elapsed


def timed(
    command: list[str], cwd: Path, runs: int, before: list[Path] | None = None
) -> tuple[float, float]:
    """(fastest, median) wall time over `runs` runs; `before` folders are removed each time."""
    times = []
    for _ in range(runs):
        for folder in before or []:
            shutil.rmtree(folder, ignore_errors=True)
        times.append(wall(command, cwd))
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="flowlint-bench-ci-") as temporary:
        work = Path(temporary)
        subprocess.run(
            [sys.executable, str(HERE / "generate_flows.py"), "--many", str(args.files),
             "--out", str(work / "flows")],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        total = sum(path.stat().st_size for path in (work / "flows").glob("*.json"))
        check = [
            sys.executable,
            "-m",
            "flowlint",
            "check",
            "flows",
            "--isolated",
            "--format",
            "json",
        ]
        cache = work / "cache"
        rows = [
            ("--jobs 1 --no-cache", timed([*check, "--jobs", "1", "--no-cache"], work, args.runs)),
            ("--jobs 2 --no-cache", timed([*check, "--jobs", "2", "--no-cache"], work, args.runs)),
            (
                "--jobs 1, cold cache",
                timed([*check, "--jobs", "1", "--cache-dir", str(cache)], work, args.runs, [cache]),
            ),
        ]
        wall([*check, "--jobs", "1", "--cache-dir", str(cache)], work)  # fill the cache
        rows.append(
            (
                "--jobs 1, warm cache",
                timed([*check, "--jobs", "1", "--cache-dir", str(cache)], work, args.runs),
            )
        )

    times = {label: fastest for label, (fastest, _) in rows}
    jobs_speedup = times["--jobs 1 --no-cache"] / times["--jobs 2 --no-cache"]
    cache_speedup = times["--jobs 1, cold cache"] / times["--jobs 1, warm cache"]
    cores = os.cpu_count()
    print(f"{args.files} flows, {total / 1e6:.1f} MB, {cores} cores, {args.runs} runs each\n")
    print("| command | fastest | median |")
    print("|---|---|---|")
    for label, (fastest, middle) in rows:
        print(f"| `flowlint check flows {label}` | {fastest:.2f} s | {middle:.2f} s |")
    print(f"\n--jobs 2 speed-up: {jobs_speedup:.2f}x (target >= {JOBS_TARGET}x)")
    print(f"warm-cache speed-up: {cache_speedup:.1f}x (target >= {CACHE_TARGET}x)")
    missed = jobs_speedup < JOBS_TARGET or cache_speedup < CACHE_TARGET
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
