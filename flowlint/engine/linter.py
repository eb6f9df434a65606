"""The pipeline: bytes → text → JSON tree → documents and flows → rules → diagnostics.

`Linter` is shared by the command line and the language server. It enables only the selected
rules (disabled rules never run), walks each flow once handing every node to the rules that
want it, and turns a rule that raises into an `internal-error` diagnostic while the other
rules carry on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flowlint.diagnostics import Diagnostic, Position, Range, RelatedLocation, Severity
from flowlint.engine.incremental import RerunInFull, add_widget_scoped_findings
from flowlint.engine.presets import enabled_by_default, option_default
from flowlint.engine.registry import Registry, load_registry
from flowlint.engine.settings import ConfigError, Settings
from flowlint.model.documents import Document, DocumentKind, classify
from flowlint.model.widget_memo import MEMO_KEY, WidgetMemo
from flowlint.project.model import Project
from flowlint.rule import Report, Rule, RuleContext
from flowlint.source.pointer import Pointer
from flowlint.source.surrogates import escape_lone_surrogates
from flowlint.source.text import DecodeError, LineIndex, decode_source
from flowlint.source.tree import JsonTree, Span, parse_json
from flowlint.templates.scan import MARK as TEMPLATE_MARK

if TYPE_CHECKING:
    from flowlint.templates.render import Rendering

# Rules the engine reports itself, by name.
JSON_SYNTAX = "json-syntax"
DUPLICATE_KEY = "duplicate-key"
NOT_A_FLOW = "not-a-flow"
INTERNAL_ERROR = "internal-error"
FILE_TOO_LARGE = "file-too-large"
CHECK_TIMEOUT = "check-timeout"
STRUCTURE = "invalid-flow-structure"
UNREADABLE_FILE = "unreadable-file"

_JSONC = "comments are not allowed in JSON"
"""The syntax message of a file with comments: tsconfig.json, .eslintrc.json and other JSON
with comments (JSONC) that a directory walk meets and that cannot be a Studio flow."""


@dataclass(eq=False)
class FileResult:
    """The outcome for one file: diagnostics, or an I/O error that kept it from being read."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None
    error: str | None = None
    """Why the file could not be read at all (exit status 2)."""
    skipped: bool = False
    """A directory walk found JSON that is not a flow and skipped it silently."""
    skip_reason: str = ""
    """Why it was skipped (listed by `check -v`)."""
    unparsable_unnamed: bool = False
    """Not named explicitly, does not parse and does not look like a flow: a directory walk
    reports it as a warning, the language server (where any JSON may be half-typed) not."""
    hidden: list[Diagnostic] = field(default_factory=list)
    """Findings below `show-severity`, left out of the reports (flowlint.reporters.shown)."""
    kind: DocumentKind | None = None
    document: Document | None = None
    tree: JsonTree | None = None
    line_index: LineIndex | None = field(default=None, repr=False)

    def lines(self) -> LineIndex:
        """Line index of the text, built on first use."""
        if self.line_index is None:
            self.line_index = LineIndex(self.text or "")
        return self.line_index


class Linter:
    """Runs the enabled rules over files; build one per run (or per LSP configuration)."""

    def __init__(
        self,
        settings: Settings | None = None,
        registry: Registry | None = None,
        project: Project | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.project = project
        """The flows and Functions of the repository (see `flowlint.project`), handed
        to every rule as `ctx.project`; None checks each file alone."""
        self.registry = registry or load_registry(self.settings.rules_dirs)
        self.enabled = self._resolve_enabled()
        rules = self.registry.rules
        self.input_problems = {rule.name for rule in rules if getattr(rule, "input_problem", 0)}
        """Rules reported whatever the selection, per-file ignores or a baseline say."""
        self.tool_failures = {rule.name for rule in rules if getattr(rule, "tool_failure", 0)}
        """Rules that mean flowlint failed to check a file (exit status 2)."""
        self.severities = self._resolve_severities()
        self.options = self._resolve_options()
        self._instances = {
            rule.name: rule() for rule in self.registry.sorted_rules() if rule.name in self.enabled
        }

    # -- configuration -----------------------------------------------------------------------

    def _resolve_enabled(self) -> set[str]:
        settings = self.settings
        registry = self.registry
        registry.check_selectors(settings.select or [], "--select")
        registry.check_selectors(settings.ignore, "--ignore")
        registry.check_selectors(settings.extend_select, "--extend-select")
        if settings.select is None:
            enabled = {
                rule.name for rule in registry.rules if enabled_by_default(rule, settings.preset)
            }
        else:
            enabled = {
                rule.name for selector in settings.select for rule in registry.matching(selector)
            }
        enabled |= {
            rule.name for selector in settings.extend_select for rule in registry.matching(selector)
        }
        enabled -= {
            rule.name for selector in settings.ignore for rule in registry.matching(selector)
        }
        return enabled

    def _resolve_severities(self) -> dict[str, Severity]:
        severities = {rule.name: rule.severity for rule in self.registry.rules}
        self.overridden: set[str] = set()
        for key, severity in self.settings.severities.items():
            matched = self.registry.matching(key)
            if not matched:
                raise ConfigError(f"severity override for '{key}': no such rule")
            for rule in matched:
                severities[rule.name] = severity
                self.overridden.add(rule.name)
        return severities

    def _resolve_options(self) -> dict[str, dict[str, Any]]:
        options: dict[str, dict[str, Any]] = {}
        for rule in self.registry.rules:
            options[rule.name] = {
                option.name: option_default(option, self.settings.preset) for option in rule.options
            }
        for key, values in self.settings.rule_options.items():
            rule_type = self.registry.get(key)
            if rule_type is None:
                raise ConfigError(f"options for '{key}': no such rule")
            known = {option.name: option for option in rule_type.options}
            for name, value in values.items():
                option = known.get(name)
                if option is None:
                    names = ", ".join(sorted(known)) or "none"
                    raise ConfigError(
                        f"rule {rule_type.name} has no option '{name}' (its options: {names})"
                    )
                expected = option.type
                if expected is float and isinstance(value, int) and not isinstance(value, bool):
                    value = float(value)
                if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                    raise ConfigError(
                        f"option '{name}' of rule {rule_type.name} must be {option.type_label}, "
                        f"got {value!r}"
                    )
                problem = option.check(value) if option.check is not None else None
                if problem is not None:
                    raise ConfigError(f"option '{name}' of rule {rule_type.name}: {problem}")
                options[rule_type.name][name] = value
        return options

    def is_enabled(self, name: str) -> bool:
        return name in self.enabled

    # -- entry points ------------------------------------------------------------------------

    def unreadable(self, path: str, reason: str) -> FileResult:
        """The result for a file that could not be read: an `unreadable-file` finding."""
        result = FileResult(path, text="", error=reason)
        message = f"cannot read the file: {reason}"
        self._engine_diagnostic(result, UNREADABLE_FILE, message, None, None)
        return result

    def lint_bytes(self, data: bytes, path: str, *, explicit: bool = True) -> FileResult:
        """Lint raw file content. `explicit` is False for files found by a directory walk."""
        result = FileResult(path)
        if len(data) > self.settings.max_file_size:
            result.text = ""
            self._engine_diagnostic(
                result,
                FILE_TOO_LARGE,
                f"the file is larger than the {self.settings.max_file_size:,}-byte limit, so it "
                "was not checked (Studio accepts definitions under 1 MB; raise the limit "
                "with --max-file-size)",
                None,
                (0, 0),
            )
            return result
        try:
            text = decode_source(data)
        except DecodeError as exc:
            result.text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
            self._engine_diagnostic(
                result, JSON_SYNTAX, exc.message, None, (exc.offset, exc.offset + 1)
            )
            if not explicit:
                _demote_walked_syntax_error(result)
            return result
        return self.lint_text(text, path, explicit=explicit, result=result)

    def lint_text(
        self,
        text: str,
        path: str,
        *,
        explicit: bool = True,
        result: FileResult | None = None,
        memo: WidgetMemo | None = None,
    ) -> FileResult:
        """Lint decoded text (the language server calls this with the editor buffer, and
        with the document's `memo` of per-widget results of its previous lint)."""
        if memo is not None:
            try:
                return self._lint_text(text, path, explicit, result, memo)
            except RerunInFull:
                memo.abandon()
                result = None  # a rule crashed: the full lint reports it exactly as the CLI
        return self._lint_text(text, path, explicit, result, None)

    def _lint_text(
        self,
        text: str,
        path: str,
        explicit: bool,
        result: FileResult | None,
        memo: WidgetMemo | None,
    ) -> FileResult:
        result = result or FileResult(path)
        if TEMPLATE_MARK in text:  # `${NAME}` placeholders: lint it rendered, report here
            from flowlint.templates.render import render

            rendering = render(text, self.settings.environment_values)
            if rendering.is_template:
                return self._lint_template(rendering, result, explicit, memo)
        return self._lint_concrete(text, result, explicit, memo)

    def _lint_template(
        self, rendering: Rendering, result: FileResult, explicit: bool, memo: WidgetMemo | None
    ) -> FileResult:
        """Lint the rendered text, then report in the template (see docs/environments.md)."""
        from flowlint.engine.templates import UNDEFINED_PLACEHOLDER, in_template, undefined

        self._lint_concrete(rendering.text, result, explicit, memo)
        if result.skipped:
            return result
        result.text = rendering.template
        result.line_index = None
        if rendering.text != rendering.template:
            result.tree = None  # its offsets are the rendered text's, not the file's
        result.diagnostics = in_template(result.diagnostics, rendering, self.input_problems)
        found = len(result.diagnostics)
        for placeholder, message in undefined(rendering, self.settings):
            span = (placeholder.start, placeholder.end)
            self._engine_diagnostic(result, UNDEFINED_PLACEHOLDER, message, None, span)
        added = result.diagnostics[found:]
        if self.settings.environment is None:  # no environment chosen: a hint, not an error
            added = [
                d if d.rule in self.overridden else d._replace(severity=Severity.WARNING)
                for d in added
            ]
        result.diagnostics = result.diagnostics[:found] + self._filter(result.path, added)
        result.diagnostics.sort(key=Diagnostic.sort_key)
        return result

    def _lint_concrete(
        self, text: str, result: FileResult, explicit: bool, memo: WidgetMemo | None
    ) -> FileResult:
        """Lint text that is a flow definition as it stands (no template to render); `memo`:
        per-widget results of the previous lint of this document (language server)."""
        result.text = text
        parsed = parse_json(text)
        if parsed.tree is None:
            assert parsed.syntax is not None
            walked_unlike_flow = not explicit and not _looks_like_flow_text(text)
            if walked_unlike_flow and parsed.syntax.message == _JSONC:
                result.skipped = True
                result.skip_reason = "JSON with comments (JSONC), which no Studio flow is"
                return result
            self._engine_diagnostic(
                result, JSON_SYNTAX, parsed.syntax.message, None, parsed.syntax.span
            )
            if walked_unlike_flow:
                _demote_walked_syntax_error(result)
            result.diagnostics.sort(key=Diagnostic.sort_key)
            return result
        tree = parsed.tree
        result.tree = tree
        document = classify(tree.value)
        result.kind = document.kind
        result.document = document
        if document.kind is DocumentKind.NOT_A_FLOW:
            if not explicit:
                result.skipped = True
                result.skip_reason = f"not a Studio flow: {document.reason}"
                return result
            self._engine_diagnostic(
                result,
                NOT_A_FLOW,
                f"this file is not a Studio flow: {document.reason}",
                None,
                (tree.root_span[0], tree.root_span[0] + 1),
            )
            return result
        for duplicate in parsed.duplicates:
            self._engine_diagnostic(
                result,
                DUPLICATE_KEY,
                f"duplicate key '{duplicate.key}': JSON parsers keep only the last one, so the "
                f"earlier value (line {self._line_of(result, duplicate.first_span[0])}) is ignored",
                None,
                duplicate.span,
                pointer=duplicate.pointer,
            )
        if memo is None:
            self._run_rules(result, tree, document)
        else:
            memo.begin(tree)
            for flow in document.flows:
                flow.derived[MEMO_KEY] = memo
            self._run_rules(result, tree, document, memo)
            memo.finish()
        result.diagnostics = self._filter(result.path, result.diagnostics)
        result.diagnostics.sort(key=Diagnostic.sort_key)
        return result

    # -- running rules -----------------------------------------------------------------------

    def _run_rules(
        self,
        result: FileResult,
        tree: JsonTree,
        document: Document,
        memo: WidgetMemo | None = None,
    ) -> None:
        names = [name for name, rule in self._instances.items() if not rule.engine_reported]
        deadline = time.monotonic() + self.settings.file_timeout
        if memo is None:
            self._run_group(result, tree, document, names, deadline)
            return
        widget_scoped = [name for name in names if self._instances[name].scope == "widget"]
        others = [name for name in names if self._instances[name].scope != "widget"]
        self._run_group(result, tree, document, others, deadline)
        if any(diagnostic.rule == CHECK_TIMEOUT for diagnostic in result.diagnostics):
            raise RerunInFull  # out of time: report it exactly as a full lint does
        rules = [self._instances[name] for name in widget_scoped]

        def add(
            rule: Rule, report: Report, span: Span, related: list[tuple[int, int, str]]
        ) -> None:
            self.add_resolved(result, rule, report, span, related)

        add_widget_scoped_findings(result.path, tree, document, rules, self.options, memo, add)

    def _run_group(
        self,
        result: FileResult,
        tree: JsonTree,
        document: Document,
        names: list[str],
        deadline: float = float("inf"),
    ) -> None:
        """Run the named rules over the document, adding their findings to `result`; past
        `deadline` (time.monotonic) stop, with a check-timeout finding."""
        try:
            self._run_hooks(result, tree, document, names, deadline)
        except _OutOfTime as stop:
            self._engine_diagnostic(
                result,
                CHECK_TIMEOUT,
                f"checking stopped after {self.settings.file_timeout:g} s (the per-file time "
                f"budget, --timeout / file-timeout) {stop.where}, so this file was not fully "
                f"checked; rules not finished: {', '.join(sorted(stop.unfinished))}",
                None,
                None,
            )

    def _run_hooks(
        self,
        result: FileResult,
        tree: JsonTree,
        document: Document,
        names: list[str],
        deadline: float,
    ) -> None:
        path = result.path
        crashed: set[str] = set()
        contexts: dict[str, RuleContext] = {}

        def sink(rule: Rule, report: Report) -> None:
            self._add_report(result, tree, rule, report)

        for name in names:
            rule = self._instances[name]
            contexts[name] = RuleContext(
                rule=rule,
                path=path,
                tree=tree,
                document=document,
                options=self.options[name],
                environments=self.settings.environments,
                project=self.project,
                _sink=sink,
            )
        # Each hook's (rule, bound method, context), bound once: the walk below makes one call
        # per rule and node (about 20,000 on a 1,000-widget flow), so it does no lookups.
        hooks: dict[str, list[tuple[Rule, Any, RuleContext]]] = {
            "check_document": [],
            "check_flow": [],
            "check_widget": [],
            "check_transition": [],
        }
        for name, context in contexts.items():
            rule = self._instances[name]
            for hook in type(rule).hooks():
                hooks[hook].append((rule, getattr(rule, hook), context))

        def crash(rule: Rule, exc: Exception, pointer: Pointer, widget: str | None) -> None:
            """A broken rule must never stop the others: report it and skip it from now on."""
            import traceback  # only a crash pays for it (and for textwrap, linecache)

            crashed.add(rule.name)
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            self._engine_diagnostic(
                result,
                INTERNAL_ERROR,
                f"rule {rule.code}/{rule.name} crashed and was skipped for this file: "
                f"{type(exc).__name__}: {exc} (at {frame.filename.rsplit('/', 1)[-1]}:"
                f"{frame.lineno}); please report this",
                widget,
                None,
                pointer=pointer,
            )

        def out_of_time(where: str, unfinished: Iterable[Rule]) -> _OutOfTime:
            return _OutOfTime(where, {rule.name for rule in unfinished} - crashed)

        for position, (rule, method, context) in enumerate(hooks["check_document"]):
            if time.monotonic() > deadline:
                later = [hook[0] for hook in hooks["check_document"][position:]]
                everything_else = [hook[0] for key in hooks for hook in hooks[key]]
                raise out_of_time("before the document rules", [*later, *everything_else])
            try:
                method(document, context)
            except Exception as exc:
                crash(rule, exc, (), None)
        per_widget = [
            hook[0] for key in ("check_widget", "check_transition") for hook in hooks[key]
        ]
        for flow in document.flows:
            for context in contexts.values():
                context.flow = flow
            for position, (rule, method, context) in enumerate(hooks["check_flow"]):
                if rule.name in crashed:
                    continue
                if time.monotonic() > deadline:
                    later = [hook[0] for hook in hooks["check_flow"][position:]]
                    raise out_of_time(f"at rule {rule.name}", [*later, *per_widget])
                try:
                    method(flow, context)
                except Exception as exc:
                    crash(rule, exc, flow.pointer, None)
            widget_hooks = hooks["check_widget"]
            transition_hooks = hooks["check_transition"]
            if not widget_hooks and not transition_hooks:
                continue
            for widget in flow.widgets:
                if time.monotonic() > deadline:
                    raise out_of_time(f"at widget '{widget.label}'", per_widget)
                for rule, method, context in widget_hooks:
                    if rule.name in crashed:
                        continue
                    try:
                        method(widget, context)
                    except Exception as exc:
                        crash(rule, exc, widget.pointer, widget.name)
                for transition in widget.transitions:
                    for rule, method, context in transition_hooks:
                        if rule.name in crashed:
                            continue
                        try:
                            method(transition, context)
                        except Exception as exc:
                            crash(rule, exc, transition.pointer, widget.name)

    # -- turning reports into diagnostics ----------------------------------------------------

    def _line_of(self, result: FileResult, offset: int) -> int:
        return result.lines().line_column(offset)[0]

    def _add_report(self, result: FileResult, tree: JsonTree, rule: Rule, report: Report) -> None:
        span, related = report.place(tree)
        self.add_resolved(result, rule, report, span, related)

    def add_resolved(
        self,
        result: FileResult,
        rule: Rule,
        report: Report,
        span: tuple[int, int],
        related: list[tuple[int, int, str]],
    ) -> None:
        """Add a rule's report, already placed at `span` (and its notes at `related`), as a
        diagnostic with the configured severity."""
        diagnostic = self._diagnostic(
            result, rule.code, rule.name, report.message, report.widget, report.pointer, span
        )
        if report.severity is not None and rule.name not in self.overridden:
            diagnostic = diagnostic._replace(severity=report.severity)
        if related:
            index = result.lines()
            notes = []
            for start, end, note in related:
                where = Range(
                    Position(*index.line_column(start)), Position(*index.line_column(end))
                )
                notes.append(RelatedLocation(note, where, start, end))
            diagnostic = diagnostic._replace(related=tuple(notes))
        if report.fix is not None:
            diagnostic = diagnostic._replace(fix=report.fix)
        if report.related_elsewhere:
            diagnostic = diagnostic._replace(related=diagnostic.related + report.related_elsewhere)
        result.diagnostics.append(diagnostic)

    def _diagnostic(
        self,
        result: FileResult,
        code: str,
        name: str,
        message: str,
        widget: str | None,
        pointer: Pointer,
        span: tuple[int, int],
    ) -> Diagnostic:
        message = escape_lone_surrogates(message)
        if widget is not None:
            widget = escape_lone_surrogates(widget)
        if not all(isinstance(part, int) or part.isascii() for part in pointer):
            pointer = tuple(
                part if isinstance(part, int) else escape_lone_surrogates(part) for part in pointer
            )
        index = result.lines()
        start_line, start_column = index.line_column(span[0])
        end_line, end_column = index.line_column(span[1])
        return Diagnostic(
            path=result.path,
            code=code,
            rule=name,
            severity=self.severities.get(name, Severity.ERROR),
            message=message,
            widget=widget,
            pointer=pointer,
            range=Range(Position(start_line, start_column), Position(end_line, end_column)),
            start_offset=span[0],
            end_offset=span[1],
        )

    def _engine_diagnostic(
        self,
        result: FileResult,
        name: str,
        message: str,
        widget: str | None,
        span: tuple[int, int] | None,
        *,
        pointer: Pointer = (),
    ) -> None:
        if name not in self.enabled and name not in self.input_problems:
            return
        rule = self.registry.by_name.get(name)
        if rule is None:
            return
        if span is None:
            if result.tree is not None:
                _, span = result.tree.nearest_span(pointer)
            else:
                span = (0, 0)
        result.diagnostics.append(
            self._diagnostic(result, rule.code, name, message, widget, pointer, span)
        )

    def _filter(self, path: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        settings = self.settings
        file_selectors = settings.ignored_for_file(path)
        if not file_selectors and not settings.widget_ignores:
            return diagnostics
        silenced_for_file = self._names(file_selectors)
        kept = []
        for diagnostic in diagnostics:
            if diagnostic.rule in self.input_problems:
                kept.append(diagnostic)
                continue
            if diagnostic.rule in silenced_for_file:
                continue
            widget_selectors = settings.ignored_for_widget(path, diagnostic.widget)
            if widget_selectors and diagnostic.rule in self._names(widget_selectors):
                continue
            kept.append(diagnostic)
        return kept

    def _names(self, selectors: Iterable[str]) -> set[str]:
        return {rule.name for selector in selectors for rule in self.registry.matching(selector)}


def _demote_walked_syntax_error(result: FileResult) -> None:
    """A `.json` file a directory walk found that does not parse and does not look like a flow
    (a broken package.json, a half-written export): flowlint cannot tell whether it is a flow,
    so it says so, as a warning, since the user did not name the file."""
    result.unparsable_unnamed = True
    result.diagnostics = [
        diagnostic._replace(
            severity=min(diagnostic.severity, Severity.WARNING),
            message=f"{diagnostic.message} (this file was found by a directory walk and cannot be "
            "parsed, so flowlint cannot tell whether it holds a flow; fix it, or leave it out "
            "with `exclude` or .gitignore)",
        )
        if diagnostic.rule == JSON_SYNTAX
        else diagnostic
        for diagnostic in result.diagnostics
    ]


class _OutOfTime(Exception):
    """The file's time budget ran out; `unfinished` rules had work left."""

    def __init__(self, where: str, unfinished: set[str]) -> None:
        super().__init__(where)
        self.where = where
        self.unfinished = unfinished


def _looks_like_flow_text(text: str) -> bool:
    """For broken JSON met in a directory walk: does it look like a flow worth reporting?"""
    return '"states"' in text and ('"transitions"' in text or '"initial_state"' in text)
