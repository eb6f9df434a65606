"""The deep-analysis rules import their heavy libraries only for flows that need them.

python-liquid (~200 ms with babel and dateutil), phonenumbers (~35 ms) and regex (~20 ms) are
imported only when a flow has Liquid tags or unusual outputs, a literal phone number, or a
regex split condition, respectively.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, REPO

HEAVY = ("liquid", "phonenumbers", "regex")


def _imported_after_linting(path: Path) -> set[str]:
    code = (
        "import sys\n"
        "from flowlint.engine.linter import Linter\n"
        f"path = {str(path)!r}\n"
        "Linter().lint_bytes(open(path, 'rb').read(), path)\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    return set(result.stdout.split())


def test_plain_flow_imports_none_of_them(tmp_path: Path) -> None:
    flow = json.loads(
        (FIXTURES / "rules" / "unknown-widget-output" / "silent_known_fields.json").read_text()
    )
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(flow))
    assert _imported_after_linting(path) == set()


def test_each_library_comes_with_what_needs_it() -> None:
    rules = FIXTURES / "rules"
    assert _imported_after_linting(rules / "liquid-syntax" / "fires_missing_endif.json") == {
        "liquid"
    }
    assert "phonenumbers" in _imported_after_linting(
        rules / "invalid-phone-number" / "fires_placeholders_and_bad_numbers.json"
    )
    assert "regex" in _imported_after_linting(rules / "invalid-regex" / "fires_unclosed_group.json")
