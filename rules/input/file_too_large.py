from flowlint.rule import Rule, Severity


class FileTooLarge(Rule):
    """
    ## What it finds
    A file bigger than the size cap (20 MiB by default, `--max-file-size`), which flowlint
    refuses to read.

    ## Why it matters
    Studio refuses definitions of 1 MB and more, so a file this large is not a flow you can
    deploy; reading it would only waste time and memory in CI and in the editor.

    ## Example
    ```text
    $ flowlint check dump.json   # 50 MB
    dump.json:1:1: error[FL004/file-too-large] the file is 52,428,800 bytes, over the ...
    ```

    ## Fix
    Check the flow definitions themselves, not exports or logs that embed many of them, or
    raise the cap with `--max-file-size BYTES`.
    """

    code = "FL004"
    name = "file-too-large"
    category = "input"
    severity = Severity.ERROR
    summary = "The file is over the size cap and was not read"
    engine_reported = True
    input_problem = True
