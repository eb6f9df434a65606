"""The schema rules on the real-flow corpus: the result is recorded, so a regression shows.

These flows were exported from real accounts (plus a few hand-written ones), so every
error-level schema finding is either a real bug in that flow, written down in the rule's
`## Corpus` section and in schemas/README.md, or a schema mistake to fix. The record is
`corpus_schema_findings.json` (file → "severity rule" → count); regenerate it with

    python -m tests.schema.test_corpus_schema > tests/schema/corpus_schema_findings.json

and explain the change in the commit.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, run_json
from tests.schemas.test_schema_files import KNOWN_BROKEN

RECORD = Path(__file__).with_name("corpus_schema_findings.json")

# Flows written by hand with invented widget types and keys (not exports); see
# schemas/README.md. Their errors are true too: Twilio would reject them.
HAND_WRITTEN = {
    "JeanLuis2010__UltimaDefensaLegal__flow.json",
    "JeanLuis2010__UltimaDefensaLegal__udl-intake-flow.es.json",
    "joshskifstrom__Vibe-A-Thon__twilio_flow.json",
    "kaolong__bloqueo-sctbnk-voice__twilio_flow.json",
}


def schema_findings(corpus: Path) -> dict[str, dict[str, int]]:
    _, report = run_json("--select", "FL3", str(corpus))
    per_file: dict[str, Counter[str]] = defaultdict(Counter)
    for diagnostic in report["diagnostics"]:
        if diagnostic["code"].startswith("FL3"):
            per_file[Path(diagnostic["path"]).name][
                f"{diagnostic['severity']} {diagnostic['rule']}"
            ] += 1
    return {name: dict(sorted(counts.items())) for name, counts in sorted(per_file.items())}


@pytest.fixture(scope="module")
def findings(corpus: Path) -> dict[str, dict[str, int]]:
    return schema_findings(corpus)


def test_corpus_schema_findings_match_the_record(findings: dict[str, dict[str, int]]) -> None:
    recorded: dict[str, Any] = json.loads(RECORD.read_text())
    assert findings == recorded, (
        "schema findings on the corpus changed; if intended, regenerate the record "
        "(see this module's docstring) and explain why in the commit"
    )


def test_schema_errors_only_in_flows_known_to_be_broken(
    findings: dict[str, dict[str, int]],
) -> None:
    with_errors = {
        name for name, counts in findings.items() if any(k.startswith("error ") for k in counts)
    }
    assert with_errors <= set(KNOWN_BROKEN) | HAND_WRITTEN
    # Every export the schema tests list as broken is still caught by flowlint: as an error,
    # or, for deploy-time placeholders never replaced, once per file by template-placeholder.
    templates = {
        name for name, counts in findings.items() if "warning template-placeholder" in counts
    }
    assert set(KNOWN_BROKEN) <= with_errors | templates


if __name__ == "__main__":
    print(json.dumps(schema_findings(CORPUS), indent=2, sort_keys=True))
