"""`flowlint diff`: what changed in the meaning of a flow between two versions.

- `sources`: read a version from a file, stdin, `git:REV:path` or `twilio:FW…[@revision]`;
- `renames`: find widgets renamed between the versions (by content and place in the graph) and
  carry the old version over to the new names, transitions and Liquid references included;
- `compare`: the `FlowDiff` of two flows (added, removed, renamed, rewired, changed, layout);
- `reports`: the diff as text, JSON and a Markdown pull-request comment with a Mermaid picture;
- `drift`: the deployed flow (or one of its revisions) as a version to compare with.
"""
