"""Start-up stays small: commands import only what they use (see docs/performance.md)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES, REPO

SMALL = FIXTURES / "cli" / "misspelt_next.json"


def _imported(*args: str) -> set[str]:
    """Top-level packages imported by `flowlint ARGS` (from -X importtime)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "flowlint", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_version_imports_no_analysis() -> None:
    imported = _imported("--version")
    assert "click" in imported
    for heavy in (
        "networkx",
        "jsonschema",
        "jsonschema_rs",
        "liquid",
        "pygls",
        "lsprotocol",
        "pygments",
        "phonenumbers",
    ):
        assert heavy not in imported, heavy


def test_small_check_imports_only_what_it_uses() -> None:
    imported = _imported("check", "--no-cache", "--color", "never", str(SMALL))
    for unused in (
        "pygls",
        "lsprotocol",
        "pygments",
        "liquid",
        "phonenumbers",
        "regex",
        "urllib3",
        "http",
    ):
        assert unused not in imported, unused
    assert "jsonschema" not in imported or "jsonschema_rs" not in imported  # one engine only


def test_every_check_runs_on_the_networkx_graph() -> None:
    """The widget graph is a networkx graph (issue #15), even for the smallest check."""
    assert "networkx" in _imported("check", "--no-cache", "--color", "never", str(SMALL))


def test_check_without_configuration_or_cache_skips_their_libraries() -> None:
    """The repository's pyproject.toml has no [tool.flowlint] table, so it is passed over
    without the TOML parser. (hashlib, tempfile and traceback used to be checked here too;
    networkx imports all three, so their absence no longer says anything about flowlint.)"""
    assert "tool.flowlint" not in (REPO / "pyproject.toml").read_text()
    imported = _imported("check", "--no-cache", "--color", "never", str(SMALL))
    assert "tomllib" not in imported

