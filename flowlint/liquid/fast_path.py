"""Plain outputs without python-liquid: `{{ a.b.c }}`, `{{ a.b | filter: 'x', c.d }}`.

Almost every template in real flows is text with a few such outputs. Importing python-liquid
costs about 200 ms (babel, dateutil, pytz come with it), more than linting a whole directory
of flows, so templates made only of plain outputs are read here with one regular expression,
and everything else (tags, ranges, keywords, odd spacing, anything this grammar does not know)
goes to python-liquid. tests/liquid/test_fast_path.py proves both give identical results on
every template of the real-flow corpus and on hand-written edge cases.
"""

from __future__ import annotations

import re

from flowlint.liquid.model import FilterUse, Segment, TemplateAnalysis, VariablePath
from flowlint.liquid.paths import output_filters

_IDENT = r"[A-Za-z_](?:[A-Za-z0-9_\-]*[A-Za-z0-9_])?"
_STEP = r"(?:\." + _IDENT + r"|\[[0-9]+\]|\['[^'\]\[]*'\]|\[\"[^\"\]\[]*\"\])"
_PATH = _IDENT + _STEP + "*"
_ARG = r"(?:'[^'{}]*'|\"[^\"{}]*\"|-?[0-9]+(?:\.[0-9]+)?|" + _PATH + ")"
_FILTER = r"\|[ \t]*" + _IDENT + r"(?:[ \t]*:[ \t]*" + _ARG + r"(?:[ \t]*,[ \t]*" + _ARG + r")*)?"
_OUTPUT = re.compile(
    r"\{\{-?[ \t]*(?P<path>" + _PATH + r")[ \t]*(?P<filters>(?:" + _FILTER + r"[ \t]*)*)-?\}\}"
)
_STEP_PARTS = re.compile(
    r"\.(?P<name>"
    + _IDENT
    + r")|\[(?P<index>[0-9]+)\]|\['(?P<single>[^']*)'\]|\[\"(?P<double>[^\"]*)\"\]"
)
_FILTER_PARTS = re.compile(
    r"\|[ \t]*(?P<name>" + _IDENT + r")|(?P<string>'[^']*'|\"[^\"]*\")|(?P<path>" + _PATH + ")"
)
_ROOT = re.compile(_IDENT)

_KEYWORDS = frozenset({"true", "false", "nil", "null", "empty", "blank"})
"""Words python-liquid reads as literals, not variables: left to it."""


def analyze_plain(text: str) -> TemplateAnalysis | None:
    """The analysis of `text` if it is plain text and plain outputs only; None otherwise."""
    if "{%" in text:
        return None
    variables: list[VariablePath] = []
    filters: list[FilterUse] = []
    position = 0
    while True:
        opening = text.find("{{", position)
        if opening < 0:
            break
        match = _OUTPUT.match(text, opening)
        if match is None:
            return None
        path = _variable(text, match.group("path"), match.start("path"))
        if path is None:
            return None
        variables.append(path)
        base = match.start("filters")
        for part in _FILTER_PARTS.finditer(match.group("filters")):
            if part.group("name") is not None:
                name = part.group("name")
                filters.append(FilterUse(name, base + part.start("name"), base + part.end("name")))
            elif part.group("path") is not None:
                argument = _variable(text, part.group("path"), base + part.start("path"))
                if argument is None:
                    return None
                variables.append(argument)
        position = match.end()
    return TemplateAnalysis(tuple(variables), tuple(filters))


def _variable(text: str, path: str, start: int) -> VariablePath | None:
    root = _ROOT.match(path)
    assert root is not None
    if root.group() in _KEYWORDS:
        return None
    segments: list[Segment] = [root.group()]
    for step in _STEP_PARTS.finditer(path, root.end()):
        if step.group("name") is not None:
            segments.append(step.group("name"))
        elif step.group("index") is not None:
            segments.append(int(step.group("index")))
        elif step.group("single") is not None:
            segments.append(step.group("single"))
        else:
            segments.append(step.group("double"))
    end = start + len(path)
    return VariablePath(tuple(segments), start, end, output_filters(text, end))
