"""The KB store: versions, content hash, atomic imports, readers during an import, broken files."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from rewardstack.core.errors import ConfigError, SourceError
from rewardstack.core.sample import Sample
from rewardstack.verifiers.facts.importer import KbImportError, import_kb
from rewardstack.verifiers.facts.source import KbFactsSource
from rewardstack.verifiers.facts.store import KnowledgeBase
from tests.verifiers.facts.fixture_pack import records, write_jsonl


def _kb_lines(n_facts: int, tag: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"type": "entity", "id": f"e{i}", "name": f"entity {i}", "entity_type": "drug"}
                                  for i in range(100)]
    rows += [{"type": "fact", "subject": f"e{i % 100}", "relation": "max_daily_dose", "value": i, "unit": "mg/day",
              "citation": tag} for i in range(n_facts)]
    return rows


def _state(conn: sqlite3.Connection) -> tuple[str, dict[str, int]]:
    """(version, citation -> count) read in one transaction."""
    conn.execute("BEGIN")
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
        counts = dict(conn.execute("SELECT citation, count(*) FROM facts GROUP BY citation"))
    finally:
        conn.execute("COMMIT")
    return version, counts


def test_reimport_bumps_the_version_and_hash_ignores_line_order(tmp_path: Path) -> None:
    rows = records()
    first = import_kb([write_jsonl(tmp_path / "a.jsonl", rows)], tmp_path / "kb.sqlite", name="kb", embeddings="off")
    again = import_kb([write_jsonl(tmp_path / "b.jsonl", rows[::-1])], tmp_path / "kb.sqlite", name="kb",
                      embeddings="off")
    assert first is not None and again is not None
    assert (first.version, again.version) == (1, 2)
    assert first.content_hash == again.content_hash
    changed = import_kb([write_jsonl(tmp_path / "c.jsonl", rows[:-1])], tmp_path / "kb.sqlite", name="kb",
                        embeddings="off")
    assert changed is not None and changed.version == 3 and changed.content_hash != first.content_hash


def test_failed_reimport_leaves_the_old_version_whole(tmp_path: Path) -> None:
    target = tmp_path / "kb.sqlite"
    import_kb([write_jsonl(tmp_path / "v1.jsonl", _kb_lines(500, "v1"))], target, name="kb", embeddings="off")
    bad = _kb_lines(900, "v2") + [{"type": "fact", "subject": "nobody", "relation": "r", "object": "e1",
                                   "citation": "x"}]
    with pytest.raises(KbImportError, match="no entity has id 'nobody'"):
        import_kb([write_jsonl(tmp_path / "v2.jsonl", bad)], target, name="kb", embeddings="off")
    conn = sqlite3.connect(target)
    assert _state(conn) == ("1", {"v1": 500})
    conn.close()


def test_readers_see_the_old_version_until_the_import_commits(tmp_path: Path) -> None:
    target = tmp_path / "kb.sqlite"
    import_kb([write_jsonl(tmp_path / "v1.jsonl", _kb_lines(20_000, "v1"))], target, name="kb", embeddings="off")
    reader = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    seen_during: list[tuple[str, dict[str, int]]] = []
    stop = threading.Event()
    seen_by_thread: list[tuple[str, dict[str, int]]] = []

    def keep_reading() -> None:
        conn = sqlite3.connect(target, isolation_level=None)
        while not stop.is_set():
            seen_by_thread.append(_state(conn))
        conn.close()

    thread = threading.Thread(target=keep_reading)
    thread.start()
    try:
        # the progress hook runs inside the import's transaction, after every 10,000 lines
        import_kb([write_jsonl(tmp_path / "v2.jsonl", _kb_lines(30_000, "v2"))], target, name="kb",
                  embeddings="off", progress=lambda n: seen_during.append(_state(reader)))
        seen_after = _state(reader)
    finally:
        stop.set()
        thread.join()
    assert seen_during and all(state == ("1", {"v1": 20_000}) for state in seen_during)
    assert seen_after == ("2", {"v2": 30_000})
    assert seen_by_thread and set(map(str, seen_by_thread)) <= {str(("1", {"v1": 20_000})), str(seen_after)}
    reader.close()


def test_source_scores_against_one_version_while_an_import_runs(fixture_kb: Path, tmp_path: Path) -> None:
    source = KbFactsSource(kb="fixture", patterns="medicine", linking={"embeddings": "off"})
    sample = Sample(id="1", prompt="", response="Warfarin interacts with ibuprofen.")
    before = source.fingerprint()
    rows = [r for r in records() if not (r.get("relation") == "interacts_with" and r.get("subject") == "warfarin")]
    rows += [{"type": "entity", "id": f"filler{i}", "name": f"filler {i}", "entity_type": "drug"}
             for i in range(20_000)]
    during: list[str] = []

    def score_now(_: int) -> None:
        during.append(source.score([sample])[0].details["claims"][0]["verdict"])

    import_kb([write_jsonl(tmp_path / "v2.jsonl", rows)], fixture_kb, name="fixture", embeddings="off",
              progress=score_now)
    after = source.score([sample])[0].details["claims"][0]["verdict"]
    assert during and set(during) == {"supported"}  # the old version, whole
    assert after == "unverifiable"  # the new version no longer lists that interaction
    assert source.fingerprint() != before
    assert source.notes() == ["KB 'fixture' changed during the run (versions [1, 2]); each batch used one"]
    source.close()


def test_missing_kb_is_a_setup_error_naming_the_file_and_the_fix(kb_dir: Path) -> None:
    with pytest.raises(SourceError) as info:
        KbFactsSource(kb="nowhere", patterns="medicine")
    message = str(info.value)
    assert str(kb_dir / "nowhere.sqlite") in message and "rewardstack kb import FILE.jsonl --kb nowhere" in message


@pytest.mark.parametrize("content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\x00" * 50])
def test_corrupt_kb_is_a_setup_error(kb_dir: Path, content: bytes) -> None:
    (kb_dir / "broken.sqlite").write_bytes(content)
    with pytest.raises(SourceError) as info:
        KbFactsSource(kb="broken", patterns="medicine")
    assert str(kb_dir / "broken.sqlite") in str(info.value) and "not a usable rewardstack KB" in str(info.value)


def test_another_programs_database_is_neither_read_nor_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "other.sqlite"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE mine (x)")
    conn.commit()
    conn.close()
    with pytest.raises(SourceError, match="no KB meta"):
        KnowledgeBase(target)
    with pytest.raises(ConfigError, match="not a rewardstack KB"):
        import_kb([write_jsonl(tmp_path / "kb.jsonl", records())], target, name="x", embeddings="off")
    assert sqlite3.connect(target).execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]


def test_lookups_use_the_indexes(fixture_kb: Path) -> None:
    kb = KnowledgeBase(fixture_kb)
    with kb.snapshot() as snap:
        plans = [" ".join(str(r[-1]) for r in snap.conn.execute(f"EXPLAIN QUERY PLAN {q}", args)) for q, args in (
            ("SELECT * FROM facts WHERE subject = ? AND relation = ?", ("a", "b")),
            ("SELECT * FROM facts WHERE object = ? AND relation = ?", ("a", "b")),
            ("SELECT * FROM aliases WHERE norm = ?", ("a",)))]
    kb.close()
    assert "facts_sro" in plans[0] and "facts_ors" in plans[1] and "PRIMARY KEY" in plans[2]


def test_meta_records_where_the_kb_came_from(fixture_kb: Path) -> None:
    kb = KnowledgeBase(fixture_kb)
    meta = kb.meta()
    kb.close()
    assert (meta.name, meta.version, meta.origin, meta.encoder) == ("fixture", 1, "file", "")
    assert meta.fingerprint.startswith("fixture@1:")
    assert json.loads(sqlite3.connect(fixture_kb).execute(
        "SELECT value FROM meta WHERE key = 'source_files'").fetchone()[0])[0].endswith("fixture.jsonl")
