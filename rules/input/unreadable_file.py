from flowlint.rule import Rule, Severity


class UnreadableFile(Rule):
    """
    ## What it finds
    A file flowlint was asked to check but could not read: it does not exist, permission is
    denied, or it is a folder or a device. The message carries the operating system's reason.

    ## Why it matters
    Nothing in the file was checked, so the run cannot vouch for it. The exit status is 2
    (flowlint could not do its job), whatever `--select`, `--ignore` or a baseline say.

    ## Example
    ```text
    $ flowlint check flows/missing.json
    flows/missing.json:1:1: error[FL006/unreadable-file] cannot read the file: No such file or directory
    ```

    ## Fix
    Check the path and the file's permissions, or leave the file out of the paths you check.
    """

    code = "FL006"
    name = "unreadable-file"
    category = "input"
    severity = Severity.ERROR
    summary = "A file could not be read, so nothing in it was checked"
    engine_reported = True
    input_problem = True
    tool_failure = True
