"""`flowlint schema --test-file`: the JSON Schema of `*.flowtest.yaml`, as the CLI prints it and
as editors/flowtest.schema.json publishes it, accepts the example test files."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from flowlint.simulate.test_file_schema import SCHEMA_URL
from tests.conftest import REPO, run_flowlint

PUBLISHED = REPO / "editors" / "flowtest.schema.json"
EXAMPLES = sorted((REPO / "examples").glob("*.flowtest.yaml"))


def _printed() -> dict[str, Any]:
    result = run_flowlint("schema", "--test-file")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def test_the_published_file_is_what_flowlint_schema_test_file_prints() -> None:
    # Regenerate with: flowlint schema --test-file > editors/flowtest.schema.json
    assert json.loads(PUBLISHED.read_text(encoding="utf-8")) == _printed()


def test_the_printed_schema_is_the_test_file_format() -> None:
    schema = _printed()
    Draft7Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_URL
    assert schema["required"] == ["flow", "cases"]
    assert set(schema["properties"]) == {"flow", "subflows", "mocks", "cases"}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_the_example_test_files_are_valid(example: Any) -> None:
    validator = Draft7Validator(json.loads(PUBLISHED.read_text(encoding="utf-8")))
    document = yaml.safe_load(example.read_text(encoding="utf-8"))
    # yaml-language-server reads `now: 2026-...` as text (YAML 1.2); PyYAML as a datetime.
    for case in document["cases"]:
        if "now" in case:
            case["now"] = str(case["now"])
    assert [error.message for error in validator.iter_errors(document)] == []


def test_there_are_example_test_files() -> None:
    assert len(EXAMPLES) >= 2


def test_test_file_and_list_are_exclusive() -> None:
    result = run_flowlint("schema", "--test-file", "--list")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--list and --test-file cannot be used together" in result.stderr
