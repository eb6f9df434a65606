"""Scale: the results cache (hit, miss, invalidation, opt-out), `--jobs` (same output in the
same order whatever the process count) and the progress bar (a terminal only, never in CI or
machine formats)."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.ci.conftest import CI_FLOWS, run_flowlint

MENU = "flows/support_menu.json"


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/*.json"))


def _poison(cache: Path, marker: str) -> int:
    """Rewrite the cached messages that mention `marker`; a later run that prints the poisoned
    text has read the cache instead of checking the file."""
    poisoned = 0
    for entry in _entries(cache):
        text = entry.read_text(encoding="utf-8")
        if marker in text:
            entry.write_text(
                text.replace("no widget has that name", "FROM THE CACHE"), encoding="utf-8"
            )
            poisoned += 1
    return poisoned


def _concise(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_flowlint("check", "--format", "concise", "flows", *args, cwd=project)


def test_cache_hit_miss_and_invalidation(flows_dir: Path) -> None:
    cold = _concise(flows_dir)
    cache = flows_dir / ".flowlint_cache"
    assert len(_entries(cache)) == 4  # three flows and notes.json, skipped as not a flow
    assert (
        (cache / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"

    warm = _concise(flows_dir)
    assert warm.stdout == cold.stdout and warm.returncode == cold.returncode == 1

    assert _poison(cache, "farewel") == 1
    assert "FROM THE CACHE" in _concise(flows_dir).stdout  # a hit: the file was not re-checked

    # An edited file misses: its new content is checked and cached beside the old entry.
    menu = flows_dir / MENU
    menu.write_text(
        menu.read_text(encoding="utf-8").replace('"farewel"', '"farewelll"'), encoding="utf-8"
    )
    edited = _concise(flows_dir)
    assert "FROM THE CACHE" not in edited.stdout and "'farewelll'" in edited.stdout
    assert len(_entries(cache)) == 5


def test_configuration_change_misses(flows_dir: Path) -> None:
    _concise(flows_dir)
    _poison(flows_dir / ".flowlint_cache", "farewel")
    assert "FROM THE CACHE" in _concise(flows_dir).stdout
    # Settings that change findings give another cache key...
    assert "FROM THE CACHE" not in _concise(flows_dir, "--ignore", "FL201").stdout
    (flows_dir / "flowlint.toml").write_text('[severity]\nunreachable-widget = "error"\n')
    assert "FROM THE CACHE" not in _concise(flows_dir).stdout
    # ... while --fail-on, which does not, keeps it.
    (flows_dir / "flowlint.toml").unlink()
    assert "FROM THE CACHE" in _concise(flows_dir, "--fail-on", "warning").stdout


def test_no_cache_and_cache_dir(flows_dir: Path, tmp_path: Path) -> None:
    _concise(flows_dir, "--no-cache")
    assert not (flows_dir / ".flowlint_cache").exists()
    elsewhere = tmp_path / "shared-cache"
    _concise(flows_dir, "--cache-dir", str(elsewhere))
    assert len(_entries(elsewhere)) == 4 and not (flows_dir / ".flowlint_cache").exists()
    (flows_dir / "flowlint.toml").write_text('cache-dir = "build/flowlint"\n')
    _concise(flows_dir)
    assert len(_entries(flows_dir / "build" / "flowlint")) == 4


def test_poisoned_or_broken_entries_are_misses_not_crashes(flows_dir: Path) -> None:
    cold = _concise(flows_dir)
    for entry in _entries(flows_dir / ".flowlint_cache"):
        entry.write_text("{not json", encoding="utf-8")
    again = _concise(flows_dir)
    assert again.stdout == cold.stdout and "Traceback" not in again.stderr


def test_unwritable_cache_warns_and_still_checks(flows_dir: Path) -> None:
    (flows_dir / "ro").mkdir(mode=0o500)
    # root writes to read-only folders anyway, but nobody can create folders in /proc
    target = "/proc/flowlint-cache" if os.geteuid() == 0 else "ro/cache"
    result = _concise(flows_dir, "--cache-dir", target)
    assert result.returncode == 1 and "Found 2 errors" in result.stdout
    assert "cache not written" in result.stderr


def test_unwritable_cache_folder_path_warns_and_still_checks(flows_dir: Path) -> None:
    (flows_dir / "not-a-folder").write_text("a file where the cache folder should be")
    result = _concise(flows_dir, "--cache-dir", "not-a-folder/cache")
    assert result.returncode == 1 and "Found 2 errors" in result.stdout
    assert (
        "flowlint: warning: cache not written: cannot write to not-a-folder/cache" in result.stderr
    )


@pytest.fixture
def many_flows(tmp_path: Path) -> Path:
    """40 files in nested folders (so the pool is used): 30 flows with 50 findings, 10 not flows."""
    project = tmp_path / "many"
    sources = sorted(CI_FLOWS.glob("*.json"))
    for number in range(40):
        folder = project / "flows" / f"team-{number % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(sources[number % len(sources)], folder / f"flow-{number:02d}.json")
    return project


def test_jobs_give_the_same_output_in_the_same_order(many_flows: Path) -> None:
    outputs = {}
    for jobs in ("1", "2", "3"):
        result = run_flowlint(
            "check", "--no-cache", "--format", "json", "--jobs", jobs, "flows", cwd=many_flows
        )
        assert result.returncode == 1, result.stderr
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"] == outputs["3"]
    paths = [d["path"] for d in json.loads(outputs["1"])["diagnostics"]]
    assert paths == sorted(paths) and len(paths) == 50
    for name in ("sarif", "junit", "gitlab", "text"):
        one = run_flowlint(
            "check", "--no-cache", "--format", name, "-j", "1", "flows", cwd=many_flows
        )
        two = run_flowlint(
            "check", "--no-cache", "--format", name, "-j", "2", "flows", cwd=many_flows
        )
        assert one.stdout == two.stdout, name


def test_jobs_with_a_warm_cache_and_unreadable_files(many_flows: Path) -> None:
    cold = run_flowlint("check", "--format", "json", "-j", "2", "flows", cwd=many_flows)
    warm = run_flowlint("check", "--format", "json", "-j", "2", "flows", cwd=many_flows)
    assert cold.stdout == warm.stdout
    missing = run_flowlint(
        "check", "--no-cache", "-j", "2", "flows", "flows/gone.json", "--format", "concise",
        cwd=many_flows,
    )  # fmt: skip
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith(
        "flowlint: error: cannot read flows/gone.json: No such file or directory"
    )


def _run_with_terminal_stderr(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[str, str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout piped); return (stdout, stderr)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "flowlint", *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=follower, env=env,
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO once the child closed the terminal
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    stdout, _ = process.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(leader)
    return stdout.decode(), b"".join(chunks).decode(errors="replace")


def _environment(**extra: str) -> dict[str, str]:
    """A person's terminal: none of the variables CI services set, and a TERM that can redraw
    (the bar is off with TERM=dumb, which some CI runners and Emacs shells export)."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "TF_BUILD")
    }
    environment["TERM"] = "xterm-256color"
    environment.update(extra)
    return environment


def test_progress_bar_on_a_terminal_only(many_flows: Path) -> None:
    args = ["check", "--no-cache", "flows"]
    stdout, stderr = _run_with_terminal_stderr(args, many_flows, _environment())
    assert "flowlint [" in stderr and "40/40 files" in stderr
    assert stderr.endswith("\r\x1b[2K")  # erased before the report
    assert (
        "flowlint [" not in stdout
        and "Found 20 errors, 30 warnings, 0 infos in 30 files." in stdout
    )

    _, in_ci = _run_with_terminal_stderr(args, many_flows, _environment(CI="true"))
    assert "flowlint [" not in in_ci
    _, machine = _run_with_terminal_stderr([*args, "--format", "sarif"], many_flows, _environment())
    assert "flowlint [" not in machine
    piped = run_flowlint(*args, cwd=many_flows)
    assert "flowlint [" not in piped.stderr


def test_flowlint_environment_variables_are_part_of_the_key(flows_dir: Path) -> None:
    _concise(flows_dir)
    _poison(flows_dir / ".flowlint_cache", "farewel")
    assert "FROM THE CACHE" in _concise(flows_dir).stdout
    other = run_flowlint(
        "check", "--format", "concise", "flows", cwd=flows_dir,
        env={"FLOWLINT_SCHEMA_ENGINE": "jsonschema"},
    )  # fmt: skip
    assert "FROM THE CACHE" not in other.stdout
