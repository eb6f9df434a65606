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
