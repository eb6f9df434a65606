"""Finding rules: the built-in `rules/` folder, the `flowlint.rules` entry points, `--rules-dir`.

All three go through the same loader: a rule module is imported, and every `Rule` subclass it
defines with a `code` becomes a registered rule. Codes and names must be unique.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from flowlint.engine.settings import ConfigError
from flowlint.model.resources import builtin_rules_dir
from flowlint.rule import Rule

ENTRY_POINT_GROUP = "flowlint.rules"
_MODULE_PREFIX = "flowlint_rules"


def _rules_in(module: ModuleType, origin: str) -> list[type[Rule]]:
    found = []
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, Rule)
            and value is not Rule
            and value.__module__ == module.__name__
            and isinstance(getattr(value, "code", None), str)
        ):
            value.origin = origin
            found.append(value)
    return found


def _load_file(path: str, module_name: str) -> ModuleType:
    existing = sys.modules.get(module_name)
    if existing is not None and getattr(existing, "__file__", None) == path:
        return existing
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ConfigError(f"cannot load rule module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[module_name]
        raise ConfigError(
            f"rule module {path} failed to import: {type(exc).__name__}: {exc}"
        ) from exc
    return module


def _rule_files(folder: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Every `*.py` below `folder` not named `_*`: (path, module path parts), in the order
    of their folder and file names. Walked with os.walk, skipping `__pycache__` (pathlib's
    rglob would list those too and build a Path per entry: about 1 ms more per run)."""
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        relative = os.path.relpath(root, folder)
        parts = () if relative == os.curdir else tuple(relative.split(os.sep))
        for name in files:
            if name.endswith(".py") and not name.startswith("_"):
                found.append((os.path.join(root, name), (*parts, name[:-3])))
    found.sort(key=lambda entry: entry[1])
    return found


def _load_directory(folder: Path, prefix: str, origin: str) -> list[type[Rule]]:
    if not folder.is_dir():
        raise ConfigError(f"rules directory {folder} does not exist")
    rules: list[type[Rule]] = []
    for path, parts in _rule_files(folder):
        module_name = ".".join((prefix, *parts))
        rules.extend(_rules_in(_load_file(path, module_name), origin))
    return rules


def _load_entry_points() -> list[type[Rule]]:
    rules: list[type[Rule]] = []
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry_point.load()
        except Exception as exc:
            raise ConfigError(
                f"rule plugin '{entry_point.name}' ({entry_point.value}) failed to load: {exc}"
            ) from exc
        origin = f"entry point {entry_point.name}"
        if isinstance(loaded, ModuleType):
            rules.extend(_rules_in(loaded, origin))
        elif isinstance(loaded, type) and issubclass(loaded, Rule):
            loaded.origin = origin
            rules.append(loaded)
    return rules


@dataclass(eq=False)
class Registry:
    """All known rules, by code and by name."""

    rules: list[type[Rule]] = field(default_factory=list)
    by_code: dict[str, type[Rule]] = field(default_factory=dict)
    by_name: dict[str, type[Rule]] = field(default_factory=dict)

    def add(self, rule: type[Rule]) -> None:
        for attribute in ("code", "name", "category", "severity", "summary"):
            if not hasattr(rule, attribute):
                raise ConfigError(f"rule {rule.__qualname__} ({rule.origin}) has no `{attribute}`")
        clash = self.by_code.get(rule.code) or self.by_name.get(rule.name)
        if clash is not None and clash is not rule:
            raise ConfigError(
                f"rule {rule.code}/{rule.name} ({rule.origin}) clashes with "
                f"{clash.code}/{clash.name} ({clash.origin})"
            )
        if clash is rule:
            return
        self.rules.append(rule)
        self.by_code[rule.code] = rule
        self.by_name[rule.name] = rule

    def get(self, key: str) -> type[Rule] | None:
        """A rule by code (case-insensitive) or name."""
        return self.by_code.get(key.upper()) or self.by_name.get(key.lower())

    def matching(self, selector: str) -> list[type[Rule]]:
        """Rules a selector names: ALL, a code, a name, a code prefix, or a category."""
        key = selector.strip()
        if key.upper() == "ALL":
            return list(self.rules)
        rule = self.get(key)
        if rule is not None:
            return [rule]
        upper = key.upper()
        by_prefix = [rule for rule in self.rules if rule.code.upper().startswith(upper)]
        if by_prefix:
            return by_prefix
        return [rule for rule in self.rules if rule.category == key.lower()]

    def check_selectors(self, selectors: Iterable[str], origin: str) -> None:
        for selector in selectors:
            if not self.matching(selector):
                raise ConfigError(
                    f"{origin}: '{selector}' matches no rule (use a code such as FL103, a name "
                    "such as unknown-transition-target, a code prefix or a category; "
                    "`flowlint rules` lists them)"
                )

    def sorted_rules(self) -> list[type[Rule]]:
        return sorted(self.rules, key=lambda rule: rule.code)


def load_registry(rules_dirs: Iterable[Path] = (), *, entry_points: bool = True) -> Registry:
    """Load the built-in rules, then plugins from entry points, then `--rules-dir` folders."""
    registry = Registry()
    for rule in _load_directory(builtin_rules_dir(), _MODULE_PREFIX, "builtin"):
        registry.add(rule)
    if entry_points:
        for rule in _load_entry_points():
            registry.add(rule)
    for number, folder in enumerate(rules_dirs):
        prefix = f"flowlint_user_rules_{number}"
        for rule in _load_directory(Path(folder), prefix, f"rules dir {folder}"):
            registry.add(rule)
    return registry
