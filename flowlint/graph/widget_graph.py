"""The widget graph: widgets are nodes, transitions are edges labelled with their events.

The queries rules need on every check (reachability, predecessors, dominators, strongly
connected components) run on plain adjacency dicts with linear-time algorithms, because
importing networkx costs about 200 ms, several times the budget of a whole small check (see
docs/performance.md). `WidgetGraph.nx` builds the same graph as a `networkx.DiGraph` on
demand, for rules and tools that want networkx's algorithms; tests/graph/ proves that the
hand-written queries agree with networkx on random graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from flowlint.graph import algorithms

if TYPE_CHECKING:
    from flowlint.model.flow import Flow, Transition


class WidgetGraph:
    """Directed graph over widget names, with the events of each edge."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.nodes: list[str] = list(flow.widgets_by_name)
        self.successors: dict[str, list[str]] = {name: [] for name in self.nodes}
        self.predecessors: dict[str, list[str]] = {name: [] for name in self.nodes}
        self.edge_events: dict[tuple[str, str], list[str]] = {}
        self.edge_transitions: dict[tuple[str, str], list[Transition]] = {}
        successors, predecessors = self.successors, self.predecessors
        edge_events, edge_transitions = self.edge_events, self.edge_transitions
        for name, widget in flow.widgets_by_name.items():
            for transition in widget.transitions:
                target = transition.next
                if target is None or target not in successors:
                    continue
                edge = (name, target)
                events = edge_events.get(edge)
                if events is None:
                    edge_events[edge] = [transition.event or ""]
                    edge_transitions[edge] = [transition]
                    successors[name].append(target)
                    predecessors[target].append(name)
                else:
                    events.append(transition.event or "")
                    edge_transitions[edge].append(transition)

    @property
    def root(self) -> str | None:
        """The initial state, when it names a widget."""
        initial = self.flow.initial_state
        return initial if initial is not None and initial in self.successors else None

    @cached_property
    def reachable(self) -> frozenset[str]:
        """Widgets reachable from the initial state (the initial state included)."""
        if self.root is None:
            return frozenset()
        return frozenset(algorithms.descendants(self.successors, self.root) | {self.root})

    def reachable_from(self, start: str) -> set[str]:
        """Widgets reachable from `start` over one or more transitions."""
        return algorithms.descendants(self.successors, start)

    def ancestors(self, name: str) -> set[str]:
        """Widgets from which `name` can be reached (not including `name` unless on a cycle)."""
        return algorithms.descendants(self.predecessors, name)

    @cached_property
    def immediate_dominators(self) -> dict[str, str]:
        """Immediate dominator of every reachable widget; the root maps to itself."""
        if self.root is None:
            return {}
        return algorithms.immediate_dominators(self.successors, self.root)

    def dominators(self, name: str) -> list[str]:
        """Widgets that every path from the initial state to `name` passes (`name` first)."""
        idom = self.immediate_dominators
        if name not in idom:
            return []
        chain = [name]
        while idom[chain[-1]] != chain[-1]:
            chain.append(idom[chain[-1]])
        return chain

    def dominates(self, dominator: str, name: str) -> bool:
        return dominator in self.dominators(name)

    @cached_property
    def strongly_connected_components(self) -> list[frozenset[str]]:
        return [frozenset(c) for c in algorithms.strongly_connected_components(self.successors)]

    def cyclic_components(self) -> list[frozenset[str]]:
        """Components that contain a cycle: several widgets, or one widget that loops to itself."""
        return [
            component
            for component in self.strongly_connected_components
            if len(component) > 1 or next(iter(component)) in self.successors[next(iter(component))]
        ]

    def path(self, source: str, target: str, avoid: Iterable[str] = ()) -> list[str] | None:
        """A shortest path from `source` to `target` that avoids the widgets in `avoid`."""
        return algorithms.shortest_path(self.successors, source, target, frozenset(avoid))

    def events_between(self, source: str, target: str) -> list[str]:
        return self.edge_events.get((source, target), [])

    @cached_property
    def nx(self) -> Any:
        """The same graph as a `networkx.DiGraph` (node attribute `widget`, edge `events`)."""
        import networkx

        graph = networkx.DiGraph()
        for name in self.nodes:
            graph.add_node(name, widget=self.flow.widgets_by_name[name])
        for (source, target), events in self.edge_events.items():
            graph.add_edge(source, target, events=list(events))
        return graph
