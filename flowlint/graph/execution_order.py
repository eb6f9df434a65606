"""What can have run, and what has surely run, before a widget executes.

Dataflow rules ask these questions once per Liquid reference, and a large flow has thousands
of references, so each answer must be cheap:

- `reaches(x, w)` / `can_run_before(x, w)`: some execution runs `x` and later `w`. The
  transitive closure is computed once, as one bitmask per strongly connected component
  (the widget graph's strongly connected components sinks first, so each mask is the OR of
  its successors'), which makes every query a bit test. `networkx.descendants`
  per question costs a graph search each time (docs/performance.md has the measurement).
- `always_runs_before(x, w)`: every execution that reaches `w` ran `x` first (x dominates w).
  The tree of `networkx.immediate_dominators` is numbered (pre/post order) on the first such
  question, so each query is two comparisons and flows that never ask do not pay for it.
- `reached_avoiding(widgets)`: the widgets some execution reaches without running any of
  `widgets` first (`networkx.descendants` on a view without the set's outgoing
  transitions); computed once per distinct set.

One `ExecutionOrder` is kept per flow (`execution_order(flow)`).
"""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise

import networkx

from flowlint.graph.widget_graph import widget_graph
from flowlint.model.flow import Flow


class ExecutionOrder:
    """Ordering queries over one flow's widget graph."""

    def __init__(self, flow: Flow) -> None:
        self.graph = widget_graph(flow)
        self.root = self.graph.root
        self.reachable = self.graph.reachable_from_trigger()
        self._avoiding: dict[frozenset[str], frozenset[str]] = {}
        self._union_masks: dict[frozenset[str], int] = {}

    @cached_property
    def _bit(self) -> dict[str, int]:
        return {name: 1 << position for position, name in enumerate(self.graph.nodes)}

    @cached_property
    def _reach_masks(self) -> dict[str, int]:
        """Widget → bitmask of the widgets reachable from it over one or more transitions."""
        successors = self.graph.succ
        bit = self._bit
        mask_of: dict[str, int] = {}
        # Sinks first, so every component's successors are done before it.
        for component in self.graph.components_sinks_first():
            if len(component) == 1:  # most widgets: no loop through them
                (name,) = component
                mask = 0
                for target in successors[name]:
                    mask |= bit[target] if target == name else bit[target] | mask_of[target]
                mask_of[name] = mask
                continue
            mask = 0
            for name in component:
                mask |= bit[name]
                for target in successors[name]:
                    if target not in component:
                        mask |= bit[target] | mask_of[target]
            for name in component:
                mask_of[name] = mask
        return mask_of

    def reaches(self, source: str, target: str) -> bool:
        """`target` is reachable from `source` over one or more transitions."""
        mask = self._reach_masks.get(source)
        bit = self._bit.get(target)
        return mask is not None and bit is not None and bool(mask & bit)

    def descendants(self, name: str) -> frozenset[str]:
        """Widgets reachable from `name` over one or more transitions."""
        mask = self._reach_masks.get(name, 0)
        return frozenset(node for node, bit in self._bit.items() if mask & bit)

    def any_can_run_before(self, earlier: frozenset[str], later: str) -> bool:
        """Some widget of `earlier` can run before `later` (one bit test per distinct set)."""
        mask = self._union_masks.get(earlier)
        if mask is None:
            mask = 0
            masks = self._reach_masks
            for name in earlier:
                if name in self.reachable:
                    mask |= masks.get(name, 0)
            self._union_masks[earlier] = mask
        bit = self._bit.get(later)
        return bit is not None and bool(mask & bit)

    def can_run_before(self, earlier: str, later: str) -> bool:
        """Some execution runs `earlier` and afterwards `later` (`earlier == later` only when
        the widget sits on a loop)."""
        return earlier in self.reachable and self.reaches(earlier, later)

    @cached_property
    def _dominator_numbering(self) -> tuple[dict[str, int], dict[str, int]]:
        enter: dict[str, int] = {}
        leave: dict[str, int] = {}
        idom = self.graph.immediate_dominators()
        if self.root is None or not idom:
            return enter, leave
        children: dict[str, list[str]] = {name: [] for name in idom}
        for name, parent in idom.items():
            if name != parent:
                children[parent].append(name)
        clock = 0
        stack: list[tuple[str, bool]] = [(self.root, False)]
        while stack:
            name, done = stack.pop()
            if done:
                leave[name] = clock
                clock += 1
                continue
            enter[name] = clock
            clock += 1
            stack.append((name, True))
            stack.extend((child, False) for child in children[name])
        return enter, leave

    def always_runs_before(self, earlier: str, later: str) -> bool:
        """Every execution reaching `later` has run `earlier` (a widget dominates itself)."""
        enter, leave = self._dominator_numbering
        first, last = enter.get(earlier), leave.get(earlier)
        target_first, target_last = enter.get(later), leave.get(later)
        if first is None or last is None or target_first is None or target_last is None:
            return False
        return first <= target_first and target_last <= last

    def reached_avoiding(self, widgets: frozenset[str]) -> frozenset[str]:
        """Widgets some execution reaches without having run any of `widgets` before them
        (a widget of the set itself counts as reached when it is reached that way)."""
        found = self._avoiding.get(widgets)
        if found is not None:
            return found
        found = frozenset()
        if self.root is not None:
            # Executions stop at the first widget of the set: its transitions are not followed.
            view = networkx.subgraph_view(
                self.graph, filter_edge=lambda source, _: source not in widgets
            )
            found = frozenset(networkx.descendants(view, self.root) | {self.root})
        self._avoiding[widgets] = found
        return found

    def path_avoiding(self, target: str, avoid: frozenset[str]) -> list[str] | None:
        """A shortest path from the initial state to `target` that runs none of `avoid`
        before `target`."""
        if self.root is None:
            return None
        if self.root == target:
            return [target]
        return self.graph.shortest_path(self.root, target, avoid=avoid - {target})


def execution_order(flow: Flow) -> ExecutionOrder:
    """The `ExecutionOrder` of `flow`, built once."""
    found: ExecutionOrder | None = flow.derived.get("execution_order")
    if found is None:
        found = ExecutionOrder(flow)
        flow.derived["execution_order"] = found
    return found


def describe_path(flow: Flow, path: list[str], limit: int = 8) -> str:
    """A path for messages, with the event of each step: `Trigger -incomingMessage-> menu
    -noMatch-> reply`; long paths keep their first and last steps."""
    graph = widget_graph(flow)
    parts = [path[0]] if path else []
    for source, target in pairwise(path):
        events = graph.events_between(source, target)
        parts.append(f"-{events[0]}-> {target}" if events and events[0] else f"-> {target}")
    if len(parts) > limit:
        parts = [*parts[: limit // 2], "…", *parts[-(limit // 2) :]]
    return " ".join(parts)
