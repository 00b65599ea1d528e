"""Timestamps: ISO 8601 and unix seconds, time zones explicit, bad values refused with a reason."""

from __future__ import annotations

import pytest

from rewardstack.rewards.outcomes.timestamps import TimeParseError, format_time, parse_time

NEW_YEAR = 1_735_689_600.0  # 2025-01-01T00:00:00Z


@pytest.mark.parametrize("raw, zone, expected", [
    ("2025-01-01T00:00:00Z", None, NEW_YEAR),
    ("2025-01-01T00:00:00+00:00", None, NEW_YEAR),
    ("2025-01-01T02:00:00+02:00", None, NEW_YEAR),
    ("2024-12-31T19:00:00-05:00", None, NEW_YEAR),
    ("2025-01-01 00:00:00.250Z", None, NEW_YEAR + 0.25),
    ("2025-01-01T00:00:00", "UTC", NEW_YEAR),
    ("2025-01-01T01:00:00", "Europe/Berlin", NEW_YEAR),  # CET, +01:00 in winter
    ("2025-07-01T02:00:00", "Europe/Berlin", NEW_YEAR + 181 * 86400),  # CEST, +02:00 in summer
    (NEW_YEAR, None, NEW_YEAR),
    (int(NEW_YEAR), None, NEW_YEAR),
    ("1735689600", None, NEW_YEAR),  # SQLite TEXT columns often hold unix seconds as text
    (" 1735689600.5 ", None, NEW_YEAR + 0.5),
])
def test_parses(raw: object, zone: str | None, expected: float) -> None:
    assert parse_time(raw, naive_timezone=zone) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("raw, message", [
    ("2025-01-01T00:00:00", "has no time zone"),
    ("yesterday", "neither ISO 8601 nor unix seconds"),
    ("", "neither ISO 8601 nor unix seconds"),
    (1_735_689_600_000, "milliseconds"),
    (float("nan"), "not a finite number"),
    ("inf", "not a finite number"),
    (None, "missing"),
    (True, "missing or not a time"),
    (b"2025-01-01", "type bytes"),
    ([2025, 1, 1], "type list"),
])
def test_refuses_with_a_reason(raw: object, message: str) -> None:
    with pytest.raises(TimeParseError, match=message):
        parse_time(raw)


def test_format_is_utc_iso() -> None:
    assert format_time(NEW_YEAR + 0.5) == "2025-01-01T00:00:00.500000Z"
    assert parse_time(format_time(NEW_YEAR)) == NEW_YEAR
