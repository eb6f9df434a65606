"""Deploy-time template placeholders: values a deployment script or a person fills in before
the flow is uploaded (`${WORKFLOW_SID}`, `YOUR_SERVICE_SID`, `YOUR_FUNCTION_SID[name]`,
`WWxx`, a bare `TC`, `+1XXXYYYZZZZ`, `<your number>`, `XXXX`).

They are one fact about a file ("this is a template"), reported once by `template-placeholder`;
the rules that check a value's form (invalid-sid, invalid-phone-number) leave them alone.
"""

import re

DEPLOYMENT_VARIABLE = re.compile(r"\$\{[^{}]+\}")
"""`${NAME}` anywhere in a value: Terraform and the Serverless toolkit substitute these."""

_WHOLE_VALUE = re.compile(
    r"(?i:your[_-][\w\-\[\].]*)"  # YOUR_SERVICE_SID, YOUR-WORKFLOW-SID, YOUR_FUNCTION_SID[name]
    r"|<[^<>]+>"  # <your number>
    r"|(?i:x{4,})"  # XXXX
    r"|\+?[0-9]{0,3}(?:X{3}Y{3}Z{4}|X{7,}|X{3}-?X{3}-?X{4})"  # +1XXXYYYZZZZ, +1XXXXXXXXXX
)
"""Values that are a placeholder as a whole, in any field."""

_SID_STUB = re.compile(r"[A-Z]{2}(?:x+|X+)?")
"""`WW`, `TC`, `WWxx`: a SID's two-letter prefix with nothing (or x's) after it."""


def placeholder_in(value: str, sid_field: bool = False) -> str | None:
    """The deploy-time placeholder `value` is or holds, else None; `sid_field` also accepts
    the stubs that are only placeholders where a SID is expected (`WW`, `TCxx`)."""
    variable = DEPLOYMENT_VARIABLE.search(value)
    if variable is not None:
        return variable.group()
    whole = value.strip()
    if _WHOLE_VALUE.fullmatch(whole) or (sid_field and _SID_STUB.fullmatch(whole)):
        return whole
    return None


def is_placeholder(value: str, sid_field: bool = False) -> bool:
    """Whether `value` is (or holds) a deploy-time placeholder (see `placeholder_in`)."""
    return placeholder_in(value, sid_field) is not None
