"""Text from a flow file inside Markdown (editor hovers, completion documentation, pull-request
comments), written so it shows literally.

A widget named `**x** [click](http://evil) <img src=x>` interpolated raw would render bold,
as a link and as an image; a backtick in it would end the code span it was put in; a `|`
would end a table cell; a line break would start a heading or a list. Two forms are safe:

- `code_span`: a code span whose fence is longer than any backtick run inside (CommonMark
  renders code spans literally, HTML and all), padded when the text starts or ends with a
  backtick or a space; in a table cell `|` is also written `\\|` (GFM splits cells before it
  reads code spans).
- `plain`: every ASCII punctuation character backslash-escaped, which CommonMark renders as
  the character itself, so no emphasis, link, HTML, entity or list marker is left.

Both escape control and bidirectional characters first (`escape_unsafe`), line breaks too.
"""

from __future__ import annotations

import re
import string

from flowlint.source.text_safety import escape_unsafe

_BACKTICKS = re.compile(r"`+")
_PUNCTUATION = re.compile("[" + re.escape(string.punctuation) + "]")


def code_span(text: str, in_table: bool = False) -> str:
    """`text` as a Markdown code span, whatever backticks it holds."""
    shown = escape_unsafe(text)
    if in_table:
        shown = shown.replace("|", "\\|")
    longest = max((len(run) for run in _BACKTICKS.findall(shown)), default=0)
    fence = "`" * (longest + 1)
    edges = shown[:1] + shown[-1:]
    padded = "`" in edges or not shown.strip() or (shown[:1] == " " and shown[-1:] == " ")
    padding = " " if padded else ""
    return f"{fence}{padding}{shown}{padding}{fence}"


def plain(text: str) -> str:
    """`text` as Markdown that renders as exactly that text (controls escaped)."""
    return _PUNCTUATION.sub(lambda match: "\\" + match.group(), escape_unsafe(text))
