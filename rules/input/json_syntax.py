from flowlint.rule import Rule, Severity


class JsonSyntax(Rule):
    """
    ## What it finds
    Text that is not valid JSON: a missing comma or bracket, a trailing comma, a comment,
    an unterminated string, bytes that are not UTF-8, or nesting deeper than flowlint accepts.
    The position is the exact character where the parser gave up. It is reported whatever
    `--select`, `--ignore`, per-file ignores or a baseline say: no other check could run.

    A `.json` file found by walking a directory that does not parse is reported as a
    warning (you did not name it, and flowlint cannot tell whether it is a flow), or as an
    error when it looks like a flow; JSON with comments (tsconfig.json and the like) is
    skipped, since no Studio flow has comments (`check -v` lists it).

    ## Why it matters
    Studio definitions are JSON. Twilio's API refuses a definition it cannot parse, and no
    other check can run on a file that does not parse.

    ## Example
    ```json
    {
      "initial_state": "Trigger",
      "states": [],
    }
    ```

    ## Fix
    ```json
    {
      "initial_state": "Trigger",
      "states": []
    }
    ```
    """

    code = "FL001"
    name = "json-syntax"
    category = "input"
    severity = Severity.ERROR
    summary = "The file is not valid JSON (or not UTF-8)"
    engine_reported = True
    input_problem = True
