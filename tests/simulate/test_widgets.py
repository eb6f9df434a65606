"""What each widget type does in the simulator, against Studio's documented events and
outputs (studio-domain.md §2 "widget table" and §3 "Liquid context")."""

from __future__ import annotations

from pathlib import Path

from flowlint.model.build import build_flow
from flowlint.simulate.flow_file import read_flow_file
from flowlint.simulate.runner import run_case
from flowlint.simulate.scenario import Case, Mock
from tests.simulate.conftest import HERE, flow_of, reply, run, widget


def test_trigger_follows_the_transition_of_the_case_event() -> None:
    """The Trigger raises the event that started the execution (incomingCall, ...)."""
    definition = flow_of(
        widget("hello", "say-play", {"say": "Hi"}, ("audioComplete", None)),
        trigger_event="incomingCall",
    )
    result = run(definition, event="incomingCall")
    assert result.path == ["Trigger", "hello"]
    assert result.ending is not None and (result.ending.widget, result.ending.event) == (
        "hello",
        "audioComplete",
    )


def test_set_variables_values_are_strings_and_are_mirrored_under_widgets() -> None:
    """Values set by set-variables are strings (Studio quirk), also at widgets.<name>.<key>."""
    definition = flow_of(
        widget(
            "set",
            "set-variables",
            {"variables": [{"key": "count", "value": "{{ 1 | plus: 2 }}"}]},
            ("next", "say"),
        ),
        widget(
            "say",
            "send-message",
            {"body": "{{flow.variables.count}}/{{widgets.set.count}}"},
            ("sent", None),
        ),
    )
    result = run(definition)
    assert result.variables == {"count": "3"}
    assert result.sends == ["3/3"]


def test_split_takes_the_first_match_in_order_else_no_match() -> None:
    """Studio tests `match` transitions in order and follows the first that holds."""
    split = widget(
        "route", "split-based-on", {"input": "{{trigger.message.Body}}"}, ("noMatch", "other")
    )
    split["transitions"] += [
        {
            "event": "match",
            "next": "first",
            "conditions": [
                {"type": "contains", "value": "bal", "arguments": [], "friendly_name": "a"}
            ],
        },
        {
            "event": "match",
            "next": "second",
            "conditions": [
                {"type": "equal_to", "value": "balance", "arguments": [], "friendly_name": "b"}
            ],
        },
    ]
    definition = flow_of(
        split,
        widget("first", "send-message", {"body": "1"}, ("sent", None)),
        widget("second", "send-message", {"body": "2"}, ("sent", None)),
        widget("other", "send-message", {"body": "3"}, ("sent", None)),
    )
    fields = {"From": "+1", "To": "+2"}
    assert run(definition, fields={**fields, "Body": "Balance"}).path == [
        "Trigger",
        "route",
        "first",
    ]
    assert run(definition, fields={**fields, "Body": "hello"}).path == ["Trigger", "route", "other"]


def test_send_and_wait_consumes_the_reply_and_exposes_inbound_body() -> None:
    """send-and-wait-for-reply raises incomingMessage; the reply is widgets.<name>.inbound.Body."""
    definition = flow_of(
        widget(
            "ask",
            "send-and-wait-for-reply",
            {"body": "Name?"},
            ("incomingMessage", "thanks"),
            ("timeout", None),
        ),
        widget(
            "thanks",
            "send-message",
            {"body": "Thanks, {{widgets.ask.inbound.Body}}"},
            ("sent", None),
        ),
    )
    result = run(definition, inputs=[reply("ask", body="Ada")])
    assert result.sends == ["Name?", "Thanks, Ada"]
    timed_out = run(definition, inputs=[reply("ask", event="timeout")])
    assert timed_out.path == ["Trigger", "ask"] and timed_out.ending is not None
    assert timed_out.ending.event == "timeout"


def test_a_waiting_widget_without_input_fails_the_case_naming_it() -> None:
    definition = flow_of(
        widget("ask", "send-and-wait-for-reply", {"body": "Name?"}, ("incomingMessage", None))
    )
    result = run(definition)
    assert result.missing_test_data is not None
    assert "'ask'" in result.missing_test_data and "{widget: ask, body:" in result.missing_test_data


def test_gather_digits_and_speech() -> None:
    """gather-input-on-call: keypress sets Digits, speech sets SpeechResult; the prompt is said."""
    definition = flow_of(
        widget(
            "menu",
            "gather-input-on-call",
            {"say": "Press 1"},
            ("keypress", "said"),
            ("speech", "said"),
            ("timeout", None),
        ),
        widget(
            "said",
            "say-play",
            {"say": "{{widgets.menu.Digits}}{{widgets.menu.SpeechResult}}"},
            ("audioComplete", None),
        ),
        trigger_event="incomingCall",
    )
    digits = run(definition, event="incomingCall", inputs=[reply("menu", digits="1")])
    assert digits.says == ["Press 1", "1"]
    speech = run(definition, event="incomingCall", inputs=[reply("menu", speech="Sales.")])
    assert speech.says == ["Press 1", "Sales."]


def test_input_for_another_widget_is_reported() -> None:
    definition = flow_of(
        widget("menu", "gather-input-on-call", {"say": "Press 1"}, ("keypress", None))
    )
    result = run(definition, inputs=[reply("other", digits="1")])
    assert result.missing_test_data is not None and "is for 'other'" in result.missing_test_data


def test_http_mock_gives_status_body_and_parsed_json() -> None:
    """make-http-request: success on 2xx; outputs status_code, body, parsed.* for JSON."""
    definition = flow_of(
        widget(
            "http",
            "make-http-request",
            {"url": "https://x", "method": "GET"},
            ("success", "say"),
            ("failed", "oops"),
        ),
        widget(
            "say",
            "send-message",
            {"body": "{{widgets.http.parsed.balance}} {{widgets.http.status_code}}"},
            ("sent", None),
        ),
        widget("oops", "send-message", {"body": "down"}, ("sent", None)),
    )
    ok = run(definition, mocks={"http": Mock(status=200, body={"balance": 42})})
    assert ok.sends == ["42 200"]
    failed = run(definition, mocks={"http": Mock(status=500, body="boom")})
    assert failed.path == ["Trigger", "http", "oops"]


def test_run_function_fail_event_and_missing_mock_message() -> None:
    """run-function raises `fail` (not `failed`) on an error status."""
    definition = flow_of(
        widget(
            "fn",
            "run-function",
            {"url": "https://a-1234.twil.io/x"},
            ("success", None),
            ("fail", None),
        )
    )
    failed = run(definition, mocks={"fn": Mock(status=404)})
    assert failed.ending is not None and failed.ending.event == "fail"
    missing = run(definition)
    assert missing.missing_test_data is not None
    assert (
        "'fn' (run-function) calls out: add a mock `fn: {status: 200" in missing.missing_test_data
    )


def test_any_widget_can_be_forced_by_a_mock_event_with_outputs() -> None:
    definition = flow_of(
        widget(
            "flex",
            "send-to-flex",
            {"workflow": "WW1", "channel": "TC1"},
            ("callComplete", "after"),
            ("failedToEnqueue", None),
        ),
        widget("after", "send-message", {"body": "{{widgets.flex.QueueResult}}"}, ("sent", None)),
    )
    result = run(
        definition, mocks={"flex": Mock(event="callComplete", outputs={"QueueResult": "hangup"})}
    )
    assert result.sends == ["hangup"]


def test_a_widget_needing_the_outside_world_without_a_mock_names_its_events() -> None:
    definition = flow_of(
        widget("flex", "send-to-flex", {}, ("callComplete", None), ("failedToEnqueue", None))
    )
    result = run(definition)
    assert result.missing_test_data is not None
    assert "'flex' (send-to-flex) needs the outside world" in result.missing_test_data
    assert "callComplete, failedToEnqueue" in result.missing_test_data


def test_subflow_mock_and_real_subflow(tmp_path: Path) -> None:
    """run-subflow: completed with the subflow's variables flat as widgets.<name>.<var>;
    the subflow starts from incomingParent with the parameters in flow.data."""
    child = flow_of(
        widget(
            "keep",
            "set-variables",
            {"variables": [{"key": "greeting", "value": "hi {{flow.data.who}}"}]},
            ("next", None),
        ),
        trigger_event="incomingParent",
    )
    child_path = tmp_path / "child.json"
    import json

    child_path.write_text(json.dumps(child))
    parent = flow_of(
        widget(
            "sub",
            "run-subflow",
            {
                "flow_sid": "FW1",
                "flow_revision": "LatestPublished",
                "parameters": [{"key": "who", "value": "Ada"}],
            },
            ("completed", "say"),
            ("failed", None),
        ),
        widget("say", "send-message", {"body": "{{widgets.sub.greeting}}"}, ("sent", None)),
    )
    case = Case("c", HERE, "incomingMessage", {"From": "+1", "To": "+2"})
    real = run_case(build_flow(parent), case, {}, {"FW1": read_flow_file(child_path)})
    assert real.sends == ["hi Ada"]
    mocked = run(parent, mocks={"sub": Mock(event="completed", outputs={"greeting": "mocked"})})
    assert mocked.sends == ["mocked"]
    missing = run(parent)
    assert missing.missing_test_data is not None and "subflows:" in missing.missing_test_data


def test_liquid_context_has_trigger_flow_data_and_contact() -> None:
    """trigger.request.*, flow.data.* (REST Parameters) and contact.channel.address."""
    definition = flow_of(
        widget(
            "say",
            "send-message",
            {
                "body": "{{flow.data.name}} {{trigger.request.parameters.name}} {{contact.channel.address}}"
            },
            ("sent", None),
        ),
        trigger_event="incomingRequest",
    )
    result = run(
        definition,
        event="incomingRequest",
        fields={"from": "+1555", "to": "+1666"},
        flow_data={"name": "Zeke"},
    )
    assert result.sends == ["Zeke Zeke +1555"]
