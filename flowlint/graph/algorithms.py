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
    """Strongly connected components, sinks first: every edge leaving a component leads to one
    listed earlier (`networkx.strongly_connected_components`; iterative Tarjan)."""
    index_of: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    position: dict[str, int] = {}  # where each node still on `stack` sits in it
    components: list[set[str]] = []
    for start in successors:
        if start in index_of:
            continue
        index_of[start] = lowlink[start] = len(index_of)
        position[start] = len(stack)
        stack.append(start)
        # Each frame resumes its own iterator over the children: no index bookkeeping.
        work = [(start, iter(successors.get(start, ())))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index_of:
                    index_of[child] = lowlink[child] = len(index_of)
                    position[child] = len(stack)
                    stack.append(child)
                    work.append((child, iter(successors.get(child, ()))))
                    break
                if child in position and index_of[child] < lowlink[node]:
                    lowlink[node] = index_of[child]
            else:
                work.pop()
                low = lowlink[node]
                if work:
                    parent = work[-1][0]
                    if low < lowlink[parent]:
                        lowlink[parent] = low
                if low == index_of[node]:
                    first = position[node]
                    component = set(stack[first:])
                    del stack[first:]
                    for member in component:
                        del position[member]
                    components.append(component)
    return components
