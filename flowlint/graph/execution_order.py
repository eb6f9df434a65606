"""What can have run, and what has surely run, before a widget executes.

Dataflow rules ask these questions once per Liquid reference, and a large flow has thousands
of references, so each answer must be cheap:

- `can_run_before(x, w)`: some execution runs `x` and later `w` (x reachable from the initial
  state, w reachable from x). Descendant sets are computed once per `x` asked about.
- `always_runs_before(x, w)`: every execution that reaches `w` ran `x` first (x dominates w).
  The dominator tree is numbered once (pre/post order), so each query is two comparisons.
- `reached_avoiding(widgets)`: the widgets some execution reaches without running any of
  `widgets` first; computed once per distinct set.

One `ExecutionOrder` is kept per flow (`execution_order(flow)`).
"""

from __future__ import annotations

from itertools import pairwise
from weakref import WeakKeyDictionary

from flowlint.graph import algorithms
from flowlint.model.flow import Flow


class ExecutionOrder:
    """Ordering queries over one flow's widget graph."""

    def __init__(self, flow: Flow) -> None:
        self.graph = flow.graph
        self.root = self.graph.root
        self.reachable = self.graph.reachable
        self._descendants: dict[str, frozenset[str]] = {}
        self._avoiding: dict[frozenset[str], frozenset[str]] = {}
        self._enter: dict[str, int] = {}
        self._leave: dict[str, int] = {}
        self._number_dominator_tree()

    def _number_dominator_tree(self) -> None:
        idom = self.graph.immediate_dominators
        if self.root is None or not idom:
            return
        children: dict[str, list[str]] = {name: [] for name in idom}
        for name, parent in idom.items():
            if name != parent:
                children[parent].append(name)
        clock = 0
        stack: list[tuple[str, bool]] = [(self.root, False)]
        while stack:
            name, done = stack.pop()
            if done:
                self._leave[name] = clock
                clock += 1
                continue
            self._enter[name] = clock
            clock += 1
            stack.append((name, True))
            stack.extend((child, False) for child in children[name])

    def descendants(self, name: str) -> frozenset[str]:
        """Widgets reachable from `name` over one or more transitions."""
        found = self._descendants.get(name)
        if found is None:
            found = frozenset(algorithms.descendants(self.graph.successors, name))
            self._descendants[name] = found
        return found

    def can_run_before(self, earlier: str, later: str) -> bool:
        """Some execution runs `earlier` and afterwards `later` (`earlier == later` only when
        the widget sits on a loop)."""
        return earlier in self.reachable and later in self.descendants(earlier)

    def always_runs_before(self, earlier: str, later: str) -> bool:
        """Every execution reaching `later` has run `earlier` (a widget dominates itself)."""
        enter, leave = self._enter.get(earlier), self._leave.get(earlier)
        target_enter, target_leave = self._enter.get(later), self._leave.get(later)
        if enter is None or leave is None or target_enter is None or target_leave is None:
            return False
        return enter <= target_enter and target_leave <= leave

    def reached_avoiding(self, widgets: frozenset[str]) -> frozenset[str]:
        """Widgets some execution reaches without having run any of `widgets` before them
        (a widget of the set itself counts as reached when it is reached that way)."""
        found = self._avoiding.get(widgets)
        if found is not None:
            return found
        seen: set[str] = set()
        if self.root is not None:
            seen.add(self.root)
            stack = [self.root] if self.root not in widgets else []
            successors = self.graph.successors
            while stack:
                for target in successors[stack.pop()]:
                    if target not in seen:
                        seen.add(target)
                        if target not in widgets:
                            stack.append(target)
        found = frozenset(seen)
        self._avoiding[widgets] = found
        return found

    def path_avoiding(self, target: str, avoid: frozenset[str]) -> list[str] | None:
        """A shortest path from the initial state to `target` that runs none of `avoid`
        before `target`."""
        if self.root is None:
            return None
        if self.root == target:
            return [target]
        return self.graph.path(self.root, target, avoid=avoid - {target})


_BY_FLOW: WeakKeyDictionary[Flow, ExecutionOrder] = WeakKeyDictionary()


def execution_order(flow: Flow) -> ExecutionOrder:
    """The `ExecutionOrder` of `flow`, built once."""
    found = _BY_FLOW.get(flow)
    if found is None:
        found = ExecutionOrder(flow)
        _BY_FLOW[flow] = found
    return found


def describe_path(flow: Flow, path: list[str], limit: int = 8) -> str:
    """A path for messages, with the event of each step: `Trigger -incomingMessage-> menu
    -noMatch-> reply`; long paths keep their first and last steps."""
    graph = flow.graph
    parts = [path[0]] if path else []
    for source, target in pairwise(path):
        events = graph.events_between(source, target)
        parts.append(f"-{events[0]}-> {target}" if events and events[0] else f"-> {target}")
    if len(parts) > limit:
        parts = [*parts[: limit // 2], "…", *parts[-(limit // 2) :]]
    return " ".join(parts)
