"""Triage controls of `flowlint check` (issue #14), end to end through the real CLI:
--statistics, -q/-qq/--silent, --exit-zero, --show-severity and --preset / --select ALL, with
their configuration keys.

The project holds three flows: FL103 (error) in each, FL201 (warning) on `farewell` in the two
copies of the support menu. `unhandled-event` is ignored so these counts do not move when that
rule's defaults are calibrated.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.ci.conftest import CI_FLOWS, run_flowlint
from tests.conftest import FIXTURES

BASE_CONFIG = 'ignore = ["unhandled-event"]\n'

# A plugin with an opt-in rule and a rule whose option has a strict value.
PLUGIN = '''
from flowlint.rule import Option, Rule, Severity

DOCS = """
## What it finds
A test rule.

## Why it matters
It shows how presets work.

## Example
`x`

## Fix
None.
"""


class GreetWidget(Rule):
    __doc__ = DOCS
    code = "OWL001"
    name = "greet-widget"
    category = "owl"
    severity = Severity.WARNING
    summary = "A widget is named greet (opt-in)"
    default_enabled = False

    def check_widget(self, widget, ctx):
        if widget.name == "greet":
            ctx.report(widget.name_pointer, "widget 'greet' found", widget)


class LongWidgetName(Rule):
    __doc__ = DOCS
    code = "OWL002"
    name = "long-widget-name"
    category = "owl"
    severity = Severity.WARNING
    summary = "A widget name is longer than max-length"
    options = (Option("max_length", int, 20, "Longest name allowed", strict=5),)

    def check_widget(self, widget, ctx):
        if len(widget.name) > ctx.option("max_length"):
            ctx.report(widget.name_pointer, f"widget name '{widget.name}' is long", widget)
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "flows").mkdir(parents=True)
    shutil.copy(CI_FLOWS / "support_menu.json", root / "flows" / "support_menu.json")
    shutil.copy(CI_FLOWS / "support_menu.json", root / "flows" / "support_menu_copy.json")
    shutil.copy(FIXTURES / "cli" / "misspelt_next.json", root / "flows" / "misspelt_next.json")
    (root / "flowlint.toml").write_text(BASE_CONFIG)
    (root / "owl_rules").mkdir()
    (root / "owl_rules" / "owl.py").write_text(PLUGIN)
    return root


def check(project: Path, *args: str) -> tuple[int, list[str], str]:
    result = run_flowlint("check", "--no-cache", *args, cwd=project)
    return result.returncode, result.stdout.splitlines(), result.stderr


def configure(project: Path, extra: str) -> None:
    (project / "flowlint.toml").write_text(BASE_CONFIG + extra)


FINDINGS = [
    "flows/misspelt_next.json:38:19: error[FL103/unknown-transition-target] the 'sent' "
    "transition of 'greet' goes to 'good_bye', but no widget has that name; did you mean "
    "'goodbye'?",
    "flows/support_menu.json:38:19: error[FL103/unknown-transition-target] the 'keypress' "
    "transition of 'greet' goes to 'farewel', but no widget has that name; did you mean "
    "'farewell'?",
    "flows/support_menu.json:57:15: warning[FL201/unreachable-widget] widget 'farewell' is "
    "never reached from the initial state 'Trigger'; no transition leads to it",
    "flows/support_menu_copy.json:38:19: error[FL103/unknown-transition-target] the 'keypress' "
    "transition of 'greet' goes to 'farewel', but no widget has that name; did you mean "
    "'farewell'?",
    "flows/support_menu_copy.json:57:15: warning[FL201/unreachable-widget] widget 'farewell' "
    "is never reached from the initial state 'Trigger'; no transition leads to it",
]
SUMMARY = "Found 3 errors, 2 warnings, 0 infos in 3 files."


def test_the_project_reports_what_these_tests_assume(project: Path) -> None:
    status, lines, _ = check(project, "--format", "concise", "flows")
    assert (status, lines) == (1, [*FINDINGS, SUMMARY])


# -- --statistics --------------------------------------------------------------------------


def test_statistics_prints_count_code_and_name_per_rule_most_first(project: Path) -> None:
    status, lines, stderr = check(project, "--statistics", "flows")
    assert status == 1, stderr
    assert lines == [
        # One of the three misspelt targets has a safe fix (`--fix` applies it): a [*] column.
        "3  FL103  [*] unknown-transition-target",
        "2  FL201  [ ] unreachable-widget",
        SUMMARY,
    ]
    _, concise, _ = check(project, "--statistics", "--format", "concise", "flows")
    assert concise == lines
    # Without any fixable finding the column is left out.
    _, unfixable, _ = check(project, "--statistics", "-q", "--select", "FL201", "flows")
    assert unfixable == ["2  FL201  unreachable-widget"]


def test_statistics_counts_what_is_shown_and_quiet_drops_the_summary(project: Path) -> None:
    _, lines, _ = check(project, "--statistics", "-q", "--show-severity", "error", "flows")
    assert lines == ["3  FL103  [*] unknown-transition-target"]


def test_statistics_in_json_is_an_extra_array_with_a_fixable_count(project: Path) -> None:
    result = run_flowlint(
        "check", "--no-cache", "--format", "json", "--statistics", "flows", cwd=project
    )
    report = json.loads(result.stdout)
    assert len(report["diagnostics"]) == 5
    assert report["statistics"] == [
        {"code": "FL103", "name": "unknown-transition-target", "count": 3, "fixable": 1},
        {"code": "FL201", "name": "unreachable-widget", "count": 2, "fixable": 0},
    ]
    plain = run_flowlint("check", "--no-cache", "--format", "json", "flows", cwd=project)
    assert "statistics" not in json.loads(plain.stdout)


def test_statistics_refuses_formats_it_has_no_form_in(project: Path) -> None:
    status, lines, stderr = check(project, "--statistics", "--format", "sarif", "flows")
    assert status == 2
    assert lines == []
    assert (
        "Invalid value for --statistics: --statistics works with --format text, concise, json"
        in stderr
    )


# -- -q / -qq / --silent -------------------------------------------------------------------


def test_quiet_prints_the_findings_only(project: Path) -> None:
    status, lines, stderr = check(project, "-q", "--format", "concise", "flows")
    assert (status, lines, stderr) == (1, FINDINGS, "")
    status, lines, _ = check(project, "--quiet", "--no-source", "flows")
    assert (status, lines) == (1, FINDINGS)


def test_quiet_on_a_clean_run_prints_nothing(project: Path) -> None:
    status, lines, stderr = check(project, "-q", str(CI_FLOWS / "clean.json"))
    assert (status, lines, stderr) == (0, [], "")


def test_quiet_drops_the_baseline_notes(project: Path) -> None:
    status, _, stderr = check(project, "--write-baseline", "baseline.json", "flows")
    assert status == 0
    assert stderr == "flowlint: wrote 5 entries to the baseline baseline.json\n"
    status, lines, stderr = check(project, "--baseline", "baseline.json", "flows")
    assert lines == ["All clear: 3 files checked, no findings."]
    assert "5 findings recorded in the baseline" in stderr
    status, lines, stderr = check(project, "-q", "--baseline", "baseline.json", "flows")
    assert (status, lines, stderr) == (0, [], "")


@pytest.mark.parametrize("flag", ["-qq", "--silent", "-s"])
def test_silent_prints_nothing_and_keeps_the_exit_status(project: Path, flag: str) -> None:
    status, lines, stderr = check(project, flag, "flows")
    assert (status, lines, stderr) == (1, [], "")


def test_silent_still_writes_output_files_and_reports_errors(project: Path) -> None:
    status, lines, _ = check(project, "--silent", "--output", "json:report.json", "flows")
    assert (status, lines) == (1, [])
    assert len(json.loads((project / "report.json").read_text())["diagnostics"]) == 5
    status, lines, stderr = check(project, "--silent", "flows/missing.json")
    assert (status, lines) == (2, [])
    assert "flowlint: error: cannot read flows/missing.json" in stderr


# -- --exit-zero ---------------------------------------------------------------------------


def test_exit_zero_forgives_findings_but_not_failures(project: Path) -> None:
    status, lines, _ = check(project, "--exit-zero", "--format", "concise", "flows")
    assert (status, lines) == (0, [*FINDINGS, SUMMARY])
    status, _, stderr = check(project, "--exit-zero", "flows", "flows/missing.json")
    assert status == 2
    assert "cannot read flows/missing.json" in stderr


def test_exit_zero_config_key_and_the_flag_that_undoes_it(project: Path) -> None:
    configure(project, "exit-zero = true\n")
    assert check(project, "flows")[0] == 0
    assert check(project, "--no-exit-zero", "flows")[0] == 1
    configure(project, 'exit-zero = "yes"\n')
    status, _, stderr = check(project, "flows")
    assert status == 2
    assert (
        stderr == 'flowlint: error: flowlint.toml: exit-zero: expected true or false, got "yes"\n'
    )


# -- --show-severity -----------------------------------------------------------------------

INFO_CONFIG = '[severity]\nunreachable-widget = "info"\n'
HIDDEN_SUMMARY = (
    "Found 3 errors, 0 warnings, 2 infos in 3 files (2 not shown; --show-severity info lists them)."
)


def test_text_reports_hide_infos_by_default_and_say_so(project: Path) -> None:
    configure(project, INFO_CONFIG)
    status, lines, _ = check(project, "--format", "concise", "flows")
    assert (status, lines) == (1, [FINDINGS[0], FINDINGS[1], FINDINGS[3], HIDDEN_SUMMARY])
    _, shown, _ = check(project, "--format", "concise", "--show-severity", "info", "flows")
    assert shown == [
        *(line.replace("warning[FL201", "info[FL201") for line in FINDINGS),
        "Found 3 errors, 0 warnings, 2 infos in 3 files.",
    ]


def test_machine_reports_carry_every_finding_unless_show_severity_is_set(project: Path) -> None:
    configure(project, INFO_CONFIG)
    result = run_flowlint("check", "--no-cache", "--format", "json", "flows", cwd=project)
    report = json.loads(result.stdout)
    assert [item["severity"] for item in report["diagnostics"]].count("info") == 2
    assert report["summary"] == {
        "files": 3,
        "errors": 3,
        "warnings": 0,
        "infos": 2,
        "tool_failures": 0,
    }
    result = run_flowlint(
        "check",
        "--no-cache",
        "--format",
        "json",
        "--show-severity",
        "warning",
        "flows",
        cwd=project,
    )
    report = json.loads(result.stdout)
    assert [item["code"] for item in report["diagnostics"]] == ["FL103"] * 3
    assert report["summary"] == {
        "files": 3,
        "errors": 3,
        "warnings": 0,
        "infos": 2,
        "tool_failures": 0,
        "hidden": 2,
    }


def test_a_finding_that_fails_the_run_is_always_shown(project: Path) -> None:
    configure(project, INFO_CONFIG)
    status, lines, _ = check(
        project, "--format", "concise", "--show-severity", "error", "--fail-on", "info", "flows"
    )
    assert status == 1
    assert lines[-1] == "Found 3 errors, 0 warnings, 2 infos in 3 files."
    assert len(lines) == 6


def test_show_severity_config_key_and_the_command_line_over_it(project: Path) -> None:
    configure(project, 'show-severity = "error"\n')
    status, lines, _ = check(project, "--format", "concise", "flows")
    assert (status, lines) == (
        1,
        [
            FINDINGS[0],
            FINDINGS[1],
            FINDINGS[3],
            "Found 3 errors, 2 warnings, 0 infos in 3 files "
            "(2 not shown; --show-severity info lists them).",
        ],
    )
    _, lines, _ = check(project, "--format", "concise", "--show-severity", "warning", "flows")
    assert lines == [*FINDINGS, SUMMARY]
    configure(project, 'show-severity = "hint"\n')
    status, _, stderr = check(project, "flows")
    assert status == 2
    assert stderr == (
        "flowlint: error: flowlint.toml: show-severity: expected one of "
        '"error", "warning", "info", got "hint"\n'
    )


def test_a_hidden_secret_is_still_masked_in_the_code_frames(tmp_path: Path) -> None:
    token = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    text = (CI_FLOWS / "support_menu.json").read_text()
    # An unknown property on the line of the secret: its code frame shows that line.
    text = text.replace(
        '"say": "Hello! Thanks for calling Owl Bank."',
        f'"say": "{token}", "sayy": "x"',
    )
    (tmp_path / "flow.json").write_text(text)
    (tmp_path / "flowlint.toml").write_text('[severity]\nhardcoded-secret = "info"\n')
    result = run_flowlint(
        "check",
        "--no-cache",
        "--select",
        "hardcoded-secret,unknown-property",
        "flow.json",
        cwd=tmp_path,
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("flow.json:53:")
    assert "warning[FL305/unknown-property]" in lines[0]
    assert lines[1] == f'53 |         "say": "{"*" * len(token)}", "sayy": "x"'
    assert lines[-1].endswith("(1 not shown; --show-severity info lists it).")


# -- --select ALL and presets --------------------------------------------------------------


def owl_findings(project: Path, *args: str) -> list[tuple[str, str | None]]:
    """(rule, widget) of the plugin's findings on the support menu; the plugin comes from
    `--rules-dir` unless the configuration loads it (trusted)."""
    configured = "rules-dirs" in (project / "flowlint.toml").read_text()
    result = run_flowlint(
        "check",
        "--no-cache",
        "--format",
        "json",
        *(("--trust-config-rules",) if configured else ("--rules-dir", "owl_rules")),
        *args,
        "flows/support_menu.json",
        cwd=project,
    )
    assert result.returncode in (0, 1), result.stderr
    return [
        (item["rule"], item["widget"])
        for item in json.loads(result.stdout)["diagnostics"]
        if item["code"].startswith("OWL")
    ]


def test_opt_in_rules_run_only_when_selected_or_with_the_strict_preset(project: Path) -> None:
    assert owl_findings(project) == []
    assert owl_findings(project, "--extend-select", "OWL001") == [("greet-widget", "greet")]
    assert owl_findings(project, "--select", "ALL") == [("greet-widget", "greet")]
    assert owl_findings(project, "--preset", "strict") == [
        ("long-widget-name", "Trigger"),
        ("greet-widget", "greet"),
        ("long-widget-name", "farewell"),
    ]


def test_strict_preset_from_the_configuration_and_explicit_options_win(project: Path) -> None:
    configure(
        project,
        'preset = "strict"\nrules-dirs = ["owl_rules"]\n[rules.long-widget-name]\nmax-length = 7\n',
    )
    assert owl_findings(project) == [("greet-widget", "greet"), ("long-widget-name", "farewell")]
    assert owl_findings(project, "--preset", "default") == [("long-widget-name", "farewell")]
    configure(project, 'preset = "strict"\n')
    assert owl_findings(project, "--select", "OWL002") == [
        ("long-widget-name", "Trigger"),
        ("long-widget-name", "farewell"),
    ]
    configure(project, 'preset = "pedantic"\n')
    status, _, stderr = check(project, "flows")
    assert status == 2
    assert stderr == (
        'flowlint: error: flowlint.toml: preset: expected "default" or "strict", got "pedantic"\n'
    )


# -- flowlint config --show ----------------------------------------------------------------


def setting(text: str, source: str) -> str:
    """A line of `flowlint config --show`: the TOML, then its source in a comment."""
    return f"{text:<48} # {source}"


def test_config_show_lists_the_new_keys_with_their_sources(project: Path) -> None:
    configure(project, 'show-severity = "info"\nexit-zero = true\npreset = "strict"\n')
    lines = run_flowlint("config", "--show", cwd=project).stdout.splitlines()
    assert setting("# select = (every rule, opt-in ones too)", "preset strict") in lines
    assert setting('show-severity = "info"', "flowlint.toml: show-severity") in lines
    assert setting("exit-zero = true", "flowlint.toml: exit-zero") in lines
    assert setting('preset = "strict"', "flowlint.toml: preset") in lines
    configure(project, "")
    lines = run_flowlint("config", "--show", cwd=project).stdout.splitlines()
    unset = "# show-severity = (warning in text, concise, github; info in the others)"
    assert setting(unset, "default") in lines
    assert setting("exit-zero = false", "default") in lines
    assert setting('preset = "default"', "default") in lines


def test_config_show_names_the_option_values_the_preset_sets(project: Path) -> None:
    configure(project, 'preset = "strict"\nrules-dirs = ["owl_rules"]\n')
    result = run_flowlint("config", "--show", "--trust-config-rules", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("[rules.long-widget-name]")
    assert lines[at + 1] == setting("max_length = 5", "preset strict (flowlint.toml: preset)")
    document = json.loads(
        run_flowlint(
            "config", "--show", "--trust-config-rules", "--format", "json", cwd=project
        ).stdout
    )
    assert document["settings"]["preset-rules"] == {
        "unhandled-event": {"events": "all"},
        "long-widget-name": {"max_length": 5},
    }
    assert document["sources"]["preset"] == "flowlint.toml: preset"


def test_strict_preset_reports_every_unhandled_event(tmp_path: Path) -> None:
    """The built-in strict value: unhandled-event's `events` option declares "all"."""
    flow = FIXTURES / "rules" / "unhandled-event" / "silent_opt_in_events_by_default.json"
    shutil.copy(flow, tmp_path / "flow.json")
    args = ("--isolated", "--format", "concise", "--select", "unhandled-event", "flow.json")
    default = run_flowlint("check", "--no-cache", *args, cwd=tmp_path)
    assert default.stdout.splitlines() == ["All clear: 1 file checked, no findings."]
    strict = run_flowlint("check", "--no-cache", "--preset", "strict", *args, cwd=tmp_path)
    events = [line.split("'")[1] for line in strict.stdout.splitlines()[:-1]]
    assert events == ["timeout", "deliveryFailure", "failedToEnqueue", "callFailure"]
    (tmp_path / "flowlint.toml").write_text(
        'preset = "strict"\n[rules.unhandled-event]\nevents = "default"\n'
    )
    chosen = run_flowlint(
        "check",
        "--no-cache",
        "--format",
        "concise",
        "--select",
        "FL202",
        "flow.json",
        cwd=tmp_path,
    )
    assert chosen.stdout.splitlines() == ["All clear: 1 file checked, no findings."]
