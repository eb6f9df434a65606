"""A failing JSON Schema keyword → the rule that reports it, with a message a person can act on.

One `SchemaError` becomes zero or more `SchemaFinding`s. The message is written here from the
keyword, its subschema and the value, never copied from the engine, so that both engines give
identical findings. A finding is a warning when the failing subschema carries
`"x-flowlint-severity": "warning"` (an UNCONFIRMED fact, see schemas/README.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from flowlint.diagnostics import Severity
from flowlint.schema.engines import SchemaError, subschema_at
from flowlint.source.pointer import Pointer
from flowlint.suggest import closest

# The rule names, as the rules in rules/schema/ declare them.
LEGACY_FORMAT = "legacy-definition-format"
UNKNOWN_WIDGET_TYPE = "unknown-widget-type"
MISSING_REQUIRED = "missing-required-property"
INVALID_TYPE = "invalid-property-type"
INVALID_ENUM = "invalid-enum-value"
UNKNOWN_PROPERTY = "unknown-property"
INVALID_SID = "invalid-sid"
LIQUID_NOT_ALLOWED = "liquid-not-allowed"
OUT_OF_RANGE = "value-out-of-range"
SCHEMA_VIOLATION = "schema-violation"

LIQUID_PATTERN = r"\{[{%]"
_SID_PART = re.compile(r"([A-Z]{2})\[0-9a-fA-F\]\{32\}")
SID_KINDS = {
    "FW": "Studio Flow SID",
    "WW": "TaskRouter Workflow SID",
    "TC": "TaskRouter Task Channel SID",
    "ZS": "Serverless Service SID",
    "ZE": "Serverless Environment SID",
    "ZH": "Function SID",
    "ZN": "Function Version SID",
    "UA": "Autopilot Assistant SID",
    "HX": "Content Template SID",
}
_PLACEHOLDER = re.compile(r"your|xx|placeholder|<|\.\.\.|^[A-Z]{2}$", re.IGNORECASE)
_RANGE_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


class SchemaFinding(NamedTuple):
    """What one schema rule will report."""

    rule: str
    pointer: Pointer
    """Absolute pointer in the file."""
    message: str
    widget: str | None = None
    severity: Severity | None = None
    """WARNING for UNCONFIRMED facts; None means the rule's own severity."""
    on_key: bool = False
    keyword: str = ""
    """The JSON Schema keyword behind the finding (empty for flowlint's own checks)."""
    missing: str = ""
    """For `required`: the missing property."""


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
            reason = _description(schema)
            message += (
                " (unconfirmed)" if reason and reason in message else _unconfirmed_note(schema)
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
        return [finding(INVALID_TYPE, _wrong_type(about, schema, value))]
    if keyword in ("enum", "const"):
        allowed = schema["enum"] if keyword == "enum" else [schema.get("const")]
        return [finding(INVALID_ENUM, _not_allowed(about, value, allowed))]
    if keyword in _RANGE_KEYWORDS:
        return [finding(OUT_OF_RANGE, f"{about} is {_show(value)}; {_bounds(schema)}")]
    forbidden = schema.get("not")
    if keyword == "not" and isinstance(forbidden, Mapping) and set(forbidden) == {"required"}:
        names = " and ".join(f"`{name}`" for name in forbidden["required"])
        return [finding(SCHEMA_VIOLATION, f"{about} sets both {names}; set only one of them")]
    if keyword == "not" and schema.get("x-flowlint-no-liquid"):
        return [
            finding(
                LIQUID_NOT_ALLOWED,
                f"{about} must be a literal value: Studio does not render Liquid here "
                f"(found {_show(value)})",
            )
        ]
    if keyword == "pattern" and _sid_kinds(schema.get("pattern")):
        return [finding(INVALID_SID, _bad_sid(about, value, [schema["pattern"]]))]
    if keyword in ("anyOf", "oneOf"):
        branches = [b for b in schema.get(keyword) or () if isinstance(b, Mapping)]
        patterns = [b["pattern"] for b in branches if isinstance(b.get("pattern"), str)]
        if any(_sid_kinds(p) for p in patterns):
            return [finding(INVALID_SID, _bad_sid(about, value, patterns))]
        alternatives = _required_alternatives(branches)
        if alternatives and isinstance(value, dict):
            present = [name for name in alternatives if name in value]
            if not present:
                return [
                    finding(
                        MISSING_REQUIRED,
                        f"{about} needs {_either(alternatives)}",
                        pointer,
                        on_key=_has_key(pointer),
                    )
                ]
            listed = ", ".join(f"`{name}`" for name in present)
            return [finding(SCHEMA_VIOLATION, f"{about} sets {listed}; set only one of them")]
    return [finding(SCHEMA_VIOLATION, _other(keyword, about, schema, value))]


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
        f"`{name}` is {_show(rule['const'])}"
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


# -- messages --------------------------------------------------------------------------------


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _wrong_type(about: str, schema: Mapping[str, Any], value: Any) -> str:
    expected = schema.get("type")
    kinds = expected if isinstance(expected, list) else [expected]
    found = _json_kind(value)
    if value is None:
        return f"{about} must not be null: Twilio expects {_kind_phrase(kinds[0], value)}"
    if kinds == ["string"]:
        choices = [choice for choice in schema.get("enum") or () if isinstance(choice, str)]
        if choices:
            listed = " or ".join(_show(choice) for choice in choices)
            return f"{about} must be the string {listed}; Twilio rejects {found} here"
        if isinstance(value, bool):
            example = f'"{str(value).lower()}"'
        elif isinstance(value, int | float):
            example = f'"{value}"'
        else:
            return f"{about} must be a string; Twilio rejects {found} here"
        return f"{about} must be a string such as {example}; Twilio rejects {found} here"
    if kinds == ["integer"] or kinds == ["number"]:
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
            return (
                f"{about} must be a number written without quotes, such as {value.strip()}; "
                "Twilio rejects a string here"
            )
        if isinstance(value, float):
            return f"{about} must be a whole number; found {_show(value)}"
        return f"{about} must be {_kind_phrase(kinds[0], value)}; found {found}"
    if kinds == ["boolean"]:
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return (
                f"{about} must be {value.strip().lower()} without quotes (a boolean); "
                "Twilio rejects a string here"
            )
        return f"{about} must be true or false (a boolean); found {found}"
    wanted = " or ".join(_kind_phrase(kind, value) for kind in kinds)
    return f"{about} must be {wanted}; found {found}"


def _kind_phrase(kind: Any, value: Any) -> str:
    return {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "array": "an array",
        "object": "an object",
        "null": "null",
    }.get(str(kind), str(kind))


def _not_allowed(about: str, value: Any, allowed: Sequence[Any]) -> str:
    choices = [_show(choice) for choice in allowed]
    listed = choices[0] if len(choices) == 1 else ", ".join(choices[:-1]) + " or " + choices[-1]
    hint = ""
    if isinstance(value, str):
        match = closest(value, [choice for choice in allowed if isinstance(choice, str)])
        if match is not None:
            hint = f"; did you mean {_show(match)}?"
    return f"{about} is {_show(value)}; Twilio accepts only {listed}{hint}"


def _bounds(schema: Mapping[str, Any]) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        return f"it must be between {low} and {high}"
    if low is not None:
        return f"it must be at least {low}" if "minimum" in schema else f"it must exceed {low}"
    return f"it must be at most {high}" if "maximum" in schema else f"it must be below {high}"


def _sid_kinds(pattern: Any) -> list[str]:
    return _SID_PART.findall(pattern) if isinstance(pattern, str) else []


def _bad_sid(about: str, value: Any, patterns: Sequence[str]) -> str:
    expected: list[str] = []
    for pattern in patterns:
        if pattern == LIQUID_PATTERN:
            expected.append("a Liquid expression")
            continue
        prefixes = _sid_kinds(pattern)
        expected.extend(
            f"a {SID_KINDS.get(prefix, prefix + ' SID')} ({prefix} followed by 32 hexadecimal digits)"
            for prefix in prefixes
        )
        body = pattern.removeprefix("^(").removesuffix(")$")
        for alternative in body.split("|") if body != pattern else ():
            if alternative == "":
                expected.append("empty")
            elif re.fullmatch(r"[A-Za-z]+", alternative):
                expected.append(f'"{alternative}"')
    listed = expected[0] if len(expected) == 1 else ", ".join(expected[:-1]) + " or " + expected[-1]
    message = f"{about} is {_show(value)}; expected {listed}"
    if isinstance(value, str) and _PLACEHOLDER.search(value):
        message += "; it looks like a placeholder that was never replaced"
    return message


def _either(names: Sequence[str]) -> str:
    quoted = [f"`{name}`" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return "one of " + ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _description(schema: Mapping[str, Any]) -> str:
    text = schema.get("description")
    if not isinstance(text, str):
        return ""
    return text.removeprefix("UNCONFIRMED:").strip().rstrip(".")


def _unconfirmed_note(schema: Mapping[str, Any]) -> str:
    """For a warning: why the fact is not certain (the schema's UNCONFIRMED description)."""
    text = schema.get("description")
    if isinstance(text, str) and text.startswith("UNCONFIRMED:"):
        return " (unconfirmed: " + text.removeprefix("UNCONFIRMED:").strip().rstrip(".") + ")"
    return " (unconfirmed)"


def _other(keyword: str, about: str, schema: Mapping[str, Any], value: Any) -> str:
    """Messages for the keywords that have no rule of their own (schema-violation)."""
    limit = schema.get(keyword)
    if keyword == "minLength" and value == "":
        return f"{about} must not be empty"
    if keyword == "minLength":
        return f"{about} must be at least {limit} characters long"
    if keyword == "maxLength":
        length = len(value) if isinstance(value, str) else 0
        return f"{about} is {length:,} characters long; the limit is {limit:,}"
    if keyword == "maxItems" and limit == 0:
        return f"{about} must be empty or absent: {_description(schema) or 'no items allowed'}"
    if keyword == "minItems":
        return f"{about} needs at least {limit} item{'s' if limit != 1 else ''}"
    if keyword == "maxItems":
        return f"{about} has more than {limit} items"
    if keyword == "uniqueItems":
        return f"{about} lists the same value more than once"
    if keyword == "pattern":
        reason = _description(schema)
        return f"{about} is {_show(value)}, not in the expected form" + (
            f": {reason}" if reason else f" (pattern {schema.get('pattern')})"
        )
    if keyword in ("anyOf", "oneOf"):
        reason = _description(schema)
        shown = f" is {_show(value)}" if not isinstance(value, dict | list) else ""
        return f"{about}{shown}: " + (reason or f"it matches none of the allowed forms ({keyword})")
    reason = _description(schema)
    return f"{about} breaks the schema's `{keyword}` rule" + (f": {reason}" if reason else "")
