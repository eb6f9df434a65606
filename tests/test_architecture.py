"""The layers of docs/architecture.md, held against the code: a module imports only modules of
its own layer or of the layers below it, and no two packages import each other.

Imports are read with `ast` from every module of `flowlint/` and `rules/`, including the ones
inside functions and under `TYPE_CHECKING`: a deferred import is still a dependency.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

LAYERS: list[tuple[str, ...]] = [
    ("flowlint.source",),
    ("flowlint.diagnostics", "flowlint.resources"),
    ("flowlint.model",),
    ("flowlint.graph",),
    ("flowlint.liquid", "flowlint.split", "flowlint.templates"),
    ("flowlint.project",),
    ("flowlint.rule",),
    ("flowlint.schema",),
    ("flowlint.engine",),
    ("rules",),
    ("flowlint.config",),
    ("flowlint.run",),
    ("flowlint.fmt",),
    ("flowlint.reporters",),
    ("flowlint.fix",),
    ("flowlint.twilio",),
    ("flowlint.diff", "flowlint.simulate"),
    ("flowlint.lsp",),
    ("flowlint.cli", "flowlint.__main__"),
]
"""From the bottom up. `flowlint` itself (the package's `__init__`, which holds only the
version) may be imported by anyone."""


def _package(module: str) -> str | None:
    """The entry of LAYERS that `module` belongs to (None for `flowlint` itself)."""
    for layer in LAYERS:
        for prefix in layer:
            if module == prefix or module.startswith(prefix + "."):
                return prefix
    return None


def _layer(prefix: str) -> int:
    return next(index for index, layer in enumerate(LAYERS) if prefix in layer)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> list[tuple[str, str, int, str]]:
    """(importing module, its file, line, imported module) for every import of flowlint or
    rules code."""
    found = []
    for base in ("flowlint", "rules"):
        for path in sorted((REPO / base).rglob("*.py")):
            module = _module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                targets: list[str] = []
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    # `from flowlint import engine` imports the module flowlint.engine
                    targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                for target in targets:
                    if target.split(".")[0] in ("flowlint", "rules"):
                        found.append((module, str(path.relative_to(REPO)), node.lineno, target))
    return found


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(
        {
            module
            for module, _, _, _ in _imports()
            if module != "flowlint" and _package(module) is None
        }
    )
    assert unplaced == [], "add these modules to a layer in LAYERS and docs/architecture.md"


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = []
    for module, path, line, target in _imports():
        source, destination = _package(module), _package(target)
        if source is None or destination is None:
            continue
        if _layer(destination) > _layer(source):
            upward.append(f"{path}:{line}: {module} imports {target}")
    assert upward == []


def test_no_two_packages_import_each_other() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, _, _, target in _imports():
        source, destination = _package(module), _package(target)
        if source and destination and source != destination:
            edges[source].add(destination)
    mutual = sorted(
        f"{a} <-> {b}" for a in edges for b in edges[a] if a < b and a in edges.get(b, set())
    )
    assert mutual == []


def test_no_import_cycles_between_modules() -> None:
    """A cycle of modules (even one closed by an import inside a function) means neither can
    be read or tested without the other; the networkx graph of imports has none."""
    import networkx as nx

    modules = {
        _module_name(path) for base in ("flowlint", "rules") for path in (REPO / base).rglob("*.py")
    }
    graph = nx.DiGraph()
    for module, _, _, target in _imports():
        # `from package import name` names a module when package.name is one
        while target not in modules and "." in target:
            target = target.rsplit(".", 1)[0]
        if target in modules and target != module and target != "flowlint":
            graph.add_edge(module, target)
    cycles = sorted(" -> ".join(cycle) for cycle in nx.simple_cycles(graph, length_bound=6))
    assert cycles == []
