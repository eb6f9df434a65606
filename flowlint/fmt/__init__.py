"""`flowlint fmt`: one canonical layout for flow files, the one the Studio Console exports.

- `layout`: the Console's key orders and how a definition is put in them;
- `writer`: JSON text as the Console writes it;
- `formatter`: text → formatted text, or why it cannot be formatted;
- `files`: formatting files on disk (atomic writes that never overwrite a file changed since
  it was read) and unified diffs.

docs/fmt.md describes the layout and the evidence for it.
"""

from flowlint.fmt.formatter import CannotFormat, format_flow_text

__all__ = ["CannotFormat", "format_flow_text"]
