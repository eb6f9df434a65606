from flowlint.rule import Rule, Severity


class TwilioValidate(Rule):
    """
    ## What it finds
    What Twilio's own validator (`POST /v2/Flows/Validate`) rejects in a definition, as a
    diagnostic at the exact place it points to. It only runs with
    `flowlint check --remote-validate`, which sends each definition (up to Studio's 1 MB
    limit) to the Studio API with your credentials; see docs/twilio.md.

    ## Why it matters
    Twilio refuses to save or publish a flow its validator rejects (error 81022, "Flow
    definition validation failed"). flowlint's own rules catch most of these problems offline;
    this rule is the final word before a deployment, and shows where the two disagree.

    ## Example
    ```text
    $ flowlint check --remote-validate order_status.json
    order_status.json:56:20: error[FL801/twilio-validate] Twilio's validator (error 81022)
    rejects widget 'ask_reason' properties.timeout: integer found, string expected
    ```

    ## Fix
    Follow Twilio's message; here, quote the number:
    ```json
    "timeout": "3600"
    ```

    ## How positions are found
    Twilio's `property_path` (like `#/states/3/properties/timeout`) is relative to the
    definition; flowlint joins it to where the definition sits in the file (the top level, or
    `definition` in a Flow resource) and reports that node's exact range. A path that does not
    exist in the file, such as a missing required property, is reported at the key of the
    nearest enclosing node, and the message quotes Twilio's path.
    """

    code = "FL801"
    name = "twilio-validate"
    category = "remote"
    severity = Severity.ERROR
    summary = "Twilio's Flow Validate API rejects the definition (with --remote-validate)"
    engine_reported = True
