"""One schema pass per flow, shared by every schema rule.

The envelope is checked against `flow-definition.schema.json` without its per-state part, then
each widget against its own type's schema (`schemas/widgets/<type>.schema.json`): faster than
one document-wide `oneOf`, and every failure points at the exact field. A widget whose type has
no schema is an `unknown-widget-type` finding and is checked against the shape every state
shares. flowlint's own checks complete the pass: property keys a type does not declare
(`unknown-property`) and numbers written as strings outside their `x-flowlint-range`.

`validate_flow` computes this once per flow and caches it, so each rule in `rules/schema/`
reports only its own kind and a user can `--ignore` one kind alone. Failures that a core rule
already reports are dropped here (see `_reported_elsewhere`), so nothing is reported twice.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from flowlint.diagnostics import Severity
from flowlint.model.catalog import flow_definition_schema, widget_type, widget_types
from flowlint.model.flow import Flow, Widget
from flowlint.model.widget_memo import memo_of, per_widget
from flowlint.schema.engines import SchemaEngine, default_engine
from flowlint.schema.findings import (
    INVALID_ENUM,
    INVALID_SID,
    INVALID_TYPE,
    LEGACY_FORMAT,
    LIQUID_NOT_ALLOWED,
    MISSING_REQUIRED,
    OUT_OF_RANGE,
    SCHEMA_VIOLATION,
    UNKNOWN_PROPERTY,
    UNKNOWN_WIDGET_TYPE,
    SchemaFinding,
)
from flowlint.source.pointer import Pointer

if TYPE_CHECKING:
    from flowlint.schema.engines import SchemaError
    from flowlint.schema.mapping import Subject

_LIQUID = re.compile(r"\{[{%]")
_FORM_KEYWORDS = frozenset({"pattern", "anyOf", "oneOf", "enum", "const"})
# Longer digit strings are not numbers a person meant (and int() refuses very long ones).
_WHOLE_NUMBER = re.compile(r"\s*-?[0-9]{1,30}\s*")

ENVELOPE_KEY = "flow-definition"
STATE_KEY = "flow-definition#State"

# Widget types people invent (seen in hand-written flows) → what Studio offers instead.
INVENTED_TYPES = {
    "hangup": "Studio has no hang-up widget: the call ends when a transition leaves `next` empty",
    "hang-up": "Studio has no hang-up widget: the call ends when a transition leaves `next` empty",
    "end": "Studio has no end widget: the execution ends when a transition leaves `next` empty",
    "stop-call": "Studio has no such widget: the call ends when a transition leaves `next` empty",
    "http-request": "the Studio widget for this is 'make-http-request'",
    "http": "the Studio widget for this is 'make-http-request'",
    "function": "the Studio widget for this is 'run-function'",
    "connect": "the Studio widget for this is 'connect-call-to'",
    "listen": "the Studio widget for this is 'gather-input-on-call'",
    "gather": "the Studio widget for this is 'gather-input-on-call'",
    "text-to-speech": "the Studio widget for this is 'say-play'",
    "say": "the Studio widget for this is 'say-play'",
    "play": "the Studio widget for this is 'say-play'",
    "start-call-recording": "the Studio widget for this is 'record-call'",
    "make-outgoing-connection": "the Studio widget for this is 'make-outgoing-call-v2'",
    "make-outgoing-call": "the Studio widget for this is 'make-outgoing-call-v2'",
    "send-email": "Studio has no email widget: call an email API with make-http-request",
}


class FlowValidation(NamedTuple):
    """Every schema finding of one flow, in a stable order."""

    findings: tuple[SchemaFinding, ...]

    def of_rule(self, rule: str) -> list[SchemaFinding]:
        return [finding for finding in self.findings if finding.rule == rule]


def validate_flow(flow: Flow, engine: SchemaEngine | None = None) -> FlowValidation:
    """The schema findings of `flow`, computed on first request and then cached.

    Passing an `engine` bypasses the cache (benchmarks and engine-agreement tests).
    """
    if engine is None:
        cached: FlowValidation | None = flow.derived.get("schema")
        if cached is None:
            cached = _validate(flow, default_engine())
            flow.derived["schema"] = cached
        return cached
    return _validate(flow, engine)


def _validate(flow: Flow, engine: SchemaEngine) -> FlowValidation:
    signs = flow.legacy
    if signs is not None:
        return FlowValidation((_legacy_finding(flow, signs.describe()),))
    found: list[SchemaFinding] = []
    envelope = envelope_schema()
    for error in engine.errors(ENVELOPE_KEY, envelope, flow.data):
        found.extend(_findings_of(error, None, envelope, flow.pointer))
    if flow.widgets and memo_of(flow.widgets[0]) is not None and engine is default_engine():
        # The language server: reuse the findings of the widgets an edit left unchanged.
        for widget in flow.widgets:
            found.extend(per_widget(widget, "schema", _default_widget_findings))
    else:
        for widget in flow.widgets:
            _widget_findings(widget, engine, found)
    return FlowValidation(_tidy(flow, found))


def _default_widget_findings(widget: Widget) -> tuple[SchemaFinding, ...]:
    found: list[SchemaFinding] = []
    _widget_findings(widget, default_engine(), found)
    return tuple(found)


def _legacy_finding(flow: Flow, evidence: str) -> SchemaFinding:
    message = (
        f"this flow is in the pre-v2 Studio format ({evidence}); Twilio's v2 API rejects it. "
        "Open the flow in the Studio Console and export it again (or fetch the definition "
        "with the v2 API) to get the current format; schema checks are skipped for this flow"
    )
    has_states = "states" in flow.data
    return SchemaFinding(
        LEGACY_FORMAT,
        flow.states_pointer if has_states else flow.pointer,
        message,
        on_key=has_states,
    )


def _widget_findings(widget: Widget, engine: SchemaEngine, found: list[SchemaFinding]) -> None:
    """Append the findings of one widget to `found` (run for every widget of every flow, so
    the common case, a valid widget, builds nothing)."""
    known = widget_type(widget.type)
    if known is None:
        if widget.type:
            found.append(_unknown_type(widget))
        shape = state_schema()
        for error in engine.errors(STATE_KEY, shape, widget.data):
            # A widget of an unknown type missing `properties` or `transitions` is a cascade
            # of the unknown type (invented "end"/"hangup" widgets): one finding is enough.
            found.extend(
                finding
                for finding in _findings_of(error, widget, shape)
                if not (widget.type and finding.rule == MISSING_REQUIRED)
            )
        return
    facts = type_facts(known.name)
    for error in engine.errors(facts.schema_key, known.schema, widget.data):
        if error.keyword in _FORM_KEYWORDS and _is_deployment_placeholder(error.instance):
            continue
        found.extend(_findings_of(error, widget, known.schema))
    properties = widget.properties
    if not facts.permissive:
        declared = facts.declared
        for key in properties:
            if key not in declared:
                found.append(_unknown_property(widget, key, facts))
    for key, limits in facts.ranges:
        value = properties.get(key)
        if isinstance(value, str):
            finding = _out_of_range(widget, key, value, limits)
            if finding is not None:
                found.append(finding)


def _findings_of(
    error: SchemaError, widget: Widget | None, root: Mapping[str, Any], base: Pointer = ()
) -> list[SchemaFinding]:
    """What one failing keyword of `widget` (None: of the envelope at `base`) means; its
    wording (`mapping`, `messages`) is imported only when a flow has such a failure."""
    from flowlint.schema.mapping import Subject, findings_for

    subject = Subject(base) if widget is None else _subject(widget)
    return findings_for(error, subject, root)


def _subject(widget: Widget) -> Subject:
    from flowlint.schema.mapping import Subject

    return Subject(widget.pointer, widget.name, widget.label, widget.type)


def _is_deployment_placeholder(value: Any) -> bool:
    """`${WORKFLOW_SID}`, `YOUR_SERVICE_SID`, a bare `WW` and the like: deployment templates
    fill these in before upload, so the value's form is not the flow's mistake
    (`template-placeholder` reports the file once)."""
    from flowlint.model.placeholders import is_placeholder

    return isinstance(value, str) and is_placeholder(value, sid_field=True)


def _unknown_type(widget: Widget) -> SchemaFinding:
    name = widget.type or ""
    from flowlint.model.suggest import did_you_mean

    hint = did_you_mean(name, widget_types())
    if not hint and name.lower() in INVENTED_TYPES:
        hint = f"; {INVENTED_TYPES[name.lower()]}"
    return SchemaFinding(
        UNKNOWN_WIDGET_TYPE,
        widget.type_pointer,
        f"'{name}' is not a Studio widget type, so Twilio rejects the definition{hint}",
        widget.name,
        keyword="type",
    )


def _unknown_property(widget: Widget, key: str, facts: TypeFacts) -> SchemaFinding:
    from flowlint.model.suggest import closest

    match = closest(key, [name for name in facts.declared if name not in widget.properties])
    hint = f"; did you mean `{match}`?" if match else ""
    return SchemaFinding(
        UNKNOWN_PROPERTY,
        widget.property_pointer(key),
        f"`{key}` is not a property of {widget.type} widgets, so Studio ignores it{hint}",
        widget.name,
        on_key=True,
        declared=tuple(facts.declared),
    )


def _out_of_range(
    widget: Widget, key: str, value: str, limits: Mapping[str, Any]
) -> SchemaFinding | None:
    if _LIQUID.search(value) or not _WHOLE_NUMBER.fullmatch(value):
        return None
    number = int(value)
    low, high = limits.get("minimum"), limits.get("maximum")
    if (low is None or number >= low) and (high is None or number <= high):
        return None
    bounds = f'"{low}" to "{high}"' if low is not None and high is not None else ""
    if not bounds:
        bounds = f'at least "{low}"' if low is not None else f'at most "{high}"'
    warning = limits.get("x-flowlint-severity") == "warning"
    return SchemaFinding(
        OUT_OF_RANGE,
        widget.property_pointer(key),
        f'{_subject(widget).about(("properties", key))} is "{value}"; Twilio accepts {bounds}',
        widget.name,
        Severity.WARNING if warning else None,
        keyword="x-flowlint-range",
    )


# -- removing what other rules report -------------------------------------------------------


def _tidy(flow: Flow, found: list[SchemaFinding]) -> tuple[SchemaFinding, ...]:
    """Drop findings another rule reports, keep one Liquid finding per value, sort."""
    # A value that is Liquid, or of the wrong JSON type, also fails the field's enum or
    # pattern; those follow from the first problem, so only it is reported.
    root_causes = {
        finding.pointer for finding in found if finding.rule in (LIQUID_NOT_ALLOWED, INVALID_TYPE)
    }
    kept: dict[tuple[str, Pointer, str], SchemaFinding] = {}
    for finding in found:
        if _reported_elsewhere(flow, finding):
            continue
        if finding.pointer in root_causes and _is_consequence(finding):
            continue
        kept.setdefault((finding.rule, finding.pointer, finding.message), finding)
    return tuple(sorted(kept.values(), key=lambda f: (_sort_key(f.pointer), f.rule, f.message)))


def _is_consequence(finding: SchemaFinding) -> bool:
    if finding.rule in (INVALID_SID, INVALID_ENUM):
        return True
    return finding.rule == SCHEMA_VIOLATION and finding.keyword in ("pattern", "anyOf", "oneOf")


def _sort_key(pointer: Pointer) -> tuple[tuple[int, str | int], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in pointer)


def _reported_elsewhere(flow: Flow, finding: SchemaFinding) -> bool:
    """Whether a core rule already reports this failure (see each rule for its message).

    - invalid-flow-structure: wrong JSON types of states/name/type/transitions/event/next/
      properties (the model builder records them as `flow.problems`);
    - invalid-initial-state: anything about `initial_state`;
    - invalid-transition-event: an event outside the type's enum, or no `event` at all;
    - too-many-widgets: more than 1000 states.
    """
    pointer = finding.pointer
    if pointer in _problem_pointers(flow):
        return True
    relative = pointer[len(flow.pointer) :]
    if relative[:1] == ("initial_state",):
        return True
    if finding.missing == "initial_state" and relative == ():
        return True
    if finding.keyword == "maxItems" and relative == ("states",):
        return True
    is_event = len(relative) == 5 and relative[2] == "transitions" and relative[4] == "event"
    if is_event and finding.keyword == "enum":
        return True
    in_transition = len(relative) >= 4 and relative[2] == "transitions"
    return in_transition and finding.missing == "event"


def _problem_pointers(flow: Flow) -> frozenset[Pointer]:
    pointers: frozenset[Pointer] | None = flow.derived.get("structure-problem-pointers")
    if pointers is None:
        pointers = frozenset(problem.pointer for problem in flow.problems)
        flow.derived["structure-problem-pointers"] = pointers
    return pointers


# -- schemas and facts derived from them ----------------------------------------------------


@cache
def envelope_schema() -> dict[str, Any]:
    """The flow-definition schema without its per-state part (widget schemas check states)."""
    schema = copy.deepcopy(flow_definition_schema())
    states = schema.get("properties", {}).get("states")
    if isinstance(states, dict):
        states.pop("items", None)
    return schema


@cache
def state_schema() -> dict[str, Any]:
    """The shape every state shares, for widgets whose type has no schema of its own."""
    envelope = flow_definition_schema()
    definitions = envelope.get("definitions") or {}
    shape = dict(definitions.get("State") or {"type": "object"})
    shape["definitions"] = definitions
    shape["$schema"] = envelope.get("$schema", "http://json-schema.org/draft-07/schema#")
    return shape


class TypeFacts(NamedTuple):
    declared: dict[str, dict[str, Any]]
    """Property key → its schema, for every key under `properties.properties.properties`."""
    permissive: bool
    """A name-only type: unknown properties and events are not reported."""
    ranges: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    """The declared keys with an `x-flowlint-range` (numbers written as strings), and it."""
    schema_key: str = ""
    """The key the engine caches this type's validator under."""


@cache
def type_facts(type_name: str) -> TypeFacts:
    known = widget_type(type_name)
    if known is None:
        return TypeFacts({}, True)
    try:
        declared = known.schema["properties"]["properties"]["properties"]
    except (KeyError, TypeError):
        declared = {}
    declared = {key: value for key, value in declared.items() if isinstance(value, dict)}
    ranges = tuple(
        (key, limits)
        for key, value in declared.items()
        if isinstance(limits := value.get("x-flowlint-range"), Mapping)
    )
    return TypeFacts(declared, bool(known.extra.get("permissive")), ranges, f"widget:{known.name}")
