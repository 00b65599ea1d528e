"""The medicine pack's data files (rewardstack/verifiers/facts/packs/medicine/*.jsonl): shape, required facts,
counts, entity references, splits and negation twins. Reads the files directly; no verifier code is used."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rewardstack
from rewardstack.verifiers.facts.packs.medicine import build_pack
from rewardstack.verifiers.facts.packs.medicine._claims import ROWS
from rewardstack.verifiers.facts.packs.medicine._semantics import KBIndex, Spec

PACK = Path(rewardstack.__file__).parent / "verifiers/facts/packs/medicine"
RELATIONS = {"is_a", "interacts_with", "contraindicated_with", "max_daily_dose", "max_single_dose", "treats"}
ENTITY_KEYS = {"type", "id", "name", "entity_type", "aliases"}
CLAIM_KEYS = {"id", "text", "label", "split", "kind", "phenomena"}
KINDS = {"dose", "interaction", "class", "contraindication", "unknown_entity", "other"}
LABELS = {"supported", "contradicted", "unverifiable"}
FLIP = {"supported": "contradicted", "contradicted": "supported"}


def _read(name: str) -> list[dict[str, Any]]:
    lines = (PACK / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@cache
def kb() -> list[dict[str, Any]]:
    return _read("kb.jsonl")


@cache
def claims() -> list[dict[str, Any]]:
    return _read("claims.jsonl")


@cache
def pairs() -> list[dict[str, Any]]:
    return _read("pairs.jsonl")


def entities() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in kb() if r["type"] == "entity"}


def facts() -> list[dict[str, Any]]:
    return [r for r in kb() if r["type"] == "fact"]


def _norm(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return re.sub(r"[\W_]+", " ", folded).strip()


def ancestors(entity: str) -> set[str]:
    parents: dict[str, set[str]] = {}
    for f in facts():
        if f["relation"] == "is_a":
            parents.setdefault(f["subject"], set()).add(f["object"])
    seen, frontier = {entity}, {entity}
    while frontier:
        frontier = {p for e in frontier for p in parents.get(e, ())} - seen
        seen |= frontier
    return seen


def spellings() -> dict[str, str]:
    """Normalised spelling -> entity id, over ids, names and aliases."""
    return {_norm(s): e["id"] for e in entities().values() for s in [e["id"], e["name"], *e["aliases"]]}


def named_entities(text: str) -> set[str]:
    padded = f" {_norm(text)} "
    return {entity for spelling, entity in spellings().items() if f" {spelling} " in padded}


# --- the knowledge base -------------------------------------------------------------------------------------------

def test_kb_lines_have_the_agreed_shape() -> None:
    ids = [r["id"] for r in kb() if r["type"] == "entity"]
    assert len(ids) == len(set(ids))
    for r in kb():
        assert r["type"] in {"entity", "fact"}
        if r["type"] == "entity":
            assert set(r) == ENTITY_KEYS and re.fullmatch(r"[a-z][a-z0-9_]*", r["id"]), r
            assert r["entity_type"] == r["entity_type"].lower() and all(isinstance(a, str) and a for a in r["aliases"])
        else:
            assert r["relation"] in RELATIONS and r["subject"] in entities(), r
            assert ("object" in r) != ("value" in r), r
            assert isinstance(r["citation"], str) and r["citation"].strip(), r
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in r.get("qualifiers", {}).items()), r


def test_kb_references_and_numbers() -> None:
    for f in facts():
        if "object" in f:
            assert f["object"] in entities(), f
        else:
            assert isinstance(f["value"], int | float) and f["value"] > 0 and f["unit"] in {"mg/day", "g/day",
                                                                                             "mg/kg/day", "mg", "g"}, f
            assert f["qualifiers"]["availability"] in {"otc", "prescription"}, f
        if f["relation"] == "is_a":
            assert entities()[f["object"]]["entity_type"] == "drug_class", f


def test_kb_size_and_no_alias_names_two_entities() -> None:
    drugs = [e for e in entities().values() if e["entity_type"] == "drug"]
    assert len(drugs) >= 60 and 400 <= len(facts()) <= 1000
    owners: dict[str, set[str]] = {}
    for e in entities().values():
        for s in [e["id"], e["name"], *e["aliases"]]:
            owners.setdefault(_norm(s), set()).add(e["id"])
    assert {s: o for s, o in owners.items() if len(o) > 1} == {}


def test_kb_units_parse_with_pint() -> None:
    pint = pytest.importorskip("pint")
    registry = pint.UnitRegistry()
    for unit in {f["unit"] for f in facts() if "unit" in f}:
        registry.parse_units(unit)


def _fact(subject: str, relation: str, obj: str) -> dict[str, Any] | None:
    """The fact linking the two (either direction for symmetric relations)."""
    for f in facts():
        ends = (f["subject"], f.get("object"))
        if f["relation"] == relation and (ends == (subject, obj) or relation != "is_a" and ends == (obj, subject)):
            return f
    return None


@pytest.mark.parametrize(("subject", "relation", "obj", "effect_word"), [
    ("warfarin", "interacts_with", "ibuprofen", "bleeding"),
    ("warfarin", "interacts_with", "naproxen", "bleeding"),
    ("warfarin", "interacts_with", "aspirin", "bleeding"),
    ("warfarin", "interacts_with", "nsaid", "bleeding"),
    ("sildenafil", "interacts_with", "nitroglycerin", "hypotension"),
    ("sildenafil", "contraindicated_with", "nitroglycerin", "hypotension"),
    ("pde5_inhibitor", "contraindicated_with", "nitrate", "hypotension"),
    ("ssri", "interacts_with", "maoi", "serotonin syndrome"),
    ("sertraline", "interacts_with", "phenelzine", "serotonin syndrome"),
    ("fluoxetine", "interacts_with", "phenelzine", "serotonin syndrome"),
    ("simvastatin", "interacts_with", "clarithromycin", "myopathy"),
    ("lithium", "interacts_with", "nsaid", "lithium toxicity"),
    ("methotrexate", "interacts_with", "trimethoprim", "bone-marrow"),
    ("lisinopril", "interacts_with", "spironolactone", "hyperkalaemia"),
    ("ace_inhibitor", "interacts_with", "potassium_sparing_diuretic", "hyperkalaemia"),
])
def test_required_interactions(subject: str, relation: str, obj: str, effect_word: str) -> None:
    fact = _fact(subject, relation, obj)
    assert fact is not None and effect_word in fact["qualifiers"]["effect"]
    assert fact["qualifiers"]["severity"] in {"major", "contraindicated"}


@pytest.mark.parametrize(("drug", "cls"), [
    ("sertraline", "ssri"), ("fluoxetine", "ssri"), ("lisinopril", "ace_inhibitor"), ("metoprolol", "beta_blocker"),
    ("atorvastatin", "statin"), ("amoxicillin", "penicillins"), ("amoxicillin", "antibiotic"), ("ibuprofen", "nsaid"),
    ("phenelzine", "maoi"), ("spironolactone", "potassium_sparing_diuretic"), ("naproxen", "nsaid"),
])
def test_required_classes(drug: str, cls: str) -> None:
    assert cls in ancestors(drug)


@pytest.mark.parametrize(("drug", "value", "unit", "availability", "population"), [
    ("acetaminophen", 4, "g/day", "otc", "healthy adults"),
    ("ibuprofen", 1200, "mg/day", "otc", "adults"),
    ("ibuprofen", 3200, "mg/day", "prescription", "adults"),
])
def test_required_doses(drug: str, value: float, unit: str, availability: str, population: str) -> None:
    assert any(f["subject"] == drug and f["relation"] == "max_daily_dose" and f["value"] == value and f["unit"] == unit
               and f["qualifiers"]["availability"] == availability and f["qualifiers"]["population"] == population
               for f in facts())


def test_required_aliases_and_categories() -> None:
    assert {"paracetamol", "Tylenol", "Panadol", "APAP"} <= set(entities()["acetaminophen"]["aliases"])
    categories = ["nsaid", "anticoagulant", "antiplatelet", "ssri", "snri", "maoi", "tca", "statin", "ace_inhibitor",
                  "arb", "beta_blocker", "calcium_channel_blocker", "diuretic", "penicillins", "macrolide",
                  "fluoroquinolone", "tetracycline_class", "antidiabetic", "pde5_inhibitor", "nitrate", "antiepileptic",
                  "mood_stabilizer", "antimetabolite", "opioid", "benzodiazepine", "proton_pump_inhibitor",
                  "antihistamine", "corticosteroid", "thyroid_hormone"]
    drugs = [e for e, r in entities().items() if r["entity_type"] == "drug"]
    assert [c for c in categories if not any(c in ancestors(d) for d in drugs)] == []
    assert {"lithium", "methotrexate", "trimethoprim"} <= set(drugs)


# --- the labelled claims ------------------------------------------------------------------------------------------

def test_claims_shape_and_counts() -> None:
    ids = [c["id"] for c in claims()]
    assert len(claims()) >= 300 and len(ids) == len(set(ids))
    for c in claims():
        assert CLAIM_KEYS <= set(c) <= CLAIM_KEYS | {"negation_of"}, c
        assert re.fullmatch(r"c\d{4}", c["id"]) and c["label"] in LABELS and c["kind"] in KINDS, c
        assert c["split"] in {"dev", "heldout"} and all(isinstance(p, str) for p in c["phenomena"]), c
        # one sentence: no sentence end followed by another capitalised sentence
        assert c["text"].endswith(".") and not re.search(r"[.!?]\s+[A-Z]", c["text"]), c
    assert {c["kind"] for c in claims()} == KINDS
    assert all(n >= 40 for n in Counter(c["label"] for c in claims()).values())


@pytest.mark.parametrize(("phenomenon", "at_least"), [
    ("negation", 80), ("unit_variant", 20), ("brand_name", 40), ("hedged", 40), ("number_words", 5), ("per_kg", 5),
    ("made_up", 10), ("real_but_absent", 8), ("otc_vs_prescription", 10), ("international_name", 8),
    ("microgram_units", 2), ("per_24_hours", 5), ("not_in_kb", 20), ("class_inheritance", 20), ("population", 5),
])
def test_claims_cover_the_phenomena(phenomenon: str, at_least: int) -> None:
    assert sum(phenomenon in c["phenomena"] for c in claims()) >= at_least


def test_heldout_is_thirty_percent_stratified_by_kind() -> None:
    share = sum(c["split"] == "heldout" for c in claims()) / len(claims())
    assert 0.27 <= share <= 0.33
    for kind in KINDS:
        of_kind = [c for c in claims() if c["kind"] == kind]
        assert abs(sum(c["split"] == "heldout" for c in of_kind) / len(of_kind) - 0.3) <= 0.05, kind
    heldout_labels = Counter(c["label"] for c in claims() if c["split"] == "heldout")
    assert set(heldout_labels) == LABELS


def test_negation_twins_flip_and_share_a_split() -> None:
    by_id = {c["id"]: c for c in claims()}
    twins = [c for c in claims() if "negation_of" in c]
    assert len(twins) >= 40
    for c in twins:
        original = by_id[c["negation_of"]]
        assert "negation_of" not in original and original["kind"] == c["kind"], c
        assert original["split"] == c["split"] and FLIP[original["label"]] == c["label"], c


def test_claims_name_kb_entities_or_intentionally_unknown_ones() -> None:
    known = set(entities())
    assert len(ROWS) + sum(r.negated_text is not None for r in ROWS) == len(claims())
    for row in ROWS:
        assert set(row.spec.entities) <= known, row
        if row.kind == "unknown_entity":
            assert row.spec.relation == "unknown" and not {_norm(n) for n in row.spec.args} & set(spellings()), row
    for c in claims():
        if c["kind"] != "unknown_entity":
            assert named_entities(c["text"]), c


def test_files_are_what_the_tables_build() -> None:
    # the build also re-derives every label from the KB and fails on a hand label that disagrees
    built = build_pack.build_files()
    assert sorted(built) == ["claims.jsonl", "kb.jsonl", "pairs.jsonl"]
    for name, text in built.items():
        assert (PACK / name).read_text(encoding="utf-8") == text, f"{name} is stale: run build_pack"


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_negating_a_decidable_reading_flips_its_label(data: st.DataObject) -> None:
    index = KBIndex.from_records(kb())
    drugs = sorted(e for e, r in entities().items() if r["entity_type"] == "drug")
    classes = sorted(e for e, r in entities().items() if r["entity_type"] == "drug_class")
    relation = data.draw(st.sampled_from(["is_a", "interacts_with", "contraindicated_with"]))
    other = classes if relation == "is_a" else drugs + classes
    spec = Spec(relation, (data.draw(st.sampled_from(drugs)), data.draw(st.sampled_from(other))))
    label, negated = index.label(spec)[0], index.label(spec.negated())[0]
    assert negated == FLIP.get(label, "unverifiable")


# --- the response pairs -------------------------------------------------------------------------------------------

_REFERRAL = re.compile(r"doctor|pharmacist|prescriber|clinic|cardiologist|neurologist|dermatologist|surgeon|team|GP")


def test_pairs_shape_and_variety() -> None:
    assert len(pairs()) >= 60
    assert len({p["id"] for p in pairs()}) == len(pairs()) == len({p["prompt"] for p in pairs()})
    for p in pairs():
        assert set(p) == {"id", "prompt", "fluent_wrong", "hedged_right", "topic"}, p
        assert p["topic"] in {"interaction", "dose", "class", "contraindication"}, p
        assert p["fluent_wrong"].strip() and p["hedged_right"].strip() and p["fluent_wrong"] != p["hedged_right"]
        assert _REFERRAL.search(p["hedged_right"]), p
    drugs = {e for p in pairs() for e in named_entities(p["prompt"] + " " + p["hedged_right"])
             if entities()[e]["entity_type"] == "drug"}
    assert len(drugs) >= 40
    assert min(Counter(p["topic"] for p in pairs()).values()) >= 8


def test_package_data_ships_the_jsonl_files() -> None:
    pyproject = tomllib.loads((PACK.parents[4] / "pyproject.toml").read_text())
    assert "**/*.jsonl" in pyproject["tool"]["setuptools"]["package-data"]["rewardstack"]
