"""A failing JSON Schema keyword → the rule that reports it, with a message a person can act on.

One `SchemaError` becomes zero or more `SchemaFinding`s: this module picks the rule and where
the finding goes (a missing property is reported on its parent's key); `messages` words it.
A finding is a warning when the failing subschema carries `"x-flowlint-severity": "warning"`
(an UNCONFIRMED fact, see schemas/README.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from flowlint.diagnostics import Severity
from flowlint.model.suggest import closest
from flowlint.schema.engines import SchemaError, subschema_at
from flowlint.schema.findings import (
    INVALID_ENUM,
    INVALID_SID,
    INVALID_TYPE,
    LIQUID_NOT_ALLOWED,
    MISSING_REQUIRED,
    OUT_OF_RANGE,
    SCHEMA_VIOLATION,
    SchemaFinding,
)
from flowlint.schema.messages import (
    bad_sid,
    bounds,
    description,
    either,
    not_allowed,
    other_violation,
    show,
    sid_kinds,
    unconfirmed_note,
    wrong_type,
)
from flowlint.source.pointer import Pointer

_RANGE_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


class Subject(NamedTuple):
    """What the validated instance is: a widget (its type and label) or the envelope."""

    base: Pointer
    """Absolute pointer of the validated instance."""
    widget_name: str | None = None
    widget_label: str | None = None
    widget_type: str | None = None

    @property
    def owner(self) -> str:
        if self.widget_label is None:
            return "the flow definition"
        kind = f"{self.widget_type} widget" if self.widget_type else "widget"
        return f"{kind} '{self.widget_label}'"

    def field(self, relative: Pointer) -> str:
        """`timeout`, `parameters[0].key`, `transitions[1].conditions[0].type`, ..."""
        parts = relative[1:] if self.widget_label and relative[:1] == ("properties",) else relative
        text = ""
        for part in parts:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
        return text

    def about(self, relative: Pointer) -> str:
        """How a message names the node at `relative`."""
        if not relative or (self.widget_label and relative == ("properties",)):
            return self.owner
        return f"`{self.field(relative)}` of {self.owner}"


def findings_for(
    error: SchemaError, subject: Subject, root: Mapping[str, Any]
) -> list[SchemaFinding]:
    """The findings one failing keyword produces (`root`: the schema validated against)."""
    schema = error.schema
    severity = Severity.WARNING if schema.get("x-flowlint-severity") == "warning" else None
    pointer = (*subject.base, *error.pointer)
    keyword = error.keyword

    def finding(
        rule: str, message: str, at: Pointer = pointer, on_key: bool = False, missing: str = ""
    ) -> SchemaFinding:
        if severity is Severity.WARNING:
            reason = description(schema)
            message += (
                " (unconfirmed)" if reason and reason in message else unconfirmed_note(schema)
            )
        return SchemaFinding(
            rule, at, message, subject.widget_name, severity, on_key, keyword, missing
        )

    if keyword == "required":
        return [
            finding(MISSING_REQUIRED, message, at, on_key, name)
            for name, message, at, on_key in _missing(error, subject, root)
        ]
    about = subject.about(error.pointer)
    value = error.instance
    if keyword == "type":
        expected = schema.get("type")
        single = expected if isinstance(expected, str) else ""
        return [finding(INVALID_TYPE, wrong_type(about, schema, value))._replace(expected=single)]
    if keyword in ("enum", "const"):
        allowed = schema["enum"] if keyword == "enum" else [schema.get("const")]
        return [finding(INVALID_ENUM, not_allowed(about, value, allowed))]
    if keyword in _RANGE_KEYWORDS:
        return [finding(OUT_OF_RANGE, f"{about} is {show(value)}; {bounds(schema)}")]
    forbidden = schema.get("not")
    if keyword == "not" and isinstance(forbidden, Mapping) and set(forbidden) == {"required"}:
        names = " and ".join(f"`{name}`" for name in forbidden["required"])
        return [finding(SCHEMA_VIOLATION, f"{about} sets both {names}; set only one of them")]
    if keyword == "not" and schema.get("x-flowlint-no-liquid"):
        return [
            finding(
                LIQUID_NOT_ALLOWED,
                f"{about} must be a literal value: Studio does not render Liquid here "
                f"(found {show(value)})",
            )
        ]
    if keyword == "pattern" and sid_kinds(schema.get("pattern")):
        return [finding(INVALID_SID, bad_sid(about, value, [schema["pattern"]]))]
    if keyword in ("anyOf", "oneOf"):
        branches = [b for b in schema.get(keyword) or () if isinstance(b, Mapping)]
        patterns = [b["pattern"] for b in branches if isinstance(b.get("pattern"), str)]
        if any(sid_kinds(p) for p in patterns):
            return [finding(INVALID_SID, bad_sid(about, value, patterns))]
        alternatives = _required_alternatives(branches)
        if alternatives and isinstance(value, dict):
            present = [name for name in alternatives if name in value]
            if not present:
                return [
                    finding(
                        MISSING_REQUIRED,
                        f"{about} needs {either(alternatives)}",
                        pointer,
                        on_key=_has_key(pointer),
                    )
                ]
            listed = ", ".join(f"`{name}`" for name in present)
            return [finding(SCHEMA_VIOLATION, f"{about} sets {listed}; set only one of them")]
    return [finding(SCHEMA_VIOLATION, other_violation(keyword, about, schema, value))]


# -- required -------------------------------------------------------------------------------


def _missing(
    error: SchemaError, subject: Subject, root: Mapping[str, Any]
) -> list[tuple[str, str, Pointer, bool]]:
    """(name, message, pointer, on_key) for each property the failing `required` lists as missing."""
    instance = error.instance
    names = error.schema.get("required") or ()
    if not isinstance(instance, dict):
        return []
    at, on_key = _anchor(subject.base, error.pointer, instance)
    condition = _condition(error.schema_path, root)
    declared = set(_declared_keys(error, root)) | set(names)
    undeclared = [key for key in instance if isinstance(key, str) and key not in declared]
    results = []
    for name in names:
        if name in instance:
            continue
        where = subject.about(error.pointer)
        if error.pointer == () and subject.widget_label is not None:
            message = (
                f"{where} has no `{name}`; every widget needs `name`, `type`, `transitions` "
                "and `properties` (they may be empty)"
            )
        else:
            message = f"{where} has no `{name}`, which Twilio requires{condition}"
        lookalike = closest(name, undeclared, cutoff=0.7)
        if lookalike:
            message += f"; `{lookalike}` looks like a misspelling of it"
        results.append((name, message, at, on_key))
    return results


def _declared_keys(error: SchemaError, root: Mapping[str, Any]) -> list[str]:
    """The keys the object's schema declares (a `then` branch declares none of its own, so a
    widget's `properties` object also counts the keys its type's schema declares)."""
    keys = list(error.schema.get("properties") or ())
    if error.pointer == ("properties",):
        keys.extend(subschema_at(root, ("properties", "properties", "properties")) or ())
    elif error.pointer == ():
        keys.extend(subschema_at(root, ("properties",)) or ())
    return keys


def _anchor(base: Pointer, relative: Pointer, instance: dict[str, Any]) -> tuple[Pointer, bool]:
    """Where to report a property missing from the object at `relative`: the object's key, or
    for an array item (no key) its `event` or `name`, else the object itself."""
    pointer = (*base, *relative)
    if _has_key(pointer):
        return pointer, True
    for member in ("event", "name", "type"):
        if isinstance(instance.get(member), str):
            return (*pointer, member), False
    return pointer, False


def _has_key(pointer: Pointer) -> bool:
    return bool(pointer) and isinstance(pointer[-1], str)


def _condition(schema_path: Sequence[str | int], root: Mapping[str, Any]) -> str:
    """For a `required` inside `then`/`else`: the `if` that made it apply, in words."""
    if len(schema_path) < 2 or schema_path[-2] not in ("then", "else"):
        return ""
    parent = subschema_at(root, tuple(schema_path[:-2]))
    condition = parent.get("if") if isinstance(parent, Mapping) else None
    if not isinstance(condition, Mapping):
        return ""
    facts = [
        f"`{name}` is {show(rule['const'])}"
        for name, rule in (condition.get("properties") or {}).items()
        if isinstance(rule, Mapping) and "const" in rule
    ]
    if not facts:
        return ""
    joined = " and ".join(facts)
    return f" when {joined}" if schema_path[-2] == "then" else f" unless {joined}"


def _required_alternatives(branches: Sequence[Mapping[str, Any]]) -> list[str]:
    """For `anyOf`/`oneOf` of single `required` lists (one of say, play, digits): the names."""
    names = []
    for branch in branches:
        required = branch.get("required")
        if set(branch) - {"required", "description"} or not isinstance(required, list):
            return []
        if len(required) != 1:
            return []
        names.append(str(required[0]))
    return names
