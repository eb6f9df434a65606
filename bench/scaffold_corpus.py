"""How much of the real corpus `flowlint test --scaffold` can drive (the numbers in
docs/testing.md).

    python bench/scaffold_corpus.py [CORPUS]     # default: ../shared/corpus/real

For every file holding one usable flow definition: scaffold it, run the written cases against
the flow exactly as `flowlint test` does (through the test-file parser), and measure the
transition coverage they reach. Prints the flows with cases, the cases and how many pass, the
mean and median coverage, and the transitions no run can take (left out of coverage).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from flowlint.simulate.coverage import flow_coverage  # noqa: E402
from flowlint.simulate.expectations import compare  # noqa: E402
from flowlint.simulate.flow_file import FlowFileError, read_flow_file  # noqa: E402
from flowlint.simulate.runner import run_case  # noqa: E402
from flowlint.simulate.scaffold import scaffold  # noqa: E402
from flowlint.simulate.test_file import parse_test_file  # noqa: E402


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared/corpus/real"
    files = sorted(corpus.rglob("*.json"))
    usable = driven = cases = passed = dead = 0
    percents: list[float] = []
    for path in files:
        try:
            flow_file = read_flow_file(path)
        except FlowFileError:
            continue
        usable += 1
        written = scaffold(flow_file.flow, path.name)
        test_file = parse_test_file(path.with_suffix(".flowtest.yaml"), written.text)
        taken: set[tuple[str, int]] = set()
        for case in test_file.cases:
            run = run_case(flow_file.flow, case, test_file.mocks)
            cases += 1
            passed += compare(case, run, flow_file).passed
            taken |= run.taken
        driven += bool(test_file.cases)
        report = flow_coverage(flow_file, taken)
        dead += len(report.cannot_be_taken)
        if report.total:
            percents.append(report.percent)
    print(f"files: {len(files)}, usable flows: {usable}, flows with cases: {driven}")
    print(f"cases: {cases}, passing: {passed}")
    print(
        f"transition coverage over {len(percents)} flows with transitions: "
        f"mean {statistics.mean(percents):.1f}%, median {statistics.median(percents):.1f}%, "
        f"100% on {sum(p == 100.0 for p in percents)}"
    )
    print(f"transitions no run can take (left out of coverage): {dead}")
    return 0 if passed == cases else 1


if __name__ == "__main__":
    raise SystemExit(main())
