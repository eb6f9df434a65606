"""Rendering a widget's Liquid the way Studio does, with python-liquid.

The context has Studio's four roots (studio-domain.md §3): `widgets.<name>.<output>`, `flow`
(`variables`, `data`, `channel.address`), `trigger.<kind>` and `contact.channel.address`. An
unknown variable renders as the empty string, as in Studio. Two Studio additions: the `to_json`
filter, and date filters that read "now"/"today" from the case's clock in Studio's time zone
(US Pacific: "Date/time filters use PST", support article cited in §3).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from liquid import BoundTemplate, Environment
from liquid.exceptions import LiquidError

from flowlint.source.surrogates import escape_lone_surrogates

STUDIO_TIME_ZONE = ZoneInfo("America/Los_Angeles")


class RenderError(Exception):
    """A template that does not parse or render; the message is Liquid's."""


def _to_json(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


class BoundedEnvironment(Environment):
    """python-liquid with bounds on one render, so that a flow's template cannot make a run
    take unbounded time or memory: nested `{% for i in (1..1000) %}` loops multiply (python-liquid
    bounds each range to ±1,024, not their product). The bounds are far above anything a
    Studio message, whose body Twilio cuts at 1,600 characters for SMS, needs."""

    loop_iteration_limit = 100_000
    output_stream_limit = 1_000_000
    local_namespace_limit = 1_000_000


class StudioLiquid:
    """A Liquid environment whose clock is the case's `now` (or the real time)."""

    def __init__(self, now: dt.datetime | None) -> None:
        self.now = (now or dt.datetime.now(tz=STUDIO_TIME_ZONE)).astimezone(STUDIO_TIME_ZONE)
        self.environment = BoundedEnvironment()
        builtin_date = self.environment.filters["date"]

        def studio_date(value: Any, fmt: str, *, environment: Environment) -> str:
            if isinstance(value, str) and value.strip().lower() in ("now", "today"):
                value = self.now
            result: str = builtin_date(value, fmt, environment=environment)
            return result

        studio_date.with_environment = True  # type: ignore[attr-defined]
        self.environment.filters["date"] = studio_date
        self.environment.filters["to_json"] = _to_json
        self.parsed: dict[str, BoundTemplate] = {}
        """Each template parsed once per run: a loop renders the same ones hundreds of times
        (a run to Studio's 1,000-step limit parsed a split's input a thousand times)."""

    def render(self, template: str, context: dict[str, Any], escaped: bool = False) -> str:
        """Render `template`; raises RenderError with Liquid's message."""
        if "{" not in template:
            return template
        try:
            parsed = self.parsed.get(template)
            if parsed is None:
                parsed = self.parsed[template] = self.environment.from_string(template)
            rendered: str = parsed.render(**context)
        except LiquidError as exc:
            raise RenderError(str(exc)) from exc
        except UnicodeEncodeError as exc:
            # python-liquid measures the output (for `output_stream_limit`) in UTF-8, which
            # cannot hold a lone surrogate (a JSON "\udfff" escape in the flow or a value).
            # Studio's JavaScript strings can: render again with each one as its escape.
            if escaped:
                raise RenderError(f"the output cannot be encoded: {exc.reason}") from exc
            return self.render(_escaped(template), _escaped(context), escaped=True)
        return rendered


def _escaped(value: Any) -> Any:
    """`value` with the lone surrogates of every string in it written as `\\udXXX`."""
    if isinstance(value, str):
        return escape_lone_surrogates(value)
    if isinstance(value, dict):
        return {_escaped(key): _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value


def render_value(liquid: StudioLiquid, value: Any, context: dict[str, Any]) -> str:
    """A property as Studio sends it: strings rendered, other JSON values as text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return liquid.render(value, context)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return liquid.render(json.dumps(value), context)
