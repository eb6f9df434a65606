"""Generate realistic synthetic Studio flows for benchmarks.

The flows look like Console exports: a trigger, then menus (gather / send-and-wait + split),
HTTP lookups and functions with their failure branches, set-variables, messages with Liquid,
hand-offs to Flex, and canvas offsets; every widget lists all its events, like the Console
does. A seed makes the output reproducible.

    python bench/generate_flows.py --widgets 1000 --out bench/flows/flow-1000.json
    python bench/generate_flows.py --preset     # the standard set used by bench/bench_check.py
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

PRESET = {10: "flow-10.json", 100: "flow-100.json", 500: "flow-500.json", 1000: "flow-1000.json"}
LOREM = (
    "Thanks for contacting Owl Bank. Our team is available Monday to Friday from 8am to 8pm. "
    "Reply HELP for assistance or STOP to unsubscribe. Message and data rates may apply. "
)


def _offset(index: int) -> dict[str, int]:
    return {"x": (index % 7) * 260 - 400, "y": (index // 7) * 220}


def _widget(
    kind: str, name: str, index: int, nxt: str | None, alt: str | None, rng: random.Random
) -> dict[str, Any]:
    def tr(event: str, target: str | None) -> dict[str, Any]:
        entry: dict[str, Any] = {"event": event}
        if target is not None:
            entry["next"] = target
        return entry

    body = LOREM * rng.randint(1, 3)
    if kind == "send-message":
        return {
            "name": name,
            "type": kind,
            "transitions": [tr("sent", nxt), tr("failed", alt)],
            "properties": {
                "offset": _offset(index),
                "service": "{{trigger.message.InstanceSid}}",
                "channel": "{{trigger.message.ChannelSid}}",
                "from": "{{flow.channel.address}}",
                "to": "{{contact.channel.address}}",
                "body": f"Hi {{{{flow.variables.customer_name}}}}! {body}",
            },
        }
    if kind == "send-and-wait-for-reply":
        return {
            "name": name,
            "type": kind,
            "transitions": [
                tr("incomingMessage", nxt),
                tr("timeout", alt),
                tr("deliveryFailure", alt),
            ],
            "properties": {
                "offset": _offset(index),
                "from": "{{flow.channel.address}}",
                "body": f"Reply 1 for balance, 2 for cards, 3 for an agent. {body}",
                "timeout": "3600",
            },
        }
    if kind == "gather-input-on-call":
        return {
            "name": name,
            "type": kind,
            "transitions": [tr("keypress", nxt), tr("speech", nxt), tr("timeout", alt)],
            "properties": {
                "offset": _offset(index),
                "voice": "Polly.Joanna",
                "speech_timeout": "auto",
                "loop": 1,
                "finish_on_key": "#",
                "say": f"Press 1 for balance. {body}",
                "language": "en-US",
                "stop_gather": True,
                "gather_language": "en-US",
                "profanity_filter": "true",
                "timeout": 5,
            },
        }
    if kind == "make-http-request":
        return {
            "name": name,
            "type": kind,
            "transitions": [tr("success", nxt), tr("failed", alt)],
            "properties": {
                "offset": _offset(index),
                "method": "POST",
                "content_type": "application/json;charset=utf-8",
                "body": '{"from": "{{contact.channel.address}}", "step": "' + name + '"}',
                "url": f"https://api.example.com/customers/lookup/{index}",
            },
        }
    if kind == "run-function":
        return {
            "name": name,
            "type": kind,
            "transitions": [tr("success", nxt), tr("fail", alt)],
            "properties": {
                "offset": _offset(index),
                "service_sid": "ZS" + "0" * 32,
                "environment_sid": "ZE" + "1" * 32,
                "function_sid": "ZH" + "2" * 32,
                "url": "https://owl-bank-1234-dev.twil.io/lookup",
                "parameters": [
                    {"value": "{{contact.channel.address}}", "key": "phone"},
                    {"value": "{{flow.variables.customer_name}}", "key": "name"},
                ],
            },
        }
    if kind == "set-variables":
        return {
            "name": name,
            "type": kind,
            "transitions": [tr("next", nxt)],
            "properties": {
                "offset": _offset(index),
                "variables": [
                    {
                        "value": "{{trigger.message.Body | default: 'friend'}}",
                        "key": "customer_name",
                        "type": "string",
                    },
                    {"value": str(index), "key": f"step_{index}", "type": "string"},
                ],
            },
        }
    if kind == "split-based-on":
        return {
            "name": name,
            "type": kind,
            "transitions": [
                tr("noMatch", alt),
                {
                    "next": nxt,
                    "event": "match",
                    "conditions": [
                        {
                            "friendly_name": "If value equal_to 1",
                            "arguments": ["{{trigger.message.Body}}"],
                            "type": "equal_to",
                            "value": "1",
                        }
                    ],
                },
                {
                    "next": alt,
                    "event": "match",
                    "conditions": [
                        {
                            "friendly_name": "If value matches_any_of 2, two",
                            "arguments": ["{{trigger.message.Body}}"],
                            "type": "matches_any_of",
                            "value": "2, two",
                        }
                    ],
                },
            ],
            "properties": {"input": "{{trigger.message.Body}}", "offset": _offset(index)},
        }
    if kind == "say-play":
        return {
            "name": name,
            "type": kind,
            "transitions": [tr("audioComplete", nxt)],
            "properties": {
                "offset": _offset(index),
                "voice": "Polly.Joanna",
                "loop": 1,
                "say": f"Please hold. {body}",
                "language": "en-US",
            },
        }
    if kind == "send-to-flex":
        return {
            "name": name,
            "type": kind,
            "transitions": [
                tr("callComplete", None),
                tr("failedToEnqueue", alt),
                tr("callFailure", alt),
            ],
            "properties": {
                "offset": _offset(index),
                "workflow": "WW" + "3" * 32,
                "channel": "TC" + "4" * 32,
                "attributes": '{"name": "{{trigger.message.ChannelAttributes.from}}", "channelType": "{{trigger.message.ChannelAttributes.channel_type}}"}',
                "priority": "0",
                "timeout": "3600",
            },
        }
    raise ValueError(kind)


KINDS = [
    "send-message",
    "send-and-wait-for-reply",
    "split-based-on",
    "make-http-request",
    "run-function",
    "set-variables",
    "say-play",
    "gather-input-on-call",
]
WEIGHTS = [5, 3, 4, 2, 2, 2, 2, 2]


def generate(widget_count: int, seed: int = 7) -> dict[str, Any]:
    """A flow with `widget_count` widgets (the trigger included)."""
    rng = random.Random(seed)
    names = ["Trigger"] + [f"step_{i}" for i in range(1, widget_count)]
    fallback = "send_to_agent" if widget_count > 3 else None
    if fallback:
        names[-1] = fallback
    states: list[dict[str, Any]] = [
        {
            "name": "Trigger",
            "type": "trigger",
            "transitions": [
                {"event": "incomingMessage", "next": names[1] if widget_count > 1 else None},
                {"event": "incomingCall"},
                {"event": "incomingConversationMessage"},
                {"event": "incomingRequest"},
                {"event": "incomingParent"},
            ],
            "properties": {"offset": {"x": 0, "y": 0}},
        }
    ]
    for key in ("next",):
        if states[0]["transitions"][0][key] is None:
            del states[0]["transitions"][0][key]
    for index in range(1, widget_count):
        name = names[index]
        if name == fallback:
            states.append(_widget("send-to-flex", name, index, None, None, rng))
            continue
        nxt = names[index + 1] if index + 1 < widget_count else None
        kind = rng.choices(KINDS, WEIGHTS)[0]
        states.append(_widget(kind, name, index, nxt, fallback, rng))
    return {
        "description": f"Synthetic flow with {widget_count} widgets",
        "states": states,
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": True},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widgets", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--preset", action="store_true", help="write the standard set to bench/flows/"
    )
    parser.add_argument(
        "--many", type=int, default=0, help="write N small/medium flows to --out (a folder)"
    )
    args = parser.parse_args()
    if args.preset:
        folder = Path(__file__).parent / "flows"
        folder.mkdir(exist_ok=True)
        for count, filename in PRESET.items():
            text = json.dumps(generate(count, args.seed), indent=2)
            (folder / filename).write_text(text + "\n", encoding="utf-8")
            print(f"{folder / filename}: {count} widgets, {len(text.encode()):,} bytes")
        return
    if args.many:
        folder = args.out or Path("bench/flows/many")
        folder.mkdir(parents=True, exist_ok=True)
        rng = random.Random(args.seed)
        for number in range(args.many):
            count = rng.choice([8, 15, 25, 40, 60, 120])
            (folder / f"flow-{number:03d}.json").write_text(
                json.dumps(generate(count, number), indent=2) + "\n"
            )
        print(f"{args.many} flows in {folder}")
        return
    text = json.dumps(generate(args.widgets, args.seed), indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
