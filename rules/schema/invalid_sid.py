from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class InvalidSid(SchemaRule):
    """
    ## What it finds
    A field that must hold a Twilio SID but holds something else: a truncated SID, or a SID
    of the wrong kind (`WQ…` where a Workflow `WW…` is expected). Checked fields: send-to-flex
    `workflow` (WW) and `channel` (TC, or a TaskChannel unique name in lower case such as
    `voice`, `chat`, `sms`: TaskRouter accepts "the Unique Name or SID of the Task Channel",
    https://www.twilio.com/docs/taskrouter/api/task-channel, and deployed flows use
    `voice`), enqueue-call `workflow_sid` (WW), run-subflow
    `flow_sid` (FW), run-function `service_sid` (ZS or `default`), `environment_sid` (ZE) and
    `function_sid` (ZH/ZN), send-to-auto-pilot `autopilot_assistant_sid` (UA), and
    `content_sid` (HX, a warning). A SID is two letters and 32 hexadecimal digits. Values
    holding a deploy-time placeholder (`${WORKFLOW_SID}`, `YOUR_SERVICE_SID`,
    `YOUR-WORKFLOW-SID`, `WWxx`, a bare `WW` or `TC`) are templates, filled in before upload:
    `template-placeholder` reports such a file once instead of every value here.

    ## Why it matters
    Twilio rejects a malformed SID in these fields, and a SID of the wrong kind points at
    nothing: the call or chat is never routed.

    ## Example
    ```json
    {"name": "to_agent", "type": "send-to-flex", "properties": {"workflow": "WQ0123456789abcdef0123456789abcdef", "channel": "TC0123456789abcdef0123456789abcdef"}}
    ```

    ## Fix
    ```json
    {"name": "to_agent", "type": "send-to-flex", "properties": {"workflow": "WW0123456789abcdef0123456789abcdef", "channel": "TC0123456789abcdef0123456789abcdef"}}
    ```

    ## Corpus
    Before placeholders were told apart, 54 findings, all placeholder SIDs never replaced in
    published templates: twilio-labs function-templates outreach-pcp-followup (18) and
    patient-appointment-management (24) (`YOUR_SERVICE_SID`, `YOUR_FUNCTION_SID[...]`);
    twilio-professional-services flex-project-template sendgrid-setup (6,
    `YOUR-WORKFLOW-SID`), per-agent-voicemail VoiceIVR (4, bare `WW`/`TC`) and
    flex-chat-aws-lex-integration-poc (2, `WWxx`/`TCxx`). Those five files now take one
    `template-placeholder` finding each, and this rule reports nothing on the corpus.
    """

    code = "FL306"
    name = "invalid-sid"
    category = "schema"
    severity = Severity.ERROR
    summary = "A SID field does not hold a well-formed SID of the right kind"
