"""Reading the flow a test file names: one definition, with the positions of its nodes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flowlint.model.documents import DocumentKind, classify
from flowlint.model.flow import Flow
from flowlint.source.pointer import Pointer
from flowlint.source.reading import read_file
from flowlint.source.text import DecodeError, LineIndex, decode_source
from flowlint.source.tree import JsonTree, parse_json

MAX_FLOW_BYTES = 50 * 1024 * 1024


class FlowFileError(Exception):
    """A flow file that cannot be simulated; the message names the file."""


@dataclass
class FlowFile:
    path: Path
    flow: Flow
    tree: JsonTree
    lines: LineIndex

    def line_column(self, pointer: Pointer) -> tuple[int, int]:
        """1-based line and column (in code points) of the node at `pointer`, or of its
        nearest ancestor that exists in the text."""
        _, span = self.tree.nearest_span(pointer)
        return self.lines.line_column(span[0])

    def position(self, pointer: Pointer) -> str:
        """`path:line:column` of the node at `pointer`."""
        line, column = self.line_column(pointer)
        return f"{self.path}:{line}:{column}"


def read_flow_file(path: Path) -> FlowFile:
    try:
        data = read_file(path, MAX_FLOW_BYTES)
    except OSError as exc:
        raise FlowFileError(f"cannot read the flow {path}: {exc.strerror or exc}") from exc
    try:
        text = decode_source(data)
    except DecodeError as exc:
        raise FlowFileError(f"cannot read the flow {path}: {exc}") from exc
    parsed = parse_json(text)
    if parsed.tree is None:
        message = parsed.syntax.message if parsed.syntax else "not JSON"
        raise FlowFileError(f"the flow {path} is not valid JSON: {message}")
    document = classify(parsed.tree.value)
    if document.kind is DocumentKind.NOT_A_FLOW or len(document.flows) != 1:
        raise FlowFileError(f"{path} does not hold exactly one Studio flow definition")
    flow = document.flows[0]
    if flow.problems:
        raise FlowFileError(f"the flow {path} is not usable: {flow.problems[0].message}")
    return FlowFile(path, flow, parsed.tree, LineIndex(text))
