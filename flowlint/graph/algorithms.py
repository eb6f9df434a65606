"""Linear-time graph algorithms over adjacency dicts, all iterative (no recursion limits).

Each one matches the networkx function named in its docstring; tests/graph/ checks that.
"""

from __future__ import annotations

from collections import deque

Adjacency = dict[str, list[str]]


def descendants(successors: Adjacency, start: str) -> set[str]:
    """Nodes reachable from `start` by one or more edges (`networkx.descendants`, plus `start`
    itself when it lies on a cycle)."""
    seen: set[str] = set()
    queue = deque(successors.get(start, ()))
    while queue:
        node = queue.popleft()
        if node in seen:
            continue
        seen.add(node)
        queue.extend(next_node for next_node in successors.get(node, ()) if next_node not in seen)
    return seen


def shortest_path(
    successors: Adjacency, source: str, target: str, avoid: frozenset[str] = frozenset()
) -> list[str] | None:
    """Breadth-first shortest path avoiding `avoid` (`networkx.shortest_path` on a subgraph)."""
    if source in avoid or target in avoid:
        return None
    parents: dict[str, str | None] = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while (parent := parents[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        for next_node in successors.get(node, ()):
            if next_node not in parents and next_node not in avoid:
                parents[next_node] = node
                queue.append(next_node)
    return None


def _reverse_postorder(successors: Adjacency, root: str) -> list[str]:
    order: list[str] = []
    visited = {root}
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack:
        node, child_index = stack[-1]
        children = successors.get(node, [])
        if child_index < len(children):
            stack[-1] = (node, child_index + 1)
            child = children[child_index]
            if child not in visited:
                visited.add(child)
                stack.append((child, 0))
        else:
            stack.pop()
            order.append(node)
    order.reverse()
    return order


def immediate_dominators(successors: Adjacency, root: str) -> dict[str, str]:
    """Immediate dominators of the nodes reachable from `root`, the root mapping to itself
    (`networkx.immediate_dominators`; Cooper, Harvey and Kennedy's iterative algorithm)."""
    order = _reverse_postorder(successors, root)
    index = {node: position for position, node in enumerate(order)}
    predecessors: dict[str, list[str]] = {node: [] for node in order}
    for node in order:
        for child in successors.get(node, ()):
            if child in index:
                predecessors[child].append(node)
    idom: dict[str, str] = {root: root}
    changed = True
    while changed:
        changed = False
        for node in order[1:]:
            new_idom: str | None = None
            for predecessor in predecessors[node]:
                if predecessor not in idom:
                    continue
                if new_idom is None:
                    new_idom = predecessor
                    continue
                if new_idom == root:
                    break  # the root dominates everything: no predecessor can change that
                left, right = predecessor, new_idom
                while left != right:
                    while index[left] > index[right]:
                        left = idom[left]
                    while index[right] > index[left]:
                        right = idom[right]
                new_idom = left
            if new_idom is not None and idom.get(node) != new_idom:
                idom[node] = new_idom
                changed = True
    return idom


def strongly_connected_components(successors: Adjacency) -> list[set[str]]:
    """Strongly connected components (`networkx.strongly_connected_components`; iterative
    Tarjan)."""
    index_of: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for start in successors:
        if start in index_of:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        index_of[start] = lowlink[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, child_index = work[-1]
            children = successors.get(node, [])
            if child_index < len(children):
                work[-1] = (node, child_index + 1)
                child = children[child_index]
                if child not in index_of:
                    index_of[child] = lowlink[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, 0))
                elif child in on_stack:
                    lowlink[node] = min(lowlink[node], index_of[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowlink[parent] = min(lowlink[parent], lowlink[node])
            if lowlink[node] == index_of[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components
