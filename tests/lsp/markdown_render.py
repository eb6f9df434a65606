"""Markdown as an editor renders it (markdown-it, the parser family VS Code uses: CommonMark
with GFM tables), for tests that check what a hover or a completion's documentation shows."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

_RENDERER = MarkdownIt("commonmark").enable("table")
_TAG = re.compile(r"<[^>]*>")


def rendered_html(markdown: str) -> str:
    return _RENDERER.render(markdown)


def rendered_text(markdown: str) -> str:
    """The text a reader sees: the HTML's tags dropped and its entities decoded."""
    return html.unescape(_TAG.sub("", rendered_html(markdown)))
