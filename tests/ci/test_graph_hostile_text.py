"""`flowlint graph`: names from the file are only ever label text, in Mermaid and in DOT.

Widget names, events, transition targets and flow names that try to end their label and
write statements (`"]; click … href "javascript:…"`, `-->` edges, a line break and a
`click`), a Mermaid directive (`%%{init: …}%%`), a Mermaid Markdown label (backticks), HTML
and entities (`<img …>`, `&lt;`) and the terminal escapes of tests/ci/test_hostile_text.py go
through the real CLI, for one flow and for `--project`. Every line of the Mermaid output must
be one of the statements flowlint writes, each label must decode (Mermaid entity codes) to
exactly the name with its controls escaped, and the DOT output must lay out with Graphviz
into an SVG whose text is the names, shown literally.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from flowlint.source.text_safety import escape_unsafe
from tests.ci.conftest import SPECIAL, run_flowlint
from tests.ci.test_hostile_text import HOSTILE, RAW_UNSAFE
from tests.conftest import FIXTURES

HAS_DOT = shutil.which("dot") is not None

INJECTIONS = [
    'x"]; click w0 href "javascript:alert(1)"; w9["',
    "a --> b\nclick w1 call evil()\n",
    '%%{init: {"theme": "dark", "securityLevel": "loose"}}%%',
    "`**bold** [click](http://evil.example) <img src=x onerror=alert(1)>`",
    "&lt;b&gt; &#35; #quot; \\N \\G |pipe| end",
    "ctl" + HOSTILE,
]
"""Widget names; each also used as an event and as a missing target."""

MERMAID_STATEMENT = re.compile(
    r"flowchart (TD|LR)"
    r'|\s+\w+(\(\["|\["|\[/"|\{\{")[^"\n]*("\]\)|"\]|"/\]|"\}\})'  # a node and its label
    r'|\s+\w+ (-->|-\.->)\|"[^"\n]*"\| \w+'  # an edge and its label
    r"|\s+classDef \w+ [\w:#,. -]+"
    r"|\s+class [\w,]+ \w+"
    r"|\s+linkStyle \d+ [\w:#,.-]+"
)
LABEL = re.compile(r'"([^"]*)"')


def _decoded_mermaid(label: str) -> str:
    """What Mermaid shows for a quoted label: entity codes decoded, `<br/>` a line break."""
    lines = label.split("<br/>")
    return "\n".join(html.unescape(re.sub(r"#(\d+;|[a-z]+;)", _entity, line)) for line in lines)


def _entity(match: re.Match[str]) -> str:
    code = match.group(1)
    return "&#" + code if code[0].isdigit() else "&" + code


def _hostile_flow() -> dict[str, Any]:
    flow = json.loads((SPECIAL / "target_with_separators.json").read_text(encoding="utf-8"))
    for name in INJECTIONS:
        flow["states"].append(
            {
                "name": name,
                "type": "set-variables",
                "properties": {"offset": {"x": 0, "y": 400}, "variables": []},
                "transitions": [{"event": name, "next": "missing " + name}],
            }
        )
    flow["states"][1]["transitions"][0]["next"] = INJECTIONS[0]
    flow["states"][1]["transitions"].append({"event": INJECTIONS[1], "next": INJECTIONS[2]})
    return flow


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "hostile.json"
    path.write_text(json.dumps(_hostile_flow(), ensure_ascii=False), encoding="utf-8")
    return path


def _check_mermaid(text: str) -> set[str]:
    """The shown text of every label; fails on any line flowlint would not write."""
    assert RAW_UNSAFE.findall(text) == []
    assert "%%" not in text and "`" not in text and "&" not in text
    shown = set()
    for line in text.splitlines():
        assert MERMAID_STATEMENT.fullmatch(line), line
        for label in LABEL.findall(line):
            assert "<" not in label.replace("<br/>", "") and ">" not in label.replace("<br/>", "")
            shown.update(_decoded_mermaid(label).split("\n"))
    return shown


def test_mermaid_labels_hold_hostile_names_as_text(hostile_file: Path) -> None:
    result = run_flowlint("graph", str(hostile_file), "--markdown", cwd=hostile_file.parent)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("```mermaid\n") and text.endswith("```\n")
    assert text.count("```") == 2  # no backtick run in a label can close the fence
    shown = _check_mermaid(text.removeprefix("```mermaid\n").removesuffix("```\n"))
    for name in INJECTIONS:
        assert escape_unsafe(name) in shown  # the widget
        assert "missing: " + escape_unsafe("missing " + name) in shown
    edge_labels = {label for label in shown if "click w0" in label or "--> b" in label}
    assert escape_unsafe(INJECTIONS[1]) in edge_labels


def _dot_texts(dot_text: str, tmp_path: Path) -> set[str]:
    """The text elements of the SVG Graphviz lays `dot_text` out into."""
    finished = subprocess.run(
        ["dot", "-Tsvg"], input=dot_text, capture_output=True, text=True, check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert "Warning" not in finished.stderr and "syntax error" not in finished.stderr
    svg = ElementTree.fromstring(finished.stdout)
    return {element.text or "" for element in svg.iter() if element.tag.endswith("text")}


def test_dot_labels_hold_hostile_names_as_text(hostile_file: Path, tmp_path: Path) -> None:
    result = run_flowlint("graph", str(hostile_file), "--format", "dot", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert RAW_UNSAFE.findall(text) == []
    # One statement a line: a name's line break never reaches the DOT text.
    body = text.splitlines()[4:-1]
    assert all(re.fullmatch(r"\s+\w+( -> \w+)? \[.*\];", line) for line in body), body
    if not HAS_DOT:
        pytest.skip("Graphviz `dot` is not installed: the DOT text is checked, not laid out")
    texts = _dot_texts(text, tmp_path)
    for name in INJECTIONS:
        assert escape_unsafe(name) in texts, name
        assert "missing: " + escape_unsafe("missing " + name) in texts


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed")
def test_svg_shows_entities_and_dot_escapes_literally(hostile_file: Path, tmp_path: Path) -> None:
    result = run_flowlint(
        "graph", str(hostile_file), "--format", "svg", "-o", "out.svg", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    svg = ElementTree.parse(tmp_path / "out.svg").getroot()
    texts = {element.text or "" for element in svg.iter() if element.tag.endswith("text")}
    assert "&lt;b&gt; &#35; #quot; \\N \\G |pipe| end" in texts


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(FIXTURES / "projects" / "pulled", root, dirs_exist_ok=True)
    ivr = root / "flows" / "ivr.json"
    text = ivr.read_text(encoding="utf-8")
    # The run-subflow widget `elsewhere` (a call to a SID nobody maps) gets a hostile name.
    text = text.replace('"elsewhere"', json.dumps(INJECTIONS[0] + INJECTIONS[5]))
    ivr.write_text(text, encoding="utf-8")
    meta = root / "flows" / "ivr.meta.json"
    facts = json.loads(meta.read_text(encoding="utf-8"))
    facts["friendly_name"] = INJECTIONS[2] + INJECTIONS[3]
    meta.write_text(json.dumps(facts), encoding="utf-8")
    return root


def test_project_picture_labels_hold_hostile_names_as_text(hostile_project: Path) -> None:
    mermaid = run_flowlint("graph", "--project", cwd=hostile_project)
    assert mermaid.returncode == 0, mermaid.stderr
    shown = _check_mermaid(mermaid.stdout)
    assert escape_unsafe(INJECTIONS[2] + INJECTIONS[3]) in shown
    assert any(escape_unsafe(INJECTIONS[0] + INJECTIONS[5]) in label for label in shown)
    dot = run_flowlint("graph", "--project", "--format", "dot", cwd=hostile_project)
    assert dot.returncode == 0, dot.stderr
    assert RAW_UNSAFE.findall(dot.stdout) == []
    if HAS_DOT:
        texts = _dot_texts(dot.stdout, hostile_project)
        assert escape_unsafe(INJECTIONS[2] + INJECTIONS[3]) in texts


def test_error_messages_escape_the_names_they_quote(tmp_path: Path) -> None:
    result = run_flowlint("graph", "evil\x1b]0;pwned\x07\n::error::x.json", cwd=tmp_path)
    assert result.returncode == 2
    assert RAW_UNSAFE.findall(result.stderr) == []
    assert result.stderr.count("\n") == 1
    assert "evil\\x1b]0;pwned\\x07\\n::error::x.json" in result.stderr
