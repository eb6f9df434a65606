from flowlint.rule import Rule, Severity


class NotAFlow(Rule):
    """
    ## What it finds
    A file named on the command line that holds JSON but no Studio flow: not a raw definition
    (`states`, `initial_state`), not a Flow resource (`definition`), not a list page
    (`flows`). Files found by walking a directory are skipped silently instead (`check -v`
    lists them). It is reported whatever `--select`, `--ignore` or a baseline say.

    ## Why it matters
    You asked flowlint to check this file, so saying nothing would suggest it passed.

    ## Example
    ```json
    {"name": "my-service", "version": "1.0.0"}
    ```

    ## Fix
    Point flowlint at the flow definition (the JSON exported from the Studio canvas), or
    leave this file out of the paths you check.
    """

    code = "FL003"
    name = "not-a-flow"
    category = "input"
    severity = Severity.ERROR
    summary = "A file given explicitly holds no Studio flow"
    engine_reported = True
    input_problem = True
