"""A project folder with the template fixture and its two environments (dev, prod)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

TEMPLATE = "send_to_flex_template.json"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in (TEMPLATE, "flowlint.toml"):
        shutil.copy(FIXTURES / "templates" / name, tmp_path / name)
    return tmp_path


def line_column(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
