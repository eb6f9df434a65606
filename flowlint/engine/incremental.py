"""The engine's side of incremental linting: findings of `scope = "widget"` rules reused for
the widgets whose text is unchanged since the previous lint of the document (the memo and the
design: flowlint/model/widget_memo.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from flowlint.model.widget_memo import WidgetMemo
from flowlint.rule import Report, Rule, RuleContext
from flowlint.source.edits import Edit, Fix
from flowlint.source.tree import JsonTree, Span

if TYPE_CHECKING:
    from flowlint.model.documents import Document
    from flowlint.model.flow import Widget


class RerunInFull(Exception):
    """A `scope = "widget"` rule raised during an incremental lint: the engine starts the lint
    again in full, so the crash is reported (and the rule skipped) exactly as the CLI does."""


class _RelativeFinding(NamedTuple):
    """A finding of a widget-scoped rule, with offsets relative to its widget's start."""

    rule: Rule
    report: Report
    span: Span
    related: tuple[tuple[int, int, str], ...]


def add_widget_scoped_findings(
    path: str,
    tree: JsonTree,
    document: Document,
    rules: list[Rule],
    options: dict[str, dict[str, Any]],
    memo: WidgetMemo,
    add: Callable[[Rule, Report, Span, list[tuple[int, int, str]]], None],
) -> None:
    """Hand the findings of the `scope = "widget"` `rules` to `add` (with their spans in the
    text), reusing those of every widget whose text is unchanged since the memo's previous
    lint. Their spans are kept relative to the widget's start, which an edit above the
    widget moves."""
    if not rules:
        return
    found: list[tuple[Rule, Report]] = []

    def sink(rule: Rule, report: Report) -> None:
        found.append((rule, report))

    hooks: list[tuple[Callable[..., None], str, RuleContext]] = []
    for rule in rules:
        context = RuleContext(rule, path, tree, document, options[rule.name], _sink=sink)
        hooks.extend((getattr(rule, hook), hook, context) for hook in type(rule).hooks())

    def check(widget: Widget) -> list[_RelativeFinding]:
        found.clear()
        for method, hook, context in hooks:
            context.flow = widget.flow
            try:
                if hook == "check_widget":
                    method(widget, context)
                else:
                    for transition in widget.transitions:
                        method(transition, context)
            except Exception as exc:
                raise RerunInFull from exc
        start, end = memo.span(widget)
        relative = []
        for rule, report in found:
            span, related = report.place(tree)
            if report.fix is not None:
                if not all(start <= e.start <= e.end <= end for e in report.fix.edits):
                    raise RerunInFull  # a fix that edits outside its widget: not reusable
                report = replace(report, fix=_moved(report.fix, -start))
            relative.append(
                _RelativeFinding(
                    rule,
                    report,
                    (span[0] - start, span[1] - start),
                    tuple((begin - start, end - start, note) for begin, end, note in related),
                )
            )
        return relative

    for flow in document.flows:
        # The one flow-level fact widget-scoped rules may read is part of the key.
        what = "widget-rules" if flow.legacy is None else "widget-rules-legacy"
        for widget in flow.widgets:
            findings = memo.get(widget, what, check)
            if not findings:
                continue
            start = memo.span(widget)[0]
            for rule, report, span, related in findings:
                if report.fix is not None:
                    report = replace(report, fix=_moved(report.fix, start))
                add(
                    rule,
                    report,
                    (span[0] + start, span[1] + start),
                    [(begin + start, end + start, note) for begin, end, note in related],
                )


def _moved(fix: Fix, delta: int) -> Fix:
    """The fix with its edits `delta` characters further on."""
    edits = tuple(Edit(e.start + delta, e.end + delta, e.text) for e in fix.edits)
    return fix._replace(edits=edits)
