from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class LiquidNotAllowed(SchemaRule):
    """
    ## What it finds
    Liquid (`{{ … }}` or `{% … %}`) in a field Studio reads as a literal value: run-subflow
    `flow_sid`, the run-function SIDs, make-http-request `method` and `content_type`,
    connect-call-to `noun`, the fork-stream and capture-payments settings, send-to-flex
    `workflow`/`channel`, enqueue-call `workflow_sid`, a split condition's operator `type`,
    and others (fields marked `x-flowlint-no-liquid` in `schemas/widgets/`). When such a
    value also fails the field's SID pattern or value list, only this finding is reported.
    Where the only source is a third-party SDK contradicted by real flows (run-function
    `url`, enqueue-call `task_attributes`), the finding is a warning.

    ## Why it matters
    Studio does not render Liquid in these fields; Twilio rejects the definition (run-subflow:
    "must be a valid, non-liquid flow sid") or the widget receives the braces literally.

    ## Example
    ```json
    {"name": "verify", "type": "run-subflow", "properties": {"flow_sid": "{{flow.variables.verify_flow}}", "flow_revision": "LatestPublished"}}
    ```

    ## Fix
    Write the literal SID, and branch with split-based-on if it depends on data:
    ```json
    {"name": "verify", "type": "run-subflow", "properties": {"flow_sid": "FW0123456789abcdef0123456789abcdef", "flow_revision": "LatestPublished"}}
    ```

    ## Corpus
    3 warnings: run-function `url` built with Liquid in a Twilio-authored example
    (TwilioDevEd cedrics-joke-hotline, 2) and enqueue-call `task_attributes` with Liquid
    (vernig twilio-autodialer). Both are UNCONFIRMED claims these real flows contradict,
    which is why they are warnings.
    """

    code = "FL307"
    name = "liquid-not-allowed"
    category = "schema"
    severity = Severity.ERROR
    summary = "Liquid in a field that must be a literal value"
