"""The JSON Schema of `*.flowtest.yaml` and the loader agree: a table of documents that both
accept and both reject, read by the loader and validated against the schema as an editor's
YAML language service would (YAML 1.2: timestamps stay text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from flowlint.simulate.test_file import TestFileError, parse_test_file
from flowlint.simulate.test_file_schema import flowtest_schema
from tests.simulate.test_test_file import FULL

PATH = Path("flows/t.flowtest.yaml")
CASE = "  - name: a\n    trigger: {event: incomingCall}\n"


class _EditorLoader(yaml.SafeLoader):
    """Reads YAML as yaml-language-server does: no timestamp type (YAML 1.2 core schema)."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _document(top: str = "", case: str = "") -> str:
    """A test file: `top` added to the top level, `case` lines added to its one case."""
    return f"flow: f.json\n{top}cases:\n{CASE}{case}"


VALID = [
    FULL,
    _document(),
    "flow: f.json\ncases: []\n",
    _document("subflows: {FWa: sub.json, FWb: 3}\n"),
    _document("mocks: {http: {status: 200}}\n"),
    _document("mocks: {http: {status: 200.0}}\n"),
    _document("mocks: {http: {body: null}}\n"),
    _document("mocks: {w: {event: completed, outputs: {ok: 'true'}, content_type: x}}\n"),
    _document(case="    flow_data: {a: [1, 2]}\n"),
    _document(case="    now: 2026-03-02T10:15:00-08:00\n"),
    "flow: f.json\ncases:\n  - name: a\n    trigger: {event: incomingMessage, message: {}}\n",
    "flow: f.json\ncases:\n  - name: 7\n    trigger: {event: incomingParent, parent: {a: 1}}\n",
    _document(case="    inputs: [{widget: m, digits: 1}, {widget: a, speech: one}]\n"),
    _document(case="    inputs: [{widget: m, body: hi}, {widget: a, event: timeout}]\n"),
    _document(case="    expect: {path: [Trigger, a], visits: [], says: [x], sends: [y]}\n"),
    _document(case="    expect: {variables: {n: 1}, ends: {}, error: 81001}\n"),
    _document(case="    expect: {ends: {widget: a, event: b}, error: null}\n"),
]

INVALID = [
    "",
    "flow: f.json\n",
    "cases: []\n",
    "[flow, cases]\n",
    "flow: f.json\ncases: []\nextra: 1\n",
    "flow: null\ncases: []\n",
    "flow: [f.json]\ncases: []\n",
    "flow: f.json\ncases: {}\n",
    _document("subflows: [a.json]\n"),
    _document("subflows: {FWa: {file: a.json}}\n"),
    _document("mocks: []\n"),
    _document("mocks: {http: {}}\n"),
    _document("mocks: {http: {outputs: {}}}\n"),
    _document("mocks: {http: {status: ok}}\n"),
    _document("mocks: {http: {status: true}}\n"),
    _document("mocks: {http: {status: 200, headers: {}}}\n"),
    _document("mocks: {w: {event: completed, outputs: [1]}}\n"),
    _document("mocks: {w: {event: [completed]}}\n"),
    "flow: f.json\ncases:\n  - trigger: {event: incomingCall}\n",
    "flow: f.json\ncases:\n  - name: a\n",
    "flow: f.json\ncases:\n  - name: true\n    trigger: {event: incomingCall}\n",
    "flow: f.json\ncases:\n  - name: a\n    trigger: {}\n",
    "flow: f.json\ncases:\n  - name: a\n    trigger: {event: incomingCal}\n",
    "flow: f.json\ncases:\n  - name: a\n    trigger: {event: incomingCall, message: {}}\n",
    "flow: f.json\ncases:\n  - name: a\n    trigger: {event: incomingCall, call: 5}\n",
    "flow: f.json\ncases:\n  - name: a\n    trigger: {event: incomingCall, sms: {}}\n",
    "flow: f.json\ncases:\n  - name: a\n    trigger: incomingCall\n",
    _document(case="    flow_data: []\n"),
    _document(case="    now: 5\n"),
    _document(case="    mocks: {w: {}}\n"),
    _document(case="    inputs: {widget: m, digits: 1}\n"),
    _document(case="    inputs: [{widget: m}]\n"),
    _document(case="    inputs: [{digits: 1}]\n"),
    _document(case="    inputs: [{widget: m, digits: 1, body: x}]\n"),
    _document(case="    inputs: [{widget: m, press: 1}]\n"),
    _document(case="    inputs: [{widget: m, digits: [1]}]\n"),
    _document(case="    expect: []\n"),
    _document(case="    expect: {path: a}\n"),
    _document(case="    expect: {says: [[a]]}\n"),
    _document(case="    expect: {visit: [a]}\n"),
    _document(case="    expect: {variables: {n: [1]}}\n"),
    _document(case="    expect: {variables: [n]}\n"),
    _document(case="    expect: {ends: {widget: a, at: b}}\n"),
    _document(case="    expect: {ends: a}\n"),
    _document(case="    expect: {error: true}\n"),
    _document(case="    expect: {error: [81001]}\n"),
    _document(case="    timeout: 5\n"),
]

ONLY_THE_LOADER_REJECTS = [
    # What a JSON Schema cannot say: names unique across items, text that is a real date.
    "flow: f.json\ncases:\n" + CASE + CASE,
    _document(case="    now: tomorrow\n"),
]


def _schema_accepts(text: str) -> bool:
    document: Any = yaml.load(text, Loader=_EditorLoader)  # a SafeLoader: no tags run code
    return Draft7Validator(flowtest_schema()).is_valid(document)


def _loader_accepts(text: str) -> bool:
    try:
        parse_test_file(PATH, text)
    except TestFileError:
        return False
    return True


def test_the_schema_is_a_valid_draft_07_schema() -> None:
    Draft7Validator.check_schema(flowtest_schema())


@pytest.mark.parametrize("text", VALID)
def test_both_accept(text: str) -> None:
    assert (_loader_accepts(text), _schema_accepts(text)) == (True, True)


@pytest.mark.parametrize("text", INVALID)
def test_both_reject(text: str) -> None:
    assert (_loader_accepts(text), _schema_accepts(text)) == (False, False)


@pytest.mark.parametrize("text", ONLY_THE_LOADER_REJECTS)
def test_what_only_the_loader_rejects(text: str) -> None:
    assert (_loader_accepts(text), _schema_accepts(text)) == (False, True)


def _properties(schema: Any, where: str = "") -> list[tuple[str, Any]]:
    """Every property schema, with where it is (not the conditions of `if`)."""
    found = []
    if isinstance(schema, dict):
        for name, value in schema.get("properties", {}).items():
            found.append((f"{where}.{name}", value))
        for key, value in schema.items():
            if key != "if":
                found += _properties(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found += _properties(value, f"{where}[{index}]")
    return found


def test_every_property_has_a_description_for_hover() -> None:
    properties = _properties(flowtest_schema())
    assert len(properties) > 30
    assert [where for where, schema in properties if not schema.get("description")] == []


def test_trigger_events_are_an_enum() -> None:
    trigger = flowtest_schema()["definitions"]["case"]["properties"]["trigger"]
    assert trigger["properties"]["event"]["enum"] == [
        "incomingCall",
        "incomingMessage",
        "incomingRequest",
        "incomingConversationMessage",
        "incomingParent",
    ]
