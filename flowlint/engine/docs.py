"""Rule documentation as Markdown, for `flowlint explain`, `flowlint rules --format markdown`
and docs/rules.md (regenerate with `python -m flowlint rules --format markdown > docs/rules.md`)."""

from __future__ import annotations

from flowlint.engine.registry import Registry
from flowlint.rule import Rule


def rule_markdown(rule: type[Rule], heading: str = "#") -> str:
    lines = [
        f"{heading} {rule.code} {rule.name}",
        "",
        f"{rule.summary}.",
        "",
        f"- Category: `{rule.category}`",
        f"- Default severity: `{rule.severity.label}`",
    ]
    if rule.fixes:
        lines.append(f"- Automatic fix: {_applicabilities(rule)} (see docs/fixes.md)")
    if rule.origin != "builtin":
        lines.append(f"- Provided by: {rule.origin}")
    if rule.options:
        lines.append("- Options:")
        for option in rule.options:
            lines.append(
                f"  - `{option.name}` ({option.type_label}, default `{option.default!r}`): {option.description}"
            )
    section = heading + "#"
    body = rule.docs().markdown().replace("\n## ", f"\n{section} ")
    if body.startswith("## "):
        body = section + body[2:]
    return "\n".join(lines) + "\n\n" + body + "\n"


def rules_markdown(registry: Registry) -> str:
    rules = registry.sorted_rules()
    out = [
        "# Rules",
        "",
        "Generated from each rule's own documentation by "
        "`python -m flowlint rules --format markdown > docs/rules.md`; do not edit by hand.",
        "",
        "| Code | Name | Category | Severity | Summary |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        anchor = f"{rule.code.lower()}-{rule.name}"
        out.append(
            f"| {rule.code} | [{rule.name}](#{anchor}) | {rule.category} | {rule.severity.label} | {rule.summary} |"
        )
    out.append("")
    for rule in rules:
        out.append(rule_markdown(rule, heading="##"))
    return "\n".join(out)


def _applicabilities(rule: type[Rule]) -> str:
    return ", ".join(f"`{applicability.value}`" for applicability in rule.fixes)


def _fix_paragraphs(rule: type[Rule]) -> str:
    """The paragraphs of the rule's `## Fix` section that describe its automatic fix."""
    section = rule.docs().sections.get("Fix", "")
    paragraphs = section.split("\n\n")
    for number, paragraph in enumerate(paragraphs):
        if paragraph.startswith(("Automatic fix", "Editor-only fix")):
            return "\n\n".join(paragraphs[number:])
    return ""


def fixes_markdown(registry: Registry) -> str:
    """docs/fixes.md: every rule that can fix its findings, with the applicability of its
    fixes and, from the rule's `## Fix` section, when each applies and why."""
    rules = [rule for rule in registry.sorted_rules() if rule.fixes]
    out = [
        "# Fixes",
        "",
        "Generated from the rules by `python -m flowlint rules --format fixes > docs/fixes.md`; "
        "do not edit by hand.",
        "",
        "`flowlint check --fix` applies the **safe** fixes: they keep the intended meaning with "
        "certainty and cannot change how a flow that Twilio accepts behaves. `--unsafe-fixes` "
        "also applies the **unsafe** ones, which change behaviour (often the point: a setting "
        "Studio ignored starts to apply) or rest on a guess. **display** fixes are offered only "
        "as editor quick fixes. `--diff` shows the changes without making them. In the editor, "
        "every fix is a quick fix (unsafe ones say so in their title) and "
        "`source.fixAll.flowlint` applies the safe ones.",
        "",
        "Fixes edit only the characters that must change (indentation, key order, line endings, "
        "escapes and a BOM survive), are applied until nothing changes (at most 10 passes; "
        "fixes that overlap wait for the next pass, and fixes that remove widgets or add "
        "properties run alone in a pass), and a file that changed on disk since it was read is "
        "not overwritten.",
        "",
        "| Code | Name | Applicability |",
        "|---|---|---|",
    ]
    for rule in rules:
        anchor = f"{rule.code.lower()}-{rule.name}"
        out.append(f"| {rule.code} | [{rule.name}](#{anchor}) | {_applicabilities(rule)} |")
    out.append("")
    for rule in rules:
        out += [f"## {rule.code} {rule.name}", "", _fix_paragraphs(rule), ""]
    return "\n".join(out)
