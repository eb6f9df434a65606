"""The built wheel ships `rules/` and `schemas/` and works outside the source tree.

Builds the wheel, installs it (without dependencies) into a brand-new virtual environment
whose only other path is this environment's site-packages (added as a plain path, so the
editable install of the source tree is not visible), and runs `flowlint` from a temporary
directory.
"""

from __future__ import annotations

import json
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.conftest import FIXTURES, REPO


def test_wheel_in_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("flowlint_studio-*.whl")

    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "flowlint/_bundled/rules/structure/unknown_transition_target.py" in names
    assert "flowlint/_bundled/schemas/flow-definition.schema.json" in names
    assert any(name.startswith("flowlint/_bundled/schemas/widgets/") for name in names)

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "dependencies.pth").write_text("\n".join(sorted(here)) + "\n")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    flowlint = env_dir / "bin" / "flowlint"
    where = subprocess.run(
        [str(python), "-c", "import flowlint; print(flowlint.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert where.startswith(str(env_dir)), where
    sample = (
        FIXTURES / "rules" / "invalid-transition-event" / "fires_run_function_failed_event.json"
    )
    result = subprocess.run(
        [str(flowlint), "check", "--format", "json", str(sample)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    rules = {d["rule"] for d in json.loads(result.stdout)["diagnostics"]}
    assert "invalid-transition-event" in rules  # needs both rules/ and schemas/ from the wheel
    listing = subprocess.run(
        [str(flowlint), "rules"], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert "unknown-transition-target" in listing.stdout
