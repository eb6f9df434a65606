"""`flowlint config --show`: the resolved values and where each came from."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

from tests.ci.conftest import run_flowlint

CONFIG = """
[project]
name = "owl-bank-flows"

[tool.flowlint]
select = ["structure", "graph"]
fail-on = "warning"
exclude = ["flows/legacy"]

[tool.flowlint.severity]
unhandled-event = "info"

[tool.flowlint.rules.too-many-widgets]
max-widgets = 300

[tool.flowlint.per-file-ignores]
"flows/experiments/*.json" = ["FL201"]

[[tool.flowlint.per-widget-ignores]]
files = "flows/support.json"
widget = "legacy_*"
rules = ["unhandled-event"]
"""


def test_show_lists_values_with_their_sources(project: Path) -> None:
    (project / "pyproject.toml").write_text(CONFIG)
    result = run_flowlint("config", "--show", cwd=project / "flows")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    source = f"{project / 'pyproject.toml'}: [tool.flowlint]"
    assert lines[0] == f"# configuration file: {project / 'pyproject.toml'}"

    def line(prefix: str) -> str:
        (found,) = [text for text in lines if text.startswith(prefix)]
        return found

    assert line("select = ").endswith(f"# {source} select")
    assert line('select = ["structure", "graph"]')
    assert line('fail-on = "warning"').endswith(f"# {source} fail-on")
    assert line("ignore = []").endswith("# default")
    assert line("max-file-size = 20971520").endswith("# default")
    assert line("max_widgets = 300").endswith(f"# {source} rules.too-many-widgets.max-widgets")
    assert line('unhandled-event = "info"').endswith(f"# {source} severity.unhandled-event")
    assert line(f'cache-dir = "{project / ".flowlint_cache"}"').endswith("# default")
    # The output is TOML: it can be pasted into a flowlint.toml.
    document = tomllib.loads(result.stdout)
    assert document["rules"]["too-many-widgets"] == {"max_widgets": 300}
    assert document["per-widget-ignores"] == [
        {"files": "flows/support.json", "widget": "legacy_*", "rules": ["unhandled-event"]}
    ]
    assert document["per-file-ignores"] == {"flows/experiments/*.json": ["FL201"]}


def test_show_json(project: Path) -> None:
    (project / "pyproject.toml").write_text(CONFIG)
    result = run_flowlint("config", "--show", "--format", "json", cwd=project)
    report = json.loads(result.stdout)
    assert report["path"] == str(project / "pyproject.toml")
    assert report["settings"]["fail-on"] == "warning"
    assert report["settings"]["severity"] == {"unhandled-event": "info"}
    assert report["sources"]["fail-on"] == "pyproject.toml: [tool.flowlint] fail-on"
    assert "ignore" not in report["sources"]


def test_show_without_configuration_and_isolated(project: Path) -> None:
    result = run_flowlint("config", cwd=project)
    assert result.returncode == 0
    assert result.stdout.startswith(f"# no configuration file found from {project} upward")
    (project / "flowlint.toml").write_text('fail-on = "info"\n')
    isolated = run_flowlint("config", "--show", "--isolated", cwd=project)
    assert isolated.stdout.startswith("# --isolated: configuration files ignored")
    assert 'fail-on = "error"' in isolated.stdout


def _cache_line(result: subprocess.CompletedProcess[str]) -> str:
    (line,) = [text for text in result.stdout.splitlines() if text.startswith("cache-dir = ")]
    return line


def test_cache_dir_shows_the_folder_check_really_uses(project: Path) -> None:
    """An existing folder flowlint did not create gets the cache in a folder inside it: the
    configuration shows that folder, and `flowlint check` writes there."""
    (project / "build").mkdir()
    (project / "build" / "keep.txt").write_text("not flowlint's\n")
    (project / "flowlint.toml").write_text('cache-dir = "build"\n')
    shown = run_flowlint("config", "--show", cwd=project)
    assert shown.returncode == 0, shown.stderr
    line = _cache_line(shown)
    used = project / "build" / ".flowlint_cache"
    assert line.startswith(f"cache-dir = {json.dumps(str(used))}"), line
    assert f"asked for {project / 'build'}, an existing folder flowlint did not create" in line
    as_json = json.loads(run_flowlint("config", "--format", "json", cwd=project).stdout)
    assert as_json["settings"]["cache-dir"] == str(used)
    assert as_json["cache"]["requested"] == str(project / "build")
    assert as_json["cache"]["used"] == str(used)
    run_flowlint("check", "flows", cwd=project)
    assert (used / ".flowlint-cache").is_file()
    assert sorted(path.name for path in (project / "build").iterdir()) == [
        ".flowlint_cache",
        "keep.txt",
    ]
    # Once the folder is flowlint's, the configuration shows it as asked.
    (project / "flowlint.toml").write_text('cache-dir = "build/.flowlint_cache"\n')
    again = _cache_line(run_flowlint("config", "--show", cwd=project))
    assert again.startswith(f"cache-dir = {json.dumps(str(used))} ")
    assert again.endswith("# flowlint.toml: cache-dir")


def test_cache_dir_that_cannot_be_used_says_so(project: Path) -> None:
    (project / "cache.txt").write_text("a file, not a folder\n")
    (project / "flowlint.toml").write_text('cache-dir = "cache.txt"\n')
    shown = run_flowlint("config", "--show", cwd=project)
    assert shown.returncode == 0, shown.stderr
    line = _cache_line(shown)
    assert "not used:" in line and "exists and is not a folder" in line, line
    assert "without a results cache" in line
    as_json = json.loads(run_flowlint("config", "--format", "json", cwd=project).stdout)
    assert as_json["cache"]["used"] is None
    checked = run_flowlint("check", "flows", cwd=project)
    assert "cache not written" in checked.stderr
