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


# Real defects the hand-judged audit of issue #14 found: calibration must never lose them.
# (file, rule, widget, line, a piece of the message)
AUDIT_DEFECTS = [
    (
        "twilio__twilio-webchat-react-app__studio-flow.json",
        "undefined-widget-reference",
        "send_to_flex_agent",
        53,
        "'send_service_options'",
    ),
    (
        "datakabeta__twilio-eppo__studio-flow.json",
        "trigger-field-unavailable",
        "get_assignment",
        193,
        "'trigger.call.From'",
    ),
    (
        "datakabeta__twilio-eppo__studio-flow.json",
        "undefined-widget-reference",
        "split_based_on_assigned_variation",
        237,
        "'get_assignment_express'",
    ),
    (
        "kris-payne__Twilio-Flex-with-Dynamics365__studioFlow.json",
        "undefined-widget-reference",
        "Get_Contact_Record",
        69,
        "'getDynamicsToken'",
    ),
    (
        "HlsRobot__twilio-apaleo__studio_flow.json",
        "liquid-syntax",
        "cancel_reservation",
        726,
        "expected '}}'",
    ),
    (
        "twilio-labs__function-templates__vaccine-standby-list_assets_sms-studio-flow.json",
        "unknown-transition-target",
        "Goodbye",
        376,
        "'SaveToAirtable'",
    ),
    (
        "twilio-professional-services__per-agent-voicemail__Agent-Voicemail-Service_public_VoiceIVR.json",
        "undefined-widget-reference",
        "SendCallToAgent",
        50,
        "'call_recording_1'",
    ),
]


def test_defects_found_by_the_audit_are_errors_at_their_widget(corpus: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "--no-cache", "--format", "json"]
        + [str(corpus / name) for name in sorted({entry[0] for entry in AUDIT_DEFECTS})],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=REPO,
    )
    found = [
        (Path(d["path"]).name, d["rule"], d["widget"], d["range"]["start"]["line"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
        if d["severity"] == "error"
    ]
    for name, rule, widget, line, piece in AUDIT_DEFECTS:
        assert any(
            (f[0], f[1], f[2], f[3]) == (name, rule, widget, line) and piece in f[4] for f in found
        ), (name, rule, widget, line)


def test_every_error_on_a_non_template_flow_is_justified_in_precision_md(corpus: Path) -> None:
    import csv

    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        templates = {
            row["file"]
            for row in csv.DictReader(manifest, delimiter="\t")
            if row["kind"] == "template"
        }
    result = subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "--format", "json", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=REPO,
    )
    errors = [
        f"| {Path(d['path']).name} | {d['range']['start']['line']} | {d['code']} {d['rule']} | "
        f"{d['widget'] or '–'} | "
        for d in json.loads(result.stdout)["diagnostics"]
        if d["severity"] == "error" and Path(d["path"]).name not in templates
    ]
    justified = (REPO / "docs" / "precision.md").read_text(encoding="utf-8")
    unexplained = [row for row in errors if row not in justified]
    assert not unexplained, "add these errors, with why each is a true defect, to docs/precision.md"
