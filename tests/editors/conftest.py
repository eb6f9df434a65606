"""What the headless-editor tests share: the flow fixture, the finding expected in it, the server.

Each test starts a real editor in batch mode with the shipped editor config (editors/<editor>/),
points it at `python -m flowlint lsp`, opens a flow whose one transition names a widget that
does not exist, and reads back the diagnostics the editor ended up showing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
MISSING_TARGET_FLOW = Path(__file__).parent / "fixtures" / "transition_to_missing_widget.flow.json"

# Generous: the server imports jsonschema, networkx and pygls on a cold, 2-core CI machine.
DIAGNOSTICS_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class ExpectedDiagnostic:
    """The finding the fixture should produce, and where the bad `next` value sits."""

    code: str
    rule: str
    target: str
    """The widget name that does not exist; the message should quote it."""
    line: int
    """1-based, as flowlint prints it."""
    value_start: int
    """0-based column of the opening quote."""
    value_end: int
    """0-based column just past the closing quote."""

    def accepts_start(self, column: int) -> bool:
        # The server may or may not include the quotes in the value's range.
        return column in (self.value_start, self.value_start + 1)

    def accepts_end(self, column: int) -> bool:
        return column in (self.value_end, self.value_end - 1)

    def mentions_rule(self, text: str) -> bool:
        return self.code in text or self.rule in text


@pytest.fixture
def unknown_transition_target() -> ExpectedDiagnostic:
    target = "send_confirmed"
    pattern = re.compile(r'"next"\s*:\s*("' + re.escape(target) + '")')
    lines = MISSING_TARGET_FLOW.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(lines, start=1):
        match = pattern.search(text)
        if match:
            return ExpectedDiagnostic(
                code="FL103",
                rule="unknown-transition-target",
                target=target,
                line=number,
                value_start=match.start(1),
                value_end=match.end(1),
            )
    raise AssertionError(f"{MISSING_TARGET_FLOW.name} has no transition to {target!r}")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A project folder outside the repository, so no editor takes the repository as the root."""
    folder = tmp_path / "workspace"
    folder.mkdir()
    return folder


@pytest.fixture
def flow_with_missing_target(workspace: Path) -> Path:
    return Path(shutil.copy(MISSING_TARGET_FLOW, workspace / MISSING_TARGET_FLOW.name))


@pytest.fixture
def server_command() -> list[str]:
    return [sys.executable, "-m", "flowlint", "lsp"]


@pytest.fixture
def editor_environment(
    tmp_path: Path, server_command: list[str], unknown_transition_target: ExpectedDiagnostic
) -> dict[str, str]:
    """The environment for the editor and, through it, the server.

    The repository root goes at the end of PYTHONPATH so `python -m flowlint` works from a plain
    checkout; an entry already on PYTHONPATH still wins. Editor state and logs go to tmp_path.
    The FLOWLINT_TEST_* variables are read by editors/neovim/test_init.lua and
    editors/emacs/test-init.el.
    """
    environment = dict(os.environ)
    python_path = [p for p in environment.get("PYTHONPATH", "").split(os.pathsep) if p]
    environment["PYTHONPATH"] = os.pathsep.join([*python_path, str(REPO_ROOT)])
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = tmp_path / variable.lower()
        folder.mkdir()
        environment[variable] = str(folder)
    environment["FLOWLINT_TEST_CMD"] = json.dumps(server_command)
    environment["FLOWLINT_TEST_TIMEOUT_MS"] = str(DIAGNOSTICS_TIMEOUT_SECONDS * 1000)
    expected = unknown_transition_target
    environment["FLOWLINT_TEST_WAIT_CODE"] = f"{expected.code},{expected.rule}"
    return environment


@pytest.fixture
def editor_timeout() -> float:
    """How long an editor process may run in all: the wait for diagnostics plus start and exit."""
    return DIAGNOSTICS_TIMEOUT_SECONDS + 30


@pytest.fixture
def log_tail() -> Callable[[str | Path | None], str]:
    """Reads the end of an editor's log, for failure messages."""

    def read(path: str | Path | None) -> str:
        if not path or not Path(path).is_file():
            return f"(no log file at {path})"
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-40:])

    return read


FLOWTEST_FILE = Path(__file__).parent / "fixtures" / "reminder.flowtest.yaml"


@dataclass(frozen=True)
class ExpectedTestFileDiagnostic:
    """The finding reminder.flowtest.yaml should produce: its `visits` names a widget that
    transition_to_missing_widget.flow.json does not have."""

    code: str
    widget: str
    line: int
    """1-based."""
    start: int
    """0-based column of the widget name."""
    end: int
    """0-based column just past it."""


@pytest.fixture
def unknown_widget_in_test_file() -> ExpectedTestFileDiagnostic:
    widget = "send_confirmaton"
    lines = FLOWTEST_FILE.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(lines, start=1):
        if "visits:" in text and widget in text:
            start = text.index(widget)
            return ExpectedTestFileDiagnostic(
                code="flowtest-unknown-widget",
                widget=widget,
                line=number,
                start=start,
                end=start + len(widget),
            )
    raise AssertionError(f"{FLOWTEST_FILE.name} has no `visits` naming {widget!r}")


@pytest.fixture
def test_file_with_unknown_widget(workspace: Path) -> Path:
    """The test file next to the flow it names, as in a project."""
    shutil.copy(MISSING_TARGET_FLOW, workspace / MISSING_TARGET_FLOW.name)
    return Path(shutil.copy(FLOWTEST_FILE, workspace / FLOWTEST_FILE.name))
