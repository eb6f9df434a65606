"""Liquid in widget properties: where it is, what it parses to, what it refers to.

- `strings`: every string property of a widget (split conditions included) that holds Liquid;
- `templates`: one template's variables, filters and syntax error, parsed with python-liquid
  (or, for plain `{{ a.b | filter }}` outputs, with an equivalent fast path), cached by text;
- `references`: the typed `LiquidReference`s of a flow (`widgets.X.field`, `flow.variables.k`,
  `trigger.call.From`, ...) with their widget, JSON Pointer and position in the file.

Nothing here renders a template.
"""
