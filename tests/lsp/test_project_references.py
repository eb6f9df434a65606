"""Across files in the editor: references and rename of a subflow's outputs and parameters,
and a parent's diagnostics following its subflow's unsaved buffer. Over stdio, on a small
project written to a tmp folder: a subflow, two parents that run it (one only on disk) and an
unrelated flow that runs another subflow with the same widget and key names."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.support import (
    SERVER,
    RecordingClient,
    Text,
    apply_edits,
    initialize,
    open_document,
    replace_all,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

SUBFLOW_SID = "FW1111111111111111111111111111aaaa"
OTHER_SID = "FW2222222222222222222222222222bbbb"


def _widget(name: str, type_: str, properties: dict[str, Any], *events: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": type_,
        "properties": {"offset": {"x": 0, "y": 0}, **properties},
        "transitions": [{"event": event} for event in events],
    }


def _flow(description: str, trigger_event: str, *widgets: dict[str, Any]) -> str:
    trigger = _widget("Trigger", "trigger", {}, trigger_event)
    trigger["transitions"][0]["next"] = widgets[0]["name"]
    states = [trigger, *widgets]
    for current, following in itertools.pairwise(states[1:]):
        current["transitions"][0]["next"] = following["name"]
    definition = {
        "description": description,
        "states": states,
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": True},
    }
    return json.dumps(definition, indent=2) + "\n"


def _message(name: str, body: str) -> dict[str, Any]:
    return _widget(
        name,
        "send-message",
        {"from": "{{flow.channel.address}}", "to": "{{contact.channel.address}}", "body": body},
        "sent",
        "failed",
    )


def _run(name: str, sid: str, *parameters: str) -> dict[str, Any]:
    return _widget(
        name,
        "run-subflow",
        {
            "flow_sid": sid,
            "flow_revision": "LatestPublished",
            "parameters": [{"key": key, "value": "x"} for key in parameters],
        },
        "completed",
        "failed",
    )


SUBFLOW = _flow(
    "Verify: the subflow",
    "incomingParent",
    _message("ask", "Hello {{trigger.parent.parameters.name}}, try {{flow.variables.attempts}}"),
    _widget(
        "done",
        "set-variables",
        {"variables": [{"key": "verified", "value": "yes"}, {"key": "attempts", "value": "1"}]},
        "next",
    ),
)
MAIN = _flow(
    "Main: runs the subflow",
    "incomingMessage",
    _run("check", SUBFLOW_SID, "name"),
    _message("answer", "{{widgets.check.verified}} after {{widgets.check.attempts}} tries"),
    _message("again", "{{widgets.check['attempts']}} / {{widgets.check.missing_key}}"),
)
SECOND = _flow(
    "Second parent, on disk only",
    "incomingCall",
    _run("verify_again", SUBFLOW_SID, "name", "lang"),
    _message("say", "You tried {{widgets.verify_again.attempts}} times"),
)
UNRELATED = _flow(
    "Runs another subflow with the same names",
    "incomingMessage",
    _run("check", OTHER_SID, "name"),
    _message("answer", "{{widgets.check.attempts}}"),
)


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("contracts")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


def _project(client: RecordingClient, name: str) -> Path:
    """A fresh copy of the project (each test edits its own)."""
    return write_project(client.root / name)  # type: ignore[attr-defined]


def write_project(root: Path) -> Path:
    """The project in `root`; its flows folder."""
    flows = root / "flows"
    flows.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[tool.flowlint.flows]\n{SUBFLOW_SID} = "flows/verify.json"\n', encoding="utf-8"
    )
    for file_name, text in [
        ("verify.json", SUBFLOW),
        ("main.json", MAIN),
        ("second.json", SECOND),
        ("unrelated.json", UNRELATED),
    ]:
        (flows / file_name).write_text(text, encoding="utf-8")
    return flows


async def _open(client: RecordingClient, path: Path) -> str:
    uri = open_document(client, path, path.read_text(encoding="utf-8"))
    await wait_for_publish(client, uri, version=1)
    return uri


def _found(flows: Path, locations: list[types.Location] | None) -> list[tuple[str, str, int]]:
    """(file name, text at the range, line) of each location, from the files' own text."""
    found = []
    for location in locations or []:
        path = Path(location.uri.removeprefix("file://"))
        assert path.parent == flows, location.uri
        text = Text(path.read_text(encoding="utf-8"))
        found.append((path.name, text.text_of(location.range), location.range.start.line))
    return sorted(found)


def _line(text: str, needle: str, after: str | None = None) -> int:
    oracle = Text(text)
    return oracle.position(oracle.offset_of(needle, after=after)).line


async def _references(
    client: RecordingClient, uri: str, position: types.Position, declaration: bool = True
) -> list[types.Location] | None:
    return await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position,
            context=types.ReferenceContext(include_declaration=declaration),
        )
    )


ATTEMPTS_EVERYWHERE = [
    ("main.json", "['attempts']", _line(MAIN, "['attempts']")),
    ("main.json", "attempts", _line(MAIN, "check.attempts")),
    ("second.json", "attempts", _line(SECOND, "verify_again.attempts")),
    ("verify.json", '"attempts"', _line(SUBFLOW, '"attempts"')),
    ("verify.json", "attempts", _line(SUBFLOW, "flow.variables.attempts")),
]


async def test_references_of_an_output_from_the_parent(client: RecordingClient) -> None:
    flows = _project(client, "from_parent")
    uri = await _open(client, flows / "main.json")
    text = Text(MAIN)
    position = text.find("check.attempts", delta=len("check.") + 2)
    found = _found(flows, await _references(client, uri, position))
    assert found == ATTEMPTS_EVERYWHERE
    without = _found(flows, await _references(client, uri, position, declaration=False))
    assert without == [site for site in ATTEMPTS_EVERYWHERE if site[1] != '"attempts"']
    # On the run-subflow widget's name it stays the in-file widget references.
    on_widget = _found(flows, await _references(client, uri, text.find("check.attempts")))
    assert {name for name, _, _ in on_widget} == {"main.json"}
    assert {snippet for _, snippet, _ in on_widget} == {"check", '"check"'}


async def test_references_of_an_output_from_the_subflow(client: RecordingClient) -> None:
    flows = _project(client, "from_subflow")
    uri = await _open(client, flows / "verify.json")
    text = Text(SUBFLOW)
    from_key = await _references(client, uri, text.find('"attempts"', delta=3))
    assert _found(flows, from_key) == ATTEMPTS_EVERYWHERE
    from_read = await _references(client, uri, text.find("variables.attempts", delta=12))
    assert _found(flows, from_read) == ATTEMPTS_EVERYWHERE


async def test_references_of_a_parameter(client: RecordingClient) -> None:
    flows = _project(client, "parameter")
    uri = await _open(client, flows / "verify.json")
    text = Text(SUBFLOW)
    expected = [
        ("main.json", '"name"', _line(MAIN, '"name"', after='"parameters"')),
        ("second.json", '"name"', _line(SECOND, '"name"', after='"parameters"')),
        ("verify.json", "name", _line(SUBFLOW, "parameters.name")),
    ]
    found = await _references(client, uri, text.find("parameters.name", delta=12))
    assert _found(flows, found) == expected
    parent = await _open(client, flows / "main.json")
    from_parent = await _references(
        client, parent, Text(MAIN).find('"name"', delta=2, after='"parameters"'), False
    )
    assert _found(flows, from_parent) == [("verify.json", "name", expected[2][2])]


async def test_rename_an_output_across_files(client: RecordingClient) -> None:
    flows = _project(client, "rename")
    uri = await _open(client, flows / "main.json")
    sub_uri = await _open(client, flows / "verify.json")
    text = Text(MAIN)
    position = text.find("check.attempts", delta=len("check.") + 1)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position
        )
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "attempts"
    assert text.text_of(prepared.range) == "attempts"
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position, new_name="tries"
        )
    )
    assert edit is not None and edit.document_changes is not None
    versions = {
        change.text_document.uri: change.text_document.version
        for change in edit.document_changes
        if isinstance(change, types.TextDocumentEdit)
    }
    second = (flows / "second.json").as_uri()
    assert versions == {uri: 1, sub_uri: 1, second: None}
    renamed = {}
    for change in edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        path = Path(change.text_document.uri.removeprefix("file://"))
        renamed[path.name] = apply_edits(path.read_text(encoding="utf-8"), list(change.edits))
    assert "attempts" not in renamed["main.json"] + renamed["verify.json"] + renamed["second.json"]
    assert "{{widgets.check.tries}}" in renamed["main.json"]
    assert "{{widgets.check.tries}} / " in renamed["main.json"]  # the bracketed form
    assert "{{flow.variables.tries}}" in renamed["verify.json"]
    assert "{{widgets.verify_again.tries}}" in renamed["second.json"]
    keys = [
        v["key"] for v in json.loads(renamed["verify.json"])["states"][2]["properties"]["variables"]
    ]
    assert keys == ["verified", "tries"]
    assert "unrelated.json" not in renamed


async def test_rename_a_parameter_across_files(client: RecordingClient) -> None:
    flows = _project(client, "rename_parameter")
    uri = await _open(client, flows / "verify.json")
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=Text(SUBFLOW).find("parameters.name", delta=13),
            new_name="customer",
        )
    )
    assert edit is not None and edit.document_changes is not None
    renamed = {}
    for change in edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        path = Path(change.text_document.uri.removeprefix("file://"))
        renamed[path.name] = apply_edits(path.read_text(encoding="utf-8"), list(change.edits))
    assert sorted(renamed) == ["main.json", "second.json", "verify.json"]
    assert "{{trigger.parent.parameters.customer}}" in renamed["verify.json"]
    parameters = json.loads(renamed["second.json"])["states"][1]["properties"]["parameters"]
    assert parameters == [{"key": "customer", "value": "x"}, {"key": "lang", "value": "x"}]


@pytest.mark.parametrize(
    ("new_name", "reason"),
    [("2tries", "cannot be used"), ("has space", "cannot be used"), ("verified", "already")],
)
async def test_rename_refuses_bad_or_taken_keys(
    client: RecordingClient, new_name: str, reason: str
) -> None:
    flows = _project(client, f"refuse_{new_name.replace(' ', '_')}")
    uri = await _open(client, flows / "main.json")
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=Text(MAIN).find("check.attempts", delta=8),
                new_name=new_name,
            )
        )
    assert refused.value.code == -32803
    assert reason in str(refused.value)
    assert "Traceback" not in str(refused.value)


async def test_rename_refuses_a_parameter_a_parent_passes_already(
    client: RecordingClient,
) -> None:
    flows = _project(client, "refuse_parameter")
    uri = await _open(client, flows / "verify.json")
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=Text(SUBFLOW).find("parameters.name", delta=12),
                new_name="lang",  # second.json passes `lang` as well as `name`
            )
        )
    assert "'lang' is already passed" in str(refused.value)


async def test_no_cross_file_rename_off_the_contract(client: RecordingClient) -> None:
    flows = _project(client, "off_contract")
    uri = await _open(client, flows / "main.json")
    text = Text(MAIN)
    for needle in ["channel.address", '"LatestPublished"', '"x"']:
        position = text.find(needle, delta=3)
        prepared = await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=position
            )
        )
        assert prepared is None, needle
        assert not await _references(client, uri, position), needle


async def test_rename_refuses_while_a_parent_buffer_is_broken(client: RecordingClient) -> None:
    flows = _project(client, "refuse_broken")
    uri = await _open(client, flows / "verify.json")
    parent = await _open(client, flows / "main.json")
    replace_all(client, parent, MAIN.replace('"states": [', '"states": [[', 1), version=2)
    await wait_for_publish(client, parent, version=2)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=Text(SUBFLOW).find('"attempts"', delta=2),
                new_name="tries",
            )
        )
    assert "main.json" in str(refused.value) and "syntax" in str(refused.value)


def _codes(client: RecordingClient, uri: str, after: int) -> list[set[str]]:
    """The codes of each publish for `uri` after the first `after` ones."""
    publishes = [p for p in client.publishes if p.uri == uri][after:]
    return [{str(d.code) for d in p.diagnostics} for p in publishes]


async def _next_publish(client: RecordingClient, uri: str, after: int) -> set[str]:
    for _ in range(500):
        codes = _codes(client, uri, after)
        if codes:
            return codes[0]
        await asyncio.sleep(0.02)
    raise AssertionError(f"no new diagnostics for {uri}")


def _publish_count(client: RecordingClient, uri: str) -> int:
    return len([p for p in client.publishes if p.uri == uri])


async def test_parent_follows_the_unsaved_subflow_buffer(client: RecordingClient) -> None:
    flows = _project(client, "unsaved")
    parent = await _open(client, flows / "main.json")
    assert "FL956" in _codes(client, parent, 0)[-1]  # widgets.check.missing_key
    sub_uri = await _open(client, flows / "verify.json")
    added = SUBFLOW.replace(
        '"key": "verified"',
        '"key": "missing_key",\n            "value": "1"\n          },\n'
        '          {\n            "key": "verified"',
    )
    assert json.loads(added)
    before = _publish_count(client, parent)
    replace_all(client, sub_uri, added, version=2)
    assert "FL956" not in await _next_publish(client, parent, before)
    assert (flows / "verify.json").read_text(encoding="utf-8") == SUBFLOW  # never saved

    # Half-typed: the last good contract stands, so no finding appears meanwhile.
    before = _publish_count(client, parent)
    replace_all(client, sub_uri, added[: len(added) // 2], version=3)
    await wait_for_publish(client, sub_uri, version=3)
    assert "FL956" not in await _next_publish(client, parent, before)

    # Closed without saving: the file on disk counts again.
    before = _publish_count(client, parent)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=sub_uri))
    )
    assert "FL956" in await _next_publish(client, parent, before)


async def test_typing_in_the_subflow_relints_the_parent_once_it_pauses(
    client: RecordingClient,
) -> None:
    flows = _project(client, "burst")
    parent = await _open(client, flows / "main.json")
    sub_uri = await _open(client, flows / "verify.json")
    before = _publish_count(client, parent)
    for version in range(2, 12):  # ten keystrokes, 20 ms apart: within the dependent debounce
        replace_all(client, sub_uri, SUBFLOW.replace("Hello", "Hello" + "!" * version), version)
        await asyncio.sleep(0.02)
    await wait_for_publish(client, sub_uri, version=11)
    await _next_publish(client, parent, before)
    await asyncio.sleep(0.5)
    assert _publish_count(client, parent) - before == 1


CORPUS_PARENT = "anthonyjdella__level-up-with-twilio-studio__flows_daily-sit-down-parent.json"
CORPUS_CHILD = "anthonyjdella__level-up-with-twilio-studio__flows_daily-sit-down-child.json"
CORPUS_CHILD_SID = "FW50120385f4d1e8dcf30c0bcd83695969"


async def test_renaming_a_corpus_output_keeps_the_contract(
    client: RecordingClient, corpus: Path
) -> None:
    """The corpus's parent reads `widgets.ask_questions.name`, which its child sets: renamed
    from the parent, both files change and `flowlint check` still finds the contract kept."""
    import subprocess
    import sys

    root: Path = client.root / "corpus"  # type: ignore[attr-defined]
    root.mkdir()
    for name in (CORPUS_PARENT, CORPUS_CHILD):
        if not (corpus / name).is_file():
            pytest.skip(f"{name} is not in the corpus")
        (root / name).write_bytes((corpus / name).read_bytes())
    (root / "pyproject.toml").write_text(
        f'[tool.flowlint.flows]\n{CORPUS_CHILD_SID} = "{CORPUS_CHILD}"\n', encoding="utf-8"
    )
    parent = root / CORPUS_PARENT
    uri = await _open(client, parent)
    text = Text(parent.read_text(encoding="utf-8"))
    position = text.find("ask_questions.name", delta=len("ask_questions.") + 1)
    found = _found(root, await _references(client, uri, position))
    # The child's set-variables key and its four `flow.variables.name` reads, the parent's read;
    # not the child's `trigger.parent.parameters.name` (a parameter of the same name).
    assert [(name, snippet) for name, snippet, _ in found] == [
        (CORPUS_CHILD, '"name"'),
        *[(CORPUS_CHILD, "name")] * 4,
        (CORPUS_PARENT, "name"),
    ]
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position,
            new_name="member_name",
        )
    )
    assert edit is not None and edit.document_changes is not None
    for change in edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        path = Path(change.text_document.uri.removeprefix("file://"))
        path.write_text(apply_edits(path.read_text(encoding="utf-8"), list(change.edits)))
    assert "widgets.ask_questions.member_name" in parent.read_text(encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "--no-cache", "--format", "json", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.stdout, checked.stderr
    codes = {item["code"] for item in json.loads(checked.stdout)["diagnostics"]}
    assert not {code for code in codes if code.startswith("FL95")}, checked.stdout


async def test_references_reach_a_placeholder_parent_in_another_folder(
    client: RecordingClient,
) -> None:
    """tests/fixtures/projects/environments: the subflow was pulled into shared/, the parent
    in flows/ runs it as `${VERIFY_SID}` (an environment profile's SID of it)."""
    import shutil

    from tests.conftest import FIXTURES

    root: Path = client.root / "environments"  # type: ignore[attr-defined]
    shutil.copytree(FIXTURES / "projects" / "environments", root)
    subflow = root / "shared" / "verify.json"
    uri = await _open(client, subflow)
    text = Text(subflow.read_text(encoding="utf-8"))
    locations = await _references(client, uri, text.find('"attempts"', delta=2))
    found = sorted(
        (
            Path(location.uri.removeprefix("file://")).relative_to(root).as_posix(),
            Text(Path(location.uri.removeprefix("file://")).read_text()).text_of(location.range),
        )
        for location in locations or []
    )
    assert found == [("flows/main.json", "attempts"), ("shared/verify.json", '"attempts"')]
