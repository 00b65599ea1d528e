"""Clock times (``7:30``, ``07:30``, ``7:30 PM``, ``19:30:00``) as answers.

A time is ``h:mm`` or ``h:mm:ss`` (minutes and seconds two digits, 00-59),
optionally followed by ``am``/``pm`` (``a.m.``, ``PM``). Two times are equal
when they name the same moment of the day: ``7:30`` == ``07:30`` ==
``7:30:00``, ``19:30`` == ``7:30 pm``, ``12:15 am`` == ``0:15``. A time
written without am/pm and an hour of 12 or less reads as either half of
the day against one written with it (``7:30`` == ``7:30 pm``), but as a
24-hour time against another bare time (``7:30`` != ``19:30``). A ratio
such as ``3:4`` is not a time (one-digit minutes).

>>> compare_clocks(parse_clock("7:30"), parse_clock("07:30"))
True
>>> compare_clocks(parse_clock("7:30"), parse_clock("7:45"))
False
>>> parse_clock("3:4") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Clock", "compare_clocks", "parse_clock"]

_TIME = re.compile(r"^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?:\s*([ap])\.?\s*m\.?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Clock:
    hour: int  # as written
    minute: int
    second: int
    half: str | None  # "a" | "p" | None (no am/pm)

    @property
    def seconds_of_day(self) -> int:
        hour = self.hour
        if self.half is not None:
            hour = hour % 12 + (12 if self.half == "p" else 0)
        return hour * 3600 + self.minute * 60 + self.second

    @property
    def face(self) -> tuple[int, int, int]:
        """The reading on a 12-hour dial."""
        return self.hour % 12, self.minute, self.second


def parse_clock(text: str) -> Clock | None:
    """``text`` as a clock time, or ``None`` when it is not one."""
    match = _TIME.match(text.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    half = match.group(4).lower() if match.group(4) else None
    if (half is not None and not 1 <= hour <= 12) or hour > 23:
        return None
    return Clock(hour, minute, second, half)


def compare_clocks(a: Clock | None, b: Clock | None) -> bool:
    """Same moment of the day (see the module doc for am/pm)."""
    if a is None or b is None:
        return False
    if (a.half is None) != (b.half is None):
        bare = a if a.half is None else b
        if bare.hour <= 12:
            return a.face == b.face
    return a.seconds_of_day == b.seconds_of_day
