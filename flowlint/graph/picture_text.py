"""Text from a flow file inside a Mermaid or Graphviz DOT picture, written so it is only ever
a label.

Widget names, events and transition targets are whatever the file says. Written raw into a
picture, a `"` ends the label and the rest of the name becomes Mermaid or DOT statements
(`"]; click w0 href "javascript:…"`, a new edge, a `style`), a line break starts a statement
of its own, `%%{init: …}%%` anywhere in a Mermaid text is read as a directive, a backtick
turns a Mermaid label into Markdown, and `&lt;` is decoded by both renderers. Controls and
bidirectional characters would also reach the terminal or CI log the picture is printed to.

So every label is written in one quoted form: control and bidirectional characters escaped as
the text reports do (`escape_unsafe`: `\\n`, `\\x1b`, `\\u202e`), then
- Mermaid: every character that is syntax somewhere in a Mermaid text (quotes, `#`, `<`,
  `>`, `|`, `&`, `` ` ``, `%`, `:`) as an entity code (`#quot;`, `#37;`), which Mermaid
  renders as the character itself. (`:` because Mermaid's preprocessor rewrites lines that
  hold `style…:…#…;`.)
- DOT: a double-quoted string with `\\` and `"` escaped, and `&` written `&amp;`, since
  Graphviz decodes entities in plain labels too.
"""

from __future__ import annotations

from flowlint.source.text_safety import escape_unsafe

_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "&": "#38;",
    "`": "#96;",
    "%": "#37;",
    ":": "#58;",
}
MERMAID_LINE_BREAK = "<br/>"
"""How a Mermaid label breaks lines: the only markup a label holds, always written by us."""


def mermaid_text(text: str) -> str:
    """`text` for the inside of a quoted Mermaid label (`["…"]`, `|"…"|`)."""
    return "".join(_MERMAID_ENTITIES.get(character, character) for character in escape_unsafe(text))


def mermaid_lines(lines: list[str]) -> str:
    """Lines of text as the inside of one quoted Mermaid label."""
    return MERMAID_LINE_BREAK.join(mermaid_text(line) for line in lines)


def _dot_inside(text: str) -> str:
    escaped = escape_unsafe(text)
    return escaped.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def dot_string(text: str) -> str:
    """`text` as a double-quoted DOT string (one line)."""
    return f'"{_dot_inside(text)}"'


def dot_lines(lines: list[str]) -> str:
    """Lines of text as one double-quoted DOT label, broken with DOT's `\\n`."""
    return '"' + "\\n".join(_dot_inside(line) for line in lines) + '"'
