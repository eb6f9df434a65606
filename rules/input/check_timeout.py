from flowlint.rule import Rule, Severity


class CheckTimeout(Rule):
    """
    ## What it finds
    A file whose checking took longer than the per-file time budget (60 s by default,
    `--timeout SECONDS` or `file-timeout` in the configuration). Checking stops there: the
    message says which rules had not finished, the findings reported before it stand, and
    the other files are still checked.

    The budget is looked at between rules and between widgets, so a file stops within one
    widget's worth of work after its time is up. Work that cannot be interrupted (a regular
    expression, the Liquid parser) is kept bounded on its own: see docs/robustness.md.

    ## Why it matters
    The file was not fully checked, so its result is incomplete: like internal-error, it is
    a failure of flowlint, not a finding about the flow. Every input shape we know of is
    checked in time growing with the file's size; a file that hits the budget is worth a
    bug report.

    ## Example
    ```text
    big.json:1:1: error[FL009/check-timeout] checking stopped after 60 s (the per-file
    time budget): rules not finished: shadowed-condition, unreachable-widget
    ```

    ## Fix
    Report the file; meanwhile raise the budget (`--timeout 300`) or `--ignore` the rules
    named in the message.
    """

    code = "FL009"
    name = "check-timeout"
    category = "input"
    severity = Severity.ERROR
    summary = "Checking a file ran out of time; it was not fully checked"
    engine_reported = True
    input_problem = True
    tool_failure = True
