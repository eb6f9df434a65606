"""The corpus's `${NAME}` templates (MANIFEST.tsv kind `template`) lint with positions in the
template: without an environment nothing is reported about the placeholders, and with one
whose every value is wrong each resulting finding points at a placeholder of the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowlint.templates.scan import placeholders_of
from tests.conftest import run_flowlint, run_json


def _templates(corpus: Path) -> list[Path]:
    manifest = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in manifest[1:]]
    names = [row[0] for row in rows if len(row) > 4 and row[4] == "template"]
    found = [corpus / name for name in names if "${" in (corpus / name).read_text("utf-8")]
    # Files that are JSON once their placeholders are filled in (the others are HCL
    # `jsonencode` bodies or JavaScript, which no placeholder value turns into JSON).
    return [path for path in found if _json_when_rendered(path)]


def _json_when_rendered(path: Path) -> bool:
    from flowlint.templates.render import render

    text = path.read_text("utf-8")
    try:
        json.loads(render(text, dict.fromkeys({p.name for p in placeholders_of(text)}, "x")).text)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def templates(corpus: Path) -> list[Path]:
    found = _templates(corpus)
    assert len(found) >= 15, [path.name for path in found]
    return found


def _toml_key(name: str) -> str:
    return json.dumps(name)  # `flow_vars.url` and `vars["url"]` are quoted TOML keys


def test_templates_lint_without_an_environment_and_nothing_blames_a_placeholder(
    templates: list[Path], tmp_path: Path
) -> None:
    status, report = run_json("--no-cache", "--isolated", *map(str, templates), cwd=tmp_path)
    assert status in (0, 1)
    rules = {d["rule"] for d in report["diagnostics"]}
    assert not rules & {"json-syntax", "internal-error", "undefined-placeholder"}
    for diagnostic in report["diagnostics"]:
        assert "${" not in diagnostic["message"], diagnostic


def test_with_wrong_values_every_value_finding_points_at_a_placeholder(
    templates: list[Path], tmp_path: Path
) -> None:
    names = sorted({p.name for path in templates for p in placeholders_of(path.read_text("utf-8"))})
    values = "\n".join(f'{_toml_key(name)} = "not-a-sid"' for name in names)
    (tmp_path / "flowlint.toml").write_text(f"[environments.wrong]\n{values}\n")
    status, report = run_json("--no-cache", "--env", "wrong", *map(str, templates), cwd=tmp_path)
    assert status == 1
    invalid = [d for d in report["diagnostics"] if d["rule"] == "invalid-sid"]
    assert len(invalid) >= 15
    texts = {str(path): path.read_text("utf-8").split("\n") for path in templates}
    for diagnostic in invalid:
        start = diagnostic["range"]["start"]
        line = texts[diagnostic["path"]][start["line"] - 1]
        at = line[start["column"] - 1 :]
        # The SID field's string in the template holds the placeholder that produced it.
        assert at.startswith('"') and "${" in at.split('"')[1], (diagnostic, at)
    assert not [d for d in report["diagnostics"] if d["rule"] == "undefined-placeholder"]


def test_render_is_byte_stable_on_every_corpus_template(
    templates: list[Path], tmp_path: Path
) -> None:
    names = sorted({p.name for path in templates for p in placeholders_of(path.read_text("utf-8"))})
    values = "\n".join(f'{_toml_key(name)} = "value \\"of\\" {name}"' for name in names)
    (tmp_path / "flowlint.toml").write_text(f"[environments.one]\n{values}\n")
    for path in templates:
        first = run_flowlint("render", "--env", "one", str(path), cwd=tmp_path)
        second = run_flowlint("render", "--env", "one", str(path), cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        assert first.stdout == second.stdout
        json.loads(first.stdout)  # quotes in the values were escaped
