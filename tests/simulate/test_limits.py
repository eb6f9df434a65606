"""Studio's runtime limits and the errors a run stops on (studio-domain.md §4, §5: 81000
"An Execution will end after 1,000 Steps"; 81001 "stopped if the same Widget is executed 10
times in a row")."""

from __future__ import annotations

from tests.simulate.conftest import flow_of, run, widget


def test_the_same_widget_ten_times_in_a_row_is_81001() -> None:
    definition = flow_of(
        widget(
            "count",
            "set-variables",
            {"variables": [{"key": "n", "value": "{{flow.variables.n | plus: 1}}"}]},
            ("next", "count"),
        ),
    )
    result = run(definition)
    assert result.problem is not None and result.problem.code == "81001"
    assert result.path.count("count") == 10
    assert result.variables == {"n": "9"}


def test_more_than_1000_steps_is_81000() -> None:
    """Two widgets that call each other never repeat one in a row, so only the step limit stops
    them."""
    definition = flow_of(
        widget(
            "ping", "set-variables", {"variables": [{"key": "a", "value": "1"}]}, ("next", "pong")
        ),
        widget(
            "pong", "set-variables", {"variables": [{"key": "b", "value": "2"}]}, ("next", "ping")
        ),
    )
    result = run(definition)
    assert result.problem is not None and result.problem.code == "81000"
    assert len(result.path) == 1000


def test_a_transition_to_a_missing_widget_stops_with_its_pointer() -> None:
    definition = flow_of(widget("say", "send-message", {"body": "x"}, ("sent", "gone")))
    result = run(definition)
    assert result.problem is not None and result.problem.code == "missing-widget"
    assert result.problem.pointer == ("states", 1, "transitions", 0, "next")


def test_an_event_without_a_transition_is_unhandled() -> None:
    definition = flow_of(widget("say", "send-message", {"body": "x"}, ("failed", None)))
    result = run(definition)
    assert result.problem is not None and result.problem.code == "unhandled-event"
    assert result.problem.widget == "say"


def test_a_liquid_error_in_a_body_names_the_widget_and_property() -> None:
    definition = flow_of(widget("say", "send-message", {"body": "{% if %}"}, ("sent", None)))
    result = run(definition)
    assert result.problem is not None and result.problem.code == "liquid-error"
    assert result.problem.pointer == ("states", 1, "properties", "body")


def test_a_widget_without_transitions_ends_the_run_without_a_mock() -> None:
    """Nothing can follow a widget whose `transitions` is empty (community exports end calls
    with such hang-up widgets): the execution ends there, no mock needed."""
    definition = flow_of(widget("bye", "hang-up", {}))
    result = run(definition)
    assert result.problem is None and result.missing_test_data is None
    assert result.ending is not None and result.ending.widget == "bye"
