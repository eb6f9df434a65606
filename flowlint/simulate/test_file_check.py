"""Checking the text of a `*.flowtest.yaml` file without running it, for the language server:
what the loader rejects, a flow or subflow file that cannot be read, and widget names the flow
does not have. Each problem has a stable code and the character span at fault.

Running the cases is left to `flowlint test`: this stays cheap enough for every keystroke
(the flows read are kept while their files are unchanged).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

import yaml

from flowlint.model.suggest import did_you_mean
from flowlint.simulate.flow_file import FlowFileError, read_flow_file
from flowlint.simulate.test_file import TestFileError, node_span, parse_test_file_with_nodes


class Code(enum.StrEnum):
    """The codes of test-file problems (stable: editors and users may filter on them)."""

    SYNTAX = "flowtest-syntax"
    """Not YAML."""
    FORMAT = "flowtest-format"
    """YAML, but not the test-file format (unknown key, wrong type, missing key, ...)."""
    FLOW_FILE = "flowtest-flow-file"
    """The `flow` or a `subflows` file cannot be read as one Studio flow."""
    UNKNOWN_WIDGET = "flowtest-unknown-widget"
    """A widget name that neither the flow nor its subflows have."""


@dataclass(frozen=True)
class TestFileProblem:
    __test__ = False  # not a pytest test class, despite its name

    code: Code
    message: str
    span: tuple[int, int]
    """Character offsets [start, end) in the text."""
    is_error: bool = True
    """False: a warning (the file runs, but very likely not as meant)."""


def check_test_text(path: Path, text: str, *, read_files: bool = True) -> list[TestFileProblem]:
    """The problems of the test file `text` located at `path`. `read_files`: also read the
    flow and subflow files it names (off for a buffer that has no file yet)."""
    try:
        test_file, root = parse_test_file_with_nodes(path, text)
    except TestFileError as exc:
        code = Code.SYNTAX if exc.syntax else Code.FORMAT
        return [TestFileProblem(code, exc.message, exc.span or (0, 0))]
    if not read_files:
        return []
    # The nodes of the text parsed above, so their shape is the format's: the walks below
    # can trust it.
    assert isinstance(root, yaml.MappingNode)
    problems: list[TestFileProblem] = []
    names: set[str] = set()
    files = [(_member(root, "flow"), test_file.flow_path)]
    subflows = _member(root, "subflows")
    if isinstance(subflows, yaml.MappingNode):
        files += [(value, test_file.subflows[key.value]) for key, value in subflows.value]
    for node, flow_path in files:
        assert node is not None
        try:
            names |= _widget_names(flow_path)
        except FlowFileError as exc:
            problems.append(TestFileProblem(Code.FLOW_FILE, str(exc), node_span(text, node)))
    if not problems:  # widget names are only known when every flow was read
        problems += _unknown_widgets(text, root, names)
    return problems


def _member(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value if name.value == key), None)


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _unknown_widgets(text: str, root: yaml.Node, known: set[str]) -> list[TestFileProblem]:
    """Widget names the run would never meet: mocks by widget (a warning: unused), inputs
    and expectations (errors: the case cannot pass).

    Each node once: an anchored value aliased by many cases is one place in the text, so
    one diagnostic, and walking it again per alias would take time quadratic in the text
    (a few kilobytes of aliases stand for a million names)."""
    named: list[tuple[yaml.Node, str, bool]] = []  # (node, what it is, is an error)
    seen: set[int] = set()

    def new(node: yaml.Node | None) -> bool:
        if node is None or id(node) in seen:
            return False
        seen.add(id(node))
        return True

    def mocks(node: yaml.Node | None) -> None:
        if isinstance(node, yaml.MappingNode) and new(node):
            named.extend((key, "a mock", False) for key, _ in node.value)

    mocks(_member(root, "mocks"))
    for case in _items(_member(root, "cases")):
        mocks(_member(case, "mocks"))
        inputs = _member(case, "inputs")
        for item in _items(inputs) if new(inputs) else []:
            widget = _member(item, "widget")
            if widget is not None and new(widget):
                named.append((widget, "an input", True))
        expect = _member(case, "expect")
        if not new(expect):
            continue
        for key in ("path", "visits"):
            listed = _member(expect, key)
            if new(listed):
                named.extend((item, f"`expect.{key}`", True) for item in _items(listed))
        ending = _member(_member(expect, "ends"), "widget")
        if ending is not None:
            named.append((ending, "`expect.ends`", True))
    problems = []
    for node, what, is_error in named:
        name = str(node.value)
        if name in known:
            continue
        unused = "" if is_error else ": it is never used"
        message = (
            f"{what} names the widget '{name}', which the flow and its subflows do not have"
            f"{unused}{did_you_mean(name, known)}"
        )
        problems.append(
            TestFileProblem(Code.UNKNOWN_WIDGET, message, node_span(text, node), is_error)
        )
    return problems


_FLOWS_READ: dict[Path, tuple[tuple[int, int], set[str]]] = {}
"""Flow file -> ((modification time, size), its widget names), so typing in a test file does
not read its flow again and again."""


def _widget_names(path: Path) -> set[str]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise FlowFileError(f"cannot read the flow {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:  # a NUL character, which os.stat refuses with ValueError
        raise FlowFileError(
            f"cannot read the flow {path}: the path holds a NUL character, which no file name can"
        ) from exc
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _FLOWS_READ.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    names = set(read_flow_file(path).flow.widgets_by_name)
    if len(_FLOWS_READ) > 64:
        _FLOWS_READ.clear()
    _FLOWS_READ[path] = (stamp, names)
    return names
