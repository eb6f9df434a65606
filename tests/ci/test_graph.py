"""`flowlint graph`: Mermaid and DOT pictures of the widget graph, SVG through Graphviz."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.ci.conftest import CI_FLOWS, SPECIAL, run_flowlint

MENU = CI_FLOWS / "support_menu.json"
HAS_DOT = shutil.which("dot") is not None


def test_mermaid_marks_findings_unreachable_and_missing_widgets(tmp_path: Path) -> None:
    result = run_flowlint("graph", str(MENU), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart TD"
    assert '  w0(["Trigger<br/>trigger"])' in lines  # the initial state is a stadium
    assert '  w1["greet<br/>gather-input-on-call<br/>FL103 FL202"]' in lines
    assert '  w2["farewell<br/>gather-input-on-call<br/>FL201 FL202<br/>(unreachable)"]' in lines
    assert '  wmissing0[/"missing: farewel"/]' in lines
    assert '  w0 -->|"incomingCall"| w1' in lines
    assert '  w1 -.->|"keypress"| wmissing0' in lines
    assert "  class w1 error" in lines
    assert "  class w2 warning" in lines and "  class w2 unreachable" in lines
    assert "  class wmissing0 missing" in lines


def test_mermaid_markdown_fence_for_pull_request_comments(tmp_path: Path) -> None:
    result = run_flowlint("graph", str(MENU), "--markdown", cwd=tmp_path)
    assert result.stdout.startswith("```mermaid\nflowchart TD\n")
    assert result.stdout.endswith("\n```\n")


def test_configuration_decides_which_findings_are_marked(tmp_path: Path) -> None:
    (tmp_path / "flowlint.toml").write_text('ignore = ["FL202"]\n')
    result = run_flowlint("graph", str(MENU), cwd=tmp_path)
    assert '  w1["greet<br/>gather-input-on-call<br/>FL103"]' in result.stdout.splitlines()
    isolated = run_flowlint("graph", str(MENU), "--isolated", cwd=tmp_path)
    assert "FL103 FL202" in isolated.stdout


def test_labels_are_escaped(tmp_path: Path) -> None:
    result = run_flowlint("graph", str(SPECIAL / "target_with_separators.json"), cwd=tmp_path)
    # A line break in a name is shown as `\n`, as in the text reports, not as a label break.
    assert '  wmissing0[/"missing: menu,v2#58; 100#37;\\nretry"/]' in result.stdout.splitlines()
    flow = json.loads((SPECIAL / "target_with_separators.json").read_text(encoding="utf-8"))
    flow["states"][1]["name"] = 'say "hi" <b>|#1'
    flow["states"][0]["transitions"][0]["next"] = 'say "hi" <b>|#1'
    (tmp_path / "quotes.json").write_text(json.dumps(flow), encoding="utf-8")
    mermaid = run_flowlint("graph", "quotes.json", cwd=tmp_path).stdout
    assert "say #quot;hi#quot; #lt;b#gt;#124;#35;1<br/>set-variables" in mermaid
    dot = run_flowlint("graph", "quotes.json", "--format", "dot", cwd=tmp_path).stdout
    assert 'label="say \\"hi\\" <b>|#1\\nset-variables' in dot


def test_dot_structure(tmp_path: Path) -> None:
    result = run_flowlint("graph", str(MENU), "--format", "dot", cwd=tmp_path)
    text = result.stdout
    assert text.startswith("digraph flowlint {") and text.rstrip().endswith("}")
    assert re.search(
        r'w1 \[label="greet\\ngather-input-on-call\\nFL103 FL202", fillcolor="#fde2e2"', text
    )
    assert re.search(r'w2 \[label="farewell.*\(unreachable\)".*style="rounded,filled,dashed"', text)
    assert 'w0 -> w1 [label="incomingCall"];' in text
    assert re.search(r'w1 -> wmissing0 \[label="keypress", style=dashed', text)
    assert "peripheries=2" in text.split("w0 [", 1)[1].split("\n", 1)[0]


@pytest.mark.skipif(
    not HAS_DOT, reason="Graphviz `dot` is not installed (apt-get install graphviz)"
)
def test_svg_through_graphviz(tmp_path: Path) -> None:
    result = run_flowlint(
        "graph", str(MENU), "--format", "svg", "-o", "pictures/menu.svg", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    svg = ElementTree.parse(tmp_path / "pictures" / "menu.svg").getroot()
    assert svg.tag.endswith("svg")
    texts = {element.text for element in svg.iter() if element.tag.endswith("text")}
    assert {"greet", "farewell", "missing: farewel", "incomingCall", "keypress"} <= texts


def test_svg_without_graphviz_says_what_to_do(tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run_flowlint(
        "graph", str(MENU), "--format", "svg", cwd=tmp_path, env={"PATH": str(empty)}
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "needs Graphviz's `dot` program, which is not on PATH" in result.stderr
    assert "--format mermaid or --format dot" in result.stderr


def test_list_pages_draw_each_flow_or_the_one_asked_for(tmp_path: Path) -> None:
    definition = json.loads(MENU.read_text(encoding="utf-8"))
    clean = json.loads((CI_FLOWS / "clean.json").read_text(encoding="utf-8"))
    page = {
        "flows": [
            {
                "sid": "FW" + "a" * 32,
                "friendly_name": "Support",
                "status": "published",
                "definition": definition,
            },
            {
                "sid": "FW" + "b" * 32,
                "friendly_name": "Clean",
                "status": "draft",
                "definition": clean,
            },
        ],
        "meta": {"page": 0, "page_size": 50},
    }
    (tmp_path / "page.json").write_text(json.dumps(page, indent=2), encoding="utf-8")
    both = run_flowlint("graph", "page.json", cwd=tmp_path)
    assert both.returncode == 0, both.stderr
    assert both.stdout.count("  subgraph ") == 2 and '["Support"]' in both.stdout
    assert "f0_1" in both.stdout and "f1_1" in both.stdout
    one = run_flowlint("graph", "page.json", "--flow", "Clean", cwd=tmp_path)
    assert "subgraph" not in one.stdout and "f1_1" in one.stdout and "f0_1" not in one.stdout
    wrong = run_flowlint("graph", "page.json", "--flow", "Sales", cwd=tmp_path)
    assert wrong.returncode == 2 and "matches no flow in page.json" in wrong.stderr


def test_stdin_and_unusable_input(tmp_path: Path) -> None:
    piped = run_flowlint("graph", "-", stdin=MENU.read_text(encoding="utf-8"), cwd=tmp_path)
    assert piped.returncode == 0 and "greet<br/>gather-input-on-call" in piped.stdout
    (tmp_path / "package.json").write_text('{"name": "x"}')
    not_flow = run_flowlint("graph", "package.json", cwd=tmp_path)
    assert (
        not_flow.returncode == 2
        and "cannot draw package.json: this file is not a Studio flow" in not_flow.stderr
    )
    missing = run_flowlint("graph", "nope.json", cwd=tmp_path)
    assert missing.returncode == 2 and "cannot read nope.json" in missing.stderr
    (tmp_path / "broken.json").write_text('{"states": [')
    broken = run_flowlint("graph", "broken.json", cwd=tmp_path)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
