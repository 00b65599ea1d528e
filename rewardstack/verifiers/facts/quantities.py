"""Doses in text: a number (digits or words), a unit word, per kg?, per how long?

``find_quantities`` returns every ``<number> <unit word>`` in a clause with its
character span; the time base (``a day``, ``in 24 hours``, ``per dose``) is
looked for in the clause, nearest to the number, since writers put it
anywhere ("4 grams **per day**", "a **daily** maximum of 4 g", "4 g of
acetaminophen **in 24 hours**"). "1 g every 6 hours" is a dose size (each dose),
not a rate: the same advice usually gives the daily cap separately. Ranges (``3-4 g``, ``3 to 4 grams``) keep
their upper bound: a range is a permission up to its top.

All patterns are single passes without nested quantifiers: linear in the text.

>>> [(q.value, q.unit.label, q.text) for q in find_quantities("Take up to four grams of it a day.")]
[(4.0, 'g/day', 'four grams')]
>>> [(q.value, q.unit.label, q.time_base) for q in find_quantities("1,200 mg per day, or 15 mg/kg per dose")]
[(1200.0, 'mg/day', 'day'), (15.0, 'mg/kg', 'dose')]
>>> [q.unit.label for q in find_quantities("no more than 8 tablets in 24 hours, for 10 days")]
['tablets/day']
>>> parse_number("two and a half"), parse_number("four thousand"), parse_number("1,200")
(2.5, 4000.0, 1200.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rewardstack.verifiers.facts.units import ClaimUnit

__all__ = ["Quantity", "TimeBase", "find_quantities", "parse_number"]

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD = "|".join(sorted([*_ONES, *_SCALES], key=len, reverse=True))
_NUMBER_WORDS = rf"(?:(?:{_WORD})(?:(?:\s+|-)(?:and\s+)?(?:a\s+)?(?:{_WORD}|half))*)|(?:half\s+a)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUMBER = rf"(?:{_DIGITS}|\b(?:{_NUMBER_WORDS})\b)"
# a unit word right after the number ("4g", "4 g", "4 grams"); "per kg" / "/kg" may follow it
_QUANTITY = re.compile(
    rf"(?P<low>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<high>{_NUMBER}))?\s*(?P<unit>[a-zµμ]+)\b"
    r"(?P<perkg>\s*/\s*kg\b|\s+(?:per|a|/)\s+(?:kg|kilo(?:gram)?s?)\b(?:\s+of\s+body\s*weight)?)?",
    re.IGNORECASE,
)
_DAY = (r"(?:per|a|each|every|/|in\s+(?:a|one|1))\s*day\b|daily\b|/\s*d\b|\bday\b|"
        r"(?:per|in|within|every|over|in\s+any|over\s+any|in\s+a|a)\s+(?:24|twenty-four)[\s-]*(?:hours?|hrs?|h)\b|"
        r"/\s*24\s*h(?:ours?|rs?)?\b")
_WEEK = r"(?:per|a|each|every|/|in\s+a)\s*week\b|weekly\b"
_DOSE = (r"per\s+dose\b|each\s+dose\b|single\b|each\s+time\b|at\s+(?:a\s+time|once|one\s+time)\b|in\s+one\s+dose\b|"
         r"per\s+(?:tablet|administration)\b|one[\s-]time\s+dose\b|a\s+dose\b|one\s+dose\b")
_HOURS = r"every\s+(?P<every>\d+(?:\.\d+)?|[a-z]+)\s*(?:-\s*\d+\s*)?(?:hours?|hrs?|h)\b"
_TIME_BASE = re.compile(rf"(?P<day>{_DAY})|(?P<week>{_WEEK})|(?P<dose>{_DOSE})|(?P<hours>{_HOURS})", re.IGNORECASE)
# what may follow a number in a dose: masses (compared) and dose forms (pint cannot read them: the claim is then
# unverifiable with that reason); any other word after a number ("10 days", "over 65 years") is not a dose
_MASS_WORDS = {"mg": "mg", "milligram": "mg", "milligrams": "mg", "milligramme": "mg", "milligrammes": "mg",
               "g": "g", "gm": "g", "gms": "g", "gram": "g", "grams": "g", "gramme": "g", "grammes": "g",
               "mcg": "mcg", "µg": "microgram", "μg": "microgram", "ug": "microgram", "microgram": "microgram",
               "micrograms": "microgram", "ng": "ng", "nanogram": "ng", "nanograms": "ng", "grain": "grain",
               "grains": "grain"}
_DOSE_FORMS = frozenset({"tablet", "tablets", "tab", "tabs", "pill", "pills", "capsule", "capsules", "caplet",
                         "caplets", "teaspoon", "teaspoons", "tsp", "tablespoon", "tablespoons", "drop", "drops",
                         "puff", "puffs", "unit", "units", "iu", "ml", "milliliter", "milliliters", "millilitre",
                         "millilitres", "cc", "patch", "patches", "sachet", "sachets", "spoonful", "spoonfuls",
                         "gummies", "gummy", "softgels", "softgel"})

TimeBase = Literal["day", "dose", "hours", "week", "none"]


@dataclass(frozen=True)
class Quantity:
    """One amount in a clause: ``value`` in ``unit``, where it was, and which time base it has."""

    value: float
    unit: ClaimUnit
    text: str
    start: int
    end: int
    time_base: TimeBase


def parse_number(text: str) -> float | None:
    """Digits (``1,200``, ``2.5``) or English number words (``four thousand``, ``two and a half``)."""
    cleaned = text.strip().lower().replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        pass
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", cleaned):
        if word in ("and", "a", ""):
            continue
        if word == "half":
            current = current + 0.5 if seen else 0.5
            seen = True
        elif word in _ONES:
            current += _ONES[word]
            seen = True
        elif word in _SCALES:
            current = max(current, 1.0) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def _time_base(clause: str, at: int) -> tuple[TimeBase, float | None]:
    """The time base nearest to position ``at`` in the clause, and its span in days or hours."""
    best: tuple[int, TimeBase, float | None] | None = None
    for match in _TIME_BASE.finditer(clause):
        distance = match.start() - at if match.start() >= at else (at - match.end()) + 40  # prefer after
        if match.group("day"):
            found: tuple[TimeBase, float | None] = ("day", 1.0)
        elif match.group("week"):
            found = ("week", 7.0)
        elif match.group("dose"):
            found = ("dose", None)
        else:
            every = parse_number(match.group("every"))
            if every is None:
                continue
            found = ("hours", every)
        if best is None or distance < best[0]:
            best = (distance, *found)
    return ("none", None) if best is None else (best[1], best[2])


def find_quantities(clause: str) -> list[Quantity]:
    """Every amount with a unit word in ``clause`` (module docstring), in order."""
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(clause):
        unit_word = match.group("unit").lower()
        if unit_word not in _MASS_WORDS and unit_word not in _DOSE_FORMS:
            continue
        value = parse_number(match.group("high") or match.group("low"))
        if value is None:
            continue
        base, span = _time_base(clause, match.end())
        if base == "hours" and span is not None and span >= 24 and span % 24 == 0:
            base, span = "day", span / 24  # "every 24 hours" is a daily amount
        elif base == "hours":
            base, span = "dose", None  # "1 g every 6 hours": the size of each dose, not a daily total
        unit = ClaimUnit(
            mass=_MASS_WORDS.get(unit_word, unit_word),
            per_kg=match.group("perkg") is not None,
            per_day=span if base in ("day", "week") else None,
            per_hours=span if base == "hours" else None,
        )
        text = clause[match.start():match.end()]
        found.append(Quantity(value, unit, text, match.start(), match.end(), base))
    return found
