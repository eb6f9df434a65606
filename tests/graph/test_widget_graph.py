"""The widget graph is a networkx graph, and its named helpers agree with networkx."""

from __future__ import annotations

import itertools

import networkx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowlint.graph.execution_order import describe_path, execution_order
from flowlint.graph.widget_graph import WidgetGraph, widget_graph
from flowlint.model.build import build_flow
from flowlint.model.flow import Flow

_names = [f"w{i}" for i in range(10)]
_adjacencies = st.dictionaries(
    st.sampled_from(_names), st.lists(st.sampled_from(_names), max_size=3), min_size=1
)


def _flow(adjacency: dict[str, list[str]], initial_state: str = "w0") -> Flow:
    states = [
        {
            "name": name,
            "type": "set-variables",
            "transitions": [
                {"event": f"e{index}", "next": target}
                for index, target in enumerate(adjacency.get(name, []))
            ],
        }
        for name in _names
    ]
    return build_flow({"initial_state": initial_state, "states": states})


def _plain(adjacency: dict[str, list[str]]) -> networkx.DiGraph:
    graph = networkx.DiGraph()
    graph.add_nodes_from(_names)
    graph.add_edges_from((a, b) for a, targets in adjacency.items() for b in targets)
    return graph


def _menu_flow() -> Flow:
    return build_flow(
        {
            "initial_state": "Trigger",
            "states": [
                {
                    "name": "Trigger",
                    "type": "trigger",
                    "transitions": [
                        {"event": "incomingMessage", "next": "menu"},
                        {"event": "incomingCall", "next": "menu"},
                        {"event": "incomingRequest", "next": "nowhere"},
                    ],
                },
                {
                    "name": "menu",
                    "type": "split-based-on",
                    "transitions": [
                        {"event": "noMatch", "next": "sales"},
                        {"event": "match", "next": "support"},
                    ],
                },
                {
                    "name": "sales",
                    "type": "send-message",
                    "transitions": [{"event": "sent", "next": "done"}, {"event": "failed"}],
                },
                {
                    "name": "support",
                    "type": "send-message",
                    "transitions": [{"event": "sent", "next": "done"}, {"event": "failed"}],
                },
                {"name": "done", "type": "send-message", "transitions": [{"event": "sent"}]},
                {"name": "menu", "type": "send-message", "transitions": []},
                {"name": "orphan", "type": "send-message", "transitions": [{"next": "orphan"}]},
            ],
        }
    )


def test_nodes_carry_widgets_and_edges_carry_events_and_next_positions() -> None:
    flow = _menu_flow()
    graph = widget_graph(flow)
    assert isinstance(graph, networkx.DiGraph) and isinstance(graph, WidgetGraph)
    assert list(graph) == ["Trigger", "menu", "sales", "support", "done", "orphan"]
    assert graph.nodes["menu"]["widget"] is flow.widgets[1]  # a duplicate name: first wins
    edge = graph.edges["Trigger", "menu"]
    assert edge["events"] == ["incomingMessage", "incomingCall"]
    assert [t.index for t in edge["transitions"]] == [0, 1]
    assert edge["next_pointers"] == [
        ("states", 0, "transitions", 0, "next"),
        ("states", 0, "transitions", 1, "next"),
    ]
    assert graph.edges["orphan", "orphan"]["events"] == [""]
    assert not graph.has_node("nowhere")  # invalid-transition-target's business
    assert graph.events_between("menu", "support") == ["match"]
    assert graph.events_between("support", "menu") == []
    assert graph.root == "Trigger" and graph.graph["initial_state"] == "Trigger"


def test_the_graph_is_frozen_but_views_and_copies_work() -> None:
    graph = widget_graph(_menu_flow())
    with pytest.raises(networkx.NetworkXError):
        graph.add_edge("done", "Trigger")
    view = graph.subgraph(["menu", "sales", "support"])
    assert sorted(view.edges) == [("menu", "sales"), ("menu", "support")]
    copy = graph.copy()
    copy.add_edge("done", "Trigger")  # a copy is the caller's to change
    assert networkx.has_path(copy, "done", "menu") and not networkx.has_path(graph, "done", "menu")
    assert sorted(networkx.reverse_view(graph).successors("done")) == ["sales", "support"]
    assert networkx.condensation(view).number_of_nodes() == 3


def test_reachable_dominators_and_loops_on_a_menu() -> None:
    graph = widget_graph(_menu_flow())
    assert graph.reachable_from_trigger() == {"Trigger", "menu", "sales", "support", "done"}
    assert graph.dominators("done") == ["done", "menu", "Trigger"]
    assert graph.dominators("orphan") == []
    assert graph.cyclic_components() == [frozenset({"orphan"})]


def test_no_root_when_the_initial_state_names_no_widget() -> None:
    graph = widget_graph(_flow({"w0": ["w1"]}, initial_state="Missing"))
    assert graph.root is None
    assert graph.reachable_from_trigger() == frozenset()
    assert graph.immediate_dominators() == {}
    assert execution_order(graph.flow).path_avoiding("w1", frozenset()) is None


@settings(max_examples=300, deadline=None)
@given(_adjacencies)
def test_helpers_agree_with_networkx(adjacency: dict[str, list[str]]) -> None:
    graph = widget_graph(_flow(adjacency))
    plain = _plain(adjacency)
    assert set(graph.edges) == set(plain.edges)
    assert graph.reachable_from_trigger() == networkx.descendants(plain, "w0") | {"w0"}
    idom = graph.immediate_dominators()
    assert idom.pop("w0") == "w0"
    assert idom == {
        n: d for n, d in networkx.immediate_dominators(plain, "w0").items() if n != "w0"
    }
    loops = {
        frozenset(component)
        for component in networkx.strongly_connected_components(plain)
        if len(component) > 1 or any(plain.has_edge(n, n) for n in component)
    }
    assert set(graph.cyclic_components()) == loops
    _assert_sinks_first(graph)


def _assert_sinks_first(graph: WidgetGraph) -> None:
    components = graph.components_sinks_first()
    rank = {name: index for index, component in enumerate(components) for name in component}
    assert set(rank) == set(graph) and sum(map(len, components)) == len(graph)
    for source, target in graph.edges:
        assert rank[target] <= rank[source], (source, target)


def test_components_are_put_sinks_first_whatever_order_networkx_yields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """networkx does not document the order of strongly_connected_components."""
    listed_first = networkx.strongly_connected_components

    def sources_first(graph: networkx.DiGraph) -> list[set[str]]:
        return list(reversed(list(listed_first(graph))))

    monkeypatch.setattr(networkx, "strongly_connected_components", sources_first)
    graph = widget_graph(_flow({"w0": ["w1", "w2"], "w1": ["w3"], "w2": ["w3", "w0"], "w3": ["w4"]}))
    _assert_sinks_first(graph)


@settings(max_examples=300, deadline=None)
@given(
    _adjacencies, st.sampled_from(_names), st.sampled_from(_names), st.sets(st.sampled_from(_names))
)
def test_shortest_path_is_a_shortest_path_avoiding_widgets(
    adjacency: dict[str, list[str]], source: str, target: str, avoid: set[str]
) -> None:
    graph = widget_graph(_flow(adjacency))
    path = graph.shortest_path(source, target, avoid=avoid)
    allowed = _plain(adjacency).subgraph(set(_names) - avoid)
    if source in allowed and target in allowed and networkx.has_path(allowed, source, target):
        assert path is not None and path[0] == source and path[-1] == target
        assert len(path) == networkx.shortest_path_length(allowed, source, target) + 1
        assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(path))
    else:
        assert path is None


def test_shortest_path_ties_go_to_the_transition_listed_first() -> None:
    # Two paths of the same length to w3; w0 lists w2 first, so the path runs through w2.
    graph = widget_graph(_flow({"w0": ["w2", "w1"], "w1": ["w3"], "w2": ["w3"]}))
    assert graph.shortest_path("w0", "w3") == ["w0", "w2", "w3"]
    assert graph.shortest_path("w0", "w3", avoid={"w2"}) == ["w0", "w1", "w3"]
    assert describe_path(graph.flow, ["w0", "w2", "w3"]) == "w0 -e0-> w2 -e0-> w3"


@settings(max_examples=200, deadline=None)
@given(_adjacencies, st.sets(st.sampled_from(_names)))
def test_reached_avoiding_stops_at_the_avoided_widgets(
    adjacency: dict[str, list[str]], avoid: set[str]
) -> None:
    """A widget counts as reached when a path from the root gets to it without passing
    through an avoided widget first (the avoided widget itself may end the path)."""
    order = execution_order(_flow(adjacency))
    plain = _plain(adjacency)
    expected = set()
    for name in _names:
        allowed = plain.subgraph((set(_names) - avoid) | {name})
        if "w0" in allowed and networkx.has_path(allowed, "w0", name):
            expected.add(name)
    assert order.reached_avoiding(frozenset(avoid)) == expected
