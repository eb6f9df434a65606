"""The hand-written graph queries agree with networkx on random graphs."""

from __future__ import annotations

import itertools

import networkx
from hypothesis import given, settings
from hypothesis import strategies as st

from flowlint.graph import algorithms

_nodes = [f"w{i}" for i in range(12)]
_graphs = st.dictionaries(
    st.sampled_from(_nodes), st.lists(st.sampled_from(_nodes), max_size=4, unique=True), min_size=1
)


def _complete(adjacency: dict[str, list[str]]) -> dict[str, list[str]]:
    full = {node: [] for node in _nodes}
    full.update(adjacency)
    return full


def _nx(adjacency: dict[str, list[str]]) -> networkx.DiGraph:
    graph = networkx.DiGraph()
    graph.add_nodes_from(adjacency)
    graph.add_edges_from((a, b) for a, targets in adjacency.items() for b in targets)
    return graph


@settings(max_examples=300, deadline=None)
@given(_graphs)
def test_descendants_dominators_and_components_match_networkx(
    adjacency: dict[str, list[str]],
) -> None:
    adjacency = _complete(adjacency)
    graph = _nx(adjacency)
    root = "w0"
    ours = algorithms.descendants(adjacency, root)
    expected = networkx.descendants(graph, root)
    if any(root in adjacency[p] for p in expected | {root}):
        expected = expected | {root}  # ours includes the start when it is on a cycle
    assert ours == expected
    # networkx 3.5+ leaves the start node out; ours maps it to itself
    theirs = {
        node: dom
        for node, dom in networkx.immediate_dominators(graph, root).items()
        if node != root
    }
    ours_idom = algorithms.immediate_dominators(adjacency, root)
    assert ours_idom.pop(root) == root
    assert ours_idom == theirs
    assert sorted(map(sorted, algorithms.strongly_connected_components(adjacency))) == sorted(
        map(sorted, networkx.strongly_connected_components(graph))
    )


@settings(max_examples=300, deadline=None)
@given(_graphs)
def test_components_come_sinks_first(adjacency: dict[str, list[str]]) -> None:
    """ExecutionOrder builds reach masks in this order, so each edge leaving a component must
    lead to a component listed earlier; targets without an entry of their own are allowed."""
    adjacency = {**adjacency, "w0": [*adjacency.get("w0", []), "outside"]}
    components = algorithms.strongly_connected_components(adjacency)
    listed = {node: rank for rank, component in enumerate(components) for node in component}
    mentioned = set(adjacency).union(*adjacency.values())
    assert set(listed) == mentioned
    for source, targets in adjacency.items():
        for target in targets:
            assert listed[target] <= listed[source]


@settings(max_examples=200, deadline=None)
@given(_graphs, st.sampled_from(_nodes), st.sampled_from(_nodes))
def test_shortest_path_length_matches_networkx(
    adjacency: dict[str, list[str]], source: str, target: str
) -> None:
    adjacency = _complete(adjacency)
    graph = _nx(adjacency)
    path = algorithms.shortest_path(adjacency, source, target)
    if networkx.has_path(graph, source, target):
        assert (
            path is not None
            and len(path) == networkx.shortest_path_length(graph, source, target) + 1
        )
        assert all(b in adjacency[a] for a, b in itertools.pairwise(path))
    else:
        assert path is None


def test_widget_graph_networkx_view_has_events() -> None:
    from flowlint.model.build import build_flow

    flow = build_flow(
        {
            "initial_state": "Trigger",
            "states": [
                {
                    "name": "Trigger",
                    "type": "trigger",
                    "transitions": [
                        {"event": "incomingMessage", "next": "a"},
                        {"event": "incomingCall", "next": "a"},
                    ],
                },
                {
                    "name": "a",
                    "type": "send-message",
                    "transitions": [{"event": "sent", "next": "Trigger"}],
                },
            ],
        }
    )
    graph = flow.graph.nx
    assert graph.edges["Trigger", "a"]["events"] == ["incomingMessage", "incomingCall"]
    assert flow.graph.cyclic_components() == [frozenset({"Trigger", "a"})]
    assert flow.graph.dominators("a") == ["a", "Trigger"]
