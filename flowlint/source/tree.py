"""Text → JSON tree with source positions.

`parse_json` reads the text with the C parser of the standard library (fast, exact errors) and
returns a `JsonTree`: the decoded value plus a lazily built index of where every node sits in
the text. Positions are computed only for the nodes somebody asks about (a diagnostic, a hover),
by scanning just the containers on the way to that node, so a 1 MB flow with ten findings costs
a few milliseconds of position work instead of a full pure-Python re-parse.

Object members and array items are located by skipping sibling values with the C scanner
(`json.scanner`), which makes each container scan linear in its size at C speed. The results
are cached per container, so later lookups in the same area are dictionary hits.
"""

import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from flowlint.source.pointer import Pointer

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_scan_value: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(_DECODER)  # type: ignore[arg-type]
_scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

Span = tuple[int, int]
"""Start and end character offsets, end exclusive."""

MAX_DEPTH = 500
"""Nesting depth named in the message when the C parser runs out of recursion (at roughly
twice this depth): no Studio flow comes anywhere near it."""


class SyntaxProblem(NamedTuple):
    """Why the text is not JSON, with the span of the offending character(s)."""

    message: str
    span: Span


class DuplicateKey(NamedTuple):
    """An object key that appears more than once; `json.loads` keeps only the last value."""

    pointer: Pointer
    key: str
    span: Span
    first_span: Span


@dataclass(eq=False)
class _Members:
    """Positions of the direct children of one container."""

    keys: dict[str | int, Span] = field(default_factory=dict)
    values: dict[str | int, Span] = field(default_factory=dict)
    order: list[str | int] = field(default_factory=list)


class JsonTree:
    """A decoded JSON value and the positions of its nodes in the source text."""

    def __init__(self, text: str, value: Any, root_span: Span) -> None:
        self.text = text
        self.value = value
        self.root_span = root_span
        self._members: dict[Pointer, _Members] = {}

    # -- position lookups --------------------------------------------------------------------

    def value_span(self, pointer: Pointer) -> Span | None:
        """The span of the value at `pointer`, or None if there is no such node."""
        if not pointer:
            return self.root_span
        members = self._members_of(pointer[:-1])
        if members is None:
            return None
        return members.values.get(pointer[-1])

    def key_span(self, pointer: Pointer) -> Span | None:
        """The span of the object key (with its quotes) naming the node at `pointer`."""
        if not pointer:
            return None
        members = self._members_of(pointer[:-1])
        if members is None:
            return None
        return members.keys.get(pointer[-1])

    def nearest_span(self, pointer: Pointer) -> tuple[Pointer, Span]:
        """The span of `pointer`, or of its nearest ancestor that exists in the text."""
        for depth in range(len(pointer), -1, -1):
            prefix = pointer[:depth]
            span = self.value_span(prefix)
            if span is not None:
                return prefix, span
        return (), self.root_span

    def children(self, pointer: Pointer) -> list[str | int]:
        """Keys or indices of the direct children of the container at `pointer`, in text order."""
        members = self._members_of(pointer)
        return list(members.order) if members else []

    def node_at(self, offset: int) -> tuple[Pointer, bool]:
        """The deepest node whose span holds `offset`; the flag says it is on an object key."""
        pointer: Pointer = ()
        span = self.root_span
        if not span[0] <= offset <= span[1]:
            return (), False
        while True:
            members = self._members_of(pointer)
            if not members:
                return pointer, False
            for child in members.order:
                key_span = members.keys.get(child)
                if key_span and key_span[0] <= offset < key_span[1]:
                    return (*pointer, child), True
                child_span = members.values[child]
                if child_span[0] <= offset < child_span[1] or (
                    offset == child_span[1] and self.text[child_span[0]] not in "{["
                ):
                    pointer = (*pointer, child)
                    break
            else:
                return pointer, False

    # -- container scanning ------------------------------------------------------------------

    def _members_of(self, pointer: Pointer) -> _Members | None:
        cached = self._members.get(pointer)
        if cached is not None:
            return cached
        # Down from the deepest container already scanned, one level at a time: a loop rather
        # than recursion through value_span, so a node hundreds of levels deep does not use up
        # the recursion limit (the C scanner below needs it for the value's own nesting).
        depth = len(pointer)
        while depth > 0 and pointer[:depth] not in self._members:
            depth -= 1
        for level in range(depth, len(pointer) + 1):
            prefix = pointer[:level]
            if prefix in self._members:
                continue
            if level == 0:
                span: Span | None = self.root_span
            else:
                span = self._members[pointer[: level - 1]].values.get(prefix[-1])
            if span is None:
                return None
            opening = self.text[span[0]]
            if opening == "{":
                members = self._scan_object(span[0])
            elif opening == "[":
                members = self._scan_array(span[0])
            else:
                members = _Members()
            self._members[prefix] = members
        return self._members[pointer]

    def _skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        return match.end() if match else index

    def _scan_object(self, start: int) -> _Members:
        text = self.text
        members = _Members()
        index = self._skip(start + 1)
        if text[index] == "}":
            return members
        while True:
            key_start = index
            key, key_end = _scan_string(text, index + 1)
            index = self._skip(self._skip(key_end) + 1)  # past the ':'
            _, value_end = _scan_value(text, index)
            if key in members.keys:  # duplicates: the last one wins, as in json.loads
                members.order.remove(key)
            members.keys[key] = (key_start, key_end)
            members.values[key] = (index, value_end)
            members.order.append(key)
            index = self._skip(value_end)
            if text[index] != ",":
                return members
            index = self._skip(index + 1)

    def _scan_array(self, start: int) -> _Members:
        text = self.text
        members = _Members()
        index = self._skip(start + 1)
        if text[index] == "]":
            return members
        position = 0
        while True:
            _, value_end = _scan_value(text, index)
            members.values[position] = (index, value_end)
            members.order.append(position)
            position += 1
            index = self._skip(value_end)
            if text[index] != ",":
                return members
            index = self._skip(index + 1)

    def iter_containers(self) -> Iterator[tuple[Pointer, Any]]:
        """Every object and array with its pointer, depth first (used by rare full walks)."""
        stack: list[tuple[Pointer, Any]] = [((), self.value)]
        while stack:
            pointer, value = stack.pop()
            if isinstance(value, dict):
                yield pointer, value
                stack.extend(((*pointer, key), child) for key, child in value.items())
            elif isinstance(value, list):
                yield pointer, value
                stack.extend(((*pointer, i), child) for i, child in enumerate(value))


@dataclass(eq=False)
class ParseResult:
    """What `parse_json` found: a tree when the text is JSON, else the syntax problem."""

    tree: JsonTree | None
    syntax: SyntaxProblem | None = None
    duplicates: list[DuplicateKey] = field(default_factory=list)
    too_deep: bool = False


def parse_json(text: str) -> ParseResult:
    """Parse `text` as one JSON value, recording duplicate keys and exact syntax errors."""
    saw_duplicate = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal saw_duplicate
        result = dict(pairs)
        if len(result) != len(pairs):
            saw_duplicate = True
        return result

    constants: list[str] = []

    def constant(name: str) -> object:
        constants.append(name)
        return _NOT_JSON

    start = _WHITESPACE.match(text, 0)
    first = start.end() if start else 0
    decoder = json.JSONDecoder(object_pairs_hook=pairs_hook, parse_constant=constant)
    try:
        value, end = decoder.raw_decode(text, first)
    except json.JSONDecodeError as exc:
        return ParseResult(None, _syntax_problem(text, exc))
    except RecursionError:
        return ParseResult(None, _depth_problem(text), too_deep=True)
    rest = _skip(text, end)
    if rest < len(text):
        return ParseResult(
            None,
            SyntaxProblem(
                "extra data after the JSON value: a file holds exactly one JSON document",
                (rest, rest + 1),
            ),
        )
    tree = JsonTree(text, value, (first, end))
    if constants:
        return ParseResult(None, _constant_problem(tree, constants[0]))
    duplicates = _find_duplicates(tree) if saw_duplicate else []
    return ParseResult(tree, duplicates=duplicates)


_NOT_JSON = object()
"""What `NaN`, `Infinity` and `-Infinity` decode to: Python's decoder accepts them, JSON (and
so Twilio's API) does not."""


def _constant_problem(tree: JsonTree, name: str) -> SyntaxProblem:
    """A syntax problem at the first `NaN`/`Infinity` of the tree (a duplicate key's value
    that the last one replaced is not in the tree: then the problem is at the start)."""
    message = f"{name} is not a JSON number: write a number or a string"
    if tree.value is _NOT_JSON:
        return SyntaxProblem(message, tree.root_span)
    for pointer, container in tree.iter_containers():
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, child in items:
            if child is _NOT_JSON:
                span = tree.value_span((*pointer, key))
                if span is not None:
                    return SyntaxProblem(message, span)
    return SyntaxProblem(message, (tree.root_span[0], tree.root_span[0] + 1))


def _skip(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _depth_problem(text: str) -> SyntaxProblem:
    """Where nesting first goes deeper than MAX_DEPTH (called only after the C parser gave up
    with RecursionError, so ordinary flows never pay for this scan)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                offset = match.start()
                return SyntaxProblem(
                    f"JSON nested more than {MAX_DEPTH} levels deep is not supported "
                    "(no Studio flow needs it)",
                    (offset, offset + 1),
                )
        elif token in "]}":
            depth -= 1
    return SyntaxProblem("the JSON is nested too deeply to analyse", (0, 1))


_FRIENDLY = {
    "Expecting ',' delimiter": "expected ',' between items, or a closing bracket",
    "Expecting ':' delimiter": "expected ':' after the object key",
    "Expecting value": "expected a JSON value",
    "Expecting property name enclosed in double quotes": (
        "expected an object key in double quotes (JSON allows no trailing commas or comments)"
    ),
    "Unterminated string starting at": "unterminated string",
    "Invalid control character at": "control character inside a string (escape it, e.g. \\n)",
    "Invalid \\escape": "invalid escape sequence in a string",
    "Invalid \\uXXXX escape": "invalid \\u escape in a string",
}


def _syntax_problem(text: str, exc: json.JSONDecodeError) -> SyntaxProblem:
    message = _FRIENDLY.get(exc.msg, exc.msg)
    position = exc.pos
    if position >= len(text):
        message = f"unexpected end of file: {message}"
        position = max(len(text) - 1, 0)
        return SyntaxProblem(message, (position, len(text)))
    found = text[position]
    if exc.msg.startswith("Unterminated string"):
        line_end = text.find("\n", position)
        return SyntaxProblem(message, (position, line_end if line_end != -1 else len(text)))
    if text.startswith("//", position) or text.startswith("/*", position):
        message = "comments are not allowed in JSON"
        end = text.find("\n", position)
        return SyntaxProblem(message, (position, end if end != -1 else len(text)))
    if found not in " \t\r\n":
        message = f"{message}, found {found!r}"
    return SyntaxProblem(message, (position, position + 1))


def _find_duplicates(tree: JsonTree) -> list[DuplicateKey]:
    """Locate duplicate keys by rescanning every object's members (rare, so done in full)."""
    found: list[DuplicateKey] = []
    text = tree.text
    for pointer, value in tree.iter_containers():
        if not isinstance(value, dict):
            continue
        span = tree.value_span(pointer)
        if span is None:
            continue
        seen: dict[str, Span] = {}
        index = _skip(text, span[0] + 1)
        if text[index] == "}":
            continue
        while True:
            key, key_end = _scan_string(text, index + 1)
            key_span = (index, key_end)
            if key in seen:
                found.append(DuplicateKey((*pointer, key), key, key_span, seen[key]))
            else:
                seen[key] = key_span
            index = _skip(text, _skip(text, key_end) + 1)
            _, value_end = _scan_value(text, index)
            index = _skip(text, value_end)
            if text[index] != ",":
                break
            index = _skip(text, index + 1)
    found.sort(key=lambda duplicate: duplicate.span)
    return found
