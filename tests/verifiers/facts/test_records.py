"""Import-file validation: every bad line is named with its line number and key, nothing is imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rewardstack.verifiers.facts.importer import KbImportError, import_kb
from rewardstack.verifiers.facts.records import EntityRecord, FactRecord, read_records

GOOD_ENTITY = {"type": "entity", "id": "aspirin", "name": "aspirin", "entity_type": "drug"}
GOOD_FACT = {"type": "fact", "subject": "aspirin", "relation": "max_daily_dose", "value": 4, "unit": "g/day",
             "citation": "c"}

BAD_LINES = [
    ("not json", "{oops", "not valid JSON"),
    ("not an object", "[1, 2]", "expected a JSON object"),
    ("no type", json.dumps({"id": "x"}), 'type: expected "entity" or "fact"'),
    ("id not snake case", json.dumps({**GOOD_ENTITY, "id": "Aspirin Tabs"}),
     "id: 'Aspirin Tabs' is not a lowercase snake_case id"),
    ("entity without name", json.dumps({k: v for k, v in GOOD_ENTITY.items() if k != "name"}), "name: Field required"),
    ("unknown key", json.dumps({**GOOD_ENTITY, "citaton": "x"}), "citaton: Extra inputs are not permitted"),
    ("empty alias", json.dumps({**GOOD_ENTITY, "aliases": ["ok", " "]}), "an alias is empty"),
    ("upper-case type", json.dumps({**GOOD_ENTITY, "entity_type": "Drug"}), "entity_type"),
    ("object and value", json.dumps({**GOOD_FACT, "object": "aspirin"}), 'exactly one of "object"'),
    ("neither object nor value", json.dumps({k: v for k, v in GOOD_FACT.items() if k not in ("value", "unit")}),
     'exactly one of "object"'),
    ("value without unit", json.dumps({k: v for k, v in GOOD_FACT.items() if k != "unit"}), 'needs "unit"'),
    ("unit pint cannot read", json.dumps({**GOOD_FACT, "unit": "tablets/day"}), "pint does not know 'tablets'"),
    ("boolean value", json.dumps({**GOOD_FACT, "value": True}), "value must be a number"),
    ("infinite value", '{"type": "fact", "subject": "aspirin", "relation": "r", "value": Infinity, "unit": "mg", '
                       '"citation": "c"}', "finite"),
    ("empty citation", json.dumps({**GOOD_FACT, "citation": "  "}), "citation is empty"),
    ("no citation", json.dumps({k: v for k, v in GOOD_FACT.items() if k != "citation"}), "citation: Field required"),
    ("negative tolerance", json.dumps({**GOOD_FACT, "tolerance": -0.1}), "tolerance"),
    ("qualifier not text", json.dumps({**GOOD_FACT, "qualifiers": {"population": 3}}), "qualifiers.population"),
    ("unit on an object fact", json.dumps({"type": "fact", "subject": "aspirin", "relation": "is_a",
                                           "object": "aspirin", "unit": "mg", "citation": "c"}), '"unit" belongs'),
]


@pytest.mark.parametrize(("case", "line", "expected"), BAD_LINES, ids=[c[0] for c in BAD_LINES])
def test_bad_line_is_reported_with_its_line_number(tmp_path: Path, case: str, line: str, expected: str) -> None:
    source = tmp_path / "kb.jsonl"
    source.write_text(json.dumps(GOOD_ENTITY) + "\n\n" + line + "\n")
    with pytest.raises(KbImportError) as info:
        import_kb([source], tmp_path / "kb.sqlite", name="kb", embeddings="off")
    assert info.value.total == 1
    assert info.value.problems[0].startswith(f"{source}:3: ")
    assert expected in info.value.problems[0]
    assert not (tmp_path / "kb.sqlite").exists()  # a failed first import leaves no file


def test_every_bad_line_is_listed_and_references_are_checked_at_the_end(tmp_path: Path) -> None:
    source = tmp_path / "kb.jsonl"
    lines = [
        {"type": "fact", "subject": "ibuprofen", "relation": "is_a", "object": "nsaid", "citation": "c"},  # fine later
        {"type": "entity", "id": "ibuprofen", "name": "ibuprofen", "entity_type": "drug"},
        {"type": "entity", "id": "ibuprofen", "name": "again", "entity_type": "drug"},
        {"type": "fact", "subject": "ghost", "relation": "is_a", "object": "nsaid", "citation": "c"},
        {"type": "entity", "id": "nsaid", "name": "NSAID", "entity_type": "drug_class"},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with pytest.raises(KbImportError) as info:
        import_kb([source], tmp_path / "kb.sqlite", name="kb", embeddings="off")
    assert info.value.problems == [f"{source}:3: id: entity 'ibuprofen' is already defined at {source}:2"]
    lines[2]["id"] = "naproxen"
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with pytest.raises(KbImportError) as info:
        import_kb([source], tmp_path / "kb.sqlite", name="kb", embeddings="off")
    assert info.value.problems == [f"{source}:4: subject: no entity has id 'ghost' (add an entity line for it, "
                                   "or fix the id)"]


def test_is_a_cycle_is_refused(tmp_path: Path) -> None:
    rows = [{"type": "entity", "id": i, "name": i, "entity_type": "drug_class"} for i in ("a", "b", "c")]
    rows += [{"type": "fact", "subject": s, "relation": "is_a", "object": o, "citation": "c"}
             for s, o in (("a", "b"), ("b", "c"), ("c", "a"))]
    source = tmp_path / "kb.jsonl"
    source.write_text("\n".join(json.dumps(x) for x in rows))
    with pytest.raises(KbImportError, match="closes a cycle"):
        import_kb([source], tmp_path / "kb.sqlite", name="kb", embeddings="off")


def test_problems_beyond_fifty_are_counted(tmp_path: Path) -> None:
    source = tmp_path / "kb.jsonl"
    source.write_text("{bad\n" * 120)
    with pytest.raises(KbImportError) as info:
        import_kb([source], tmp_path / "kb.sqlite", name="kb", embeddings="off")
    assert (info.value.total, len(info.value.problems)) == (120, 50)
    assert "and 70 more" in str(info.value)


def test_csv_rows_read_like_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    path.write_text(
        "type,id,name,entity_type,aliases,subject,relation,object,value,unit,qualifiers,citation\n"
        'entity,aspirin,aspirin,drug,"[""ASA""]",,,,,,,\n'
        'fact,,,,,aspirin,max_daily_dose,,4,g/day,"{""population"": ""adults""}",label\n'
        'fact,,,,,aspirin,max_daily_dose,,four,g/day,,label\n'
        'fact,,,,,aspirin,x,,,,"{not json",label\n')
    parsed = list(read_records(path))
    assert isinstance(parsed[0].record, EntityRecord) and parsed[0].record.aliases == ("ASA",)
    assert isinstance(parsed[1].record, FactRecord) and parsed[1].record.qualifiers == {"population": "adults"}
    assert (parsed[2].line, parsed[2].problem) == (4, "value: 'four' is not a number")
    assert parsed[3].line == 5 and "qualifiers: the cell is not JSON" in str(parsed[3].problem)


def test_csv_without_type_column_infers_it(tmp_path: Path) -> None:
    entities, facts = tmp_path / "entities.csv", tmp_path / "facts.csv"
    entities.write_text('id,name,entity_type,aliases\naspirin,aspirin,drug,"[""ASA""]"\n')
    facts.write_text("subject,relation,value,unit,citation\naspirin,max_daily_dose,4,g/day,label\n")
    result = import_kb([entities, facts], tmp_path / "kb.sqlite", name="kb", embeddings="off")
    assert result is not None and (result.entities, result.facts) == (1, 1)


def test_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.jsonl"
    path.write_bytes(json.dumps(GOOD_ENTITY).encode() + b"\n\xff\xfe\n")
    parsed = list(read_records(path))
    assert parsed[1].line == 2 and parsed[1].problem is not None and parsed[1].problem.startswith("not UTF-8")
