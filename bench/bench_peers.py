"""Whole-process `flowlint check` against its floor and against the linters users would run
instead, on inputs of the same size (issue #15's performance budget).

    python bench/generate_flows.py --preset
    python bench/generate_peers.py --like bench/flows/flow-1000.json --out bench/flows
    python bench/bench_peers.py --install          # once: asl-validator (npm), cfn-lint (venv)
    python bench/bench_peers.py [--runs 11]        # prints a Markdown table

Rows, each run alternately with flowlint so that every ratio compares two runs made under the
same machine conditions (the median of the per-pair ratios is the figure to quote):

- **floor**: a Python process that imports networkx, jsonschema and click and `json.load`s the
  flow: what a linter built on those libraries pays before it checks anything. Budget:
  flowlint ≤ 1.0× the floor, peak memory ≤ 4×.
- **asl-validator** on an Amazon States Language state machine of the same size. Budget: the
  peer takes ≥ 2× flowlint's time.
- **cfn-lint** on a CloudFormation template of the same size. Budget: ≥ 30×.

The peers are installed under `bench/.peers/` (ignored by git); rows whose peer is missing are
left out with a note.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from bench_check import measure_pairs

HERE = Path(__file__).resolve().parent
FLOWS = HERE / "flows"
PEERS = HERE / ".peers"
FLOOR = "import sys, json, networkx, jsonschema, click; json.load(open(sys.argv[1]))"


def install() -> None:
    """asl-validator from the npm registry and cfn-lint in a virtual environment of its own."""
    PEERS.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--silent", "--prefix", str(PEERS), "asl-validator@4"], check=True
    )
    subprocess.run([sys.executable, "-m", "venv", str(PEERS / "cfn-venv")], check=True)
    pip = PEERS / "cfn-venv" / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", "cfn-lint>=1.0"], check=True)


def _row(name: str, peer: list[str], flowlint: list[str], runs: int) -> str:
    # cfn-lint's exit status is a bit mask of the severities it found (2, 4, 8, ...).
    peer_walls, walls, peer_rss, rss = measure_pairs(peer, flowlint, runs, tuple(range(32)))
    paired = statistics.median(p / w for p, w in zip(peer_walls, walls, strict=True))
    return (
        f"| {name} | {statistics.median(peer_walls) * 1000:,.0f} ms | "
        f"{statistics.median(walls) * 1000:,.0f} ms | {paired:.2f}× | "
        f"{peer_rss:.0f} MiB | {rss:.0f} MiB |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--install", action="store_true", help="install the peers and stop")
    parser.add_argument("--flowlint", default=str(Path(sys.executable).with_name("flowlint")))
    parser.add_argument("--flow", type=Path, default=FLOWS / "flow-1000.json")
    args = parser.parse_args()
    if args.install:
        install()
        return
    flow = args.flow
    if not flow.exists():
        raise SystemExit(f"{flow} is missing: run `python bench/generate_flows.py --preset` first")
    flowlint = [args.flowlint, "check", "--no-cache", "--format", "json", str(flow)]
    print(f"{flow.name}: {flow.stat().st_size / 1024:,.0f} KiB, {args.runs} runs of each")
    print()
    print(
        "| other process | its time | flowlint check | other / flowlint (median of pairs) "
        "| its peak RSS | flowlint peak RSS |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    floor = [sys.executable, "-c", FLOOR, str(flow)]
    print(_row("floor (import networkx, jsonschema, click; json.load)", floor, flowlint, args.runs))
    asl = flow.with_suffix(".asl.json")
    validator = PEERS / "node_modules" / ".bin" / "asl-validator"
    if validator.exists() and asl.exists():
        command = [str(validator), "--silent", "--json-path", str(asl)]
        print(_row(f"asl-validator on {asl.name}", command, flowlint, args.runs))
    else:
        print(f"| asl-validator: not installed or {asl.name} missing | | | | | |")
    template = flow.with_suffix(".cfn.json")
    cfn_lint = PEERS / "cfn-venv" / "bin" / "cfn-lint"
    if cfn_lint.exists() and template.exists():
        runs = max(3, args.runs // 3)  # ~20 s a run
        print(_row(f"cfn-lint on {template.name}", [str(cfn_lint), str(template)], flowlint, runs))
    else:
        print(f"| cfn-lint: not installed or {template.name} missing | | | | | |")


if __name__ == "__main__":
    main()
