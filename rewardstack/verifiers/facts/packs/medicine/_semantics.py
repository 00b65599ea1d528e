"""The labelling rules of the medicine pack: what the KB entails for one structured claim.

Every labelled claim and every pair response is written with a structured reading beside its text
(never shipped in the JSONL); the builder labels that reading with these rules and refuses a table
whose hand label disagrees. The rules (also in README.md):

- ``is_a``: supported when the class is the drug's class or an ancestor of it; contradicted when the
  drug has classes in the KB and the named class (a KB drug class) is none of them (classes of a
  known drug are taken as complete); otherwise unverifiable.
- ``interacts_with`` / ``contraindicated_with`` / ``treats``: supported when a fact links the two
  (either direction for interactions and contraindications; class facts apply to members through
  ``is_a``); a denial of such a fact is contradicted; no fact -> unverifiable (the KB is not
  complete: absence is not evidence).
- doses: the facts of the drug's relation with the same dimension (per kg or not) that match the
  qualifiers the claim states; the claim is labelled only when every such fact gives the same
  verdict (so an OTC/prescription or age-dependent limit is decided by what the claim states, and
  a claim that states nothing is never left to a tie-break rule). ``max``: the limit is the value;
  ``allows``: taking the value is within the limit.
- an unknown entity or a relation the KB does not hold -> unverifiable.

>>> from rewardstack.verifiers.facts.packs.medicine._kb import kb_records
>>> index = KBIndex.from_records(kb_records())
>>> index.label(Spec("is_a", ("sertraline", "ssri")))
('supported', True)
>>> index.label(Spec("interacts_with", ("celecoxib", "warfarin"), polarity=False))  # through nsaid
('contradicted', False)
>>> index.label(Spec("max_daily_dose", ("ibuprofen",), value=3200, unit="mg/day"))
Traceback (most recent call last):
...
ValueError: ambiguous dose claim on ibuprofen: the facts disagree (state availability/population)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Any

__all__ = ["KBIndex", "Spec", "to_base"]

_MASS = {"mg": 1.0, "g": 1000.0, "mcg": 0.001}
_RELATIONS = {"is_a", "interacts_with", "contraindicated_with", "treats", "max_daily_dose", "max_single_dose",
              "unknown", "absent"}


def to_base(value: float, unit: str) -> tuple[float, str]:
    """A dose in mg with its dimension: ``(mg, "per_day" | "per_kg_day" | "single")``.

    >>> to_base(4, "g/day"), to_base(800, "mcg/day"), to_base(40, "mg/kg/day"), to_base(1, "g")
    ((4000.0, 'per_day'), (0.8, 'per_day'), (40.0, 'per_kg_day'), (1000.0, 'single'))
    """
    mass, _, rest = unit.partition("/")
    dimension = {"day": "per_day", "kg/day": "per_kg_day", "": "single"}[rest]
    return value * _MASS[mass], dimension


@dataclass(frozen=True)
class Spec:
    """One claim's structured reading: relation, entity ids (or unknown names), polarity, dose fields."""

    relation: str
    args: tuple[str, ...]
    polarity: bool = True
    value: float | None = None
    unit: str | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)
    mode: str = "max"  # max | allows (doses only)

    def __post_init__(self) -> None:
        if self.relation not in _RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}")

    def negated(self) -> Spec:
        return Spec(self.relation, self.args, not self.polarity, self.value, self.unit, dict(self.qualifiers),
                    self.mode)

    @property
    def entities(self) -> tuple[str, ...]:
        """KB entity ids the claim names (none for an unknown-entity claim)."""
        return () if self.relation == "unknown" else self.args


class KBIndex:
    """The KB records indexed for the labelling rules."""

    def __init__(self, entities: dict[str, dict[str, Any]], facts: list[dict[str, Any]]) -> None:
        self.entities = entities
        self.parents: dict[str, set[str]] = {}
        self.links: dict[str, set[tuple[str, str]]] = {}
        self.doses: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for f in facts:
            if f["relation"] == "is_a":
                self.parents.setdefault(f["subject"], set()).add(f["object"])
            elif "object" in f:
                self.links.setdefault(f["relation"], set()).add((f["subject"], f["object"]))
            else:
                self.doses.setdefault((f["subject"], f["relation"]), []).append(f)

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> KBIndex:
        entities = {r["id"]: r for r in records if r["type"] == "entity"}
        return cls(entities, [r for r in records if r["type"] == "fact"])

    def ancestors(self, entity: str) -> list[str]:
        """The entity first, then every class above it (breadth first)."""
        out, frontier = [entity], [entity]
        while frontier:
            frontier = [p for e in frontier for p in sorted(self.parents.get(e, ())) if p not in out]
            out += frontier
        return out

    def label(self, spec: Spec) -> tuple[str, bool]:
        """``(label, direct)``: the verdict and whether a fact on the named entities themselves decided it."""
        if spec.relation in ("unknown", "absent") or any(e not in self.entities for e in spec.entities):
            return "unverifiable", True
        if spec.relation == "is_a":
            found, direct = self._is_a(*spec.args)
        elif spec.relation in ("max_daily_dose", "max_single_dose"):
            found, direct = self._dose(spec), True
        else:
            found, direct = self._linked(spec.relation, *spec.args)
        if found is None:
            return "unverifiable", True
        return ("supported" if found == spec.polarity else "contradicted"), direct

    def _is_a(self, drug: str, cls: str) -> tuple[bool | None, bool]:
        line = self.ancestors(drug)
        if cls in line:
            return True, cls in self.parents.get(drug, set())
        if self.parents.get(drug) and self.entities[cls]["entity_type"] == "drug_class":
            return False, True
        return None, True

    def _linked(self, relation: str, a: str, b: str) -> tuple[bool | None, bool]:
        pairs = self.links.get(relation, set())
        symmetric = relation != "treats"
        for x, y in product(self.ancestors(a), self.ancestors(b)):
            if (x, y) in pairs or (symmetric and (y, x) in pairs):
                return True, (x, y) == (a, b)
        return None, True

    def _dose(self, spec: Spec) -> bool | None:
        assert spec.value is not None and spec.unit is not None
        claimed, dimension = to_base(spec.value, spec.unit)
        verdicts = set()
        for fact in self.doses.get((spec.args[0], spec.relation), []):
            limit, fact_dimension = to_base(fact["value"], fact["unit"])
            stated = spec.qualifiers.items()
            if fact_dimension != dimension or any(fact["qualifiers"].get(k) != v for k, v in stated):
                continue
            if spec.mode == "max":
                verdicts.add(abs(claimed - limit) <= 1e-9 * limit)
            elif claimed > limit:
                verdicts.add(False)
            else:
                raise ValueError(f"an 'allows' claim within the limit is read as a max claim: {spec}")
        if len(verdicts) > 1:
            raise ValueError(
                f"ambiguous dose claim on {spec.args[0]}: the facts disagree (state availability/population)")
        return verdicts.pop() if verdicts else None
