"""The wording of schema findings: what was found, what Twilio expects, and how to fix it.

Written from the failing keyword, its subschema and the value (never from an engine's own
message), so both engines word every finding the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flowlint.model.build import json_kind
from flowlint.model.suggest import closest

__all__ = ["json_kind"]

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
UNIQUE_NAME_PATTERN = "^[a-z][a-z0-9_-]*$"
"""Where a resource's unique name may stand for its SID (send-to-flex `channel`)."""
_PLACEHOLDER = re.compile(r"your|xx|placeholder|<|\.\.\.|^[A-Z]{2}$", re.IGNORECASE)


def show(value: Any) -> str:
    """A value as JSON, shortened for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def wrong_type(about: str, schema: Mapping[str, Any], value: Any) -> str:
    """`type` failed: what Twilio expects instead, with an example built from the value."""
    expected = schema.get("type")
    kinds = expected if isinstance(expected, list) else [expected]
    found = json_kind(value)
    if value is None:
        return f"{about} must not be null: Twilio expects {_kind_phrase(kinds[0], value)}"
    if kinds == ["string"]:
        choices = [choice for choice in schema.get("enum") or () if isinstance(choice, str)]
        if choices:
            listed = " or ".join(show(choice) for choice in choices)
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
            return f"{about} must be a whole number; found {show(value)}"
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


def not_allowed(about: str, value: Any, allowed: Sequence[Any]) -> str:
    """`enum`/`const` failed: the accepted values and the closest one."""
    choices = [show(choice) for choice in allowed]
    listed = choices[0] if len(choices) == 1 else ", ".join(choices[:-1]) + " or " + choices[-1]
    hint = ""
    if isinstance(value, str):
        match = closest(value, [choice for choice in allowed if isinstance(choice, str)])
        if match is not None:
            hint = f"; did you mean {show(match)}?"
    return f"{about} is {show(value)}; Twilio accepts only {listed}{hint}"


def bounds(schema: Mapping[str, Any]) -> str:
    """The range a `minimum`/`maximum` subschema allows, in words."""
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        return f"it must be between {low} and {high}"
    if low is not None:
        return f"it must be at least {low}" if "minimum" in schema else f"it must exceed {low}"
    return f"it must be at most {high}" if "maximum" in schema else f"it must be below {high}"


def sid_kinds(pattern: Any) -> list[str]:
    """The SID prefixes (`WW`, `ZS`, ...) a pattern accepts; empty for other patterns."""
    return _SID_PART.findall(pattern) if isinstance(pattern, str) else []


def bad_sid(about: str, value: Any, patterns: Sequence[str]) -> str:
    """A SID field holds something else: which SIDs (or literals) would do."""
    expected: list[str] = []
    for pattern in patterns:
        if pattern == LIQUID_PATTERN:
            expected.append("a Liquid expression")
            continue
        if pattern == UNIQUE_NAME_PATTERN:
            expected.append('a unique name in lower case (e.g. "voice", "chat", "sms")')
            continue
        prefixes = sid_kinds(pattern)
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
    message = f"{about} is {show(value)}; expected {listed}"
    if isinstance(value, str) and _PLACEHOLDER.search(value):
        message += "; it looks like a placeholder that was never replaced"
    return message


def either(names: Sequence[str]) -> str:
    """`a`, `one of a or b`, `one of a, b or c`."""
    quoted = [f"`{name}`" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return "one of " + ", ".join(quoted[:-1]) + " or " + quoted[-1]


def description(schema: Mapping[str, Any]) -> str:
    """A subschema's own explanation, without its UNCONFIRMED: prefix."""
    text = schema.get("description")
    if not isinstance(text, str):
        return ""
    return text.removeprefix("UNCONFIRMED:").strip().rstrip(".")


def unconfirmed_note(schema: Mapping[str, Any]) -> str:
    """For a warning: why the fact is not certain (the schema's UNCONFIRMED description)."""
    text = schema.get("description")
    if isinstance(text, str) and text.startswith("UNCONFIRMED:"):
        return " (unconfirmed: " + text.removeprefix("UNCONFIRMED:").strip().rstrip(".") + ")"
    return " (unconfirmed)"


def other_violation(keyword: str, about: str, schema: Mapping[str, Any], value: Any) -> str:
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
        return f"{about} must be empty or absent: {description(schema) or 'no items allowed'}"
    if keyword == "minItems":
        return f"{about} needs at least {limit} item{'s' if limit != 1 else ''}"
    if keyword == "maxItems":
        return f"{about} has more than {limit} items"
    if keyword == "uniqueItems":
        return f"{about} lists the same value more than once"
    if keyword == "pattern":
        reason = description(schema)
        return f"{about} is {show(value)}, not in the expected form" + (
            f": {reason}" if reason else f" (pattern {schema.get('pattern')})"
        )
    if keyword in ("anyOf", "oneOf"):
        reason = description(schema)
        shown = f" is {show(value)}" if not isinstance(value, dict | list) else ""
        return f"{about}{shown}: " + (reason or f"it matches none of the allowed forms ({keyword})")
    reason = description(schema)
    return f"{about} breaks the schema's `{keyword}` rule" + (f": {reason}" if reason else "")
