from flowlint.rule import Rule, Severity


class UndefinedPlaceholder(Rule):
    """
    ## What it finds
    A `${NAME}` placeholder of a flow template that has no value. With `--env NAME`, a
    placeholder the chosen environment's table does not define is an error: the rendered
    flow would be incomplete (flowlint lints it with a neutral stand-in, so the other
    findings still come). Without `--env`, when environments are configured, a placeholder
    that no environment defines is a warning (a typo in the template, or a value still to
    add). Without any configured environment nothing is reported: a template is linted with
    every placeholder neutral. The finding is at the placeholder, in the template file.

    ## Why it matters
    Terraform's `templatefile` fails on a variable it is not given, and a replacement script
    silently leaves `${NAME}` in the definition, which Twilio then rejects or, inside a
    message, sends to customers as is.

    ## Example
    ```toml
    [tool.flowlint.environments.prod]
    WORKFLOW_SID = "WW0123456789abcdef0123456789abcdef"
    ```
    ```json
    {"name": "to_agent", "type": "send-to-flex",
     "properties": {"workflow": "${WORKFLOW_SID}", "channel": "${CHANNEL_SID}"}}
    ```

    ## Fix
    Add the missing value to every environment (or fix the placeholder's spelling):
    ```toml
    [tool.flowlint.environments.prod]
    WORKFLOW_SID = "WW0123456789abcdef0123456789abcdef"
    CHANNEL_SID = "TC0123456789abcdef0123456789abcdef"
    ```
    """

    code = "FL901"
    name = "undefined-placeholder"
    category = "environments"
    severity = Severity.ERROR
    summary = "A ${NAME} placeholder of a template has no value in the environment"
    engine_reported = True
