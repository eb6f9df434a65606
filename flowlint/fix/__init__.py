"""Applying the rules' fixes: what `check --fix` and the language server's
`source.fixAll.flowlint` share.

- `loop`: lint, apply, re-lint until nothing changes;
- `files`: reading, diffing and safely rewriting files for the command line.

What a rule attaches to a finding (`Edit`, `Fix`, `Applicability`) and the builders of JSON
edits live in `flowlint/source/edits.py` and `flowlint/source/json_edits.py`, below the rules.
Edits are ranges of **character offsets (code points) into the decoded text**, the same unit as
every other flowlint position (a BOM is not part of the text; it is written back as found).
The language server converts them to its negotiated units with its line table.
"""
