"""The SQLite backend on real files: setup errors, one query per batch, index, fingerprint, a vanished file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from rewardstack.core.errors import SourceError
from rewardstack.core.score import Status
from rewardstack.rewards.outcomes import OutcomeSignalsSource
from tests.rewards.outcomes.helpers import T0, create_sqlite, insert_sqlite, make_sample


def _source(path: Path, **log: object) -> OutcomeSignalsSource:
    return OutcomeSignalsSource(log={"kind": "sqlite", "path": str(path), **log})


def _make_file(tmp_path: Path, case: str) -> Path:
    path = tmp_path / "log.sqlite"
    if case == "not sqlite":
        path.write_text('{"conversation_id": "c1"}\n')
    elif case == "a directory":
        path.mkdir()
    elif case == "without rowid":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE outcomes (conversation_id TEXT, outcome TEXT, timestamp, "
                         "PRIMARY KEY (conversation_id, timestamp)) WITHOUT ROWID")
        conn.close()
    elif case != "missing":
        create_sqlite(path)
    return path


@pytest.mark.parametrize("case, log, message", [
    ("missing", {}, r"log.sqlite does not exist\. Point log.path at .* or create it: sqlite3 .*CREATE TABLE outcomes"),
    ("not sqlite", {}, r"is not a readable SQLite database .*\(use kind: jsonl for a JSONL log\)"),
    ("a directory", {}, "is not a file"),
    ("table", {"table": "feedback"}, r"has no table 'feedback' \(tables: \['outcomes'\]\)\. Set log.table"),
    ("columns", {"key_column": "ticket", "time_column": "ts"},
     r"no column for log.key_column='ticket', log.time_column='ts' \(columns: \['conversation_id', 'outcome', "
     r"'timestamp'\]\)"),
    ("without rowid", {}, "has no rowid"),
])
def test_a_broken_log_is_a_clear_source_error(tmp_path: Path, case: str, log: dict[str, str], message: str) -> None:
    with pytest.raises(SourceError, match=message):
        _source(_make_file(tmp_path, case), **log)


def test_custom_table_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "app.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute('CREATE TABLE "user feedback" (ticket INTEGER, "kind" TEXT, at TEXT)')
        conn.execute('CREATE INDEX fb ON "user feedback"(ticket)')
        conn.execute('INSERT INTO "user feedback" VALUES (7, \'resolved\', \'2025-01-01T10:05:00Z\')')
    conn.close()
    source = _source(path, table="user feedback", key_column="ticket", outcome_column="kind", time_column="at")
    assert source.score([make_sample(7)])[0].value == 1.0


def test_a_missing_index_is_warned_about_with_the_fix(tmp_path: Path) -> None:
    path = create_sqlite(tmp_path / "log.sqlite", [("c1", "resolved", T0)], index=False)
    with pytest.warns(UserWarning, match=r'no index on .*CREATE INDEX IF NOT EXISTS "outcomes_conversation_id" '
                                         r'ON "outcomes"\("conversation_id"\)'):
        source = _source(path)
    assert source.score([make_sample("c1")])[0].value == 1.0  # slower, still right


def test_one_query_per_batch_through_the_index(tmp_path: Path) -> None:
    rows = [(f"c{i}", "resolved", T0) for i in range(300)]
    source = _source(create_sqlite(tmp_path / "log.sqlite", rows))
    statements: list[str] = []
    source._log._conn.set_trace_callback(statements.append)  # type: ignore[attr-defined]
    scores = source.score([make_sample(f"c{i}") for i in range(0, 600, 2)])
    assert [s.status for s in scores].count(Status.OK) == 150
    assert len([s for s in statements if s.startswith("SELECT rowid")]) == 1
    plan = source._log._conn.execute("EXPLAIN QUERY PLAN " + source._log._sql, ('["c1"]',)).fetchall()  # type: ignore[attr-defined]
    assert any("USING INDEX outcomes_key" in str(step) for step in plan)


def test_fingerprint_moves_with_every_change_and_only_then(tmp_path: Path) -> None:
    path = create_sqlite(tmp_path / "log.sqlite", [("c1", "resolved", T0)])
    source = _source(path)
    first = source.fingerprint()
    assert first.startswith("sqlite:") and source.fingerprint() == first
    assert _source(path).fingerprint() == first  # another process, same log: same key (cache hits across runs)
    insert_sqlite(path, [("c2", "thumbs_up", T0)])
    second = source.fingerprint()
    assert second != first
    with sqlite3.connect(path) as conn:  # an in-place correction of an old row, same row count
        conn.execute("UPDATE outcomes SET outcome = 'escalated' WHERE rowid = 1")
    conn.close()
    assert source.fingerprint() not in (first, second)


def test_a_wal_log_is_read_while_its_writer_keeps_it_open(tmp_path: Path) -> None:
    path = create_sqlite(tmp_path / "log.sqlite", wal=True)
    writer = sqlite3.connect(path)
    source = _source(path)
    before = source.fingerprint()
    with writer:
        writer.execute("INSERT INTO outcomes VALUES ('c1', 'thumbs_down', ?)", (T0,))
    assert source.fingerprint() != before
    assert source.score([make_sample("c1")])[0].value == -0.5
    writer.close()


def test_a_replaced_file_is_reopened(tmp_path: Path) -> None:
    path = create_sqlite(tmp_path / "log.sqlite", [("c1", "resolved", T0)])
    source = _source(path)
    before = source.fingerprint()
    fresh = create_sqlite(tmp_path / "new.sqlite", [("c1", "escalated", T0)])
    os.replace(fresh, path)  # a restore or an export job swapping the file in
    assert source.fingerprint() != before
    assert source.score([make_sample("c1")])[0].value == -1.0


def test_a_vanished_log_errors_every_sample_and_never_abstains(tmp_path: Path) -> None:
    path = create_sqlite(tmp_path / "log.sqlite", [("c1", "resolved", T0)])
    source = _source(path)
    path.unlink()
    fingerprints = {source.fingerprint() for _ in range(2)}
    assert len(fingerprints) == 2  # never one stable key: nothing about an unreadable log is cached
    scores = source.score([make_sample("c1"), make_sample("c2"), make_sample(None)])
    assert [s.status for s in scores] == [Status.ERROR, Status.ERROR, Status.ABSTAIN]
    assert "no longer exists" in scores[0].evidence
