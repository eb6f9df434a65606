"""ExecutionOrder's bitmask closure and dominator queries agree with networkx on random flows."""

from __future__ import annotations

import networkx
from hypothesis import given, settings
from hypothesis import strategies as st

from flowlint.graph.execution_order import ExecutionOrder
from flowlint.model.build import build_flow

_names = [f"w{i}" for i in range(10)]
_flows = st.dictionaries(
    st.sampled_from(_names), st.lists(st.sampled_from(_names), max_size=3), min_size=1
)


def _flow(adjacency: dict[str, list[str]]) -> ExecutionOrder:
    states = [
        {
            "name": name,
            "type": "set-variables",
            "transitions": [
                {"event": "next", "next": target} for target in adjacency.get(name, [])
            ],
        }
        for name in _names
    ]
    return ExecutionOrder(build_flow({"initial_state": "w0", "states": states}))


@settings(max_examples=300, deadline=None)
@given(_flows)
def test_reachability_and_dominance_match_networkx(adjacency: dict[str, list[str]]) -> None:
    order = _flow(adjacency)
    graph = networkx.DiGraph()
    graph.add_nodes_from(_names)
    graph.add_edges_from((a, b) for a, targets in adjacency.items() for b in targets)
    reachable = networkx.descendants(graph, "w0") | {"w0"}
    dominators = networkx.immediate_dominators(graph, "w0")
    for source in _names:
        expected = networkx.descendants(graph, source)
        if any(graph.has_edge(p, source) for p in expected | {source}):
            expected = expected | {source}  # on a cycle: it can run again after itself
        assert order.descendants(source) == expected
        for target in _names:
            assert order.reaches(source, target) == (target in expected)
            assert order.can_run_before(source, target) == (
                source in reachable and target in expected
            )
            writers = frozenset(_names[: _names.index(source) + 1])
            assert order.any_can_run_before(writers, target) == any(
                order.can_run_before(writer, target) for writer in writers
            )
            if source in reachable and target in reachable:
                chain = {target}
                node = target
                while node != "w0":
                    node = dominators[node]
                    chain.add(node)
                assert order.always_runs_before(source, target) == (source in chain)
