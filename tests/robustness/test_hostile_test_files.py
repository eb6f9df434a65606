"""Hostile text in `*.flowtest.yaml` files through `flowlint test`, as a CI runs it.

YAML double-quoted strings carry any character as an escape (`"\\n"`, `"\\x1b"`), so a case
name or an expected message can hold a line break, an ESC sequence or a C0 control. Before:
the text report kept line breaks from the file, so a case name could print a line of its
own: `::error ...` in the log is a GitHub workflow command (a forged annotation with
`--format github`, whose text report follows the annotations) and `x PASSED` a forged result;
and JUnit XML (`--format junit`, `--junit-xml`) wrote C0 controls raw, which XML 1.0 forbids,
so CI test-report parsers rejected the whole file.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from flowlint.source.text_safety import UNSAFE
from tests.conftest import run_flowlint

FLOW = """{"description": "d", "initial_state": "Trigger", "flags": {},
 "states": [
  {"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0, "y": 0}},
   "transitions": [{"event": "incomingMessage", "next": "say"}, {"event": "incomingCall"},
                   {"event": "incomingRequest"}]},
  {"name": "say", "type": "send-message", "properties": {"body": "hi", "offset": {"x": 0, "y": 0}},
   "transitions": [{"event": "sent"}, {"event": "failed"}]}]}
"""

FORGED = "::error file=forged.py,line=1::forged"

TEST_FILE = r"""flow: f.json
cases:
  - name: "evil\n::error file=forged.py,line=1::forged\x01\x1b[31m\u202e"
    trigger: {event: incomingMessage, message: {From: "+1"}}
    expect:
      sends: ["no\x02\n::error file=forged.py,line=1::forged"]
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    (tmp_path / "f.json").write_text(FLOW, encoding="utf-8")
    (tmp_path / "evil.flowtest.yaml").write_text(TEST_FILE, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_no_line_of_the_output_comes_from_a_line_break_in_the_test_file(
    hostile: Path, output_format: str
) -> None:
    result = run_flowlint("test", "--format", output_format, ".", cwd=hostile)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith(FORGED)], result.stdout
    assert "\\x1b" in result.stdout and "\x1b" not in result.stdout
    assert "\\u202e" in result.stdout and "\u202e" not in result.stdout


def test_junit_xml_with_control_characters_is_well_formed(hostile: Path) -> None:
    written = hostile / "report.xml"
    result = run_flowlint(
        "test", "--format", "junit", "--junit-xml", str(written), ".", cwd=hostile
    )
    assert result.returncode == 1, result.stderr
    for document in (result.stdout, written.read_text(encoding="utf-8")):
        root = ElementTree.fromstring(document.encode("utf-8"))
        case = root.find("testsuite/testcase")
        assert case is not None
        assert case.get("name", "").startswith("evil\\n::error")
        failure = case.find("failure")
        assert failure is not None and "\\x02" in (failure.text or "")


# A reply, then an HTTP request whose JSON answer the last message reads.
PIN_FLOW = """{"description": "d", "initial_state": "Trigger", "flags": {}, "states": [
 {"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0, "y": 0}},
  "transitions": [{"event": "incomingMessage", "next": "ask"}, {"event": "incomingCall"},
                  {"event": "incomingRequest"}]},
 {"name": "ask", "type": "send-and-wait-for-reply",
  "properties": {"body": "PIN?", "timeout": "3600", "offset": {"x": 0, "y": 0}},
  "transitions": [{"event": "incomingMessage", "next": "fetch"}, {"event": "timeout"},
                  {"event": "deliveryFailure"}]},
 {"name": "fetch", "type": "make-http-request",
  "properties": {"method": "GET", "url": "https://example.com", "offset": {"x": 0, "y": 0},
                 "content_type": "application/json;charset=utf-8"},
  "transitions": [{"event": "success", "next": "say"}, {"event": "failed"}]},
 {"name": "say", "type": "send-message",
  "properties": {"offset": {"x": 0, "y": 0},
                 "body": "PIN {{widgets.ask.inbound.Body}}, due {{widgets.fetch.parsed.due}}"},
  "transitions": [{"event": "sent"}, {"event": "failed"}]}]}
"""


def _pin_case(tmp_path: Path, body: str, reply: str = "'1'") -> Path:
    (tmp_path / "pin.json").write_text(PIN_FLOW, encoding="utf-8")
    path = tmp_path / "pin.flowtest.yaml"
    path.write_text(
        "flow: pin.json\ncases:\n  - name: pin\n"
        "    trigger: {event: incomingMessage, message: {From: '+1'}}\n"
        f"    mocks:\n      fetch: {{status: 200, body: {body}}}\n"
        f"    inputs: [{{widget: ask, body: {reply}}}]\n"
        f"    expect: {{sends: ['PIN?', 'PIN {reply.strip(chr(39))}, due 2026-01-05']}}\n",
        encoding="utf-8",
    )
    return path


def test_an_unquoted_date_in_a_mock_body_is_the_text_written(tmp_path: Path) -> None:
    # Before: YAML read `2026-01-05` as a date, which the JSON body cannot hold: a traceback.
    path = _pin_case(tmp_path, "{due: 2026-01-05}")
    result = run_flowlint("test", str(path), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout


def test_a_reply_keeps_its_leading_zero(tmp_path: Path) -> None:
    # Before: YAML 1.1 read the reply `0123` as the octal number 83, so the PIN became "83".
    path = _pin_case(tmp_path, "{due: '2026-01-05'}", reply="0123")
    result = run_flowlint("test", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(("body", "line"), [("!!binary aGk=", 6), ("{due: !!set {a: null}}", 6)])
def test_a_value_json_cannot_hold_is_an_error_at_its_line(
    tmp_path: Path, body: str, line: int
) -> None:
    path = _pin_case(tmp_path, body)
    result = run_flowlint("test", str(path), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stdout
    assert f"pin.flowtest.yaml:{line}:" in result.stdout


@pytest.mark.parametrize("key", ["flow", "subflows"])
def test_a_nul_character_in_a_named_path_is_an_error_not_a_traceback(
    hostile: Path, key: str
) -> None:
    # Before: `flow: "x\0y"` reached os.open, whose ValueError was a traceback.
    named = '"f\\0.json"' if key == "flow" else 'f.json\nsubflows: {FW1: "f\\0.json"}'
    (hostile / "nul.flowtest.yaml").write_text(f"flow: {named}\ncases: []\n", encoding="utf-8")
    result = run_flowlint("test", "nul.flowtest.yaml", cwd=hostile)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2
    assert "f\\x00.json" in result.stdout and "NUL" in result.stdout


def _refused_case(folder: Path, name: str, line: str) -> str:
    """Run a test file whose one case holds `line` (its line 4); it must be refused with exit
    status 2 and no traceback. Returns the output."""
    (folder / name).write_text(
        f"flow: f.json\ncases:\n  - name: t\n    {line}\n"
        "    trigger: {event: incomingMessage, message: {From: '+1'}}\n",
        encoding="utf-8",
    )
    result = run_flowlint("test", name, cwd=folder)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stdout
    return result.stdout


@pytest.mark.parametrize(
    "now", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01", "'0001-01-01'"]
)
def test_a_clock_at_the_edge_of_time_is_an_error_at_its_line(hostile: Path, now: str) -> None:
    # Before: the case's clock, moved to Studio's time zone, left the years datetime can
    # hold: OverflowError, a traceback.
    output = _refused_case(hostile, "now.flowtest.yaml", f"now: {now}")
    assert "now.flowtest.yaml:4:10: `now`" in output


@pytest.mark.parametrize("value", ["!!bool maybe", "!!int 0x", "!!float x"])
def test_a_tagged_value_yaml_cannot_construct_is_an_error_at_its_line(
    hostile: Path, value: str
) -> None:
    # Before: `!!bool maybe` raised KeyError from PyYAML's constructor: a traceback.
    output = _refused_case(hostile, "tag.flowtest.yaml", f"flow_data: {{x: {value}}}")
    assert "tag.flowtest.yaml:4:16: cannot read this value" in output


HOSTILE_NAMES = ["\x85nel", "\u2028ls", "\u202eevil", "x\ny", "0123", "é"]


def _flow_whose_split_leads_to(names: list[str]) -> str:
    states: list[dict[str, object]] = [
        {
            "name": "Trigger",
            "type": "trigger",
            "properties": {"offset": {"x": 0, "y": 0}},
            "transitions": [{"event": "incomingMessage", "next": "split"}],
        }
    ]
    transitions: list[dict[str, object]] = [{"event": "noMatch"}]
    for name in names:
        condition = {
            "friendly_name": name,
            "arguments": ["{{trigger.message.Body}}"],
            "type": "equal_to",
            "value": name,
        }
        transitions.append({"event": "match", "next": name, "conditions": [condition]})
        states.append(
            {
                "name": name,
                "type": "send-message",
                "properties": {"body": f"said {name}", "offset": {"x": 0, "y": 0}},
                "transitions": [{"event": "sent"}, {"event": "failed"}],
            }
        )
    states.append(
        {
            "name": "split",
            "type": "split-based-on",
            "properties": {"input": "{{trigger.message.Body}}", "offset": {"x": 0, "y": 0}},
            "transitions": transitions,
        }
    )
    return json.dumps({"description": "d", "initial_state": "Trigger", "flags": {}, "states": states})


def test_a_scaffold_of_hostile_widget_names_is_escaped_and_passes(tmp_path: Path) -> None:
    # Before: the scaffold wrote U+202E, U+2028 and NEL raw to the terminal, and a NEL in a
    # single-quoted YAML scalar reads back as a line break folded to a space: two cases
    # failed against the flow they were written from.
    (tmp_path / "h.json").write_text(_flow_whose_split_leads_to(HOSTILE_NAMES), encoding="utf-8")
    scaffold = run_flowlint("test", "--scaffold", "h.json", cwd=tmp_path)
    assert scaffold.returncode == 0, scaffold.stderr
    assert not UNSAFE.search(scaffold.stdout.replace("\n", "")), scaffold.stdout
    assert "é" in scaffold.stdout  # other text stays readable
    (tmp_path / "h.flowtest.yaml").write_text(scaffold.stdout, encoding="utf-8")
    result = run_flowlint("test", "h.flowtest.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.count(" PASSED\n") == 2 * len(HOSTILE_NAMES) + 1  # sent, failed; noMatch


def test_a_mock_body_nested_too_deeply_to_construct_is_an_error_at_its_line(
    tmp_path: Path,
) -> None:
    # Before: 250 nested mappings composed, but constructing them recursed too deeply:
    # RecursionError, a traceback (the language server published nothing).
    body = "{a: " * 400 + "1" + "}" * 400
    path = _pin_case(tmp_path, body)
    result = run_flowlint("test", str(path), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 2, result.stdout
    assert "pin.flowtest.yaml:6:" in result.stdout and "nested too deeply" in result.stdout


def test_a_lone_surrogate_in_a_rendered_value_runs_and_scaffolds(tmp_path: Path) -> None:
    """A JSON `\\udfff` escape is a lone surrogate; python-liquid measures its output in
    UTF-8, which cannot hold one, so the render raised UnicodeEncodeError and `flowlint test`
    and `--scaffold` ended in a traceback (found by `bench/fuzz.py --commands`). It now renders
    as its escape."""
    flow = json.loads(FLOW)
    flow["states"][1]["properties"]["body"] = "a\udfffb {{trigger.message.Body}}"
    (tmp_path / "f.json").write_text(json.dumps(flow), encoding="utf-8")  # ASCII: "\udfff"
    scaffold = run_flowlint("test", "--scaffold", "f.json", cwd=tmp_path)
    assert scaffold.returncode == 0, scaffold.stderr
    assert "Traceback" not in scaffold.stderr
    (tmp_path / "f.flowtest.yaml").write_text(scaffold.stdout, encoding="utf-8")
    result = run_flowlint("test", "f.flowtest.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout  # sent, and failed (a mock)
    assert "- 'a\\udfffb '" in scaffold.stdout  # the message expected, with the escape
