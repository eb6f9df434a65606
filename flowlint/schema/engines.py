"""The JSON Schema validators behind one adapter, `SchemaError`.

Two engines give the same answers:

- `jsonschema` (the reference engine): `Draft7Validator`, pure Python.
- `jsonschema-rs` (the accelerator, a compiled wheel): about a hundred times faster; used
  whenever it can be imported, so a run that has it never imports jsonschema at all.

`FLOWLINT_SCHEMA_ENGINE=jsonschema|jsonschema-rs` forces one. Each engine builds a validator once
per schema key (a widget type, the envelope) and keeps it for the rest of the process.

Both engines must agree on every input (tests/schema/test_engines.py proves it on the corpus
and the fixtures), so flowlint never shows an engine's own message: `mapping` writes the
message from the failing keyword, its subschema and the value. JSON Schema patterns are
ECMA-262 regular expressions, which jsonschema-rs follows; Python's `re` differs in two ways
that matter for SIDs and numbers (`$` also matches before a final newline, `\\d` matches any
Unicode digit), so the reference engine's `pattern` keyword is made to behave like ECMA-262.
"""

import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, NamedTuple, Protocol

from flowlint.source.pointer import Pointer

ENGINE_VARIABLE = "FLOWLINT_SCHEMA_ENGINE"
ENGINE_NAMES = ("jsonschema", "jsonschema-rs")


class SchemaError(NamedTuple):
    """One failing keyword, whichever engine found it."""

    pointer: Pointer
    """Where the failing value is, relative to the validated instance."""
    keyword: str
    """The failing JSON Schema keyword: `type`, `required`, `enum`, `not`, `anyOf`, ..."""
    message: str
    """The engine's own message; for debugging only (the engines word them differently)."""
    schema: Mapping[str, Any]
    """The subschema holding the failing keyword (where `x-flowlint-*` annotations sit)."""
    instance: Any
    """The failing value."""
    schema_path: tuple[str | int, ...] = ()
    """Keywords and indices from the root schema to the failing keyword."""


class SchemaEngine(Protocol):
    """Validates instances against schemas registered under a key."""

    name: str

    def errors(self, key: str, schema: dict[str, Any], instance: Any) -> list[SchemaError]:
        """Every failing keyword of `instance` against `schema` (cached under `key`)."""
        ...


class EngineUnavailable(RuntimeError):
    """FLOWLINT_SCHEMA_ENGINE names an engine that is not installed or does not exist."""


def subschema_at(schema: Mapping[str, Any], path: tuple[str | int, ...]) -> Any:
    """The node at `path` inside `schema`, following local `$ref`s; None when absent."""
    node: Any = schema
    for step in path:
        if isinstance(node, Mapping) and step == "$ref" and isinstance(node.get("$ref"), str):
            node = _resolve_local_ref(schema, node["$ref"])
            continue
        if isinstance(node, Mapping) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return node


def _resolve_local_ref(root: Mapping[str, Any], reference: str) -> Any:
    if not reference.startswith("#"):
        return None
    from flowlint.source.pointer import parse_pointer

    try:
        return subschema_at(root, parse_pointer(reference))
    except ValueError:
        return None


# -- the reference engine ------------------------------------------------------------------


def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a JSON Schema (ECMA-262) pattern for Python's `re` with ECMA's meaning of `$`
    (end of the string only) and of `\\d`/`\\w` (ASCII only)."""
    return _compile_ecma(pattern)


@cache
def _compile_ecma(pattern: str) -> re.Pattern[str]:
    translated: list[str] = []
    in_class = False
    escaped = False
    for char in pattern:
        if escaped:
            translated.append(char)
            escaped = False
        elif char == "\\":
            translated.append(char)
            escaped = True
        elif in_class:
            translated.append(char)
            in_class = char != "]"
        elif char == "[":
            translated.append(char)
            in_class = True
        elif char == "$":
            translated.append(r"\Z")
        else:
            translated.append(char)
    return re.compile("".join(translated), re.ASCII)


class JsonschemaEngine:
    """The reference engine: jsonschema's Draft7Validator, imported on first use."""

    name = "jsonschema"

    def __init__(self) -> None:
        self._validators: dict[str, Any] = {}
        self._validator_class: Any = None

    def _validator(self, key: str, schema: dict[str, Any]) -> Any:
        validator = self._validators.get(key)
        if validator is None:
            if self._validator_class is None:
                self._validator_class = _reference_validator_class()
            validator = self._validator_class(schema)
            self._validators[key] = validator
        return validator

    def errors(self, key: str, schema: dict[str, Any], instance: Any) -> list[SchemaError]:
        validator = self._validator(key, schema)
        return [
            SchemaError(
                pointer=tuple(error.absolute_path),
                keyword=str(error.validator),
                message=error.message,
                schema=error.schema if isinstance(error.schema, Mapping) else {},
                instance=error.instance,
                schema_path=tuple(error.absolute_schema_path),
            )
            for error in validator.iter_errors(instance)
        ]


def _reference_validator_class() -> Any:
    from jsonschema import Draft7Validator, ValidationError, validators

    def pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
        if isinstance(instance, str) and not ecma_pattern(pattern).search(instance):
            yield ValidationError(f"{instance!r} does not match {pattern!r}")

    return validators.extend(Draft7Validator, {"pattern": pattern})


# -- the accelerator -----------------------------------------------------------------------


class RustEngine:
    """jsonschema-rs: the same draft-07 checks in compiled code."""

    name = "jsonschema-rs"

    def __init__(self) -> None:
        import jsonschema_rs

        self._module = jsonschema_rs
        self._validators: dict[str, Any] = {}
        self._fallback: JsonschemaEngine | None = None

    def errors(self, key: str, schema: dict[str, Any], instance: Any) -> list[SchemaError]:
        validator = self._validators.get(key)
        if validator is None:
            validator = self._module.Draft7Validator(schema)
            self._validators[key] = validator
        try:
            if validator.is_valid(instance):
                return []
            raw = list(validator.iter_errors(instance))
        except (ValueError, TypeError, OverflowError):
            # A value jsonschema-rs cannot convert (e.g. an integer beyond 64 bits): let the
            # reference engine answer for this one instance.
            if self._fallback is None:
                self._fallback = JsonschemaEngine()
            return self._fallback.errors(key, schema, instance)
        found = []
        for error in raw:
            schema_path = tuple(error.schema_path)
            keyword = str(schema_path[-1]) if schema_path else ""
            holder = subschema_at(schema, schema_path[:-1])
            found.append(
                SchemaError(
                    pointer=tuple(error.instance_path),
                    keyword=keyword,
                    message=error.message,
                    schema=holder if isinstance(holder, Mapping) else {},
                    instance=error.instance,
                    schema_path=schema_path,
                )
            )
        return found


# -- choosing one --------------------------------------------------------------------------

_FACTORIES: dict[str, Callable[[], SchemaEngine]] = {
    "jsonschema": JsonschemaEngine,
    "jsonschema-rs": RustEngine,
}


def create_engine(name: str | None = None) -> SchemaEngine:
    """A new engine: `name`, else FLOWLINT_SCHEMA_ENGINE, else jsonschema-rs when installed."""
    name = name or os.environ.get(ENGINE_VARIABLE) or None
    if name is None:
        try:
            return RustEngine()
        except ImportError:
            return JsonschemaEngine()
    factory = _FACTORIES.get(name)
    if factory is None:
        raise EngineUnavailable(
            f"{ENGINE_VARIABLE}={name!r} is not a schema engine (use one of: "
            f"{', '.join(ENGINE_NAMES)})"
        )
    try:
        return factory()
    except ImportError as exc:
        raise EngineUnavailable(
            f"{ENGINE_VARIABLE}={name} but that engine is not installed ({exc})"
        ) from exc


@cache
def default_engine() -> SchemaEngine:
    """The engine of this process, created on first use and kept (with its validators).

    A FLOWLINT_SCHEMA_ENGINE that cannot be honoured is said once on stderr, and the usual
    choice is used instead: the findings are the same with either engine.
    """
    try:
        return create_engine()
    except EngineUnavailable as exc:
        print(f"flowlint: warning: {exc}; using the default engine", file=sys.stderr)
        return create_engine(_installed_default())


def _installed_default() -> str:
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return "jsonschema"
    return "jsonschema-rs"
