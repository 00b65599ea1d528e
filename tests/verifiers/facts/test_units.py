"""Amounts in text and their conversion (pint): mg, g, mcg/µg, number words, per day vs per 24 hours, per kg."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.verifiers.facts.quantities import find_quantities, parse_number
from rewardstack.verifiers.facts.units import (
    ClaimUnit,
    NotComparable,
    UnitProblem,
    check_unit,
    conversion_factor,
)

# text -> (value, unit label, time base) of the only amount found
AMOUNTS = [
    ("4 g per day", 4.0, "g/day", "day"),
    ("4g/day", 4.0, "g/day", "day"),
    ("4,000 mg a day", 4000.0, "mg/day", "day"),
    ("4000mg daily", 4000.0, "mg/day", "day"),
    ("four grams in 24 hours", 4.0, "g/day", "day"),
    ("four thousand milligrams every 24 hours", 4000.0, "mg/day", "day"),
    ("two and a half grams per day", 2.5, "g/day", "day"),
    ("half a gram at a time", 0.5, "g", "dose"),
    ("1.5 g within 24 hours", 1.5, "g/day", "day"),
    ("3-4 g a day", 4.0, "g/day", "day"),
    ("3 to 4 grams per day", 4.0, "g/day", "day"),
    ("200 mcg weekly", 200.0, "mcg/(7 days)", "week"),
    ("200 µg per day", 200.0, "microgram/day", "day"),
    ("200 μg per day", 200.0, "microgram/day", "day"),
    ("200 micrograms a day", 200.0, "microgram/day", "day"),
    ("15 mg/kg per dose", 15.0, "mg/kg", "dose"),
    ("75 mg per kg of body weight per day", 75.0, "mg/kg/day", "day"),
    ("500 mg every 6 hours", 500.0, "mg", "dose"),
    ("1 g every 4-6 hours", 1.0, "g", "dose"),
    ("800 mg in a single dose", 800.0, "mg", "dose"),
    ("the maximum daily dose is 3,200 mg", 3200.0, "mg/day", "day"),
    ("8 tablets in 24 hours", 8.0, "tablets/day", "day"),
    ("400 mg", 400.0, "mg", "none"),
]


@pytest.mark.parametrize(("text", "value", "label", "base"), AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_amounts_are_read_with_their_time_base(text: str, value: float, label: str, base: str) -> None:
    (found,) = find_quantities(text)
    assert (found.value, found.unit.label, found.time_base) == (value, label, base)


@pytest.mark.parametrize("text", ["take it for 10 days", "adults over 65 years", "3 times a day", "in 2 weeks",
                                  "one of the options", "no more than twice"])
def test_numbers_that_are_not_doses_are_ignored(text: str) -> None:
    assert find_quantities(text) == []


# claim unit -> fact unit -> how many fact units one claim unit is
CONVERSIONS = [
    (ClaimUnit("g", per_day=1.0), "mg/day", 1000.0),
    (ClaimUnit("mg", per_hours=24.0), "g/day", 0.001),
    (ClaimUnit("mg", per_day=7.0), "mg/day", 1 / 7),
    (ClaimUnit("mcg", per_day=1.0), "mg/day", 0.001),
    (ClaimUnit("microgram", per_day=1.0), "mg/day", 0.001),
    (ClaimUnit("mg", per_hours=6.0), "mg/day", 4.0),
    (ClaimUnit("mg", per_kg=True, per_day=1.0), "mg/kg/day", 1.0),
    (ClaimUnit("g"), "mg", 1000.0),
    (ClaimUnit("grain"), "mg", 64.79891),
]


@pytest.mark.parametrize(("unit", "fact_unit", "factor"), CONVERSIONS,
                         ids=[f"{c[0].label}->{c[1]}" for c in CONVERSIONS])
def test_conversion_factors(unit: ClaimUnit, fact_unit: str, factor: float) -> None:
    assert math.isclose(conversion_factor(unit, fact_unit), factor, rel_tol=1e-9)


@pytest.mark.parametrize(("unit", "fact_unit", "words"), [
    (ClaimUnit("mg", per_kg=True, per_day=1.0), "g/day", "per kilogram of body weight per day"),
    (ClaimUnit("mg", per_day=1.0), "mg/kg/day", "mass per time"),
    (ClaimUnit("mg"), "g/day", "mass"),
    (ClaimUnit("ml", per_day=1.0), "mg/day", "cannot be compared"),
])
def test_other_dimensions_are_not_comparable(unit: ClaimUnit, fact_unit: str, words: str) -> None:
    with pytest.raises(NotComparable, match=words):
        conversion_factor(unit, fact_unit)


def test_a_unit_pint_cannot_read_says_which() -> None:
    with pytest.raises(UnitProblem, match="pint does not know 'tablets'"):
        conversion_factor(ClaimUnit("tablets", per_day=1.0), "g/day")
    assert check_unit("mg/kg/day") is None and "puffs" in str(check_unit("puffs"))


@pytest.mark.parametrize(("words", "value"), [("one", 1), ("twelve", 12), ("twenty-five", 25), ("one hundred", 100),
                                              ("four thousand", 4000), ("two thousand four hundred", 2400),
                                              ("one and a half", 1.5), ("half a", 0.5), ("1,200", 1200),
                                              (".5", 0.5), ("grams", None)])
def test_number_words(words: str, value: float | None) -> None:
    assert parse_number(words) == value


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["mg", "g", "mcg"]))
def test_digits_with_thousands_separators_round_trip(n: int, unit: str) -> None:
    (found,) = find_quantities(f"take {n:,} {unit} per day")
    assert found.value == n and found.unit.label == f"{unit}/day"
