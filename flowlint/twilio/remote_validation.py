"""`flowlint check --remote-validate`: send each definition to Twilio's Flow Validate and turn
its `details.errors` into `twilio-validate` diagnostics with exact ranges.

Twilio points at problems with a JSON-Pointer-like `property_path` relative to the definition
(`#/states/3/properties/timeout`); the definition sits at `flow.pointer` inside the file (`()`
for a raw definition, `("definition",)` in a Flow resource), so the two are joined and looked
up in the file's tree. A path that does not exist in the file (a missing required property)
is reported at the nearest enclosing node's key.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from flowlint.diagnostics import Diagnostic, Position, Range
from flowlint.source.pointer import Pointer, parse_pointer
from flowlint.twilio.credentials import credentials_from_environment
from flowlint.twilio.errors import StudioApiError
from flowlint.twilio.http_client import (
    RetryPolicy,
    StudioHttpClient,
    plain_http_warning,
    resolve_api_url,
)
from flowlint.twilio.studio_api import StudioApi, ValidationAnswer, ValidationProblem

if TYPE_CHECKING:
    from flowlint.engine.linter import FileResult, Linter
    from flowlint.model.flow import Flow

RULE = "twilio-validate"
OVERSIZE_RULE = "oversize-definition"
STUDIO_MAX_BYTES = 1_048_576


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


class RemoteValidator:
    """Validates the flows of checked files through the Studio API."""

    def __init__(self, api: StudioApi, echo: Callable[[str], None] = _stderr) -> None:
        self.api = api
        self.echo = echo
        self.sent = 0

    @classmethod
    def from_environment(
        cls, api_url: str | None, env: Mapping[str, str], echo: Callable[[str], None] = _stderr
    ) -> RemoteValidator:
        """Read credentials and settings; raises `TwilioSetupError` before any request."""
        credentials = credentials_from_environment(env)
        base_url = resolve_api_url(api_url, env)
        retry = RetryPolicy.from_environment(env)
        warning = plain_http_warning(base_url)
        if warning:
            echo(f"flowlint: warning: {warning}")
        return cls(StudioApi(StudioHttpClient(base_url, credentials, retry)), echo)

    def validate_results(self, linter: Linter, results: list[FileResult]) -> int:
        """Add Twilio's findings to `results`; returns 1 when the API failed (exit status 2),
        after saying why on stderr, else 0."""
        if not linter.is_enabled(RULE):
            self.echo(
                f"flowlint: warning: --remote-validate: rule {RULE} is disabled; nothing sent"
            )
            return 0
        limit = linter.options.get(OVERSIZE_RULE, {}).get("max_bytes", STUDIO_MAX_BYTES)
        for result in results:
            if result.tree is None or result.document is None:
                continue
            for flow in result.document.flows:
                definition = json.dumps(flow.data, separators=(",", ":"), ensure_ascii=False)
                size = len(definition.encode("utf-8"))
                name = flow.label or Path(result.path).stem or "flowlint"
                if size > limit:
                    self.echo(
                        f"flowlint: note: {result.path}: the definition is {size:,} bytes, over "
                        f"the {limit:,}-byte limit, so it was not sent to Twilio "
                        f"(see {OVERSIZE_RULE})"
                    )
                    continue
                try:
                    answer = self.api.validate(name, "draft", definition)
                except StudioApiError as error:
                    self.echo(f"flowlint: error: --remote-validate: {error.message}")
                    return 1
                self.sent += 1
                if not answer.valid:
                    self._add_diagnostics(linter, result, flow, answer)
            result.diagnostics.sort(key=Diagnostic.sort_key)
        return 0

    def _add_diagnostics(
        self, linter: Linter, result: FileResult, flow: Flow, answer: ValidationAnswer
    ) -> None:
        rule = linter.registry.by_name[RULE]
        problems: list[ValidationProblem | None] = [*answer.problems] or [None]
        seen: set[tuple[Pointer, str]] = set()
        for problem in problems:
            if problem is None:
                text = answer.message or "the definition is not valid (Twilio gave no details)"
                relative: Pointer = ()
                path_text = None
            else:
                text = problem.message
                path_text = problem.property_path
                relative = relative_pointer(path_text)
            pointer, span, exact = _locate(result, flow, relative)
            widget = _widget_name(flow, relative)
            code = f" (error {answer.code})" if answer.code else ""
            message = f"Twilio's validator{code} rejects {_location(relative, widget)}: {text}"
            if not exact and path_text:
                message += f" ({path_text} is not in the file: reported where it would be)"
            if (pointer, message) in seen or _silenced(linter, result.path, widget):
                continue
            seen.add((pointer, message))
            index = result.lines()
            start, end = index.line_column(span[0]), index.line_column(span[1])
            result.diagnostics.append(
                Diagnostic(
                    path=result.path,
                    code=rule.code,
                    rule=RULE,
                    severity=linter.severities[RULE],
                    message=message,
                    widget=widget,
                    pointer=pointer,
                    range=Range(Position(*start), Position(*end)),
                    start_offset=span[0],
                    end_offset=span[1],
                )
            )


def relative_pointer(property_path: str | None) -> Pointer:
    """Twilio's `property_path` as a pointer relative to the definition.

    The documented form is a JSON Pointer fragment (`#/states/3/properties/timeout`). The
    JSONPath-like form of the validator's messages (`$.states[3].properties.timeout`) is read
    too, in case it shows up there; anything else points at the whole definition.
    """
    text = (property_path or "").strip()
    if text.startswith("$"):
        parts = re.findall(r"\.([^.\[\]]+)|\[(\d+)\]", text[1:])
        return tuple(int(index) if index else key for key, index in parts)
    try:
        return parse_pointer(text) if text else ()
    except ValueError:
        return ()


def _locate(
    result: FileResult, flow: Flow, relative: Pointer
) -> tuple[Pointer, tuple[int, int], bool]:
    """The exact range of the node Twilio points at, else the key (or value) of its nearest
    existing ancestor. The whole definition is reported at its key (`definition`, `states`)
    rather than across every line of it."""
    tree = result.tree
    assert tree is not None
    if not relative:
        for candidate in (flow.pointer, flow.states_pointer):
            key = tree.key_span(candidate)
            if key is not None:
                return candidate, key, True
    pointer = (*flow.pointer, *relative)
    span = tree.value_span(pointer)
    if span is not None:
        return pointer, span, True
    nearest, nearest_span = tree.nearest_span(pointer)
    return nearest, tree.key_span(nearest) or nearest_span, False


def _widget_name(flow: Flow, relative: Pointer) -> str | None:
    if len(relative) >= 2 and relative[0] == "states" and isinstance(relative[1], int):
        for widget in flow.widgets:
            if widget.index == relative[1]:
                return widget.label
    return None


def _location(relative: Pointer, widget: str | None) -> str:
    """`widget 'ask' properties.timeout`, `states[7]`, or `the definition`."""
    if widget is not None:
        rest = ".".join(str(part) for part in relative[2:])
        return f"widget '{widget}'" + (f" {rest}" if rest else "")
    if not relative:
        return "the definition"
    return "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in relative
    ).lstrip(".")


def _silenced(linter: Linter, path: str, widget: str | None) -> bool:
    """Whether per-file or per-widget ignores of the configuration silence the rule here."""
    selectors = [
        *linter.settings.ignored_for_file(path),
        *linter.settings.ignored_for_widget(path, widget),
    ]
    return any(rule.name == RULE for s in selectors for rule in linter.registry.matching(s))
