"""Flow names come from the Twilio account, which other people edit: `flowlint pull` turns
them into file names that stay inside `--out`, hide nothing and carry no control characters.
docs/security.md, "Files flowlint writes"."""

from __future__ import annotations

from pathlib import Path

from tests.twilio.conftest import flow_definition, run_cli, studio_env
from tests.twilio.fake_studio_api import FakeStudioApi

HOSTILE_NAMES = [
    "../../outside",
    "/etc/passwd",
    "..",
    ".bashrc",
    "name\x1b]0;title\x07\u202e",
    "C:\\Windows\\win.ini",
]


def test_hostile_flow_names_stay_inside_the_out_folder(tmp_path: Path) -> None:
    out = tmp_path / "sandbox" / "flows"
    with FakeStudioApi() as studio:
        for name in HOSTILE_NAMES:
            studio.add_flow(name, flow_definition())
        result = run_cli("pull", "--out", str(out), "--all", env=studio_env(studio))
    assert result.returncode == 0, result.stderr
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(written) == 2 * len(HOSTILE_NAMES)  # a definition and its metadata each
    for path in written:
        assert path.parent == out, path
        assert not path.name.startswith("."), path
        assert path.name.isascii() and path.name.isprintable(), path
    assert "\x1b" not in result.stdout + result.stderr
    assert "\u202e" not in result.stdout + result.stderr
