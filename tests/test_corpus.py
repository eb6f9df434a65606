"""The real-flow corpus (../shared/corpus/real): every file read, no crash, results recorded.

The corpus holds 122 flows exported from real accounts (and Terraform/JS templates with
placeholders, which are not valid JSON). flowlint must read every one of them without an
internal error; `tests/corpus_snapshot.json` records the findings per rule so that a change
in precision shows up in review. Regenerate it with:

    python -m tests.test_corpus > tests/corpus_snapshot.json
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.conftest import CORPUS, REPO

SNAPSHOT = REPO / "tests" / "corpus_snapshot.json"


def corpus_counts(corpus: Path) -> tuple[int, str, dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "--format", "json", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=REPO,
    )
    report = json.loads(result.stdout)
    counts = Counter(f"{d['severity']} {d['rule']}" for d in report["diagnostics"])
    files_with_errors = Counter(
        Path(d["path"]).name for d in report["diagnostics"] if d["severity"] == "error"
    )
    snapshot = {
        "summary": report["summary"],
        "findings": dict(sorted(counts.items())),
        "files_with_errors": dict(sorted(files_with_errors.items())),
    }
    return result.returncode, result.stderr, snapshot


def test_corpus_reads_every_file_without_internal_errors(corpus: Path) -> None:
    status, stderr, snapshot = corpus_counts(corpus)
    assert status in (0, 1), stderr
    assert "Traceback" not in stderr
    findings: dict[str, int] = snapshot["findings"]  # type: ignore[assignment]
    assert not any(key.endswith(" internal-error") for key in findings), findings
    flows = sum(1 for path in corpus.glob("*.json"))
    summary: dict[str, int] = snapshot["summary"]  # type: ignore[assignment]
    assert summary["files"] >= flows - 10, "a few non-JSON templates may be skipped, not more"


def test_corpus_findings_match_the_recorded_snapshot(corpus: Path) -> None:
    _, _, snapshot = corpus_counts(corpus)
    recorded = json.loads(SNAPSHOT.read_text())
    assert snapshot == recorded, (
        "corpus findings changed; if the change is intended, regenerate with "
        "`python -m tests.test_corpus > tests/corpus_snapshot.json` and explain it in the commit"
    )


if __name__ == "__main__":
    _, _, data = corpus_counts(CORPUS)
    print(json.dumps(data, indent=2, sort_keys=True))
