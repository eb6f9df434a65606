"""Parse one Liquid template (never render it) and say what it reads and uses.

`analyze_template(text)` returns a `TemplateAnalysis`: the variable paths with their offsets,
the filters, and the syntax error if the parser rejects the template. Results are cached by
template text, so a template repeated across widgets and files is parsed once per run.

python-liquid gives the start offset of each variable and filter; end offsets are found here
by re-reading the path from its start (`widgets.a["b"]` prints as `widgets.a.b`, so the printed
length is not the written length). Syntax errors at the end of an expression come without an
offset (`start_index == -1`); they are placed on the enclosing `{{ … }}` or `{% … %}` block,
found by parsing each block alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from typing import Any

from flowlint.liquid.fast_path import analyze_plain
from flowlint.liquid.lexer_guard import PIECE_LENGTH, BoundedSource, bounded_source
from flowlint.liquid.model import FilterUse, LiquidProblem, Segment, TemplateAnalysis, VariablePath
from flowlint.liquid.paths import output_filters, path_end

_CACHE: OrderedDict[str, TemplateAnalysis] = OrderedDict()
_CACHE_LIMIT = 4096
"""Distinct templates kept per process, least recently used dropped first: enough for every
template of a 1 MB flow, small enough that a language server's memory stays flat while the
user types (each keystroke inside a string makes a new template text)."""

_BLOCK = re.compile(r"\{\{.*?(?:\}\}|\Z)|\{%.*?(?:%\}|\Z)", re.DOTALL)
_OPENING_TAG = re.compile(r"\{%-?\s*([A-Za-z_]\w*)")
_CONDITION_TAGS = frozenset({"if", "elsif", "unless", "case"})
_BLOCK_TAGS = frozenset(
    {"if", "unless", "for", "case", "capture", "comment", "raw", "tablerow", "ifchanged"}
)


def clear_cache() -> None:
    """Forget every analysed template (benchmarks time the analysis itself)."""
    _CACHE.clear()


def analyze_template(text: str) -> TemplateAnalysis:
    """Variables, filters and syntax error of the template `text` (cached by text)."""
    cached = _CACHE.get(text)
    if cached is not None:
        _CACHE.move_to_end(text)
        return cached
    analysis = analyze_plain(text)
    if analysis is None:
        analysis = _analyze_with_python_liquid(text)
    _CACHE[text] = analysis
    if len(_CACHE) > _CACHE_LIMIT:
        _CACHE.popitem(last=False)
    return analysis


def _analyze_with_python_liquid(text: str) -> TemplateAnalysis:
    """Parse with python-liquid, which only ever sees the bounded form of the template
    (`lexer_guard`): offsets found in it are mapped back to `text`."""
    source = bounded_source(text)
    analysis = _analyze_bounded(text, source)
    if source.unclosed_at < 0 or analysis.error is not None:
        return analysis
    return TemplateAnalysis(error=_unclosed_problem(text, source.unclosed_at))


def _analyze_bounded(text: str, source: BoundedSource) -> TemplateAnalysis:
    from liquid import parse
    from liquid.exceptions import LiquidError

    try:
        template = parse(source.text)
        analysis = template.analyze(include_partials=False)
    except LiquidError as error:  # also e.g. a partial that cannot be loaded
        return TemplateAnalysis(error=_mapped_problem(source, _problem(source.text, error)))
    mapped = source.original_offset
    variables = [
        _variable_path(text, variable.segments, mapped(variable.span.index))
        for found in analysis.globals.values()
        for variable in found
    ]
    variables.sort(key=lambda variable: variable.start)
    conditions = _condition_spans(text)
    if conditions:
        starts = [start for start, _ in conditions]
        variables = [
            variable._replace(tested=True)
            if _inside(conditions, starts, variable.start)
            else variable
            for variable in variables
        ]
    filters = []
    for name, spans in analysis.filters.items():
        for span in spans:
            if span.index >= 0:
                start = mapped(span.index)
                filters.append(FilterUse(name, start, start + len(name)))
    filters.sort(key=lambda use: use.start)
    return TemplateAnalysis(tuple(variables), tuple(filters))


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether `offset` falls in one of `spans` (sorted, not overlapping): one bisection
    instead of a scan, so a template with many tags stays linear."""
    index = bisect_right(starts, offset) - 1
    return index >= 0 and offset < spans[index][1]


def _mapped_problem(source: BoundedSource, problem: LiquidProblem) -> LiquidProblem:
    mapped = source.original_offset
    return LiquidProblem(problem.message, mapped(problem.start), mapped(problem.end))


def _unclosed_problem(text: str, start: int) -> LiquidProblem:
    """The error for the construct that is never closed at `start`, in python-liquid's words
    (from parsing a short piece of it), spanning that construct to the end of the text."""
    from liquid import parse
    from liquid.exceptions import LiquidError

    message = "this Liquid markup is never closed"
    try:
        parse(text[start : start + PIECE_LENGTH])
    except LiquidError as error:
        message = str(getattr(error, "message", None) or error).strip()
    return LiquidProblem(message, start, len(text))


def _condition_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the `{% if %}`, `{% elsif %}`, `{% unless %}` and `{% case %}` tags."""
    return [
        (block.start(), block.end())
        for block in _BLOCK.finditer(text)
        if (opening := _OPENING_TAG.match(block.group())) and opening.group(1) in _CONDITION_TAGS
    ]


def _variable_path(text: str, segments: Any, start: int) -> VariablePath:
    end = path_end(text, start) if start >= 0 else -1
    if end <= start:
        start, end = max(start, 0), max(start, 0)
    return VariablePath(_segments(segments), start, end, output_filters(text, end))


def _segments(segments: Any) -> tuple[Segment, ...]:
    result: list[Segment] = []
    for segment in segments:
        if isinstance(segment, list | tuple):
            result.append(_segments(segment))
        elif isinstance(segment, int | str):
            result.append(segment)
        else:
            result.append(str(segment))
    return tuple(result)


def _problem(text: str, error: Any) -> LiquidProblem:
    message = str(getattr(error, "message", None) or error).strip()
    token = getattr(error, "token", None)
    index = getattr(token, "start_index", -1) if token is not None else -1
    if isinstance(index, int) and 0 <= index <= len(text):
        return LiquidProblem(message, *_enclosing_block(text, index))
    return LiquidProblem(message, *_failing_block(text, message))


def _enclosing_block(text: str, index: int) -> tuple[int, int]:
    for block in _BLOCK.finditer(text):
        if block.start() <= index < max(block.end(), block.start() + 1):
            return block.start(), block.end()
    return index, min(index + 1, len(text))


def _failing_block(text: str, message: str) -> tuple[int, int]:
    """The block an offset-less error belongs to: the unclosed tag for `expected tag endX`,
    else the first block that fails to parse on its own; the whole text as a last resort."""
    from liquid import parse
    from liquid.exceptions import LiquidError

    missing_end = re.search(r"expected tag end(\w+)", message)
    blocks = list(_BLOCK.finditer(text))
    if missing_end:
        tag = missing_end.group(1)
        for block in reversed(blocks):
            opening = _OPENING_TAG.match(block.group())
            if opening and opening.group(1) == tag:
                return block.start(), block.end()
    for block in blocks:
        source = block.group()
        opening = _OPENING_TAG.match(source)
        if opening and opening.group(1) in _BLOCK_TAGS:
            source += "{% end" + opening.group(1) + " %}"
        try:
            parse(source)
        except LiquidError:
            return block.start(), block.end()
    return 0, len(text)
