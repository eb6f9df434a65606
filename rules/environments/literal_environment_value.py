import re
from collections.abc import Mapping

from flowlint.liquid.strings import widget_strings
from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.edits import Applicability, Edit, Fix
from flowlint.source.string_offsets import string_span
from flowlint.templates.profiles import Profile
from flowlint.templates.templatize import account_values


class LiteralEnvironmentValue(Rule):
    """
    ## What it finds
    A literal value in a widget's properties that an environment profile names: a SID, a
    URL, a domain or any other string value of eight characters or more in a
    `[tool.flowlint.environments.<name>]` table, written out instead of its placeholder.
    The message names the placeholder to use and the environment the value belongs to.
    Nothing is reported without configured environments, and values that came from a
    placeholder (`check --env`) are not literals.

    ## Why it matters
    A flow that hard-codes one account's SIDs or Functions domain misbehaves when promoted:
    in another account the workflow SID does not exist, or, worse, the flow keeps calling the
    development account's Functions. With the placeholder, `flowlint render --env prod`
    writes the right value for each environment.

    ## Example
    ```toml
    [tool.flowlint.environments.dev]
    WORKFLOW_SID = "WW0123456789abcdef0123456789abcdef"
    ```
    ```json
    {"name": "to_agent", "type": "send-to-flex",
     "properties": {"workflow": "WW0123456789abcdef0123456789abcdef", "channel": "voice"}}
    ```

    ## Fix
    Write the placeholder (`flowlint templatize --env dev FLOW` replaces them all; `check
    --fix --unsafe-fixes` and the editor's quick fix replace one). Unsafe: the file becomes a
    template that must go through `flowlint render` before Studio accepts it.
    ```json
    {"name": "to_agent", "type": "send-to-flex",
     "properties": {"workflow": "${WORKFLOW_SID}", "channel": "voice"}}
    ```
    """

    code = "FL902"
    name = "literal-environment-value"
    category = "environments"
    severity = Severity.WARNING
    summary = "A literal value that an environment profile names: use its ${NAME} placeholder"
    fixes = (Applicability.UNSAFE,)

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if not ctx.environments:
            return
        # One pattern per run: the profiles are the same object for every widget and file.
        if getattr(self, "_for", None) is not ctx.environments:
            self._for = ctx.environments
            self._pattern, self._owners = _literals(ctx.environments)
        pattern, owners = self._pattern, self._owners
        for source in widget_strings(widget):
            for match in pattern.finditer(source.text):
                name, environment = owners[match.group()]
                span = string_span(ctx.tree, source.pointer, match.start(), match.end())
                ctx.report(
                    source.pointer,
                    f"'{match.group()}' in widget '{widget.label}' is the value of "
                    f"`${{{name}}}` in environment '{environment}': write `${{{name}}}` so the "
                    "flow works in every environment (`flowlint templatize` does it)",
                    widget,
                    span=span,
                    fix=_placeholder_fix(span, name),
                )


def _placeholder_fix(span: tuple[int, int] | None, name: str) -> Fix | None:
    """Replace the literal's characters in the file with `${NAME}` (no JSON escape needed)."""
    if span is None:
        return None
    edit = Edit(span[0], span[1], f"${{{name}}}")
    return Fix(f"Write `${{{name}}}`", (edit,), Applicability.UNSAFE)


def _literals(
    profiles: Mapping[str, Profile],
) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """A pattern matching every account-specific value, longest first, and value → (the
    placeholder, the environment) it belongs to."""
    owners: dict[str, tuple[str, str]] = {}
    for environment, profile in profiles.items():
        for value, name in account_values(profile).items():
            owners.setdefault(value, (name, environment))
    if not owners:
        return re.compile(r"(?!)"), owners
    alternatives = sorted(owners, key=len, reverse=True)
    return re.compile("|".join(re.escape(value) for value in alternatives)), owners
