from flowlint.rule import Rule, Severity


class InternalError(Rule):
    """
    ## What it finds
    A rule that crashed on this file. The message names the rule and the exception; the rule
    is skipped for the rest of the file and every other rule still runs.

    ## Why it matters
    It is a bug in flowlint (or in a plugin rule), not in your flow, and it means one check
    did not happen, so the exit status is 2 and the report says the run was incomplete
    (SARIF: an unsuccessful invocation), whatever `--select` or `--ignore` say. Please
    report it with the file that triggers it.

    ## Example
    ```text
    flow.json:1:1: error[FL000/internal-error] rule FL999/my-plugin-rule crashed ...
    ```

    ## Fix
    Upgrade flowlint or the plugin; meanwhile `--ignore` the crashing rule (not FL000).
    """

    code = "FL000"
    name = "internal-error"
    category = "input"
    severity = Severity.ERROR
    summary = "A rule crashed; the other rules still ran"
    engine_reported = True
    input_problem = True
    tool_failure = True
