"""Real outcome logs for the outcome_signals tests: an SQLite file and a JSONL file, written like a deployment would."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rewardstack import Sample

T0 = 1_735_725_600.0  # 2025-01-01T10:00:00Z: the response time of every test sample
Row = tuple[Any, Any, Any]  # (conversation id, outcome, time)


def make_sample(conversation: Any = "c1", response_time: Any = T0, **metadata: Any) -> Sample:
    meta = {"conversation_id": conversation, "response_time": response_time, **metadata}
    meta = {k: v for k, v in meta.items() if v is not None}
    return Sample(id=f"s-{conversation}", prompt="my order is late", response="it ships today", metadata=meta)


def create_sqlite(path: Path, rows: Iterable[Row] = (), *, index: bool = True, wal: bool = False) -> Path:
    with sqlite3.connect(path) as conn:
        if wal:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE outcomes (conversation_id TEXT, outcome TEXT, timestamp)")
        if index:
            conn.execute("CREATE INDEX outcomes_key ON outcomes(conversation_id)")
        conn.executemany("INSERT INTO outcomes VALUES (?, ?, ?)", list(rows))
    conn.close()
    return path


def insert_sqlite(path: Path, rows: Sequence[Row]) -> None:
    """Another writer (its own connection) appends outcomes, as the deployment does."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany("INSERT INTO outcomes VALUES (?, ?, ?)", list(rows))
    conn.close()


def jsonl_line(conversation: Any, outcome: Any, time: Any) -> str:
    return json.dumps({"conversation_id": conversation, "outcome": outcome, "timestamp": time}) + "\n"


def append_jsonl(path: Path, rows: Sequence[Row]) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("".join(jsonl_line(*row) for row in rows))


def append_rows(log: dict[str, Any], rows: Sequence[Row]) -> None:
    """Append outcomes to either backend, the way its writers do."""
    if log["kind"] == "sqlite":
        insert_sqlite(Path(log["path"]), rows)
    else:
        append_jsonl(Path(log["path"]), rows)
