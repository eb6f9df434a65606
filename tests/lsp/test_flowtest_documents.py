"""`*.flowtest.yaml` documents over stdio: diagnostics for YAML errors, for what the test-file
loader rejects, for a flow file that is missing and for widget names the flow does not have,
each at the exact range, and never a failure on half-typed YAML (every prefix of a test file:
tests/simulate/test_test_file_check.py)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.support import (
    SERVER,
    RecordingClient,
    Text,
    initialize,
    open_document,
    replace_all,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

FLOW: dict[str, Any] = {
    "description": "Says hello",
    "states": [
        {
            "name": "Trigger",
            "type": "trigger",
            "transitions": [
                {"event": "incomingMessage"},
                {"event": "incomingCall", "next": "say_hello"},
                {"event": "incomingConversationMessage"},
                {"event": "incomingRequest"},
                {"event": "incomingParent"},
            ],
            "properties": {"offset": {"x": 0, "y": 0}},
        },
        {
            "name": "say_hello",
            "type": "say-play",
            "transitions": [{"event": "audioComplete"}],
            "properties": {"say": "Hello", "offset": {"x": 0, "y": 200}},
        },
    ],
    "initial_state": "Trigger",
    "flags": {"allow_concurrent_calls": True},
}

VALID = """\
flow: hello.json
mocks:
  say_hello: {event: audioComplete}
cases:
  - name: caller hears hello
    trigger:
      event: incomingCall
      call: {From: "+15551230000"}
    now: 2026-03-02T10:15:00-08:00
    inputs: []
    expect:
      path: [Trigger, say_hello]
      says: [Hello]
      ends: {widget: say_hello, event: audioComplete}
"""


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("workspace")
    (root / "hello.json").write_text(json.dumps(FLOW, indent=2), encoding="utf-8")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


def _path(client: RecordingClient, name: str) -> Path:
    root: Path = client.root  # type: ignore[attr-defined]
    return root / name


async def _diagnostics(client: RecordingClient, name: str, text: str) -> list[types.Diagnostic]:
    uri = open_document(client, _path(client, name), text, language_id="yaml")
    published = await wait_for_publish(client, uri, version=1)
    return list(published.diagnostics)


async def test_a_valid_test_file_gets_no_diagnostics(client: RecordingClient) -> None:
    assert await _diagnostics(client, "valid.flowtest.yaml", VALID) == []


async def test_an_unknown_key_is_an_error_on_the_key(client: RecordingClient) -> None:
    text = VALID.replace("    inputs: []", "    input: []")
    [found] = await _diagnostics(client, "unknown-key.flowtest.yaml", text)
    assert found.code == "flowtest-format"
    assert found.source == "flowlint"
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.message.startswith("unknown key `input` in a case (known: expect, flow_data")
    assert Text(text).text_of(found.range) == "input"
    assert found.code_description is not None
    assert found.code_description.href.endswith("docs/testing.md")


async def test_a_wrong_trigger_event_is_an_error_on_the_value(client: RecordingClient) -> None:
    text = VALID.replace("event: incomingCall", "event: incomingcall")
    [found] = await _diagnostics(client, "trigger.flowtest.yaml", text)
    assert found.code == "flowtest-format"
    assert "unknown trigger event 'incomingcall'" in found.message
    assert Text(text).text_of(found.range) == "incomingcall"


async def test_a_yaml_syntax_error_points_where_the_parser_stopped(
    client: RecordingClient,
) -> None:
    text = VALID.replace("says: [Hello]", "says: [Hello")
    [found] = await _diagnostics(client, "syntax.flowtest.yaml", text)
    assert found.code == "flowtest-syntax"
    # `[Hello` runs on into the next line, until the `:` that a list item cannot hold.
    assert found.message == "not valid YAML: expected ',' or ']', but got ':'"
    assert found.range == Text(text).span(":", after="ends")


async def test_a_missing_flow_file_is_an_error_on_the_flow_value(client: RecordingClient) -> None:
    text = VALID.replace("flow: hello.json", "flow: helo.json")
    [found] = await _diagnostics(client, "missing-flow.flowtest.yaml", text)
    assert found.code == "flowtest-flow-file"
    assert "cannot read the flow" in found.message and "helo.json" in found.message
    assert Text(text).text_of(found.range) == "helo.json"


async def test_unknown_widget_names_are_found_with_a_suggestion(client: RecordingClient) -> None:
    text = (
        VALID.replace("  say_hello: {event", "  say_helo: {event")
        .replace("    inputs: []", "    inputs: [{widget: menu, digits: 1}]")
        .replace("path: [Trigger, say_hello]", "path: [Trigger, sayhello]")
    )
    found = await _diagnostics(client, "widgets.flowtest.yaml", text)
    oracle = Text(text)
    assert sorted(
        (oracle.text_of(d.range), d.severity, str(d.code), d.message) for d in found
    ) == [
        (
            "menu",
            types.DiagnosticSeverity.Error,
            "flowtest-unknown-widget",
            "an input names the widget 'menu', which the flow and its subflows do not have",
        ),
        (
            "say_helo",
            types.DiagnosticSeverity.Warning,
            "flowtest-unknown-widget",
            "a mock names the widget 'say_helo', which the flow and its subflows do not have:"
            " it is never used; did you mean 'say_hello'?",
        ),
        (
            "sayhello",
            types.DiagnosticSeverity.Error,
            "flowtest-unknown-widget",
            "`expect.path` names the widget 'sayhello', which the flow and its subflows do not"
            " have; did you mean 'say_hello'?",
        ),
    ]


async def test_control_characters_in_messages_are_escaped(client: RecordingClient) -> None:
    text = VALID.replace("  say_hello: {event", '  "say\\e[2J\\u202ehello": {event')
    [found] = await _diagnostics(client, "escape.flowtest.yaml", text)
    assert "'say\\x1b[2J\\u202ehello'" in found.message
    assert "\x1b" not in found.message and "\u202e" not in found.message


async def test_fixing_the_file_clears_its_diagnostics(client: RecordingClient) -> None:
    text = VALID.replace("    inputs: []", "    input: []")
    path = _path(client, "fixed.flowtest.yaml")
    uri = open_document(client, path, text, language_id="yaml")
    assert (await wait_for_publish(client, uri, version=1)).diagnostics
    replace_all(client, uri, VALID, version=2)
    assert list((await wait_for_publish(client, uri, version=2)).diagnostics) == []


async def test_every_line_prefix_gets_diagnostics_over_stdio(client: RecordingClient) -> None:
    uri = open_document(client, _path(client, "typing.flowtest.yaml"), "", language_id="yaml")
    first = await wait_for_publish(client, uri, version=1)
    assert [d.code for d in first.diagnostics] == ["flowtest-format"]  # empty: needs flow
    lines = VALID.splitlines(keepends=True)
    for count in range(1, len(lines) + 1):
        version = count + 1
        replace_all(client, uri, "".join(lines[:count]), version=version)
        published = await wait_for_publish(client, uri, version=version)
        assert all(d.source == "flowlint" for d in published.diagnostics)
    assert list(published.diagnostics) == []



async def test_saving_the_flow_checks_open_test_files_again(client: RecordingClient) -> None:
    flow_path = _path(client, "growing.json")
    flow_path.write_text(json.dumps(FLOW), encoding="utf-8")
    text = VALID.replace("hello.json", "growing.json").replace(
        "path: [Trigger, say_hello]", "path: [Trigger, say_hello, say_bye]"
    )
    uri = open_document(client, _path(client, "growing.flowtest.yaml"), text, language_id="yaml")
    before = await wait_for_publish(client, uri, version=1)
    assert [d.message.split(",")[0] for d in before.diagnostics] == [
        "`expect.path` names the widget 'say_bye'"
    ]
    grown = json.loads(json.dumps(FLOW))
    grown["states"][1]["transitions"] = [{"event": "audioComplete", "next": "say_bye"}]
    grown["states"].append({**grown["states"][1], "name": "say_bye", "transitions": []})
    flow_path.write_text(json.dumps(grown), encoding="utf-8")
    seen = len(client.publishes)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=flow_path.as_uri())
        )
    )
    for _ in range(1500):
        after = [p for p in client.publishes[seen:] if p.uri == uri]
        if after:
            break
        await asyncio.sleep(0.02)
    assert after and list(after[-1].diagnostics) == []


async def test_other_yaml_stays_silent(client: RecordingClient) -> None:
    # Helix, Sublime Text and Zed send every YAML document to flowlint (editors/): only test
    # files may get diagnostics, even when another YAML file is broken or looks like one.
    others = [
        open_document(client, _path(client, name), text, language_id="yaml")
        for name, text in (
            ("docker-compose.yaml", "services: [web\n"),
            ("flowtest.yaml", "flow: missing.json\ncases: 3\n"),
            ("ci.yml", VALID),
        )
    ]
    test_file = open_document(
        client, _path(client, "after.flowtest.yaml"), VALID, language_id="yaml"
    )
    # Documents are analysed in order: once the test file opened after them is published,
    # they have been analysed too.
    await wait_for_publish(client, test_file, version=1)
    assert [p for p in client.publishes if p.uri in others] == []


async def test_a_nul_character_in_the_flow_path_is_a_diagnostic(client: RecordingClient) -> None:
    # Before: Path.stat raised ValueError ("embedded null byte"): no diagnostics at all.
    text = VALID.replace("flow: hello.json", 'flow: "hel\\0lo.json"')
    [found] = await _diagnostics(client, "nul.flowtest.yaml", text)
    assert found.code == "flowtest-flow-file"
    assert "hel\\x00lo.json" in found.message and "NUL" in found.message
    assert Text(text).text_of(found.range) == '"hel\\0lo.json"'
