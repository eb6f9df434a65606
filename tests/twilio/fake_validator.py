"""The fake Studio API's Validate: a few of the checks Twilio's validator makes, answered as
`details.errors[] = {property_path, message}` with the messages Twilio documents (error 81022)."""

from __future__ import annotations

from typing import Any

KNOWN_TYPES = (
    "trigger",
    "send-message",
    "send-and-wait-for-reply",
    "split-based-on",
    "make-http-request",
    "say-play",
    "gather-input-on-call",
    "set-variables",
    "run-function",
)


def validation_errors(definition: Any) -> list[dict[str, str]]:
    """A few of the checks Twilio's validator makes, with its kind of messages."""
    if not isinstance(definition, dict):
        return [{"property_path": "#", "message": "object expected"}]
    states = definition.get("states")
    if not isinstance(states, list):
        return [{"property_path": "#/states", "message": "is missing but it is required"}]
    errors = []
    names = [state.get("name") for state in states if isinstance(state, dict)]
    seen: set[object] = set()
    for index, state in enumerate(states):
        if not isinstance(state, dict):
            errors.append({"property_path": f"#/states/{index}", "message": "object expected"})
            continue
        here = f"#/states/{index}"
        if state.get("type") not in KNOWN_TYPES:
            errors.append(
                {
                    "property_path": f"{here}/type",
                    "message": f"does not have a value in the enumeration {list(KNOWN_TYPES)}",
                }
            )
        if state.get("name") in seen:
            errors.append(
                {"property_path": f"{here}/name", "message": "Widget names are not unique"}
            )
        seen.add(state.get("name"))
        properties = state.get("properties") or {}
        if isinstance(properties.get("timeout"), int):
            errors.append(
                {
                    "property_path": f"{here}/properties/timeout",
                    "message": "integer found, string expected",
                }
            )
        if state.get("type") == "make-http-request" and "url" not in properties:
            errors.append(
                {
                    "property_path": f"{here}/properties/url",
                    "message": "is missing but it is required",
                }
            )
        for number, transition in enumerate(state.get("transitions") or []):
            target = transition.get("next") if isinstance(transition, dict) else None
            if target and target not in names:
                errors.append(
                    {
                        "property_path": f"{here}/transitions/{number}/next",
                        "message": "Transition references a widget that doesn't exist",
                    }
                )
    return errors
