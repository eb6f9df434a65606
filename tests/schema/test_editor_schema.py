"""The schema published for editors (`flowlint schema`, editors/studio-flow.schema.json that
the VS Code extension ships): per-widget properties closed like flowlint's unknown-property,
warning-level constraints left out, and checked against the real corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

from tests.conftest import FIXTURES, REPO, run_flowlint

PUBLISHED = REPO / "editors" / "studio-flow.schema.json"
VALID = FIXTURES / "schemas" / "valid"


def _printed() -> dict[str, Any]:
    result = run_flowlint("schema")
    assert result.returncode == 0, result.stderr
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def _flow(widget: dict[str, Any]) -> dict[str, Any]:
    trigger = {
        "name": "Trigger",
        "type": "trigger",
        "transitions": [{"event": "incomingCall", "next": widget["name"]}],
        "properties": {},
    }
    return {"states": [trigger, widget], "initial_state": "Trigger"}


def test_the_published_file_is_what_flowlint_schema_prints() -> None:
    # Regenerate with: flowlint schema > editors/studio-flow.schema.json
    assert json.loads(PUBLISHED.read_text(encoding="utf-8")) == _printed()


def test_a_misspelt_property_is_rejected_where_flowlint_warns() -> None:
    validator = Draft7Validator(_printed())
    widget = json.loads((VALID / "make-http-request.json").read_text())
    widget["properties"]["contentType"] = widget["properties"].pop("content_type")
    errors = sorted(
        (list(error.absolute_path), error.validator)
        for error in validator.iter_errors(_flow(widget))
    )
    assert errors == [
        (["states", 1, "properties"], "additionalProperties"),
        (["states", 1, "properties"], "required"),
    ]


def test_warning_level_constraints_are_left_out() -> None:
    # run-function `url` holding Liquid is only an UNCONFIRMED warning in flowlint.
    validator = Draft7Validator(_printed())
    widget = json.loads((VALID / "run-function.json").read_text())
    widget["properties"]["url"] = "https://example-1234.twil.io/{{flow.data.path}}"
    assert list(validator.iter_errors(_flow(widget))) == []
    events = _printed()["definitions"]["start-conversation"]["properties"]["transitions"]
    assert "enum" not in events["items"]["properties"]["event"]
    assert events["items"]["properties"]["event"]["examples"]


def test_every_real_flow_without_schema_findings_validates(corpus: Path) -> None:
    result = run_flowlint("check", "--format", "json", str(corpus))
    assert result.returncode in (0, 1), result.stderr
    with_schema_findings = {
        Path(item["path"]).name
        for item in json.loads(result.stdout)["diagnostics"]
        if item["code"].startswith(("FL0", "FL3"))
    }
    manifest = [line.split("\t") for line in (corpus / "MANIFEST.tsv").read_text().splitlines()[1:]]
    # The schema is for bare definitions (not API resources wrapping one).
    definitions = {row[0] for row in manifest if len(row) > 4 and row[4] == "definition"}
    validator = Draft7Validator(_printed())
    checked = []
    for path in sorted(corpus.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        # `${…}` deployment templates are not flows yet; flowlint checks them leniently.
        if path.name in with_schema_findings or path.name not in definitions or "${" in text:
            continue
        errors = [error.message for error in validator.iter_errors(json.loads(text))]
        assert errors == [], path.name
        checked.append(path.name)
    assert len(checked) >= 50, len(checked)
