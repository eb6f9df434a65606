"""Twilio SIDs that flowlint checks before sending anything."""

from __future__ import annotations

import re

FLOW_SID = re.compile(r"^FW[0-9a-fA-F]{32}$")
"""A Studio Flow SID: `FW` and 32 hexadecimal digits (34 characters)."""

ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
API_KEY_SID = re.compile(r"^SK[0-9a-fA-F]{32}$")


def is_flow_sid(value: object) -> bool:
    return isinstance(value, str) and FLOW_SID.match(value) is not None
