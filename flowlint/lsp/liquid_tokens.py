"""Semantic tokens for the Liquid inside a flow's strings: the `{{ }}`/`{% %}` delimiters,
the variable paths, and filters, so editors colour templates inside plain JSON strings.

Only strings of widgets are scanned (from the flow index's JSON tree); positions are encoded
the LSP way (relative line and start, length in the client's position units)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flowlint.lsp.model_view import ModelView
from flowlint.source.pointer import Pointer

TOKEN_TYPES = ["macro", "variable", "function", "keyword"]
"""Legend: delimiter → macro, variable path → variable, filter → function, tag → keyword."""
TOKEN_MODIFIERS: list[str] = []

_DELIMITED = re.compile(r"\{\{-?|-?\}\}|\{%-?|-?%\}")
_BLOCK = re.compile(r"(\{\{-?|\{%-?)(.*?)(-?\}\}|-?%\}|$)", re.DOTALL)
_WORD = re.compile(r"\|\s*([A-Za-z_][\w]*)|([A-Za-z_][\w\-]*(?:\.[A-Za-z_\w\-]+|\[[^\]]*\])*)")
_STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")

Token = tuple[int, int, int]
"""(start offset, end offset, token type index) in the document text."""


def _block_tokens(inner: str, base: int, is_tag: bool) -> Iterator[Token]:
    masked = _STRING_LITERAL.sub(lambda m: " " * len(m.group(0)), inner)
    first_word = True
    for match in _WORD.finditer(masked):
        if match.group(1):
            start = match.start(1)
            yield base + start, base + match.end(1), TOKEN_TYPES.index("function")
            continue
        start = match.start(2)
        kind = "keyword" if is_tag and first_word else "variable"
        first_word = False
        yield base + start, base + match.end(2), TOKEN_TYPES.index(kind)


def _string_tokens(text: str, start: int, end: int) -> Iterator[Token]:
    """Tokens in the JSON string `text[start:end]` (its raw text, escapes undecoded)."""
    raw = text[start:end]
    if "{" not in raw:
        return
    for block in _BLOCK.finditer(raw):
        opening, inner, closing = block.group(1), block.group(2), block.group(3)
        if not closing and block.end() == len(raw):
            inner = inner[:-1] if inner.endswith('"') else inner
        base = start + block.start()
        yield base, base + len(opening), TOKEN_TYPES.index("macro")
        yield from _block_tokens(inner, base + len(opening), opening.startswith("{%"))
        if closing:
            close_start = start + block.end() - len(closing)
            yield close_start, close_start + len(closing), TOKEN_TYPES.index("macro")


def liquid_tokens(view: ModelView) -> list[Token]:
    """Every Liquid token in the widgets' string values, in text order, as spans of the
    current text (tokens in text edited since the model was built are left out)."""
    tree = view.tree
    text = tree.text
    found: list[Token] = []
    for flow in view.model.flows:
        for widget in flow.widgets:
            for span in _strings_under(view, widget.pointer):
                for start, end, kind in _string_tokens(text, span[0] + 1, span[1] - 1):
                    current = view.current_span((start, end))
                    if current is not None:
                        found.append((current[0], current[1], kind))
    found.sort()
    return found


def _strings_under(view: ModelView, root: Pointer) -> Iterator[tuple[int, int]]:
    """The spans (quotes included) of every string value below `root`."""
    tree = view.tree
    stack = [root]
    while stack:
        pointer = stack.pop()
        children = tree.children(pointer)
        for child in children:
            child_pointer = (*pointer, child)
            span = tree.value_span(child_pointer)
            if span is None:
                continue
            opening = tree.text[span[0]]
            if opening == '"':
                yield span
            elif opening in "{[":
                stack.append(child_pointer)


def encode(view: ModelView, tokens: list[Token]) -> list[int]:
    """The LSP relative encoding: per token (Δline, Δstart, length, type, modifiers), with
    positions and lengths in the client's position encoding. Tokens spanning lines (a
    string never does) are left out."""
    lines = view.document.lines
    data: list[int] = []
    previous_line = 0
    previous_start = 0
    for start, end, kind in tokens:
        first = lines.position(start)
        last = lines.position(end)
        if first.line != last.line:
            continue
        delta_line = first.line - previous_line
        delta_start = first.character - previous_start if delta_line == 0 else first.character
        data += [delta_line, delta_start, last.character - first.character, kind, 0]
        previous_line, previous_start = first.line, first.character
    return data
