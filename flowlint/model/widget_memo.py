"""Reusing per-widget work between successive lints of one document (the language server).

This module holds the memo and `per_widget()`, which analyses at any stage (schema, Liquid,
rules) call; the engine's use of it for widget-scoped rules is in
`flowlint/engine/incremental.py`.

While a user types, each keystroke changes one widget of a flow; the other widgets' JSON text
is exactly what it was. A `WidgetMemo` remembers, per widget, results that are a pure function
of that widget's text, and hands them back when the text reappears:

- the findings of the rules declared `scope = "widget"` (their findings for a widget depend
  only on the widget's own JSON and on whether the flow is a legacy export; see
  `Rule.scope`), kept with spans relative to the widget's first character, since an edit
  above the widget moves it without changing it;
- expensive per-widget analyses that flow-level rules share (the schema findings of a widget,
  its strings), through `per_widget()`.

Everything else (parsing, the model, the flow-level rules such as the graph and Liquid rules)
runs again on every lint, so the diagnostics are those of a full lint: the equality is checked
after thousands of random edits by tests/engine/test_incremental.py.

A memo entry's key is (what, the widget's JSON Pointer, the widget's exact text): the pointer
holds the widget's index, which messages may quote (`states[3]`), and the flow it is in. Only
entries used by the latest lint are kept (plus, during a lint, those of the previous one), so
memory does not grow however long the user types. The command line never makes a memo: it
lints each file once, and a memo would only cost it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from flowlint.source.tree import JsonTree, Span

if TYPE_CHECKING:
    from flowlint.model.flow import Widget

MEMO_KEY = "widget-memo"
"""Where the engine puts the memo in each `Flow.derived` for `per_widget` to find."""

_MISSING = object()

T = TypeVar("T")


class WidgetMemo:
    """Per-widget results of the previous lint of one document, for the next one.

    One memo serves one document and one `Linter` (its rules, options and severities are
    part of what a result means): the language server makes a new memo when the project
    configuration changes.
    """

    def __init__(self, owner: object) -> None:
        self.owner = owner
        """The `Linter` whose results these are."""
        self._tree: JsonTree | None = None
        self._previous: dict[tuple[str, Any, str], Any] = {}
        self._current: dict[tuple[str, Any, str], Any] = {}
        self._texts: dict[int, str] = {}
        """The text of each widget of the lint in progress, by `id()` (they are all alive
        until it ends)."""
        self.hits = 0
        self.misses = 0

    def begin(self, tree: JsonTree) -> None:
        """Start a lint of the text `tree` was parsed from."""
        self._tree = tree
        self.hits = self.misses = 0

    def finish(self) -> None:
        """End a lint: keep exactly the entries it used."""
        self._previous = self._current
        self._current = {}
        self._texts = {}
        self._tree = None

    def abandon(self) -> None:
        """A lint that did not finish: keep what the previous one left."""
        self._current = {}
        self._texts = {}
        self._tree = None

    def span(self, widget: Widget) -> Span:
        """Where the widget's JSON object sits in the text being linted."""
        assert self._tree is not None, "span() outside begin()/finish()"
        span = self._tree.value_span(widget.pointer)
        assert span is not None, "a widget of the model is always in the text"
        return span

    def get(self, widget: Widget, what: str, compute: Callable[[Widget], T]) -> T:
        """`compute(widget)`, or its result for the same widget text in the previous lint.

        `compute` must depend on nothing but the widget's JSON text and pointer (and on what
        `what` names besides, e.g. a flag folded into it)."""
        assert self._tree is not None, "get() outside begin()/finish()"
        text = self._texts.get(id(widget))
        if text is None:  # one copy per widget and lint, hashed once whatever asks for it
            start, end = self.span(widget)
            text = self._texts[id(widget)] = self._tree.text[start:end]
        key = (what, widget.pointer, text)
        value = self._current.get(key, _MISSING)
        if value is _MISSING:
            value = self._previous.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                value = compute(widget)
            else:
                self.hits += 1
            self._current[key] = value
        return value  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self._previous) + len(self._current)


def memo_of(widget: Widget) -> WidgetMemo | None:
    """The memo of the lint the widget is part of: None except in the language server."""
    memo: WidgetMemo | None = widget.flow.derived.get(MEMO_KEY)
    return memo


def per_widget(widget: Widget, what: str, compute: Callable[[Widget], T]) -> T:
    """`compute(widget)`, reused from the previous lint when the language server lints the
    document again and the widget's text is unchanged; computed directly otherwise.

    For analyses that are a pure function of one widget's JSON text and pointer; the result
    must not hold the `Widget` itself (the next lint builds new model objects).
    """
    memo = memo_of(widget)
    if memo is None:
        return compute(widget)
    return memo.get(widget, what, compute)
