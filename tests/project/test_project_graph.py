"""`flowlint graph --project`: the flows and Functions of a repository and how they call each
other, as Mermaid, DOT and SVG, with findings marked."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_flowlint

PROJECTS = FIXTURES / "projects"


def test_mermaid_draws_subflow_calls_unknown_subflows_and_findings() -> None:
    result = run_flowlint("graph", "--project", cwd=PROJECTS / "pulled")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    assert '  flow0["IVR<br/>flows/ivr.json<br/>FL202, FL951, FL952, FL953"]' in lines
    assert '  flow0 -->|"log"| flow1' in lines
    # Both calls to the SID nobody maps share one dashed edge to one "unknown" node.
    assert '  flow0 -.->|"elsewhere, again"| sid_FW9999999999999999999999999999ffff' in lines
    assert "  class flow0 error" in lines  # subflow-not-wired and nested-subflow are errors
    assert "  linkStyle 0 stroke:#c62828,stroke-width:2px" in lines


def test_dot_draws_functions_and_calls_outside_the_repository() -> None:
    result = run_flowlint(
        "graph", "--project", "--format", "dot", "flows", cwd=PROJECTS / "serverless"
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert 'fn__lookup [label="Function /lookup", shape=hexagon]' in text
    assert 'flow0 -> fn__lookup [label="lookup"' in text
    assert 'label="Function not in this repository\\n/lookup-customer", shape=note' in text
    assert "FL957, FL958, FL959" in text


def test_one_parent_checked_still_shows_its_mapped_subflow() -> None:
    result = run_flowlint("graph", "--project", "flows/main.json", cwd=PROJECTS / "config_map")
    assert result.returncode == 0, result.stderr
    assert '  flow0["flows/verify.json"]' in result.stdout.splitlines()
    assert '  flow1 -->|"verify"| flow0' in result.stdout.splitlines()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_svg_through_graphviz(tmp_path: Path) -> None:
    result = run_flowlint(
        "graph",
        "--project",
        "--format",
        "svg",
        "-o",
        str(tmp_path / "project.svg"),
        cwd=PROJECTS / "pulled",
    )
    assert result.returncode == 0, result.stderr
    svg = ElementTree.parse(tmp_path / "project.svg").getroot()
    texts = {element.text for element in svg.iter() if element.tag.endswith("text")}
    assert {"IVR", "flows/ivr.json", "unknown subflow", "log"} <= texts


def test_graph_without_project_still_wants_one_file(tmp_path: Path) -> None:
    shutil.copy(PROJECTS / "config_map" / "flows" / "main.json", tmp_path / "a.json")
    shutil.copy(PROJECTS / "config_map" / "flows" / "main.json", tmp_path / "b.json")
    result = run_flowlint("graph", "a.json", "b.json", cwd=tmp_path)
    assert result.returncode == 2 and "--project" in result.stderr
    (tmp_path / "empty").mkdir()
    empty = run_flowlint("graph", "--project", cwd=tmp_path / "empty")
    assert empty.returncode == 2 and "no Studio flow found in ." in empty.stderr
    assert "Traceback" not in empty.stderr


def test_two_functions_outside_the_repository_with_a_long_common_prefix_are_two_nodes(
    tmp_path: Path,
) -> None:
    # Before: node ids kept the first 80 characters of the URL, so both calls went to one
    # node labelled with the first URL, and the second URL was drawn nowhere.
    project = tmp_path / "serverless"
    shutil.copytree(PROJECTS / "serverless", project)
    prefix = "https://someone-else-9876.twil.io/customers/accounts/balances/lookup-by-phone-number"
    flow = project / "flows" / "ivr.json"
    text = flow.read_text(encoding="utf-8")
    text = text.replace("https://someone-else-9876.twil.io/anything", prefix + "-v1")
    text = text.replace("https://acme-ivr-4321-dev.twil.io/lookup-customer", prefix + "-v2")
    flow.write_text(text, encoding="utf-8")
    for output_format in ("mermaid", "dot"):
        result = run_flowlint("graph", "--project", "--format", output_format, "flows", cwd=project)
        assert result.returncode == 0, result.stderr
        assert "lookup-by-phone-number-v1" in result.stdout, output_format
        assert "lookup-by-phone-number-v2" in result.stdout, output_format
