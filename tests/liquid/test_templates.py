"""Template analysis: the fast path agrees with python-liquid, offsets and errors are exact."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flowlint.liquid.fast_path import analyze_plain
from flowlint.liquid.model import TemplateAnalysis
from flowlint.liquid.templates import _analyze_with_python_liquid, analyze_template
from tests.conftest import REPO

EDGE_CASES = [
    "Hi {{widgets.get_user.parsed.name}}!",
    "{{ widgets.get_user.parsed.name | upcase }}",
    "{{-x-}} and {{ x-}}",
    "{{ a-b.c-d }}",
    "{{widgets['send 1'].body}} {{ widgets[\"x y\"].z }}",
    "{{widgets.http_1.parsed.results[0].name}}",
    "{{ 'Olá *@*.' | replace: '@', flow.variables.name | strip_newlines }}",
    "{{ a | f: b.c, 'x', 3, -2.5 }}",
    "{{trigger | to_json}}",
    "{{ x | default: nil }}",
    "{{ true }} {{ empty }}",
    "{{ a.0 }}",
    "{{ a[-1] }}",
    "{{ a\n.b }}",
    "{{ a | f:b }}",
    "{{}}",
    "{{ a }} }} {{ b }}",
    "{{ a | }}",
    "{{ a b }}",
    "plain text without markup",
    'JSON {"a": {"b": 1}} and {{ c.d }}',
]


def _comparable(analysis: TemplateAnalysis) -> tuple[Any, ...]:
    variables = sorted(
        (variable.start, variable.end, repr(variable.segments), variable.filters)
        for variable in analysis.variables
    )
    return tuple(variables), analysis.filters, analysis.error


def _corpus_templates() -> list[str]:
    corpus = REPO.parent / "shared" / "corpus" / "real"
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if "{{" in value or "{%" in value:
                found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(corpus.glob("*.json")) if corpus.is_dir() else []:
        try:
            walk(json.loads(path.read_text(encoding="utf-8-sig")))
        except ValueError:
            continue
    return sorted(found)


@pytest.mark.parametrize("text", EDGE_CASES)
def test_fast_path_agrees_with_python_liquid_on_edge_cases(text: str) -> None:
    fast = analyze_plain(text)
    if fast is not None:
        assert _comparable(fast) == _comparable(_analyze_with_python_liquid(text))


def test_fast_path_agrees_with_python_liquid_on_the_corpus(corpus: Path) -> None:
    templates = _corpus_templates()
    assert len(templates) > 500
    handled = 0
    for text in templates:
        fast = analyze_plain(text)
        if fast is None:
            continue
        handled += 1
        assert _comparable(fast) == _comparable(_analyze_with_python_liquid(text)), text
    # The point of the fast path: most real templates never need python-liquid.
    assert handled > len(templates) * 0.8


def test_fast_path_declines_what_it_does_not_know() -> None:
    assert analyze_plain("{% if a %}b{% endif %}") is None
    assert analyze_plain("{{ a | f: nil }}") is None
    assert analyze_plain("{{ a\n.b }}") is None
    assert analyze_plain("{{ a") is None


def test_variable_offsets_cover_the_path_as_written() -> None:
    text = 'Hi {{ widgets.a["b c"].d | upcase }} and {{ flow.variables. count }}'
    analysis = analyze_template(text)
    written = [text[variable.start : variable.end] for variable in analysis.variables]
    assert written == ['widgets.a["b c"].d', "flow.variables. count"]
    assert analysis.variables[0].segments == ("widgets", "a", "b c", "d")
    assert analysis.variables[0].filters == ("upcase",)
    assert [(use.name, text[use.start : use.end]) for use in analysis.filters] == [
        ("upcase", "upcase")
    ]


def test_nested_paths_are_segments_of_their_own() -> None:
    analysis = analyze_template("{% if x %}{{ items[widgets.menu.Digits].name }}{% endif %}")
    segments = [variable.segments for variable in analysis.variables]
    assert ("items", ("widgets", "menu", "Digits"), "name") in segments
    assert ("widgets", "menu", "Digits") in segments


def test_condition_variables_are_marked_tested() -> None:
    text = "{% if flow.variables.n %}{{ flow.variables.n | plus: 1 }}{% else %}1{% endif %}"
    tested = [variable.tested for variable in analyze_template(text).variables]
    assert tested == [True, False]


@pytest.mark.parametrize(
    ("text", "block"),
    [
        ("Hi {{ widgets..x }} there", "{{ widgets..x }}"),
        ("a {% iff x %} b", "{% iff x %}"),
        ("Hi {{ name | upcase ", "{{ name | upcase "),
        # python-liquid gives no offset for these; the failing block is found by parsing alone.
        ("ok {{ a }} {% if x %} never closed", "{% if x %}"),
        ("ok {{ a }} then {{ b | }}", "{{ b | }}"),
        ("{% if a > %}x{% endif %}", "{% if a > %}"),
    ],
)
def test_syntax_errors_point_at_the_offending_block(text: str, block: str) -> None:
    error = analyze_template(text).error
    assert error is not None
    assert text[error.start : error.end] == block


def test_plain_templates_do_not_import_python_liquid() -> None:
    code = (
        "import sys\n"
        "from flowlint.liquid.templates import analyze_template\n"
        "analyze_template('Hi {{ widgets.a.b | upcase }} {{flow.variables.c}}')\n"
        "assert 'liquid' not in sys.modules, 'python-liquid was imported'\n"
        "analyze_template('{% if a %}b{% endif %}')\n"
        "assert 'liquid' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_analysis_is_cached_by_text() -> None:
    text = "{% if z %}{{ z }}{% endif %} cached"
    assert analyze_template(text) is analyze_template(text)
