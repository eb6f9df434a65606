"""`flowlint schema`: the whole-definition schema for editors, one widget's, the type list."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft7Validator

from tests.conftest import FIXTURES, REPO, run_flowlint

VALID = FIXTURES / "schemas" / "valid"
WIDGET_FILES = sorted((REPO / "schemas" / "widgets").glob("*.schema.json"))


def _schema(*args: str) -> dict[str, Any]:
    result = run_flowlint("schema", *args)
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


def test_whole_definition_schema_is_draft7_with_twilios_id() -> None:
    schema = _schema()
    Draft7Validator.check_schema(schema)
    assert schema["$id"] == "https://schemas.twilio.com/studio/draft/2019-09/flow-definition"
    for path in WIDGET_FILES:
        assert path.name.removesuffix(".schema.json") in schema["definitions"]


def test_whole_definition_schema_checks_widgets_like_flowlint() -> None:
    validator = Draft7Validator(_schema())
    for path in sorted(VALID.glob("*.json")):
        widget = json.loads(path.read_text())
        if widget["type"] == "trigger":
            continue
        assert list(validator.iter_errors(_flow(widget))) == [], path.name
    wait = json.loads((VALID / "send-and-wait-for-reply.json").read_text())
    # An integer timeout is accepted (Console exports store one: a warning in flowlint, left
    # out of the editor schema); a misspelt property is not.
    wait["properties"]["timeout"] = 3600
    assert list(validator.iter_errors(_flow(wait))) == []
    wait["properties"]["tiemout"] = "3600"
    errors = list(validator.iter_errors(_flow(wait)))
    assert [list(error.absolute_path) for error in errors] == [["states", 1, "properties"]]
    invented = {"name": "bye", "type": "hangup", "transitions": [], "properties": {}}
    errors = list(validator.iter_errors(_flow(invented)))
    assert [list(error.absolute_path) for error in errors] == [["states", 1, "type"]]


def test_widget_option_prints_that_widgets_schema_file() -> None:
    printed = _schema("--widget", "run-function")
    on_disk = json.loads((REPO / "schemas" / "widgets" / "run-function.schema.json").read_text())
    assert printed == on_disk


def test_list_names_every_type() -> None:
    result = run_flowlint("schema", "--list")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == sorted(path.name.removesuffix(".schema.json") for path in WIDGET_FILES)
    assert "deprecated" in next(line for line in result.stdout.splitlines() if "auto-pilot" in line)


def test_unknown_widget_type_is_a_usage_error_with_a_suggestion() -> None:
    result = run_flowlint("schema", "--widget", "send-mesage")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no widget type 'send-mesage'; did you mean 'send-message'?" in result.stderr


def test_list_and_widget_together_is_a_usage_error() -> None:
    result = run_flowlint("schema", "--list", "--widget", "say-play")
    assert result.returncode == 2
