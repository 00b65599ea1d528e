"""Turn the claim tables into ``claims.jsonl`` records: labels checked against the KB, phenomena, ids, splits.

Phenomena are tagged from the text and the reading (negation and hedge words, number words, units,
brand/international names and abbreviations of the entities named, stated qualifiers, a verdict
reached through a class) plus the tags a row gives (``made_up``, ``real_but_absent``). The held-out
split is 30% of each kind, drawn by a seeded shuffle of groups (a claim and its negated twin are one
group, so twins never straddle the splits).

>>> from rewardstack.verifiers.facts.packs.medicine._kb import kb_records
>>> records = claim_records(kb_records())
>>> records[0]["id"], records[0]["label"], records[1]["negation_of"]
('c0001', 'supported', 'c0001')
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from difflib import SequenceMatcher
from typing import Any

from rewardstack.verifiers.facts.packs.medicine._claims_doses import DOSE_CLAIMS
from rewardstack.verifiers.facts.packs.medicine._claims_links import CONTRAINDICATION_CLAIMS, INTERACTION_CLAIMS
from rewardstack.verifiers.facts.packs.medicine._claims_misc import CLASS_CLAIMS, OTHER_CLAIMS, UNKNOWN_CLAIMS
from rewardstack.verifiers.facts.packs.medicine._entities import DRUGS
from rewardstack.verifiers.facts.packs.medicine._kb import normalise
from rewardstack.verifiers.facts.packs.medicine._rows import ClaimRow
from rewardstack.verifiers.facts.packs.medicine._semantics import KBIndex, Spec

__all__ = ["HELDOUT_SHARE", "KINDS", "Names", "claim_records", "mentions"]

Record = dict[str, Any]
KINDS = ("dose", "interaction", "class", "contraindication", "unknown_entity", "other")
HELDOUT_SHARE = 0.3
ROWS: tuple[ClaimRow, ...] = (DOSE_CLAIMS + INTERACTION_CLAIMS + CONTRAINDICATION_CLAIMS + CLASS_CLAIMS
                              + OTHER_CLAIMS + UNKNOWN_CLAIMS)
INTERNATIONAL = frozenset(normalise(n) for n in (
    "paracetamol", "acetylsalicylic acid", "salbutamol", "frusemide", "glibenclamide", "rifampicin", "pethidine",
    "chlorphenamine", "ciclosporin", "co-amoxiclav", "co-trimoxazole", "phenoxymethylpenicillin", "cefalexin",
    "amoxycillin", "glyceryl trinitrate", "thiamazole", "sodium valproate", "ferrous sulphate"))
_NEGATION = re.compile(r"\b(not|no|never|cannot|without|none)\b|n't", re.IGNORECASE)
_HEDGE = re.compile(r"\b(may|might|can|could|generally|usually|typically|often|advised|likely|unlikely|probably|"
                    r"possibly|sometimes|commonly)\b", re.IGNORECASE)
_NUMBER_WORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand)\b",
                           re.IGNORECASE)
_SPELLED_UNIT = re.compile(r"micrograms?|mcg|µg|milligrams?|\bgrams?\b|kilogram|per kg|24.hour", re.IGNORECASE)
_OTC_WORDS = re.compile(r"over.the.counter|\bOTC\b|prescription", re.IGNORECASE)


class Names:
    """The KB's spellings per entity, normalised, and which of them are brands or abbreviations."""

    def __init__(self, kb: list[Record]) -> None:
        self.spellings: dict[str, set[str]] = {
            r["id"]: {normalise(s) for s in [r["id"], r["name"], *r["aliases"]]} for r in kb if r["type"] == "entity"}
        self.brands = {normalise(b) for row in DRUGS for b in row.brands}
        self.abbreviations = {normalise(o) for row in DRUGS for o in row.other if o.replace("-", "").isupper()}
        self.all = set().union(*self.spellings.values())


def mentions(text: str, spelling: str) -> bool:
    """Whether the normalised text holds the normalised spelling as whole words.

    >>> mentions("Don't mix Advil with warfarin.", "advil"), mentions("Coumadin users", "coumadin user")
    (True, False)
    """
    return f" {spelling} " in f" {normalise(text)} "


def _problems(row: ClaimRow, text: str, spec: Spec, label: str, names: Names) -> list[str]:
    out = [f"{text!r}: does not name {e!r}" for e in spec.entities
           if not any(mentions(text, s) for s in names.spellings.get(e, {e}))]
    if spec.relation == "unknown":
        for name in spec.args:
            close = [s for s in names.all if SequenceMatcher(None, normalise(name), s).ratio() >= 0.75]
            if not mentions(text, normalise(name)) or close:
                out.append(f"{text!r}: unknown name {name!r} missing from the text or close to KB names {close}")
    if label == "unverifiable" and row.negated_text is not None:
        out.append(f"{text!r}: a negation twin must be decidable")
    return out


def _phenomena(row: ClaimRow, text: str, spec: Spec, direct: bool, label: str, names: Names,
               fact_masses: set[str]) -> list[str]:
    tags = set(row.tags)
    spoken = {s for e in spec.entities for s in names.spellings.get(e, ()) if mentions(text, s)}
    checks = {
        "negation": bool(_NEGATION.search(text)),
        "hedged": bool(_HEDGE.search(text)),
        "brand_name": bool(spoken & names.brands),
        "international_name": bool(spoken & INTERNATIONAL),
        "abbreviation": bool(spoken & names.abbreviations),
        "class_inheritance": not direct and label != "unverifiable",
        "not_in_kb": label == "unverifiable" and spec.relation != "unknown",
    }
    if spec.value is not None:
        checks |= {
            "number_words": bool(_NUMBER_WORDS.search(text)),
            # another mass unit than the KB's (g for mg, mcg for mg) or the unit spelled out
            "unit_variant": bool(_SPELLED_UNIT.search(text)) or (spec.unit or "").split("/")[0] not in fact_masses,
            "per_kg": "kg" in (spec.unit or ""),
            "per_24_hours": "24" in text and "hour" in text,
            "microgram_units": (spec.unit or "").startswith("mcg"),
            "otc_vs_prescription": "availability" in spec.qualifiers or bool(_OTC_WORDS.search(text)),
            "population": "population" in spec.qualifiers,
            "formulation": "form" in spec.qualifiers,
        }
    return sorted(tags | {tag for tag, hit in checks.items() if hit})


def _fact_masses(index: KBIndex, spec: Spec) -> set[str]:
    return {f["unit"].split("/")[0] for f in index.doses.get((spec.args[0], spec.relation), [])} if spec.args else set()


def _expand(index: KBIndex, names: Names) -> tuple[list[Record], list[str]]:
    records: list[Record] = []
    problems: list[str] = []
    for row in ROWS:
        variants: list[tuple[str, Spec, int | None]] = [(row.text, row.spec, None)]
        if row.negated_text is not None:
            variants.append((row.negated_text, row.spec.negated(), len(records)))
        for text, spec, twin_of in variants:
            try:
                label, direct = index.label(spec)
            except ValueError as exc:  # an ambiguous reading: report it with the others
                problems.append(f"{text!r}: {exc}")
                continue
            wanted = row.label if twin_of is None else {"supported": "contradicted", "contradicted": "supported"}.get(
                row.label, "?")
            if label != wanted:
                problems.append(f"{text!r}: hand label {wanted}, the KB gives {label}")
            problems += _problems(row, text, spec, label, names)
            record: Record = {"id": f"c{len(records) + 1:04d}", "text": text, "label": label, "split": "dev",
                              "kind": row.kind, "phenomena": _phenomena(row, text, spec, direct, label, names,
                                                                         _fact_masses(index, spec))}
            if twin_of is not None:
                record["negation_of"] = records[twin_of]["id"]
            records.append(record)
    return records, problems


def _assign_splits(records: list[Record]) -> None:
    groups: dict[str, list[list[Record]]] = defaultdict(list)
    by_id = {r["id"]: r for r in records}
    for r in records:
        if "negation_of" in r:
            continue
        twins = [t for t in records if t.get("negation_of") == r["id"]]
        groups[r["kind"]].append([by_id[r["id"]], *twins])
    for kind, kind_groups in groups.items():
        random.Random(f"rewardstack-medicine-claims-{kind}").shuffle(kind_groups)
        target = round(HELDOUT_SHARE * sum(len(g) for g in kind_groups))
        held = 0
        for group in kind_groups:
            if held >= target:
                break
            for r in group:
                r["split"] = "heldout"
            held += len(group)


def claim_records(kb: list[Record]) -> list[Record]:
    """The claims file's records; ValueError lists every label or naming problem."""
    records, problems = _expand(KBIndex.from_records(kb), Names(kb))
    if sorted({r["kind"] for r in records}) != sorted(KINDS):
        problems.append(f"kinds {sorted({r['kind'] for r in records})} are not {sorted(KINDS)}")
    if problems:
        raise ValueError("medicine claims:\n  " + "\n  ".join(problems))
    _assign_splits(records)
    return records
