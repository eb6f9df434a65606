"""Reading a `*.flowtest.yaml` file into a `TestFile`, with line/column errors.

The YAML is composed into nodes (which carry their marks) and checked node by node, so every
error points at the key or value at fault, like flow-file diagnostics do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from flowlint.simulate.rendering import STUDIO_TIME_ZONE
from flowlint.simulate.scenario import (
    TRIGGER_EVENTS,
    TRIGGER_KINDS,
    Case,
    Ending,
    Expectation,
    Input,
    Mock,
    Position,
    TestFile,
)
from flowlint.simulate.test_file_schema import keys_of
from flowlint.source.reading import read_file

TEST_FILE_SUFFIX = ".flowtest.yaml"
MAX_TEST_FILE_BYTES = 5 * 1024 * 1024

# The keys each mapping may have come from the schema editors validate with (one list of them).
_TOP_KEYS = keys_of()
_CASE_KEYS = keys_of("definitions", "case")
_MOCK_KEYS = keys_of("definitions", "mock")
_INPUT_KEYS = keys_of("definitions", "input")
_EXPECT_KEYS = keys_of("definitions", "case", "properties", "expect")
_ENDS_KEYS = keys_of("definitions", "case", "properties", "expect", "properties", "ends")


class TestFileError(Exception):
    """A test file that cannot be used; `str()` is `path:line:column: message`."""

    __test__ = False  # not a pytest test class, despite its name

    def __init__(
        self,
        position: Position,
        message: str,
        span: tuple[int, int] | None = None,
        *,
        syntax: bool = False,
    ) -> None:
        super().__init__(f"{position}: {message}")
        self.position = position
        self.message = message
        self.span = span
        """Character offsets [start, end) of the text at fault, when the text was read."""
        self.syntax = syntax
        """Whether the text is not YAML at all (else: YAML, but not a test file)."""


def read_test_file(path: Path) -> TestFile:
    """Read and check one test file. Raises TestFileError."""
    start = Position(path, 1, 1)
    try:
        data = read_file(path, MAX_TEST_FILE_BYTES)
    except OSError as exc:
        raise TestFileError(start, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > MAX_TEST_FILE_BYTES:
        raise TestFileError(start, "the file is larger than 5 MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TestFileError(start, f"not UTF-8 text (byte {exc.start})") from exc
    return parse_test_file(path, text)


# YAML as a test file means it: values Studio sees as JSON or text, never a Python type JSON
# cannot hold (an unquoted `due: 2026-01-05` in a mock body is the text written; `now` reads
# timestamps itself). A loader class of our own, so yaml.safe_load elsewhere is unchanged.
_Loader: Any = type("_Loader", (yaml.SafeLoader,), {})

_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def _not_json(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"!!{node.tag.rsplit(':', 1)[-1]} is not a JSON value: write text, a number, a list "
        "or a mapping",
    )


for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _not_json)


def parse_test_file(path: Path, text: str) -> TestFile:
    """Check the YAML text of a test file located at `path`. Raises TestFileError."""
    return parse_test_file_with_nodes(path, text)[0]


def parse_test_file_with_nodes(path: Path, text: str) -> tuple[TestFile, yaml.Node]:
    """`parse_test_file`, and the composed YAML (nodes with their marks) it read, so a
    caller that walks the nodes too (the language server's checks) does not compose the
    text a second time: PyYAML's composer is most of the time either takes."""
    try:
        loader = _Loader(text)  # checks every character first
    except yaml.reader.ReaderError as exc:
        raise _bad_character(path, text, exc) from exc
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is None:
            raise TestFileError(
                Position(path, 1, 1), f"not valid YAML: {exc}", (0, 0), syntax=True
            ) from exc
        position = Position(path, mark.line + 1, mark.column + 1)
        span = _one_character(text, mark.index)
        raise TestFileError(
            position, f"not valid YAML: {exc.problem or exc}", span, syntax=True
        ) from exc
    except yaml.YAMLError as exc:
        raise TestFileError(
            Position(path, 1, 1), f"not valid YAML: {exc}", (0, 0), syntax=True
        ) from exc
    except RecursionError as exc:
        raise TestFileError(
            Position(path, 1, 1), "nested too deeply to read", (0, 0), syntax=True
        ) from exc
    finally:
        loader.dispose()
    if root is None:
        raise TestFileError(
            Position(path, 1, 1), "the file is empty: it needs `flow` and `cases`", (0, 0)
        )
    _check_aliases(path, text, root)
    return _Reader(path, text, loader).test_file(root), root


MAX_VALUES = 1_000_000
"""Values a test file may stand for once its aliases are expanded. A hand-written test file
holds a few thousand values and a pasted API response perhaps a hundred thousand, while a
few lines of nested aliases can stand for billions ("billion laughs"), which every later
step (mocks copied per case, bodies rendered) would expand in full."""


def _check_aliases(path: Path, text: str, root: yaml.Node) -> None:
    """Refuse a document whose aliases make it recursive or larger than `MAX_VALUES`.

    Aliases are resolved by the composer into shared nodes, so the document is a graph: each
    node's expanded size is counted once (post-order, iterative), which takes time linear in
    the text."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_counted = stack.pop()
        children = _children(node)
        if children_counted:
            open_nodes.discard(id(node))
            sizes[id(node)] = size = 1 + sum(sizes[id(child)] for child in children)
            if size > MAX_VALUES:
                raise _alias_error(
                    path,
                    text,
                    node,
                    f"aliases expand this value to more than "
                    f"{MAX_VALUES:,} values: write the data out, or keep it smaller",
                )
            continue
        if id(node) in sizes:
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise _alias_error(path, text, child, "an alias refers to a value that contains it")
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _alias_error(path: Path, text: str, node: yaml.Node, message: str) -> TestFileError:
    mark = node.start_mark
    return TestFileError(
        Position(path, mark.line + 1, mark.column + 1), message, node_span(text, node)
    )


def _bad_character(path: Path, text: str, exc: yaml.reader.ReaderError) -> TestFileError:
    line = text.count("\n", 0, exc.position) + 1
    column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    return TestFileError(
        Position(path, line, column),
        f"not valid YAML: the character U+{exc.character:04X} is not allowed in YAML",
        _one_character(text, exc.position),
        syntax=True,
    )


def _one_character(text: str, index: int) -> tuple[int, int]:
    """The character at `index` (nothing, at the end of the text or of a line)."""
    index = min(max(index, 0), len(text))
    return (index, index) if index == len(text) or text[index] == "\n" else (index, index + 1)


def node_span(text: str, node: yaml.Node) -> tuple[int, int]:
    """Where a node is in the text: a scalar whole, a mapping or list its first line only (a
    whole case underlined would hide the finding)."""
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, yaml.CollectionNode):
        line_end = text.find("\n", start)
        end = min(end, line_end if line_end >= 0 else len(text))
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return start, end


class _Reader:
    def __init__(self, path: Path, text: str, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.source = text
        self.loader = loader
        self.mocks_read: dict[int, dict[str, Mock]] = {}

    def position(self, node: yaml.Node) -> Position:
        return Position(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: yaml.Node, message: str) -> TestFileError:
        return TestFileError(self.position(node), message, node_span(self.source, node))

    def plain(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:  # the position is the node's: keep only the problem
            raise self.fail(node, f"cannot read this value: {exc.problem or exc}") from exc
        except RecursionError as exc:  # composed, but constructed recursively, 3 frames a level
            raise self.fail(node, "nested too deeply to read") from exc
        except (yaml.YAMLError, ValueError, TypeError, ArithmeticError, LookupError) as exc:
            # `now: 2026-13-45`, `!!int x`, `!!bool maybe` (a KeyError): the constructors
            # raise more than YAMLError.
            raise self.fail(node, f"cannot read this value: {exc}") from exc

    def mapping(
        self, node: yaml.Node, what: str, allowed: frozenset[str] | None = None
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping (key: value)")
        members: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = self.plain(key_node)
            if not isinstance(key, str):
                raise self.fail(key_node, f"keys of {what} must be text")
            if key in members:
                raise self.fail(key_node, f"`{key}` appears twice in {what}")
            if allowed is not None and key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(key_node, f"unknown key `{key}` in {what} (known: {known})")
            members[key] = (key_node, value_node)
        return members

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str:
        """A scalar as the text written: `digits: 1` means the string "1", as Studio only sees
        strings, and `digits: 0123` "0123" (not YAML 1.1's octal 83)."""
        value = self.plain(node)
        if isinstance(value, bool) or value is None or isinstance(value, list | dict):
            raise self.fail(node, f"{what} must be text")
        return str(node.value) if isinstance(node, yaml.ScalarNode) else str(value)

    def texts(self, node: yaml.Node, what: str) -> list[str]:
        return [self.text(item, f"each entry of {what}") for item in self.sequence(node, what)]

    def test_file(self, root: yaml.Node) -> TestFile:
        members = self.mapping(root, "the test file", _TOP_KEYS)
        for required in ("flow", "cases"):
            if required not in members:
                raise self.fail(root, f"the test file needs `{required}`")
        flow_node = members["flow"][1]
        result = TestFile(self.path, self._relative(self.text(flow_node, "`flow`")))
        if "subflows" in members:
            for key, (_, value) in self.mapping(members["subflows"][1], "`subflows`").items():
                result.subflows[key] = self._relative(self.text(value, f"subflow `{key}`"))
        if "mocks" in members:
            result.mocks = self.mocks(members["mocks"][1])
        names: set[str] = set()
        for case_node in self.sequence(members["cases"][1], "`cases`"):
            case = self.case(case_node)
            if case.name in names:
                raise self.fail(case_node, f"two cases are named {case.name!r}")
            names.add(case.name)
            result.cases.append(case)
        return result

    def _relative(self, text: str) -> Path:
        return self.path.parent / text

    def mocks(self, node: yaml.Node) -> dict[str, Mock]:
        """The mocks of a `mocks` mapping, read once per node: cases that alias one anchored
        mapping share it (read per alias, a few kilobytes of aliases took seconds)."""
        known = self.mocks_read.get(id(node))
        if known is not None:
            return known
        result = {}
        for widget, (_, value) in self.mapping(node, "`mocks`").items():
            result[widget] = self.mock(value, widget)
        self.mocks_read[id(node)] = result
        return result

    def mock(self, node: yaml.Node, widget: str) -> Mock:
        members = self.mapping(node, f"the mock of `{widget}`", _MOCK_KEYS)
        mock = Mock()
        if "status" in members:
            status = self.plain(members["status"][1])
            if isinstance(status, float) and status.is_integer():
                status = int(status)  # `200.0`: an integer to JSON Schema, so to us too
            if not isinstance(status, int) or isinstance(status, bool):
                raise self.fail(members["status"][1], "`status` must be an HTTP status number")
            mock.status = status
        if "body" in members:
            mock.body = self.plain(members["body"][1])
        if "content_type" in members:
            mock.content_type = self.text(members["content_type"][1], "`content_type`")
        if "event" in members:
            mock.event = self.text(members["event"][1], "`event`")
        if "outputs" in members:
            outputs = self.plain(members["outputs"][1])
            if not isinstance(outputs, dict):
                raise self.fail(members["outputs"][1], "`outputs` must be a mapping")
            mock.outputs = outputs
        if mock.event is None and mock.status is None and "body" not in members:
            raise self.fail(node, f"the mock of `{widget}` needs `event` or `status`/`body`")
        return mock

    def case(self, node: yaml.Node) -> Case:
        members = self.mapping(node, "a case", _CASE_KEYS)
        for required in ("name", "trigger"):
            if required not in members:
                raise self.fail(node, f"a case needs `{required}`")
        name = self.text(members["name"][1], "`name`")
        trigger = self.mapping(members["trigger"][1], "`trigger`")
        if "event" not in trigger:
            raise self.fail(members["trigger"][1], "`trigger` needs `event`")
        event_node = trigger["event"][1]
        event = self.text(event_node, "`trigger.event`")
        if event not in TRIGGER_EVENTS:
            raise self.fail(
                event_node, f"unknown trigger event {event!r} (one of: {', '.join(TRIGGER_EVENTS)})"
            )
        case = Case(name, self.position(node), event)
        kind = TRIGGER_KINDS[event]
        for key, (key_node, value_node) in trigger.items():
            if key == "event":
                continue
            if key != kind:
                raise self.fail(key_node, f"the fields of an {event} trigger go under `{kind}`")
            fields = self.plain(value_node)
            if not isinstance(fields, dict):
                raise self.fail(value_node, f"`trigger.{key}` must be a mapping of fields")
            case.trigger_fields = fields
        if "flow_data" in members:
            data = self.plain(members["flow_data"][1])
            if not isinstance(data, dict):
                raise self.fail(members["flow_data"][1], "`flow_data` must be a mapping")
            case.flow_data = data
        if "now" in members:
            case.now = self.now(members["now"][1])
        if "mocks" in members:
            case.mocks = self.mocks(members["mocks"][1])
        if "inputs" in members:
            case.inputs = [
                self.input(item) for item in self.sequence(members["inputs"][1], "`inputs`")
            ]
        if "expect" in members:
            case.expect = self.expectation(members["expect"][1])
        return case

    def now(self, node: yaml.Node) -> dt.datetime:
        value: Any = None
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                value = yaml.SafeLoader.construct_yaml_timestamp(self.loader, node)
            except (ValueError, OverflowError) as exc:
                raise self.fail(node, f"cannot read this value: {exc}") from exc
        else:
            value = self.plain(node)
        if isinstance(value, dt.datetime):
            parsed = value
        else:
            try:
                parsed = dt.datetime.fromisoformat(str(value))
            except ValueError as exc:
                raise self.fail(
                    node, "`now` must be an ISO 8601 date-time, e.g. 2026-03-02T10:15:00-08:00"
                ) from exc
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        try:  # the run reads the clock in Studio's time zone, hours away
            parsed.astimezone(STUDIO_TIME_ZONE)
        except OverflowError as exc:
            raise self.fail(
                node, "`now` is too close to year 1 or 9999 to be read in Studio's time zone"
            ) from exc
        return parsed

    def input(self, node: yaml.Node) -> Input:
        members = self.mapping(node, "an input", _INPUT_KEYS)
        if "widget" not in members:
            raise self.fail(node, "an input needs `widget` (the widget that waits for it)")
        given = [key for key in ("digits", "speech", "body", "event") if key in members]
        if len(given) != 1:
            raise self.fail(
                node, "an input needs exactly one of `digits`, `speech`, `body`, `event`"
            )
        found = Input(self.text(members["widget"][1], "`widget`"), self.position(node))
        setattr(found, given[0], self.text(members[given[0]][1], f"`{given[0]}`"))
        return found

    def expectation(self, node: yaml.Node) -> Expectation:
        members = self.mapping(node, "`expect`", _EXPECT_KEYS)
        expect = Expectation()
        for key in ("path", "visits", "says", "sends"):
            if key in members:
                setattr(expect, key, self.texts(members[key][1], f"`{key}`"))
        if "variables" in members:
            variables = self.mapping(members["variables"][1], "`variables`")
            expect.variables = {
                k: self.text(v, f"variable `{k}`") for k, (_, v) in variables.items()
            }
        if "ends" in members:
            ends = self.mapping(members["ends"][1], "`ends`", _ENDS_KEYS)
            expect.ends = Ending(
                self.text(ends["widget"][1], "`widget`") if "widget" in ends else None,
                self.text(ends["event"][1], "`event`") if "event" in ends else None,
            )
        if "error" in members:
            expect.expects_error = True
            value = self.plain(members["error"][1])
            expect.error = None if value is None else self.text(members["error"][1], "`error`")
        return expect
