"""Text from a flow file cannot be turned against whoever reads the report.

Widget names, transition targets, file names and source lines carrying terminal escape
sequences (screen clearing, OSC 8 hyperlinks, window titles), carriage returns, a newline
followed by a GitHub workflow command, pre-encoded `%0A`, a right-to-left override, NUL, DEL
and a C1 CSI go through the real CLI in every format. The reports must hold none of those
characters raw (only the line breaks each format writes itself), GitHub output must be one
workflow command per finding, and the XML and JSON reports must parse.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.ci.conftest import FIXTURES

BASE_FLOW = FIXTURES / "cli" / "misspelt_next.json"

HOSTILE = (
    "\x1b[2J"  # clear the screen
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x1b]0;pwned\x07"  # set the window title
    "\r"  # return to the start of the line and overwrite it
    "\n::set-env name=X::Y"  # a GitHub workflow command on a line of its own
    "%0A::warning::encoded"  # pre-encoded for the Actions runner
    "\u202e"  # right-to-left override
    "\x00\x7f"  # NUL, DEL
    "\x9b31m"  # C1 control sequence introducer
)

RAW_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""Every control and bidirectional character except the line feed the formats write."""

HOSTILE_FILE_NAME = "evil\x1b]0;pwned\x07\n::set-env name=A::B, x.json"

TEXT_FORMATS = ["text", "concise", "github", "gitlab", "junit"]


def _hostile_flow() -> str:
    flow = json.loads(BASE_FLOW.read_text(encoding="utf-8"))
    flow["states"][1]["transitions"][0]["next"] = "good" + HOSTILE
    flow["states"].append(
        {
            "name": "orphan" + HOSTILE,
            "type": "set-variables",
            "transitions": [{"event": "next"}],
            "properties": {"offset": {"x": 0, "y": 400}, "variables": []},
        }
    )
    # C1 and bidirectional characters are valid raw in JSON strings: they reach code frames.
    return json.dumps(flow, indent=2, ensure_ascii=False)


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "flows").mkdir()
    (folder / "flows" / "hostile.json").write_text(_hostile_flow(), encoding="utf-8")
    (folder / "flows" / HOSTILE_FILE_NAME).write_text(
        BASE_FLOW.read_text(encoding="utf-8"), encoding="utf-8"
    )
    # Raw C0 inside a string is a JSON syntax error, whose code frame shows the line as is.
    (folder / "flows" / "raw_escape.json").write_bytes(
        b'{\n  "description": "\x1b]0;pwned\x07\x1b[2J",\n  "states": []\n}\n'
    )
    return folder


def _check(folder: Path, *args: str) -> str:
    """stdout of `flowlint check flows ARGS`, as bytes decoded strictly (no newline translation)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CI", "GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")
    }
    process = subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "flows", "--no-cache", *args],
        cwd=folder,
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert process.returncode == 1, process.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in process.stderr
    return process.stdout.decode("utf-8")


def _finding_count(folder: Path) -> int:
    report = json.loads(_check(folder, "--format", "json"))
    return len(report["diagnostics"])


@pytest.mark.parametrize("output_format", TEXT_FORMATS)
def test_no_raw_control_or_bidi_character_in_any_text_format(
    hostile_dir: Path, output_format: str
) -> None:
    output = _check(hostile_dir, "--format", output_format, "--color", "never")
    assert "pwned" in output and "set-env" in output  # the hostile text is there, escaped
    found = sorted({f"U+{ord(match):04X}" for match in RAW_UNSAFE.findall(output)})
    assert found == []


def test_text_names_the_characters_it_escaped(hostile_dir: Path) -> None:
    output = _check(hostile_dir, "--format", "concise")
    assert "'good\\x1b[2J\\x1b]8;;https://evil.example/" in output
    assert "\\r\\n::set-env name=X::Y%0A::warning::encoded\\u202e\\x00\\x7f\\x9b31m'" in output
    assert "flows/evil\\x1b]0;pwned\\x07\\n::set-env name=A::B, x.json:" in output


def test_colored_text_has_only_its_own_color_sequences(hostile_dir: Path) -> None:
    output = _check(hostile_dir, "--format", "text", "--color", "always")
    assert "\x1b[" in output  # coloured, code frames highlighted
    without_colors = re.sub(r"\x1b\[[0-9;]*m", "", output)
    assert RAW_UNSAFE.findall(without_colors) == []


def test_code_frame_carets_stay_under_the_escaped_text(tmp_path: Path) -> None:
    flow = json.loads(BASE_FLOW.read_text(encoding="utf-8"))
    flow["states"][1]["transitions"][0]["next"] = "x\u202ey\x9bz"
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "frame.json").write_text(
        json.dumps(flow, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    output = _check(tmp_path, "--format", "text", "--color", "never")
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if "unknown-transition-target" in line)
    code, carets = lines[header + 1], lines[header + 2]
    token = '"x\\u202ey\\x9bz"'
    code_text = code.split(" | ", 1)[1]
    caret_text = carets.split(" | ", 1)[1]
    assert code_text.endswith(f'"next": {token}')
    assert caret_text == " " * code_text.index(token) + "^" * len(token)


def _decode_data(text: str) -> str:
    """The Actions runner's decoding of a workflow command's message."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _decode_property(text: str) -> str:
    return _decode_data(text.replace("%3A", ":").replace("%2C", ","))


def test_github_output_is_one_workflow_command_per_finding(hostile_dir: Path) -> None:
    output = _check(hostile_dir, "--format", "github")
    lines = output.split("\n")
    assert lines.pop() == ""  # ends with a line feed, nothing after it
    summary = lines.pop()
    assert summary.startswith("Found ")
    assert all(re.match(r"::(error|warning|notice) ", line) for line in lines), lines
    assert len(lines) == _finding_count(hostile_dir)
    for line in lines:
        _, _, rest = line[2:].partition(" ")
        properties, separator, message = rest.partition("::")
        assert separator, line
        for item in properties.split(","):
            name, _, value = item.partition("=")
            assert name in {"file", "line", "endLine", "col", "endColumn", "title"}, item
            decoded = _decode_property(value)
            assert "\n" not in decoded and "\r" not in decoded
            assert RAW_UNSAFE.findall(decoded) == []
        decoded_message = _decode_data(message)
        assert "\n" not in decoded_message and "\r" not in decoded_message
        assert RAW_UNSAFE.findall(decoded_message) == []
    # The pre-encoded `%0A` is shown as written, not decoded into a line break.
    assert "Y%250A::warning::encoded" in output


def test_gitlab_report_parses_and_keeps_exact_paths(hostile_dir: Path) -> None:
    issues = json.loads(_check(hostile_dir, "--format", "gitlab"))
    assert len(issues) == _finding_count(hostile_dir)
    for issue in issues:
        assert RAW_UNSAFE.findall(issue["description"]) == []
    paths = {issue["location"]["path"] for issue in issues}
    # The path must match the repository's file for GitLab to place the finding.
    assert f"flows/{HOSTILE_FILE_NAME}" in paths


def test_junit_report_parses_and_holds_no_raw_control_character(hostile_dir: Path) -> None:
    root = ElementTree.fromstring(_check(hostile_dir, "--format", "junit"))
    texts = [
        value for element in root.iter() for value in [element.text or "", *element.attrib.values()]
    ]
    assert any("pwned" in text for text in texts)
    for text in texts:
        assert RAW_UNSAFE.findall(text.replace("\n", "")) == []


def test_json_and_sarif_keep_the_data_but_write_no_raw_control_character(
    hostile_dir: Path,
) -> None:
    raw_json = _check(hostile_dir, "--format", "json")
    raw_sarif = _check(hostile_dir, "--format", "sarif")
    for document in (raw_json, raw_sarif):
        assert RAW_UNSAFE.findall(document) == []
    widgets = {d["widget"] for d in json.loads(raw_json)["diagnostics"]}
    assert "orphan" + HOSTILE in widgets  # a machine format keeps the exact name
    results = json.loads(raw_sarif)["runs"][0]["results"]
    # SARIF viewers show message text as text: it is escaped like the text formats.
    for result in results:
        assert RAW_UNSAFE.findall(result["message"]["text"]) == []
    assert any("orphan\\x1b[2J" in result["message"]["text"] for result in results)


def test_warnings_about_files_escape_their_names(tmp_path: Path) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "ok.json").write_text(
        BASE_FLOW.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "flows" / "gone\x1b]0;pwned\x07\u202e.json").symlink_to(tmp_path / "missing")
    process = subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "flows", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    stderr = process.stderr.decode("utf-8")
    assert "gone\\x1b]0;pwned\\x07\\u202e.json" in stderr
    assert RAW_UNSAFE.findall(stderr) == []
