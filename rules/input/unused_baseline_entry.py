from flowlint.rule import Rule, Severity


class UnusedBaselineEntry(Rule):
    """
    ## What it finds
    An entry of the baseline file (`--baseline FILE`) that matches no finding any more: the
    problem it recorded was fixed, or the widget it names was renamed or deleted. It is
    reported at the entry, in the baseline file, and only for files checked in this run (or
    files that no longer exist).

    ## Why it matters
    A stale entry would silently accept the same problem if it came back later, so the
    baseline should shrink as findings are fixed.

    ## Example
    ```text
    $ flowlint check flows --baseline flowlint-baseline.json
    flowlint-baseline.json:12:5: warning[FL005/unused-baseline-entry] baseline entry for
    unreachable-widget on widget 'old_menu' in flows/support.json matches no finding ...
    ```

    ## Fix
    Rewrite the baseline, which keeps only current findings:

    ```text
    $ flowlint check flows --baseline flowlint-baseline.json --write-baseline flowlint-baseline.json
    ```
    """

    code = "FL005"
    name = "unused-baseline-entry"
    category = "input"
    severity = Severity.WARNING
    summary = "A baseline entry matches no finding any more"
    engine_reported = True
