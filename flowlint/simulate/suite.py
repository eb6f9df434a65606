"""Running the cases of test files: loading each file's flow and subflows once, selecting
cases by name (`-k`), and collecting results and the transitions taken per flow."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from flowlint.run.files import SKIPPED_DIRECTORIES
from flowlint.simulate.expectations import CaseResult, compare
from flowlint.simulate.flow_file import FlowFile, FlowFileError, read_flow_file
from flowlint.simulate.runner import run_case
from flowlint.simulate.test_file import TEST_FILE_SUFFIX, TestFileError, read_test_file


@dataclass
class FileResult:
    path: Path
    flow_file: FlowFile | None = None
    results: list[CaseResult] = field(default_factory=list)
    error: str | None = None
    """Why the file's cases could not run (a bad test file, an unreadable flow)."""


def run_test_file(path: Path, keyword: str | None = None) -> FileResult:
    """Run the cases of one test file whose name contains `keyword` (all when None)."""
    outcome = FileResult(path)
    try:
        test_file = read_test_file(path)
        flow_file = read_flow_file(test_file.flow_path)
        subflows = {key: read_flow_file(value) for key, value in test_file.subflows.items()}
    except (TestFileError, FlowFileError) as exc:
        outcome.error = str(exc)
        return outcome
    outcome.flow_file = flow_file
    for case in test_file.cases:
        if keyword is not None and keyword.casefold() not in case.name.casefold():
            continue
        run = run_case(flow_file.flow, case, test_file.mocks, subflows)
        outcome.results.append(compare(case, run, flow_file))
    return outcome


def find_test_files(paths: list[Path]) -> list[Path]:
    """Files named on the command line, plus every `*.flowtest.yaml` under named folders
    (tool and hidden folders skipped, as `check` skips them), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(
                name
                for name in subfolders
                if name not in SKIPPED_DIRECTORIES and not name.startswith(".")
            )
            found.extend(
                Path(folder) / name for name in sorted(files) if name.endswith(TEST_FILE_SUFFIX)
            )
    return found
