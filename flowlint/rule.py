"""The rule API: what a rule module defines and what it can ask of the engine.

A rule is a subclass of `Rule` in its own module, with metadata as class attributes and its
documentation as the class docstring in fixed Markdown sections::

    class UnreachableWidget(Rule):
        '''
        ## What it finds
        ...
        ## Why it matters
        ...
        ## Example
        ```json
        ...
        ```
        ## Fix
        ```json
        ...
        ```
        '''

        code = "FL201"
        name = "unreachable-widget"
        category = "graph"
        severity = Severity.WARNING
        summary = "A widget that no path from the initial state reaches"

        def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
            ...
            ctx.report(widget.name_pointer, f"widget '{widget.name}' is never reached", widget)

The engine walks the model once and calls the hooks a rule overrides: `check_document` once per
file, `check_flow` once per flow, `check_widget` per widget and `check_transition` per
transition. A rule reports a JSON Pointer (or a span inside a string value); the engine turns it
into an exact range, applies the configured severity, and turns any exception the rule raises
into an `internal-error` diagnostic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from flowlint.diagnostics import RelatedLocation, Severity
from flowlint.source.edits import Applicability, Fix
from flowlint.source.pointer import Pointer

if TYPE_CHECKING:
    from flowlint.model.documents import Document
    from flowlint.model.flow import Flow, Transition, Widget
    from flowlint.project.model import Project
    from flowlint.source.tree import JsonTree
    from flowlint.templates.profiles import Profile

__all__ = ["Option", "Rule", "RuleContext", "RuleDocs", "Severity"]

DOC_SECTIONS = ("What it finds", "Why it matters", "Example", "Fix")
"""The sections every rule's documentation has, in this order (more may follow)."""


class Option(NamedTuple):
    """A setting of a rule, configurable per project (`[tool.flowlint.rules.<name>]`)."""

    name: str
    type: type | tuple[type, ...]
    """The accepted type, or a tuple of them (e.g. a word or a list)."""
    default: Any
    description: str
    check: Callable[[Any], str | None] | None = None
    """Judges a value of the right type: a description of what is wrong with it, or None."""
    strict: Any = None
    """The value `preset = "strict"` gives the option (a stricter check), or None when the
    default is already the strictest; a value the user sets always wins (flowlint.engine.presets)."""

    @property
    def type_label(self) -> str:
        """The accepted type(s) by Python name, e.g. `int` or `str or list`."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        return " or ".join(each.__name__ for each in types)


class RuleDocs(NamedTuple):
    """A rule's documentation, split into its sections."""

    sections: dict[str, str]

    @classmethod
    def parse(cls, text: str) -> RuleDocs:
        sections: dict[str, str] = {}
        current: str | None = None
        lines: list[str] = []
        for line in text.splitlines():
            heading = re.match(r"^##\s+(.+?)\s*$", line)
            if heading:
                if current is not None:
                    sections[current] = "\n".join(lines).strip()
                current = heading.group(1)
                lines = []
            elif current is not None:
                lines.append(line)
        if current is not None:
            sections[current] = "\n".join(lines).strip()
        return cls(sections)

    def missing(self) -> list[str]:
        return [section for section in DOC_SECTIONS if not self.sections.get(section)]

    def markdown(self) -> str:
        return "\n\n".join(f"## {title}\n\n{body}" for title, body in self.sections.items())


class Rule:
    """Base class of every rule; subclasses override the hooks they need."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    options: ClassVar[tuple[Option, ...]] = ()
    default_enabled: ClassVar[bool] = True
    """False for an opt-in rule: it runs only when a selector names it (`--select ALL`,
    `extend-select`, its code or name) or `preset = "strict"` is on."""
    engine_reported: ClassVar[bool] = False
    """True for rules the engine itself reports (json-syntax, internal-error, ...)."""
    input_problem: ClassVar[bool] = False
    """True for findings that say a file could not be checked as asked (unreadable, not JSON,
    not a flow, too large, a rule crashed): they are reported whatever `--select`, `--ignore`,
    per-file ignores or a baseline say, since hiding them would pass off an unchecked file
    as a clean one."""
    tool_failure: ClassVar[bool] = False
    """True for input problems that are flowlint's failure rather than the file's (a rule
    crashed, a file could not be read, the time budget ran out): the exit status is 2."""

    fixes: ClassVar[tuple[Applicability, ...]] = ()
    """The applicabilities of the fixes the rule can attach (docs/fixes.md lists them; the
    `## Fix` section says when each applies and why it is safe or not)."""
    scope: ClassVar[str] = "flow"
    """`"widget"` when the rule's findings for a widget depend only on that widget's JSON text
    and pointer (and on whether the flow is a legacy export, `flow.legacy`): the language
    server then reuses them while the widget's text is unchanged (flowlint/model/widget_memo.py).
    Such a rule has only `check_widget`/`check_transition` hooks, reports inside its widget
    and reads nothing of other widgets (names, transitions, the graph, Liquid references).
    `"flow"` (the default) runs the rule on every lint."""

    origin: ClassVar[str] = "builtin"
    """Where the registry found the rule: `builtin`, an entry point or a rules directory."""

    def check_document(self, document: Document, ctx: RuleContext) -> None:
        """Called once per file that holds JSON (any kind of document)."""

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        """Called once per flow definition in the file."""

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        """Called once per widget (entry of `states` that is an object)."""

    def check_transition(self, transition: Transition, ctx: RuleContext) -> None:
        """Called once per transition of every widget."""

    @classmethod
    def docs(cls) -> RuleDocs:
        return RuleDocs.parse(_dedent(cls.__doc__ or ""))

    @classmethod
    def hooks(cls) -> list[str]:
        """The hook names this rule overrides."""
        return [
            hook
            for hook in ("check_document", "check_flow", "check_widget", "check_transition")
            if getattr(cls, hook) is not getattr(Rule, hook)
        ]


def _dedent(text: str) -> str:
    import inspect

    return inspect.cleandoc(text)


@dataclass(eq=False)
class Report:
    """What a rule reported, before positions are resolved."""

    pointer: Pointer
    message: str
    widget: str | None
    on_key: bool = False
    span: tuple[int, int] | None = None
    severity: Severity | None = None
    related: tuple[tuple[Pointer, str], ...] = ()
    """Other nodes the finding concerns, each with a note (editors and SARIF show them)."""

    def place(self, tree: JsonTree) -> tuple[tuple[int, int], list[tuple[int, int, str]]]:
        """Where the finding is in the text (its span, its pointer's key or value, or the
        nearest existing parent), and the (start, end, note) of each related node."""
        span = self.span
        if span is None:
            if self.on_key:
                span = tree.key_span(self.pointer)
            if span is None:
                _, span = tree.nearest_span(self.pointer)
        related = []
        for pointer, note in self.related:
            _, (start, end) = tree.nearest_span(pointer)
            related.append((start, end, note))
        return span, related

    fix: Fix | None = None
    related_elsewhere: tuple[RelatedLocation, ...] = ()
    """Places in other files (a subflow's widget), already located."""


@dataclass(eq=False)
class RuleContext:
    """Handed to every hook: where we are, the rule's options, and `report`."""

    rule: Rule
    path: str
    tree: JsonTree
    document: Document
    options: dict[str, Any]
    flow: Flow | None = None
    environments: Mapping[str, Profile] = field(default_factory=dict)
    """The configured environment profiles (`literal-environment-value` reads them)."""
    project: Project | None = None
    """The flows and Functions this file works with (`flowlint.project`), or None when
    the file is checked alone. Rules about subflow and Function contracts ask it, e.g.
    `ctx.project.subflow_of(widget)`."""
    reports: list[Report] = field(default_factory=list)
    _sink: Callable[[Rule, Report], None] | None = None

    def report(
        self,
        pointer: Pointer,
        message: str,
        widget: Widget | str | None = None,
        *,
        on_key: bool = False,
        span: tuple[int, int] | None = None,
        severity: Severity | None = None,
        related: tuple[tuple[Pointer, str], ...] = (),
        fix: Fix | None = None,
        related_elsewhere: tuple[RelatedLocation, ...] = (),
    ) -> None:
        """Report a finding at the node `pointer` (its key with `on_key`), or at `span`, a
        (start, end) pair of character offsets in the file (e.g. inside a string).

        `severity` lets a graded rule (e.g. a size limit with a warning threshold) report below
        its default; a severity configured by the user for the rule always wins. `related`
        names other nodes the finding concerns, each with a note; `related_elsewhere` names
        places in other files (from `ctx.project`). `fix` repairs the finding (edits on
        `ctx.tree.text`; build them with `flowlint.source.json_edits`), and the rule's `## Fix`
        section says whether and why it is safe or unsafe.
        """
        widget_name = widget if isinstance(widget, str) or widget is None else widget.name
        report = Report(
            pointer, message, widget_name, on_key, span, severity, related, fix, related_elsewhere
        )
        if self._sink is not None:
            self._sink(self.rule, report)
        else:
            self.reports.append(report)

    def option(self, name: str) -> Any:
        return self.options[name]
