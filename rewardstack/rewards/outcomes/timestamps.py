"""Timestamps of outcomes and responses: ISO 8601 or unix seconds, time zones explicit.

- A number (or a numeric string, as SQLite TEXT columns often hold) is unix seconds, UTC by
  definition. Values above 1e11 (the year 5138) are refused as "milliseconds?": a log
  writing milliseconds would otherwise put every outcome millennia after its response.
- A string is ISO 8601 (``2025-03-01T10:00:00Z``, ``...+02:00``, ``2025-03-01 10:00:00.5``).
  Without an offset it is read in ``naive_timezone`` when one is configured, and refused
  otherwise: a guessed zone silently shifts every window by hours.
- Anything else (null, a bool, bytes, NaN) is refused with the reason.

Times are returned as float unix seconds (UTC epoch), so delays are plain subtraction.

>>> parse_time("2025-01-01T00:00:00Z")
1735689600.0
>>> parse_time(1735689600) == parse_time("2025-01-01T01:00:00+01:00") == parse_time("1735689600")
True
>>> parse_time("2025-01-01T00:00:00", naive_timezone="Europe/Berlin")
1735686000.0
>>> parse_time("2025-01-01T00:00:00")
Traceback (most recent call last):
...
rewardstack.rewards.outcomes.timestamps.TimeParseError: timestamp '2025-01-01T00:00:00' has no time zone; ...
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = ["MAX_UNIX_SECONDS", "TimeParseError", "format_time", "parse_time"]

MAX_UNIX_SECONDS = 1e11


class TimeParseError(ValueError):
    """A value that is not a usable timestamp (the message says why)."""


@lru_cache(maxsize=32)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _from_seconds(seconds: float, raw: object) -> float:
    if not math.isfinite(seconds):
        raise TimeParseError(f"timestamp {raw!r} is not a finite number")
    if abs(seconds) > MAX_UNIX_SECONDS:
        raise TimeParseError(f"timestamp {raw!r} is too large for unix seconds (milliseconds? divide by 1000)")
    return float(seconds)


def _from_iso(text: str, naive_timezone: str | None) -> float:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TimeParseError(f"timestamp {text!r} is neither ISO 8601 nor unix seconds") from None
    if moment.tzinfo is None:
        if naive_timezone is None:
            raise TimeParseError(f"timestamp {text!r} has no time zone; write one (Z or +01:00) or set naive_timezone")
        moment = moment.replace(tzinfo=_zone(naive_timezone))
    return moment.timestamp()


def parse_time(raw: object, *, naive_timezone: str | None = None) -> float:
    """Unix seconds (UTC) of an ISO 8601 string or a unix-seconds number; :class:`TimeParseError` if neither."""
    if isinstance(raw, bool) or raw is None:
        raise TimeParseError(f"timestamp {raw!r} is missing or not a time")
    if isinstance(raw, int | float):
        return _from_seconds(float(raw), raw)
    if not isinstance(raw, str):
        raise TimeParseError(f"timestamp of type {type(raw).__name__} is not a time")
    text = raw.strip()
    try:
        seconds = float(text)
    except ValueError:
        return _from_iso(text, naive_timezone)
    return _from_seconds(seconds, raw)


def format_time(seconds: float) -> str:
    """ISO 8601 in UTC (what details and evidence show).

    >>> format_time(1735689600.0)
    '2025-01-01T00:00:00Z'
    """
    text = datetime.fromtimestamp(seconds, UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"
