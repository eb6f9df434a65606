"""`*.flowtest.yaml` documents: their problems (flowlint/simulate/test_file_check.py) as LSP
diagnostics. Checked on every change like flows are; the cases themselves are not run here
(`flowlint test` does that)."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from flowlint.lsp.diagnostics import SOURCE
from flowlint.lsp.positions import LineTable
from flowlint.simulate.test_file import TEST_FILE_SUFFIX
from flowlint.simulate.test_file_check import check_test_text
from flowlint.source.text_safety import escape_unsafe

TESTING_DOCS_URL = "https://github.com/flowlint/flowlint/blob/main/docs/testing.md"


def is_test_file(uri: str) -> bool:
    """Whether the document is a `flowlint test` file (by its name, as `flowlint test` finds
    them)."""
    return uri.lower().endswith(TEST_FILE_SUFFIX)


def flowtest_diagnostics(uri: str, text: str, lines: LineTable) -> list[types.Diagnostic]:
    """The diagnostics of one version of a test file. The flow and subflow files it names are
    read only for a document saved on disk (relative paths need a folder)."""
    fs_path = to_fs_path(uri) if uri.startswith("file:") else None
    path = Path(fs_path) if fs_path else Path(uri.rsplit("/", 1)[-1])
    return [
        types.Diagnostic(
            range=lines.range(problem.span),
            # The message quotes the file's own text: shown as text, so made harmless.
            message=escape_unsafe(problem.message),
            severity=types.DiagnosticSeverity.Error
            if problem.is_error
            else types.DiagnosticSeverity.Warning,
            code=problem.code.value,
            code_description=types.CodeDescription(href=TESTING_DOCS_URL),
            source=SOURCE,
        )
        for problem in check_test_text(path, text, read_files=fs_path is not None)
    ]
