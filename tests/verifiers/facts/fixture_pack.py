"""A small fixture KB (the medicine pack's shape, a few dozen facts) and helpers to import it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rewardstack.verifiers.facts.importer import import_kb

CITE = "fixture reference"

ENTITIES: list[tuple[str, str, list[str]]] = [
    # drugs
    ("acetaminophen", "drug", ["paracetamol", "Tylenol", "Panadol", "APAP"]),
    ("ibuprofen", "drug", ["Advil", "Motrin", "Nurofen"]),
    ("naproxen", "drug", ["Aleve"]),
    ("aspirin", "drug", ["acetylsalicylic acid", "ASA"]),
    ("warfarin", "drug", ["Coumadin"]),
    ("sertraline", "drug", ["Zoloft"]),
    ("fluoxetine", "drug", ["Prozac"]),
    ("phenelzine", "drug", ["Nardil"]),
    ("sildenafil", "drug", ["Viagra"]),
    ("nitroglycerin", "drug", ["glyceryl trinitrate", "GTN"]),
    ("lithium", "drug", []),
    ("metoprolol", "drug", ["Lopressor"]),
    ("lisinopril", "drug", ["Zestril"]),
    ("spironolactone", "drug", ["Aldactone"]),
    ("simvastatin", "drug", ["Zocor"]),
    ("atorvastatin", "drug", ["Lipitor"]),
    ("clarithromycin", "drug", ["Biaxin"]),
    ("methotrexate", "drug", ["MTX"]),
    ("trimethoprim", "drug", []),
    ("amoxicillin", "drug", ["Amoxil"]),
    # classes
    ("nsaid", "drug_class", ["NSAID", "NSAIDs", "non-steroidal anti-inflammatory drug"]),
    ("ssri", "drug_class", ["SSRI", "SSRIs", "selective serotonin reuptake inhibitor"]),
    ("maoi", "drug_class", ["MAOI", "MAOIs", "monoamine oxidase inhibitor"]),
    ("antidepressant", "drug_class", ["antidepressants"]),
    ("nitrate", "drug_class", ["nitrates"]),
    ("beta_blocker", "drug_class", ["beta blocker", "beta-blockers"]),
    ("ace_inhibitor", "drug_class", ["ACE inhibitor", "ACE inhibitors"]),
    ("statin", "drug_class", ["statins"]),
    ("penicillin_antibiotic", "drug_class", ["penicillin antibiotic", "penicillin"]),
    ("potassium_sparing_diuretic", "drug_class", ["potassium-sparing diuretic", "potassium-sparing diuretics"]),
    # conditions
    ("peptic_ulcer", "condition", ["stomach ulcer", "stomach ulcers", "peptic ulcers"]),
    ("liver_disease", "condition", ["liver disease"]),
]

CLASSES = [("ibuprofen", "nsaid"), ("naproxen", "nsaid"), ("sertraline", "ssri"), ("fluoxetine", "ssri"),
           ("ssri", "antidepressant"), ("maoi", "antidepressant"), ("phenelzine", "maoi"),
           ("nitroglycerin", "nitrate"), ("metoprolol", "beta_blocker"), ("lisinopril", "ace_inhibitor"),
           ("spironolactone", "potassium_sparing_diuretic"), ("simvastatin", "statin"), ("atorvastatin", "statin"),
           ("amoxicillin", "penicillin_antibiotic")]

INTERACTIONS = [("warfarin", "nsaid", "bleeding"), ("warfarin", "aspirin", "bleeding"),
                ("sildenafil", "nitrate", "severe hypotension"), ("ssri", "maoi", "serotonin syndrome"),
                ("simvastatin", "clarithromycin", "myopathy"), ("lithium", "nsaid", "lithium toxicity"),
                ("methotrexate", "trimethoprim", "bone-marrow toxicity"),
                ("ace_inhibitor", "potassium_sparing_diuretic", "hyperkalaemia")]

CONTRAINDICATIONS = [("nsaid", "peptic_ulcer"), ("sildenafil", "nitrate"), ("acetaminophen", "liver_disease")]

ADULT_OTC = {"population": "healthy adults", "availability": "otc", "route": "oral"}
ADULT_RX = {"population": "adults", "availability": "prescription", "route": "oral"}
DOSES: list[tuple[str, str, float, str, dict[str, str]]] = [
    ("acetaminophen", "max_daily_dose", 4, "g/day", ADULT_OTC),
    ("acetaminophen", "max_single_dose", 1, "g", ADULT_OTC),
    ("acetaminophen", "max_daily_dose", 75, "mg/kg/day", {"population": "children under 12", "availability": "otc"}),
    ("ibuprofen", "max_daily_dose", 1200, "mg/day", ADULT_OTC),
    ("ibuprofen", "max_daily_dose", 3200, "mg/day", ADULT_RX),
    ("ibuprofen", "max_single_dose", 400, "mg", ADULT_OTC),
    ("ibuprofen", "max_single_dose", 800, "mg", ADULT_RX),
    ("sertraline", "max_daily_dose", 200, "mg/day", ADULT_RX),
    ("naproxen", "max_daily_dose", 660, "mg/day", ADULT_OTC),
]


def records() -> list[dict[str, Any]]:
    """Every line of the fixture KB, entities first."""
    rows: list[dict[str, Any]] = [{"type": "entity", "id": e, "name": e.replace("_", " "), "entity_type": t,
                                   "aliases": a} for e, t, a in ENTITIES]
    rows += [{"type": "fact", "subject": s, "relation": "is_a", "object": o, "citation": CITE} for s, o in CLASSES]
    rows += [{"type": "fact", "subject": s, "relation": "interacts_with", "object": o,
              "qualifiers": {"effect": effect, "severity": "major"}, "citation": f"{CITE}: {s}+{o}"}
             for s, o, effect in INTERACTIONS]
    rows += [{"type": "fact", "subject": s, "relation": "contraindicated_with", "object": o, "citation": CITE}
             for s, o in CONTRAINDICATIONS]
    rows += [{"type": "fact", "subject": s, "relation": r, "value": v, "unit": u, "qualifiers": q,
              "citation": f"{CITE}: {s} {r}"} for s, r, v, u, q in DOSES]
    return rows


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def import_fixture(folder: Path, name: str = "fixture", *, embeddings: str = "off") -> Path:
    """Import the fixture KB as ``name`` into ``folder`` (the KB dir); returns the .sqlite path."""
    source = write_jsonl(folder / f"{name}.jsonl", records())
    target = folder / f"{name}.sqlite"
    import_kb([source], target, name=name, embeddings=embeddings)  # type: ignore[arg-type]
    return target
