"""Automatic fixes: what a rule attaches to a finding, and applying them to text and files.

- `edits`: `Edit`, `Fix` and `Applicability`, and applying a set of fixes to a text once;
- `json_edits`: builders for the edits rules need (replace a value, rename a key, remove an
  array item or an object member with its comma), made from a `JsonTree`'s positions;
- `loop`: lint, apply, re-lint until nothing changes (what `check --fix` and the language
  server's `source.fixAll.flowlint` share);
- `files`: reading, diffing and safely rewriting files for the command line.

Edits are ranges of **character offsets (code points) into the decoded text**, the same unit as
every other flowlint position (a BOM is not part of the text; it is written back as found).
The language server converts them to its negotiated units with its line table.
"""
