import re

from flowlint.model.documents import Document
from flowlint.rule import Rule, RuleContext, Severity

FLOW_SID = re.compile(r"^FW[0-9a-fA-F]{32}$")
STATUSES = ("draft", "published")


class InvalidFlowResource(Rule):
    """
    ## What it finds
    In a Flow resource file (the JSON the Studio REST API returns, with the definition under
    `definition`) or a list page: a `sid` that is not a Flow SID (`FW` and 32 hex digits) or a
    `status` other than `draft` or `published`.

    ## Why it matters
    Tools that deploy these files use the SID to update the right flow and the status to
    decide whether to publish; Twilio refuses both malformed values.

    ## Example
    ```json
    {"sid": "FW123", "status": "live", "definition": {...}}
    ```

    ## Fix
    ```json
    {"sid": "FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "published", "definition": {...}}
    ```

    ## Corpus
    1 finding in the real-flow corpus: a unit-test fixture whose `sid` is the placeholder
    `FWxxxxxxxxxxxx`.
    """

    code = "FL106"
    name = "invalid-flow-resource"
    category = "structure"
    severity = Severity.ERROR
    summary = "A Flow resource has a malformed sid or status"

    def check_document(self, document: Document, ctx: RuleContext) -> None:
        for pointer, resource in document.resources:
            sid = resource.get("sid")
            if "sid" in resource and (not isinstance(sid, str) or not FLOW_SID.match(sid)):
                ctx.report(
                    (*pointer, "sid"),
                    f"`sid` {sid!r} is not a Flow SID (FW followed by 32 hexadecimal digits)",
                )
            status = resource.get("status")
            if "status" in resource and status not in STATUSES:
                ctx.report(
                    (*pointer, "status"), f"`status` {status!r} must be 'draft' or 'published'"
                )
