"""Assemble the medicine KB records (the import format of docs/facts.md) from the tables, and check them.

>>> records = kb_records()
>>> records[0]["type"], any(r.get("relation") == "max_daily_dose" for r in records)
('entity', True)
>>> check_kb(records)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from rewardstack.verifiers.facts.packs.medicine._entities import CLASSES, CONDITIONS, DRUGS, NAMES, SUBSTANCES
from rewardstack.verifiers.facts.packs.medicine._facts import DOSES, INTERACTIONS
from rewardstack.verifiers.facts.packs.medicine._links import CONTRAINDICATIONS, TREATS

__all__ = ["UNITS", "check_kb", "display_name", "kb_records", "normalise"]

Record = dict[str, Any]
UNITS = frozenset({"mg/day", "g/day", "mg/kg/day", "mg", "g"})
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Accents dropped, lowercase, runs of non-word characters as one space (how aliases are matched).

    >>> normalise("St. John's Wort"), normalise("Paracétamol")
    ('st john s wort', 'paracetamol')
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", folded).strip()


def display_name(entity_id: str) -> str:
    """The entity's name: the id with spaces, unless the tables name it otherwise.

    >>> display_name("type_2_diabetes"), display_name("penicillin_v")
    ('type 2 diabetes', 'penicillin V')
    """
    return NAMES.get(entity_id, entity_id.replace("_", " "))


def _entity(entity_id: str, entity_type: str, aliases: tuple[str, ...]) -> Record:
    name = display_name(entity_id)
    seen = {normalise(name)}
    kept = []
    for alias in aliases:
        if normalise(alias) not in seen:
            seen.add(normalise(alias))
            kept.append(alias)
    return {"type": "entity", "id": entity_id, "name": name, "entity_type": entity_type, "aliases": kept}


def _fact(subject: str, relation: str, obj: str, citation: str, qualifiers: dict[str, str] | None = None) -> Record:
    record: Record = {"type": "fact", "subject": subject, "relation": relation, "object": obj}
    if qualifiers:
        record["qualifiers"] = dict(qualifiers)
    record["citation"] = citation
    return record


def _entities() -> list[Record]:
    out = [_entity(row.id, "drug_class", row.aliases) for row in CLASSES]
    out += [_entity(row.id, "drug", row.brands + row.other) for row in DRUGS]
    out += [_entity(row.id, "condition", row.aliases) for row in CONDITIONS]
    out += [_entity(row.id, "substance", row.aliases) for row in SUBSTANCES]
    return out


def _class_facts() -> list[Record]:
    sources = {row.id: row.source for row in CLASSES}
    out = [_fact(row.id, "is_a", parent, sources[parent]) for row in CLASSES for parent in row.parents]
    out += [_fact(row.id, "is_a", cls, sources[cls]) for row in DRUGS for cls in row.classes]
    return out


def _dose_facts() -> list[Record]:
    return [
        {"type": "fact", "subject": row.subject, "relation": row.relation, "value": row.value, "unit": row.unit,
         "tolerance": 0.0, "qualifiers": dict(row.qualifiers), "citation": row.citation}
        for row in DOSES
    ]


def _interaction_facts() -> list[Record]:
    out = []
    for row in INTERACTIONS:
        qualifiers = {"effect": row.effect, "severity": row.severity}
        out.append(_fact(row.a, "interacts_with", row.b, row.citation, qualifiers))
        if row.severity == "contraindicated":
            out.append(_fact(row.a, "contraindicated_with", row.b, row.citation, qualifiers))
    return out


def kb_records() -> list[Record]:
    """Every entity line, then every fact line, in table order."""
    facts = _class_facts() + _dose_facts() + _interaction_facts()
    facts += [_fact(r.subject, "contraindicated_with", r.object, r.citation, r.qualifiers) for r in CONTRAINDICATIONS]
    facts += [_fact(r.subject, "treats", r.object, r.citation) for r in TREATS]
    return _entities() + facts


def check_kb(records: list[Record]) -> None:
    """Raise ValueError naming every problem: ids, references, alias clashes, is_a targets, units, duplicates."""
    problems: list[str] = []
    entities = {r["id"]: r for r in records if r["type"] == "entity"}
    ids = Counter(r["id"] for r in records if r["type"] == "entity")
    problems += [f"duplicate entity id {i!r}" for i, n in ids.items() if n > 1]
    problems += [f"entity id {i!r} is not snake_case" for i in ids if not _ID.match(i)]
    owners: dict[str, str] = {}
    for entity in entities.values():
        for spelling in {normalise(s) for s in [entity["id"], entity["name"], *entity["aliases"]]}:
            if owners.setdefault(spelling, entity["id"]) != entity["id"]:
                problems.append(f"alias {spelling!r} names both {owners[spelling]!r} and {entity['id']!r}")
    seen: set[str] = set()
    for fact in (r for r in records if r["type"] == "fact"):
        problems += _fact_problems(fact, entities)
        key = repr(sorted((k, str(v)) for k, v in fact.items() if k != "citation"))
        if key in seen:
            problems.append(f"duplicate fact {fact}")
        seen.add(key)
    if problems:
        raise ValueError("medicine KB: " + "; ".join(problems))


def _fact_problems(fact: Record, entities: dict[str, Record]) -> list[str]:
    out = [f"{fact['relation']}: unknown entity {ref!r}" for ref in (fact["subject"], fact.get("object"))
           if ref is not None and ref not in entities]
    if not fact.get("citation"):
        out.append(f"fact without citation: {fact}")
    if "value" in fact and fact["unit"] not in UNITS:
        out.append(f"unit {fact['unit']!r} of {fact['subject']} is not one of {sorted(UNITS)}")
    if fact["relation"] == "is_a" and entities.get(fact["object"], {}).get("entity_type") != "drug_class":
        out.append(f"is_a target {fact['object']!r} is not a drug_class")
    return out
