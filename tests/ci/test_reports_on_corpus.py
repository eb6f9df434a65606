"""Every CI format over the 122 real exported flows: the SARIF validates, the JUnit parses,
GitLab fingerprints are unique, and each finding is one annotation and one concise line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema

from tests.ci.conftest import run_flowlint
from tests.ci.test_reports import SARIF_SCHEMA


def _report(corpus: Path, name: str, *args: str) -> str:
    result = run_flowlint("check", "--no-cache", "--format", name, *args, ".", cwd=corpus)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_ci_formats_on_the_real_corpus(corpus: Path) -> None:
    findings = json.loads(_report(corpus, "json"))["diagnostics"]
    assert findings, "the corpus is expected to have findings"

    sarif = json.loads(_report(corpus, "sarif"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(sarif))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert len(sarif["runs"][0]["results"]) == len(findings)

    junit = ElementTree.fromstring(_report(corpus, "junit"))
    assert junit.tag == "testsuites" and int(junit.get("tests", "0")) > 0

    gitlab = json.loads(_report(corpus, "gitlab"))
    fingerprints = [issue["fingerprint"] for issue in gitlab]
    assert len(gitlab) == len(findings) == len(set(fingerprints))

    # The formats people read leave infos out unless asked (docs/configuration.md).
    everything = ("--show-severity", "info")
    github = _report(corpus, "github", *everything).splitlines()
    annotations = [line for line in github if line.startswith("::")]
    assert len(annotations) == len(findings)
    concise = _report(corpus, "concise", *everything).splitlines()
    assert len(concise) == len(findings) + 1
    infos = sum(1 for finding in findings if finding["severity"] == "info")
    assert infos, "the corpus is expected to have info findings"
    assert len(_report(corpus, "concise").splitlines()) == len(findings) - infos + 1
