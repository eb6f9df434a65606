"""`--format gitlab`: a GitLab Code Quality report (a JSON array of issues), published with
`artifacts: reports: codequality:` so findings show in merge requests.

GitLab shows only the first issue with a given fingerprint, so each fingerprint is the
finding's line-independent identity plus its occurrence number among identical findings:
unique within the report and stable when lines move. The description is shown as text, so
its control and bidirectional characters are escaped (flowlint.source.text_safety).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from flowlint.diagnostics import Severity
from flowlint.reporters import ReportOptions, RunReport
from flowlint.run.fingerprints import fingerprint, normalised_path
from flowlint.source.text_safety import escape_unsafe, escape_unsafe_in_json

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(run: RunReport, options: ReportOptions) -> str:
    issues: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    for result in run.results:
        for diagnostic in result.diagnostics:
            identity = fingerprint(diagnostic)
            occurrence = seen[identity]
            seen[identity] += 1
            unique = hashlib.sha256(f"{identity}:{occurrence}".encode()).hexdigest()[:32]
            category = "Bug Risk" if diagnostic.severity is Severity.ERROR else "Style"
            issues.append(
                {
                    "type": "issue",
                    "check_name": f"{diagnostic.code}/{diagnostic.rule}",
                    "description": escape_unsafe(diagnostic.message),
                    "categories": [category],
                    "severity": SEVERITIES[diagnostic.severity],
                    "fingerprint": unique,
                    "engine_name": "flowlint",
                    "location": {
                        "path": normalised_path(diagnostic.path),
                        "lines": {
                            "begin": diagnostic.range.start.line,
                            "end": diagnostic.range.end.line,
                        },
                    },
                }
            )
    # The path stays exact (GitLab matches it to the file); no raw control character is written.
    return escape_unsafe_in_json(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
