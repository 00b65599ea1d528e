"""Unit conversion for numeric facts and claims, with ``pint``.

A numeric fact carries a unit string pint can parse (``"g/day"``, ``"mg/kg/day"``,
``"mg"``); a claim's quantity is built from the words it used: a mass word
(``mg``, ``grams``, ``mcg``, ``µg``), optionally per kilogram of body weight,
optionally per time span (``a day``, ``in 24 hours``, ``per week``). The claim
is converted into the fact's unit; units of another dimension (a per-kg dose
against a per-day fact, tablets against grams) are *not comparable* and the
claim is unverifiable with that reason, never wrong.

Decisions:

- One registry per process, built on first use (about 0.7 s: pint parses its
  definitions file); ``mcg`` and ``gm`` are added (pint knows ``ug``/``µg``
  but not the pharmacy spellings).
- Conversions are pure scale factors (no offset units in doses), so each
  (claim unit, fact unit) pair is converted once and cached: a pint
  conversion costs ~150 µs, a cached factor a dict lookup.

>>> claim = ClaimUnit(mass="grams", per_day=1.0)
>>> conversion_factor(claim, "mg/day")
1000.0
>>> conversion_factor(ClaimUnit(mass="mg", per_hours=24.0), "g/day")
0.001
>>> conversion_factor(ClaimUnit(mass="mg", per_kg=True, per_day=1.0), "g/day")
Traceback (most recent call last):
...
rewardstack.verifiers.facts.units.NotComparable: 'mg/kg/day' (per kilogram of body weight per day) cannot be ...
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rewardstack.core.errors import SourceError

__all__ = [
    "ClaimUnit",
    "NotComparable",
    "UnitProblem",
    "base_factor",
    "check_unit",
    "conversion_factor",
    "describe_dimension",
    "registry",
]

_EXTRA_DEFINITIONS = ("mcg = microgram", "gm = gram")
_LOCK = threading.Lock()
_REGISTRY: Any = None


class UnitProblem(ValueError):
    """A unit string pint cannot parse (the message says which word)."""


class NotComparable(ValueError):
    """Two quantities of different dimensions (a per-kg dose and a daily dose)."""


def registry() -> Any:
    """The process's pint ``UnitRegistry`` (built once; thread-safe)."""
    global _REGISTRY
    if _REGISTRY is None:
        with _LOCK:
            if _REGISTRY is None:
                try:
                    import pint
                except ModuleNotFoundError as exc:  # the `facts` extra is missing
                    raise SourceError("kb_facts needs pint: pip install 'rewardstack[facts]'") from exc
                ureg: Any = pint.UnitRegistry(cache_folder=None)
                for line in _EXTRA_DEFINITIONS:
                    ureg.define(line)
                _REGISTRY = ureg
    return _REGISTRY


@dataclass(frozen=True)
class ClaimUnit:
    """The unit a claim states: a mass word, per kg of body weight?, per how long?"""

    mass: str
    per_kg: bool = False
    per_day: float | None = None  # "a day" = 1.0, "per week" = 7.0
    per_hours: float | None = None  # "in 24 hours" = 24.0, "every 12 hours" = 12.0

    @property
    def label(self) -> str:
        """A compact spelling: ``g/day``, ``mg/kg/day``, ``mg/(24 h)``."""
        text = self.mass + ("/kg" if self.per_kg else "")
        if self.per_day is not None:
            text += "/day" if self.per_day == 1.0 else f"/({self.per_day:g} days)"
        elif self.per_hours is not None:
            text += f"/({self.per_hours:g} h)"
        return text


def check_unit(unit: str) -> str | None:
    """``None`` when pint parses ``unit``; else what is wrong (used by the importer).

    >>> check_unit("mg/kg/day") is None, check_unit("tablets/day")
    (True, "pint does not know 'tablets' ('tablets' is not defined in the unit registry)")
    """
    try:
        _parse_units(unit)
    except UnitProblem as exc:
        return str(exc)
    return None


@lru_cache(maxsize=1024)
def _parse_units(unit: str) -> Any:
    import pint

    ureg = registry()
    try:
        return ureg.parse_units(unit.strip())
    except pint.UndefinedUnitError as exc:
        word = exc.args[0] if exc.args else unit
        raise UnitProblem(f"pint does not know {word!r} ({exc})") from None
    except (ValueError, AttributeError, TypeError, SyntaxError, AssertionError) as exc:
        raise UnitProblem(f"pint cannot parse {unit!r} ({exc})") from None


def _claim_quantity(unit: ClaimUnit) -> Any:
    ureg = registry()
    quantity = ureg.Quantity(1.0, _parse_units(unit.mass))
    if unit.per_kg:
        quantity = quantity / ureg.Quantity(1.0, "kilogram")
    if unit.per_day is not None:
        quantity = quantity / ureg.Quantity(unit.per_day, "day")
    elif unit.per_hours is not None:
        quantity = quantity / ureg.Quantity(unit.per_hours, "hour")
    return quantity


def describe_dimension(dimensionality: Any) -> str:
    """Plain words for a pint dimensionality (what a reason shows a reader).

    >>> describe_dimension(registry().parse_units("mg/kg/day").dimensionality)
    'per kilogram of body weight per day'
    """
    dims = dict(dimensionality)
    mass, time = dims.get("[mass]", 0), dims.get("[time]", 0)
    if mass == 1 and time == -1:
        return "mass per time"
    if mass == 1 and time == 0:
        return "mass"
    if mass == 0 and time == -1:
        return "per kilogram of body weight per day"
    if mass == 0 and time == 0:
        return "per kilogram of body weight"
    return str(dimensionality)


@lru_cache(maxsize=4096)
def conversion_factor(unit: ClaimUnit, fact_unit: str) -> float:
    """How many ``fact_unit`` one ``unit`` is; :class:`NotComparable` across dimensions.

    Raises :class:`UnitProblem` when pint cannot read a unit word.
    """
    import pint

    claim = _claim_quantity(unit)
    target = _parse_units(fact_unit)
    try:
        return float(claim.to(target).magnitude)
    except pint.DimensionalityError:
        raise NotComparable(
            f"{unit.label!r} ({_claim_dimension(unit)}) cannot be compared with {fact_unit!r} "
            f"({describe_dimension(target.dimensionality)})"
        ) from None


@lru_cache(maxsize=4096)
def base_factor(unit: ClaimUnit) -> tuple[float, str]:
    """``unit`` in SI base units: (factor, dimensionality); two amounts are equal when both agree.

    >>> base_factor(ClaimUnit("mg", per_day=1.0)) == base_factor(ClaimUnit("mg", per_hours=24.0))
    True
    """
    quantity = _claim_quantity(unit).to_base_units()
    return float(quantity.magnitude), str(quantity.dimensionality)


def _claim_dimension(unit: ClaimUnit) -> str:
    if unit.per_kg:
        return "per kilogram of body weight" + (" per day" if unit.per_day or unit.per_hours else "")
    return describe_dimension(_claim_quantity(unit).dimensionality)
