"""``rewardstack kb import|list|show`` on real files, in-process (the same app and arguments as a user's command)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.support.inprocess import rewardstack
from tests.verifiers.facts.fixture_pack import records, write_jsonl


def kb(kb_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return rewardstack("kb", *args, env={"REWARDSTACK_KB_DIR": str(kb_dir)})


def test_import_list_show_and_reimport(tmp_path: Path) -> None:
    folder = tmp_path / "kbs"
    source = write_jsonl(tmp_path / "meds.jsonl", records())
    first = kb(folder, "import", source, "--kb", "meds", "--embeddings", "off")
    assert first.returncode == 0, first.stderr
    assert "into 'meds' version 1" in first.stdout and str(folder / "meds.sqlite") in first.stdout
    again = kb(folder, "import", source, "--kb", "meds", "--embeddings", "off")
    assert again.returncode == 0 and "version 2" in again.stdout

    listed = [json.loads(line) for line in kb(folder, "list", "--json").stdout.splitlines()]
    meds = next(row for row in listed if row["name"] == "meds")
    assert (meds["version"], meds["facts"], meds["origin"]) == (2, len([r for r in records() if r["type"] == "fact"]),
                                                                 "file")
    assert any(row["name"] == "medicine" and "imported on first use" in row["problem"] for row in listed)

    shown = kb(folder, "show", "meds", "Coumadin")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("warfarin (warfarin, drug)")
    assert "warfarin interacts_with nsaid (effect: bleeding; severity: major)  [fixture reference: warfarin+nsaid]" \
        in shown.stdout
    as_json = json.loads(kb(folder, "show", "meds", "ibuprofen", "--json").stdout)
    assert as_json["classes"] == ["nsaid"] and "Advil" in as_json["aliases"]
    assert as_json["facts_about"] == []  # "warfarin interacts_with nsaid" points at the class, not at ibuprofen
    assert any(f["relation"] == "max_daily_dose" for f in as_json["facts"])


def test_bad_input_lists_every_bad_line_and_imports_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "kbs"
    good = write_jsonl(tmp_path / "good.jsonl", records())
    assert kb(folder, "import", good, "--kb", "meds", "--embeddings", "off").returncode == 0
    rows = records()
    rows[3] = {**rows[3], "id": "Not Snake"}
    rows.append({"type": "fact", "subject": "warfarin", "relation": "max_daily_dose", "value": 10, "unit": "pills",
                 "citation": "x"})
    bad = write_jsonl(tmp_path / "bad.jsonl", rows)
    result = kb(folder, "import", bad, "--kb", "meds", "--embeddings", "off")
    assert result.returncode == 2
    assert f"{bad}:4: id: 'Not Snake' is not a lowercase snake_case id" in result.stderr
    assert f"{bad}:{len(rows)}: unit 'pills': pint does not know 'pills'" in result.stderr
    assert "2 problem(s); nothing was imported" in result.stderr and "Traceback" not in result.stderr
    listed = [json.loads(line) for line in kb(folder, "list", "--json").stdout.splitlines()]
    assert next(row for row in listed if row["name"] == "meds")["version"] == 1


def test_usage_errors_exit_2_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "kbs"
    missing = kb(folder, "import", tmp_path / "nope.jsonl", "--kb", "meds")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert kb(folder, "import", tmp_path / "x.jsonl", "--kb", "meds", "--format", "xml").returncode == 2
    unknown_kb = kb(folder, "show", "nothing", "aspirin")
    assert unknown_kb.returncode == 2 and "rewardstack kb import FILE.jsonl --kb nothing" in unknown_kb.stderr
    write_jsonl(tmp_path / "meds.jsonl", records())
    kb(folder, "import", tmp_path / "meds.jsonl", "--kb", "meds", "--embeddings", "off")
    typo = kb(folder, "show", "meds", "Coumadn")
    assert typo.returncode == 2 and "did you mean 'coumadin'" in typo.stderr
