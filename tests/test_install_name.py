"""Every install instruction names this project's distribution, never the unrelated `flowlint`
on the package index (issue #13: `pip install flowlint` installs someone else's code)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "flowlint-studio"

# An installer followed by a requirement whose name is exactly `flowlint` (with or without a
# version or extras), e.g. `pip install flowlint`, `pipx install flowlint==1.0`, `"flowlint>=0"`.
BARE_NAME = re.compile(
    r"""(?:pip|pipx|uv\s+tool|uv\s+pip)\s+install\s+(?:-\S+\s+)*["']?flowlint(?![\w-])"""
    r"""|["']flowlint\s*(?:==|>=|~=|<=|\[)"""
)


def _install_texts() -> list[Path]:
    texts = [ROOT / "README.md", ROOT / "action.yml", ROOT / ".pre-commit-hooks.yaml"]
    texts += sorted((ROOT / "docs").glob("*.md"))
    texts += [
        path
        for path in sorted((ROOT / "editors").rglob("*"))
        if path.suffix in {".md", ".json", ".ts", ".lua", ".el", ".toml", ".yml", ".yaml"}
        and "node_modules" not in path.parts
        and path.is_file()
    ]
    return texts


def test_the_distribution_is_named_flowlint_studio() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    assert project["scripts"]["flowlint"] == "flowlint.cli:main"


def test_no_install_instruction_names_the_unrelated_package() -> None:
    offenders = []
    for path in _install_texts():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BARE_NAME.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_action_installs_this_project_by_name_and_url() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert (
        f'"{DISTRIBUTION} @ git+https://github.com/flowlint/flowlint@v$FLOWLINT_VERSION"' in action
    )
    assert '"$GITHUB_ACTION_PATH"' in action


def test_the_pattern_catches_the_old_instructions() -> None:
    for line in [
        "pip install flowlint",
        "pipx install flowlint",
        "uv tool install flowlint",
        '"flowlint==$FLOWLINT_VERSION"',
        "pip install -U flowlint",
    ]:
        assert BARE_NAME.search(line), line
    for line in [
        'pip install "flowlint-studio @ git+https://x"',
        "pip install -e '.[test]'",
        "pip install flowlint-studio",
        "pip install .",
    ]:
        assert not BARE_NAME.search(line), line
