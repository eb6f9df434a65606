"""The widget graph: a `networkx.DiGraph` whose nodes are widgets and edges are transitions.

`WidgetGraph` *is* a networkx graph, built once per flow (`flow.graph`) in every check, on
the command line and in the language server alike, and frozen (`networkx.freeze`) so rules
cannot change what other rules see. Rules and plugins ask it questions in networkx's own
vocabulary (`networkx.descendants(flow.graph, name)`, `networkx.immediate_dominators`,
`networkx.strongly_connected_components`, `flow.graph.subgraph(...)`, …) or through the few
named helpers below, which add what every rule would otherwise repeat: the initial state
as the root, the root counted as reachable, deterministic tie-breaking.

- **Nodes** are widget names (the first widget of a duplicated name, as a `next` resolves);
  node data `widget` is the `Widget` model object.
- **Edges** go from a widget to each widget one of its transitions names in `next`. A
  widget's transitions to the same target share one edge, whose data lists them in the
  widget's order: `events` (the event names, "" for a missing one), `transitions` (the
  `Transition` objects) and `next_pointers` (the JSON Pointer of each `next` value; the
  engine turns a pointer into a line and column). Transitions to a widget that does not
  exist are not edges (`invalid-transition-target` reports them).
- **Graph data** `initial_state` is the initial state when it names a widget, else None.

Why a `DiGraph` with event lists rather than a `MultiDiGraph` with one edge per transition:
every question rules ask is about which widget can run after which (reachability,
dominators, loops, paths), where two transitions to the same widget are one step. On a
multigraph `simple_cycles` and `all_simple_paths` would list the same widget cycle or path
once per combination of parallel transitions, and every edge lookup would need a key.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx

if TYPE_CHECKING:
    from flowlint.model.flow import Flow


class WidgetGraph(networkx.DiGraph):  # type: ignore[misc]  # networkx ships no type hints
    """The widget graph of one flow (see the module docstring for what nodes and edges carry).

    Without `flow` it is an ordinary empty graph taking networkx's own arguments: networkx
    builds one that way for copies and subgraph views.
    """

    def __init__(
        self, incoming_graph_data: Any = None, *, flow: Flow | None = None, **attributes: Any
    ) -> None:
        super().__init__(incoming_graph_data, **attributes)
        self.flow = flow
        if flow is None:
            return
        widgets = flow.widgets_by_name
        for name, widget in widgets.items():
            self.add_node(name, widget=widget)
        edges = self._adj
        for name, widget in widgets.items():
            for transition in widget.transitions:
                target = transition.next
                if target is None or target not in widgets:
                    continue
                data = edges[name].get(target)
                if data is None:
                    self.add_edge(name, target, events=[], transitions=[], next_pointers=[])
                    data = edges[name][target]
                data["events"].append(transition.event or "")
                data["transitions"].append(transition)
                data["next_pointers"].append(transition.next_pointer)
        initial = flow.initial_state
        self.graph["initial_state"] = (
            initial if initial is not None and initial in widgets else None
        )
        networkx.freeze(self)

    @property
    def root(self) -> str | None:
        """The initial state, when it names a widget."""
        root: str | None = self.graph.get("initial_state")
        return root

    def reachable_from_trigger(self) -> frozenset[str]:
        """Widgets some execution runs: the initial state (the trigger, in a Console export)
        and its `networkx.descendants`. Empty when the initial state names no widget."""
        return self._reachable_from_trigger

    @cached_property
    def _reachable_from_trigger(self) -> frozenset[str]:
        if self.root is None:
            return frozenset()
        return frozenset(networkx.descendants(self, self.root) | {self.root})

    def immediate_dominators(self) -> dict[str, str]:
        """`networkx.immediate_dominators` from the initial state, over the widgets it
        reaches, with the root mapped to itself (networkx before 3.6 did so, 3.6 leaves the
        root out); empty when there is no root."""
        return self._immediate_dominators

    @cached_property
    def _immediate_dominators(self) -> dict[str, str]:
        if self.root is None:
            return {}
        found: dict[str, str] = dict(networkx.immediate_dominators(self, self.root))
        found[self.root] = self.root
        return found

    def dominators(self, name: str) -> list[str]:
        """Widgets that every execution reaching `name` has run, `name` first and the
        initial state last; empty when `name` is unreachable."""
        idom = self.immediate_dominators()
        if name not in idom:
            return []
        chain = [name]
        while idom[chain[-1]] != chain[-1]:
            chain.append(idom[chain[-1]])
        return chain

    def components_sinks_first(self) -> list[frozenset[str]]:
        """`networkx.strongly_connected_components`, each listed after every component it
        has a transition into (a reverse topological order of `networkx.condensation`).
        Computed once per flow and shared by the loop rule and the execution-order queries."""
        return self._components_sinks_first

    @cached_property
    def _components_sinks_first(self) -> list[frozenset[str]]:
        components = [frozenset(c) for c in networkx.strongly_connected_components(self)]
        rank = {name: index for index, component in enumerate(components) for name in component}
        # networkx's Tarjan yields them in this order already, but does not document it:
        # one pass over the edges checks (0.3 ms at 1,000 widgets; the condensation's
        # topological sort costs 5 ms).
        if all(rank[target] <= rank[source] for source, target in self.edges):
            return components
        condensation = networkx.condensation(self, scc=components)
        return [components[i] for i in reversed(list(networkx.topological_sort(condensation)))]

    def cyclic_components(self) -> list[frozenset[str]]:
        """Strongly connected components that contain a loop: several widgets, or one widget
        with a transition to itself; sinks first."""
        found = []
        for component in self.components_sinks_first():
            if len(component) > 1 or any(self.has_edge(name, name) for name in component):
                found.append(component)
        return found

    def shortest_path(
        self, source: str, target: str, avoid: Iterable[str] = ()
    ) -> list[str] | None:
        """A shortest path from `source` to `target` that enters none of `avoid`, or None.

        Among paths of the same length, the one found breadth-first taking each widget's
        transitions in the order they are listed (`networkx.bfs_edges`). That is what a
        reader of the flow expects and what the messages have always shown;
        `networkx.shortest_path` searches from both ends and picks other ties.
        """
        avoided = frozenset(avoid)
        if source in avoided or target in avoided or source not in self or target not in self:
            return None
        if source == target:
            return [source]
        view = networkx.restricted_view(self, avoided, []) if avoided else self
        parents: dict[str, str] = {}
        for parent, child in networkx.bfs_edges(view, source):
            parents[child] = parent
            if child == target:
                path = [child]
                while path[-1] != source:
                    path.append(parents[path[-1]])
                return path[::-1]
        return None

    def events_between(self, source: str, target: str) -> list[str]:
        """The events of the transitions from `source` to `target`, in the widget's order."""
        data = self._adj.get(source, {}).get(target)
        return list(data["events"]) if data is not None else []


def widget_graph(flow: Flow) -> WidgetGraph:
    """The widget graph of `flow`, built on first use and kept with the flow (the model knows
    nothing of graphs; the graph is derived from it)."""
    graph = flow.derived.get("widget_graph")
    if graph is None:
        graph = flow.derived["widget_graph"] = WidgetGraph(flow=flow)
    return graph
