"""The Console layout on small flows: key orders, text, line endings, offsets."""

from __future__ import annotations

import json

import pytest

from flowlint.fmt import CannotFormat, format_flow_text
from flowlint.fmt.layout import ordered


def _flow(widget: dict[str, object]) -> str:
    return json.dumps({"flags": {}, "states": [widget], "initial_state": "Trigger"})


def test_known_keys_sort_and_unknown_keys_travel_with_the_key_before_them() -> None:
    members = {"zeta": 1, "to": 2, "note": 3, "offset": 4, "body": 5}
    result = ordered(members, ("offset", "to", "body"))
    assert list(result) == ["zeta", "offset", "to", "note", "body"]
    assert ordered(result, ("offset", "to", "body")) == result
    assert list(ordered(result, ("offset", "to", "body"))) == list(result)


def test_a_hand_written_widget_gets_the_console_order() -> None:
    text = _flow(
        {
            "properties": {
                "body": "Hi",
                "to": "{{contact.channel.address}}",
                "offset": {"y": 2, "x": 1},
            },
            "transitions": [{"event": "sent", "next": "Done"}],
            "type": "send-message",
            "name": "Greet",
        }
    )
    value = json.loads(format_flow_text(text))
    assert list(value) == ["states", "initial_state", "flags"]
    widget = value["states"][0]
    assert list(widget) == ["name", "type", "transitions", "properties"]
    assert list(widget["transitions"][0]) == ["next", "event"]
    assert list(widget["properties"]) == ["offset", "to", "body"]
    assert list(widget["properties"]["offset"]) == ["x", "y"]


def test_widget_types_the_console_orders_inconsistently_keep_their_order() -> None:
    properties = {"say": "Hello", "voice": "alice", "offset": {"x": 0, "y": 0}, "loop": 1}
    text = _flow({"name": "Hello", "type": "say-play", "transitions": [], "properties": properties})
    assert list(json.loads(format_flow_text(text))["states"][0]["properties"]) == list(properties)


def test_conditions_and_key_value_entries_get_the_console_order() -> None:
    text = _flow(
        {
            "name": "Set",
            "type": "set-variables",
            "transitions": [
                {
                    "conditions": [
                        {"value": "a", "type": "equal_to", "arguments": [], "friendly_name": "A"}
                    ],
                    "event": "next",
                    "next": "x",
                }
            ],
            "properties": {"variables": [{"key": "k", "value": "v", "index": "0"}]},
        }
    )
    widget = json.loads(format_flow_text(text))["states"][0]
    assert list(widget["transitions"][0]) == ["next", "event", "conditions"]
    assert list(widget["transitions"][0]["conditions"][0]) == [
        "friendly_name",
        "arguments",
        "type",
        "value",
    ]
    assert list(widget["properties"]["variables"][0]) == ["index", "value", "key"]


def test_text_is_what_json_stringify_writes_with_numbers_kept_as_written() -> None:
    text = '{"description":"caf\\u00e9 \\/ \\ud83d\\ude00 \\u0007 \\ud800","states":[],"n":[1.0,1E3,-0],"e":{}}'
    assert format_flow_text(text) == (
        "{\n"
        '  "description": "café / 😀 \\u0007 \\ud800",\n'
        '  "states": [],\n'
        '  "n": [\n    1.0,\n    1E3,\n    -0\n  ],\n'
        '  "e": {}\n'
        "}\n"
    )


def test_crlf_files_keep_crlf_and_a_bom_is_dropped() -> None:
    text = '\ufeff{\r\n    "states": [],\r\n    "initial_state": "Trigger"\r\n}'
    assert format_flow_text(text) == '{\r\n  "states": [],\r\n  "initial_state": "Trigger"\r\n}\r\n'


def test_a_flow_resource_orders_its_definition_and_keeps_its_own_order() -> None:
    definition = {"states": [], "description": "d"}
    text = json.dumps({"sid": "FW1", "definition": definition, "friendly_name": "f"})
    value = json.loads(format_flow_text(text))
    assert list(value) == ["sid", "definition", "friendly_name"]
    assert list(value["definition"]) == ["description", "states"]


def test_offsets_are_kept_unless_normalizing_snaps_them_to_the_grid() -> None:
    widget = {
        "name": "T",
        "type": "trigger",
        "transitions": [],
        "properties": {"offset": {"x": 14, "y": -25}},
    }
    text = _flow(widget)
    assert json.loads(format_flow_text(text))["states"][0]["properties"]["offset"] == {
        "x": 14,
        "y": -25,
    }
    snapped = json.loads(format_flow_text(text, normalize_offsets=True))
    assert snapped["states"][0]["properties"]["offset"] == {"x": 10, "y": -30}


@pytest.mark.parametrize(
    ("text", "invalid", "message"),
    [
        ('{"states": [', True, "not valid JSON"),
        ('{"states": [], "states": []}', True, "duplicate key 'states'"),
        ('{"states": [NaN]}', True, "NaN is not a JSON number"),
        ('{"name": "owl-bank"}', False, "not a Studio flow"),
        ("[1, 2]", False, "not a Studio flow: an array"),
    ],
)
def test_what_cannot_be_formatted_is_refused_with_a_reason(
    text: str, invalid: bool, message: str
) -> None:
    with pytest.raises(CannotFormat) as refused:
        format_flow_text(text)
    assert refused.value.invalid is invalid
    assert message in refused.value.message
