"""Content-addressed result cache in one SQLite file.

Key = SHA-256 of (source identity: name, kind, version, full config) and the
sample's content (everything but its id). Only ``ok`` and ``abstain`` Scores
are stored: errors and timeouts may be transient and are retried next time.

Several processes may share one file: WAL journaling plus a busy timeout make
concurrent writers wait instead of corrupting it. A file that is not a valid
database is moved aside (``*.corrupt-<time>``), reported once as a warning,
and rebuilt empty: a broken cache costs recomputation, never a failed run.

>>> import tempfile, pathlib
>>> cache = ResultCache(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
>>> cache.get_many(["k"])
{}
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from rewardstack.core.score import Score, Status

__all__ = ["ResultCache", "cache_key", "default_cache_path"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, score TEXT NOT NULL, created REAL NOT NULL)"
_CACHEABLE = {Status.OK, Status.ABSTAIN}
_CHUNK = 500  # SQLite's host-parameter limit is 999 on older builds


def default_cache_path() -> Path:
    """``$REWARDSTACK_CACHE_DIR/results.sqlite``, else the user cache dir."""
    root = os.environ.get("REWARDSTACK_CACHE_DIR") or platformdirs.user_cache_dir("rewardstack")
    return Path(root) / "results.sqlite"


def cache_key(source_identity: str, sample_key: str) -> str:
    return hashlib.sha256(f"{source_identity}\x00{sample_key}".encode()).hexdigest()


class ResultCache:
    """Thread-safe (one connection behind a lock) and multi-process-safe (WAL)."""

    def __init__(self, path: str | Path | None = None, *, timeout_s: float = 30.0):
        self.path = Path(path) if path is not None else default_cache_path()
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = self._open_or_rebuild()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout_s, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(_SCHEMA)
        conn.execute("SELECT count(*) FROM scores LIMIT 1").fetchone()
        return conn

    def _open_or_rebuild(self) -> sqlite3.Connection:
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            return self._rebuild(exc)

    def _rebuild(self, exc: sqlite3.DatabaseError) -> sqlite3.Connection:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(self.path) + suffix)
            if part.exists():
                part.replace(Path(str(aside) + suffix))
        warnings.warn(
            f"result cache {self.path} was unreadable ({exc}); moved it to {aside} and started an empty one",
            RuntimeWarning,
            stacklevel=3,
        )
        return self._open()

    def get_many(self, keys: Iterable[str]) -> dict[str, Score]:
        keys = list(keys)
        found: dict[str, Score] = {}
        with self._lock:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._execute(f"SELECT key, score FROM scores WHERE key IN ({marks})", chunk)
                for key, payload in rows:
                    found[key] = Score.model_validate_json(payload)
            self.hits += len(found)
            self.misses += len(keys) - len(found)
        return found

    def put_many(self, items: Iterable[tuple[str, Score]]) -> int:
        rows = [(k, s.model_dump_json(), time.time()) for k, s in items if s.status in _CACHEABLE]
        if not rows:
            return 0
        with self._lock:
            self._execute_many("INSERT OR REPLACE INTO scores VALUES (?, ?, ?)", rows)
        return len(rows)

    def __len__(self) -> int:
        with self._lock:
            return int(self._execute("SELECT count(*) FROM scores", [])[0][0])

    def _execute(self, sql: str, params: list[str]) -> list[tuple[str, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            self._conn.close()
            self._conn = self._rebuild(exc)
            return self._conn.execute(sql, params).fetchall()

    def _execute_many(self, sql: str, rows: list[tuple[str, str, float]]) -> None:
        try:
            with self._conn:  # one transaction per batch
                self._conn.execute("BEGIN")
                self._conn.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            self._conn.close()
            self._conn = self._rebuild(exc)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
