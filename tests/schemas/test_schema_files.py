"""The JSON Schemas in schemas/ are valid, agree with the reference, and fit real exports.

Failures reported by a (sub)schema carrying `"x-flowlint-severity": "warning"` are warnings:
flowlint reports them but they do not make a flow invalid, so the corpus checks ignore them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, ValidationError

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas"
WIDGET_SCHEMAS = SCHEMAS / "widgets"
VALID_FIXTURES = REPO / "tests" / "fixtures" / "schemas" / "valid"
CORPUS = REPO.parent / "shared" / "corpus" / "real"

# Events per widget type, as listed in the reference (studio-domain.md §1.1 and §2.2).
# None: the type is known by name only, so any event is accepted.
REFERENCE_EVENTS: dict[str, list[str] | None] = {
    "trigger": [
        "incomingMessage",
        "incomingCall",
        "incomingConversationMessage",
        "incomingRequest",
        "incomingParent",
    ],
    "send-message": ["sent", "failed"],
    "send-and-wait-for-reply": ["incomingMessage", "timeout", "deliveryFailure"],
    "split-based-on": ["noMatch", "match"],
    "set-variables": ["next"],
    "say-play": ["audioComplete"],
    "gather-input-on-call": ["keypress", "speech", "timeout"],
    "make-http-request": ["success", "failed"],
    "run-function": ["success", "fail"],
    "run-function-v2": None,
    "connect-call-to": ["callCompleted", "hangup"],
    "enqueue-call": ["callComplete", "failedToEnqueue", "callFailure"],
    "send-to-flex": ["callComplete", "failedToEnqueue", "callFailure"],
    "record-voicemail": ["recordingComplete", "noAudio", "hangup"],
    "record-call": ["success", "failed"],
    "make-outgoing-call-v1": [
        "answered",
        "busy",
        "noAnswer",
        "failed",
        "answeredByMachine",
        "hangup",
    ],
    "make-outgoing-call-v2": ["answered", "busy", "noAnswer", "failed"],
    "fork-stream": ["next"],
    "capture-payments": [
        "success",
        "maxFailedAttempts",
        "providerError",
        "payInterrupted",
        "hangup",
        "validationError",
    ],
    "connect-virtual-agent": ["return", "hangup"],
    "connect-virtual-agent-v2": [
        "completed",
        "live-agent-handoff",
        "hangup",
        "failed",
        "paused",
        "timeout",
    ],
    "add-twiml-redirect": ["return", "timeout", "fail"],
    "run-subflow": ["completed", "failed"],
    "send-to-auto-pilot": ["sessionEnded", "failure", "timeout"],
    "start-conversation": ["created", "failed"],
    "resume-conversation": ["resumed", "failed"],
    "run-conversation-relay": ["success", "failed"],
    "add-member-to-chat-channel": None,
    "create-chat-channel": None,
    "create-task": None,
    "understand": None,
    "update-sync-object": None,
}

# Real exports whose failures are true bugs in the flow (listed in schemas/README.md under
# "Corpus findings"): file name -> (why, names of the widgets the schemas reject).
KNOWN_BROKEN: dict[str, tuple[str, set[str]]] = {
    "HlsRobot__twilio-watson__StudioFlow.json": (
        "run-function widgets with no url (never configured)",
        {"InitializeSession", "HandleInput"},
    ),
    "Tgieschen__Zendesk-Integration-Breakfast__StudioFlow.json": (
        "run-function without url and send-to-flex without workflow/channel",
        {"getUserInfoFunc", "CreateTicketFunc", "SendCustomerToAgent"},
    ),
    "Odiabackend099__meetcallwaiting.ai__studio-flow.json": (
        "hand-written: camelCase keys (contentType, maxLength) and an invented recordingError event",
        {
            "CollectOrderDetails",
            "CollectBookingDetails",
            "CollectVoicemail",
            "SendOrderToAPI",
            "SendBookingToAPI",
            "SendVoicemailToAPI",
        },
    ),
    "twilio-labs__function-templates__outreach-pcp-followup_assets_studio-flow-template"
    ".private.json": (
        "placeholder SIDs (YOUR_SERVICE_SID ...) never replaced",
        {
            "save_Outreach",
            "save_PainLevel",
            "save_GetPN",
            "save_RequestPN",
            "save_PCPAppt2",
            "save_PCPAppt",
        },
    ),
    "twilio-labs__function-templates__patient-appointment-management_assets_studio-flow"
    "-template.private.json": (
        "placeholder SIDs (YOUR_TWILIO_SERVICE_SID ...) never replaced",
        {
            "save-booked",
            "save-canceled",
            "save-modified",
            "save-noshowed",
            "save-confirmed",
            "save-rescheduled",
            "save-remind",
            "get-datetime-parts",
        },
    ),
    "twilio-labs__sample-flows-github-actions__flows_CA-Regulatory-Flow.json": (
        "split-based-on with no input (also has a dangling next)",
        {"split_1"},
    ),
    "twilio-professional-services__flex-chat-aws-lex-integration-poc__studio-approach"
    "_studio-flow_studio-flow.json": (
        "placeholder SIDs WWxx / TCxx",
        {"SendMessageToAgent"},
    ),
    "twilio-professional-services__flex-project-template__voicemail_email-providers"
    "_sendgrid-setup.json": (
        "placeholder SIDs YOUR-WORKFLOW-SID / YOUR-CHANNEL-SID",
        {"send_callback_to_flex", "send_voicemail_to_flex", "send_to_flex_queue"},
    ),
    "twilio-professional-services__per-agent-voicemail__Agent-Voicemail-Service_public"
    "_VoiceIVR.json": (
        "truncated SIDs 'WW' / 'TC'",
        {"SendCallToAgent", "SendToEveryone"},
    ),
}


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def widget_schema(widget_type: str) -> dict[str, Any]:
    schema: dict[str, Any] = load_json(WIDGET_SCHEMAS / f"{widget_type}.schema.json")
    return schema


def severity(error: ValidationError) -> str:
    """The severity flowlint gives a schema failure: the failing subschema's own marking."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    return str(schema.get("x-flowlint-severity", "error"))


def hard_errors(validator: Draft7Validator, instance: Any) -> list[ValidationError]:
    return [e for e in validator.iter_errors(instance) if severity(e) == "error"]


def describe(errors: list[ValidationError]) -> str:
    return "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors
    )


ALL_SCHEMA_FILES = sorted(SCHEMAS.rglob("*.schema.json"))
WIDGET_TYPES = sorted(p.name.removesuffix(".schema.json") for p in WIDGET_SCHEMAS.glob("*.json"))


# ---------------------------------------------------------------- schema files


@pytest.mark.parametrize("path", ALL_SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_file_is_valid_draft7(path: Path) -> None:
    schema = load_json(path)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


def test_one_schema_per_reference_widget_type() -> None:
    assert set(WIDGET_TYPES) == set(REFERENCE_EVENTS)


def test_envelope_id_and_limits() -> None:
    envelope = load_json(SCHEMAS / "flow-definition.schema.json")
    assert envelope["$id"] == "https://schemas.twilio.com/studio/draft/2019-09/flow-definition"
    states = envelope["properties"]["states"]
    assert (states["minItems"], states["maxItems"]) == (1, 1000)
    assert envelope["definitions"]["Flags"]["required"] == ["allow_concurrent_calls"]


@pytest.mark.parametrize("widget_type", WIDGET_TYPES)
def test_type_const_matches_file_name(widget_type: str) -> None:
    assert widget_schema(widget_type)["properties"]["type"]["const"] == widget_type


@pytest.mark.parametrize("widget_type", WIDGET_TYPES)
def test_events_enum_matches_reference(widget_type: str) -> None:
    schema = widget_schema(widget_type)
    event = schema["properties"]["transitions"]["items"]["properties"]["event"]
    expected = REFERENCE_EVENTS[widget_type]
    if expected is None:
        assert "enum" not in event
        assert schema["x-flowlint"]["status"] == "name-only"
        assert schema["x-flowlint"]["permissive"] is True
    else:
        assert event["enum"] == expected


@pytest.mark.parametrize("widget_type", WIDGET_TYPES)
def test_x_flowlint_block(widget_type: str) -> None:
    meta = widget_schema(widget_type)["x-flowlint"]
    assert meta["status"] in {"confirmed", "unconfirmed", "name-only"}
    assert isinstance(meta["waits"], bool)
    assert meta["channels"] and set(meta["channels"]) <= {"voice", "messaging", "any"}
    assert meta["deprecated"] is None or isinstance(meta["deprecated"], str)
    assert isinstance(meta["docs"], str) and meta["docs"]
    events = REFERENCE_EVENTS[widget_type] or []
    assert set(meta["unhandled-events"]) <= set(events)
    policy = meta.get("unhandled-event-policy", {})
    assert set(policy) <= set(meta["unhandled-events"])
    assert set(policy.values()) <= {"always", "when-success-continues", "opt-in"}
    if meta["status"] == "name-only":
        assert "outputs" not in meta
    else:
        assert isinstance(meta["outputs"], dict)


# ---------------------------------------------------------------- valid examples


@pytest.mark.parametrize("widget_type", WIDGET_TYPES)
def test_valid_example_is_accepted(widget_type: str) -> None:
    widget = load_json(VALID_FIXTURES / f"{widget_type}.json")
    errors = list(Draft7Validator(widget_schema(widget_type)).iter_errors(widget))
    assert errors == [], describe(errors)
    flow = {
        "description": "one widget",
        "flags": {"allow_concurrent_calls": True},
        "initial_state": widget["name"],
        "states": [widget],
    }
    envelope = Draft7Validator(load_json(SCHEMAS / "flow-definition.schema.json"))
    assert list(envelope.iter_errors(flow)) == []


# ---------------------------------------------------------------- mistakes Twilio rejects

# (widget type, change to the valid example's properties, the property the error must name,
# the JSON Schema keyword that must fail). Mirrors the FlowValidate messages of §5.
STRICT_TYPE_MISTAKES: list[tuple[str, dict[str, Any], str, str]] = [
    # "boolean found, string expected"
    ("record-voicemail", {"trim": True}, "trim", "type"),
    ("record-voicemail", {"play_beep": True}, "play_beep", "type"),
    ("capture-payments", {"postal_code": True}, "postal_code", "type"),
    ("gather-input-on-call", {"profanity_filter": False}, "profanity_filter", "type"),
    ("run-conversation-relay", {"interruptible": True}, "interruptible", "type"),
    # "integer found, string expected"
    ("send-to-flex", {"timeout": 3600}, "timeout", "type"),
    ("send-to-flex", {"priority": 0}, "priority", "type"),
    ("add-twiml-redirect", {"timeout": 14400}, "timeout", "type"),
    ("connect-call-to", {"time_limit": 14400}, "time_limit", "type"),
    (
        "make-outgoing-call-v2",
        {"machine_detection_timeout": 30},
        "machine_detection_timeout",
        "type",
    ),
    ("gather-input-on-call", {"speech_timeout": 5}, "speech_timeout", "type"),
    # "string found, boolean expected"
    ("capture-payments", {"security_code": "true"}, "security_code", "type"),
    ("record-call", {"record_call": "true"}, "record_call", "type"),
    ("connect-call-to", {"record": "true"}, "record", "type"),
    ("gather-input-on-call", {"stop_gather": "true"}, "stop_gather", "type"),
    ("record-voicemail", {"transcribe": "false"}, "transcribe", "type"),
    (
        "make-outgoing-call-v2",
        {"detect_answering_machine": "true"},
        "detect_answering_machine",
        "type",
    ),
    ("make-http-request", {"add_twilio_auth": "false"}, "add_twilio_auth", "type"),
    # integer required
    ("say-play", {"loop": "1"}, "loop", "type"),
    ("gather-input-on-call", {"number_of_digits": "4"}, "number_of_digits", "type"),
    ("gather-input-on-call", {"timeout": "5"}, "timeout", "type"),
    ("record-voicemail", {"max_length": "60"}, "max_length", "type"),
    ("capture-payments", {"max_attempts": "3"}, "max_attempts", "type"),
    ("capture-payments", {"min_postal_code_length": "5"}, "min_postal_code_length", "type"),
    ("enqueue-call", {"priority": "1"}, "priority", "type"),
    ("make-outgoing-call-v2", {"timeout": "60"}, "timeout", "type"),
    # "does not have a value in the enumeration"
    ("make-http-request", {"method": "PATCH"}, "method", "enum"),
    ("connect-call-to", {"noun": "phone"}, "noun", "enum"),
    ("fork-stream", {"stream_action": "Start"}, "stream_action", "enum"),
    ("capture-payments", {"payment_method": "CARD"}, "payment_method", "enum"),
    ("record-voicemail", {"trim": "trim"}, "trim", "enum"),
    # "must not be null"
    ("make-http-request", {"url": None}, "url", "type"),
    # out of range (confirmed ranges)
    ("record-voicemail", {"max_length": 20000}, "max_length", "maximum"),
    # malformed SIDs
    ("send-to-flex", {"workflow": "WW123"}, "workflow", "pattern"),
    (
        "enqueue-call",
        {"workflow_sid": "WQ0123456789abcdef0123456789abcdef"},
        "workflow_sid",
        "pattern",
    ),
]


def props_error(errors: list[ValidationError], prop: str, keyword: str) -> ValidationError | None:
    for error in errors:
        if list(error.absolute_path) == ["properties", prop] and error.validator == keyword:
            return error
    return None


@pytest.mark.parametrize(
    ("widget_type", "change", "prop", "keyword"),
    STRICT_TYPE_MISTAKES,
    ids=[f"{t}.{p}={c[p]!r}" for t, c, p, _ in STRICT_TYPE_MISTAKES],
)
def test_strict_type_mistake_is_rejected(
    widget_type: str, change: dict[str, Any], prop: str, keyword: str
) -> None:
    widget = load_json(VALID_FIXTURES / f"{widget_type}.json")
    widget["properties"].update(change)
    errors = hard_errors(Draft7Validator(widget_schema(widget_type)), widget)
    assert props_error(errors, prop, keyword) is not None, describe(errors)


def test_unknown_event_is_rejected() -> None:
    widget = load_json(VALID_FIXTURES / "run-function.json")
    widget["transitions"][1]["event"] = "failed"  # run-function's event is "fail"
    errors = hard_errors(Draft7Validator(widget_schema("run-function")), widget)
    assert [list(e.absolute_path) for e in errors] == [["transitions", 1, "event"]]
    assert errors[0].validator == "enum"


def test_missing_required_property_is_rejected() -> None:
    widget = load_json(VALID_FIXTURES / "run-subflow.json")
    del widget["properties"]["flow_sid"]
    errors = hard_errors(Draft7Validator(widget_schema("run-subflow")), widget)
    assert [e.validator for e in errors] == ["required"]


def test_liquid_flow_sid_is_rejected_as_liquid() -> None:
    widget = load_json(VALID_FIXTURES / "run-subflow.json")
    widget["properties"]["flow_sid"] = "{{flow.variables.subflow_sid}}"
    errors = hard_errors(Draft7Validator(widget_schema("run-subflow")), widget)
    liquid = [e for e in errors if e.validator == "not"]
    assert len(liquid) == 1
    assert liquid[0].schema.get("x-flowlint-no-liquid") is True


def test_match_transition_needs_conditions() -> None:
    widget = load_json(VALID_FIXTURES / "split-based-on.json")
    del widget["transitions"][1]["conditions"]
    errors = hard_errors(Draft7Validator(widget_schema("split-based-on")), widget)
    assert [(list(e.absolute_path), e.validator) for e in errors] == [
        (["transitions", 1], "required")
    ]


def test_unknown_condition_operator_is_rejected() -> None:
    widget = load_json(VALID_FIXTURES / "split-based-on.json")
    widget["transitions"][1]["conditions"][0]["type"] = "equals"
    errors = hard_errors(Draft7Validator(widget_schema("split-based-on")), widget)
    assert [e.validator for e in errors] == ["enum"]


# (widget type, change to the valid example's properties, the keyword that must fail): facts
# from a single source, which flowlint reports as warnings only.
UNCONFIRMED_MISTAKES: list[tuple[str, dict[str, Any], str]] = [
    ("gather-input-on-call", {"timeout": 45}, "maximum"),
    ("gather-input-on-call", {"play": "https://example.com/menu.mp3"}, "not"),
    ("say-play", {"loop": 0}, "minimum"),
    ("gather-input-on-call", {"profanity_filter": "yes"}, "enum"),
    ("send-and-wait-for-reply", {"timeout": "one hour"}, "anyOf"),
    # FlowValidate's table says a string, but unedited Console exports store an integer.
    ("send-and-wait-for-reply", {"timeout": 3600}, "type"),
    ("fork-stream", {"stream_url": None}, "required"),
    ("record-call", {"recording_status_callback_events": "completed,absent"}, "pattern"),
    # run-subflow `flow_revision` is confirmed now (error 81021): an error, tested by
    # tests/fixtures/rules/schema-violation/fires_subflow_latest_draft.json.
    ("capture-payments", {"valid_card_types": ["visa", "mastercard"]}, "enum"),
]


@pytest.mark.parametrize(
    ("widget_type", "change", "keyword"),
    UNCONFIRMED_MISTAKES,
    ids=[f"{t}.{next(iter(c))}" for t, c, _ in UNCONFIRMED_MISTAKES],
)
def test_unconfirmed_fact_is_only_a_warning(
    widget_type: str, change: dict[str, Any], keyword: str
) -> None:
    widget = load_json(VALID_FIXTURES / f"{widget_type}.json")
    for key, value in change.items():
        if value is None:
            del widget["properties"][key]
        else:
            widget["properties"][key] = value
    errors = list(Draft7Validator(widget_schema(widget_type)).iter_errors(widget))
    assert [(e.validator, severity(e)) for e in errors] == [(keyword, "warning")]


# ---------------------------------------------------------------- real corpus


def corpus_flows() -> Iterator[tuple[str, dict[str, Any]]]:
    """Strict-JSON real exports: no templates, no hand-written flows with invented types."""
    for path in sorted(CORPUS.glob("*.json")):
        if ".template." in path.name or ".invalid." in path.name:
            continue
        try:
            flow = load_json(path)
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        states = flow.get("states") if isinstance(flow, dict) else None
        if not isinstance(states, list):
            continue
        if any(state.get("type") not in REFERENCE_EVENTS for state in states):
            continue
        yield path.name, flow


def needs_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"real-flow corpus not found at {CORPUS}")


def test_envelope_accepts_real_exports() -> None:
    needs_corpus()
    envelope = Draft7Validator(load_json(SCHEMAS / "flow-definition.schema.json"))
    failures = {
        name: describe(errors)
        for name, flow in corpus_flows()
        if (errors := hard_errors(envelope, flow))
    }
    assert failures == {}


def corpus_widgets(widget_type: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, flow in corpus_flows():
        for state in flow["states"]:
            # ${...} are deployment-template placeholders, filled in before upload.
            if state.get("type") == widget_type and "${" not in json.dumps(state):
                yield name, state


@pytest.mark.parametrize("widget_type", WIDGET_TYPES)
def test_widget_schema_accepts_real_exports(widget_type: str) -> None:
    needs_corpus()
    validator = Draft7Validator(widget_schema(widget_type))
    unexpected = {}
    for file_name, state in corpus_widgets(widget_type):
        known = KNOWN_BROKEN.get(file_name, ("", set()))[1]
        errors = hard_errors(validator, state)
        if errors and state["name"] not in known:
            unexpected[f"{file_name}:{state['name']}"] = describe(errors)
    assert unexpected == {}


def test_known_broken_widgets_are_still_rejected() -> None:
    needs_corpus()
    flows = dict(corpus_flows())
    for file_name, (why, names) in KNOWN_BROKEN.items():
        assert file_name in flows, f"{file_name} is no longer in the corpus"
        rejected = {
            state["name"]
            for state in flows[file_name]["states"]
            if hard_errors(Draft7Validator(widget_schema(state["type"])), state)
        }
        assert rejected == names, why
