"""An outcome log in an SQLite table, read-only, one query per batch, fingerprinted by its bytes.

Decisions (measured on the shared 2-core development machine, 1,000,000 outcomes in a 49 MiB
file; ``benchmarks/perf/outcome_signals.py``):

- **One query per batch**: ``... WHERE key IN (SELECT value FROM json_each(?))`` takes every
  join id of the batch as one JSON parameter, so no batch size hits SQLite's host-parameter
  limit and the plan is an index search per id (``SEARCH ... USING INDEX``); 1,024 ids in
  8-25 ms. Without an index on the join column every call scans the table (8.6x fewer
  samples/s at 1,024 per call, and it grows with the log); the constructor warns
  with the ``CREATE INDEX`` statement that fixes it (the source opens the file read-only and
  never writes to someone else's database).
- **Fingerprint = SHA-256 of the file bytes** (database, ``-wal`` and ``-journal``): equal
  bytes are equal content, so the cache can never serve a stale outcome, and an unchanged log
  gives the same fingerprint in every process (cache hits across runs). Hashing takes
  0.05-0.1 s for 49 MiB; hashing the rows instead (``group_concat(quote(...))``) took 2.0 s. A
  write to another table of the same file, or a checkpoint that folds the WAL into the file,
  changes the bytes but not the outcomes: a cache miss, never a wrong hit. Keep the outcome
  log in its own file when the rest of the database is busy.
- **Hash only after a change**: ``PRAGMA data_version`` (it moves whenever another connection
  commits, in any process) plus the files' inode, size and mtime are checked first, ~12 us.
  If they move while the bytes are hashed, that fingerprint is a one-off random value (the
  bytes may be torn), and the next call hashes again.
- A file replaced under the same path (a new inode) is reopened; a deleted one makes the
  batch an ``error`` (never ``abstain``, which would be cached as "no outcome").
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from rewardstack.core.errors import SourceError
from rewardstack.rewards.outcomes.config import SqliteLogConfig
from rewardstack.rewards.outcomes.log import LogRow, LogUnavailable, join_key

__all__ = ["SqliteOutcomeLog"]

_BUSY_TIMEOUT_S = 10.0  # a rollback-journal writer holds an exclusive lock while it commits
_CHUNK = 1 << 20
_SIDE_FILES = ("-wal", "-journal")
Stat = tuple[int, int, int, int] | None


def _q(name: str) -> str:
    """An SQL identifier, quoted (names come from the config, never spliced raw)."""
    return '"' + name.replace('"', '""') + '"'


def _stat(path: str) -> Stat:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _key_forms(keys: Sequence[str | int]) -> list[str | int]:
    """Each id as text, and also as an integer where it is one: a TEXT or INTEGER column converts
    one into the other, but a column declared without a type compares 42 and '42' as different."""
    texts = sorted({k for k in map(join_key, keys) if k is not None})
    numbers: list[str | int] = [int(t) for t in texts if t.lstrip("-").isdigit() and str(int(t)) == t]
    return [*texts, *numbers]


class SqliteOutcomeLog:
    """Rows of ``table`` by join key, from a read-only connection (thread-safe)."""

    ref_label = "rowid"

    def __init__(self, config: SqliteLogConfig):
        self.config = config
        self.path = Path(config.path)
        self._lock = threading.Lock()
        self._conn, self._inode = self._open_checked()
        c = config
        self._sql = (f"SELECT rowid, {_q(c.key_column)}, {_q(c.outcome_column)}, {_q(c.time_column)} "
                     f"FROM {_q(c.table)} WHERE {_q(c.key_column)} IN (SELECT value FROM json_each(?)) "
                     "ORDER BY rowid")
        self._signature: tuple[object, ...] | None = None
        self._fingerprint = ""
        if not self._has_key_index():
            warnings.warn(
                f"outcome log {self.path}: table {c.table!r} has no index on {c.key_column!r}, so every score "
                f"call scans the whole table. Create one: CREATE INDEX IF NOT EXISTS "
                f"{_q(c.table + '_' + c.key_column)} ON {_q(c.table)}({_q(c.key_column)});",
                stacklevel=3,
            )

    # --- opening and checking -----------------------------------------------------
    def _open_checked(self) -> tuple[sqlite3.Connection, tuple[int, int]]:
        path = self.path
        if not path.exists():
            raise SourceError(
                f"outcome log {path} does not exist. Point log.path at the SQLite file the deployment "
                f"writes outcomes to, or create it: sqlite3 {path} "
                f"'CREATE TABLE {self.config.table} ({self.config.key_column} TEXT, {self.config.outcome_column} "
                f"TEXT, {self.config.time_column}); CREATE INDEX {self.config.table}_key ON "
                f"{self.config.table}({self.config.key_column});'"
            )
        if not path.is_file():
            raise SourceError(f"outcome log {path} is not a file; give the path of an SQLite database file")
        st = os.stat(path)
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=_BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            raise SourceError(f"outcome log {path} cannot be opened ({exc}); check its permissions") from None
        try:
            self._check_schema(conn)
        except (SourceError, sqlite3.Error) as exc:
            conn.close()
            if isinstance(exc, SourceError):
                raise
            raise SourceError(f"outcome log {path} cannot be read ({exc})") from None
        return conn, (st.st_dev, st.st_ino)

    def _check_schema(self, conn: sqlite3.Connection) -> None:
        c = self.config
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        except sqlite3.DatabaseError as exc:
            raise SourceError(f"outcome log {self.path} is not a readable SQLite database ({exc}); "
                              "log.kind sqlite needs an SQLite file (use kind: jsonl for a JSONL log)") from None
        if c.table not in tables:
            raise SourceError(
                f"outcome log {self.path} has no table {c.table!r} (tables: {sorted(tables) or 'none'}). "
                f"Set log.table to the outcome table, or create it: CREATE TABLE {c.table} "
                f"({c.key_column} TEXT, {c.outcome_column} TEXT, {c.time_column})"
            )
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({_q(c.table)})")]
        wanted = {"log.key_column": c.key_column, "log.outcome_column": c.outcome_column,
                  "log.time_column": c.time_column}
        missing = [f"{field}={name!r}" for field, name in wanted.items() if name not in columns]
        if missing:
            raise SourceError(f"outcome log {self.path}, table {c.table!r}: no column for {', '.join(missing)} "
                              f"(columns: {columns}); set those fields to the table's column names")
        try:
            conn.execute(f"SELECT rowid FROM {_q(c.table)} LIMIT 0")
        except sqlite3.OperationalError:
            raise SourceError(f"outcome log {self.path}: table {c.table!r} has no rowid (WITHOUT ROWID); "
                              "malformed rows are reported by rowid, so use an ordinary table") from None

    def _has_key_index(self) -> bool:
        table = _q(self.config.table)
        for row in self._conn.execute(f"PRAGMA index_list({table})"):
            first = self._conn.execute(f"PRAGMA index_info({_q(row[1])})").fetchone()
            if first is not None and first[2] == self.config.key_column:
                return True
        return False

    def _current(self) -> sqlite3.Connection:
        """The connection, reopened when the path now names another file (replaced, restored)."""
        st = _stat(str(self.path))
        if st is None:
            raise LogUnavailable(f"outcome log {self.path} no longer exists")
        if (st[0], st[1]) != self._inode:
            try:
                conn, inode = self._open_checked()
            except (SourceError, sqlite3.Error, OSError) as exc:
                raise LogUnavailable(str(exc)) from None
            self._conn.close()
            self._conn, self._inode, self._signature = conn, inode, None
        return self._conn

    # --- the state ------------------------------------------------------------------
    def _signature_now(self, conn: sqlite3.Connection) -> tuple[object, ...]:
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        base = str(self.path)
        return (version, _stat(base), *(_stat(base + suffix) for suffix in _SIDE_FILES))

    def _hash_files(self) -> str:
        digest = hashlib.sha256()
        for suffix in ("", *_SIDE_FILES):
            try:
                with open(str(self.path) + suffix, "rb") as handle:
                    digest.update(suffix.encode() + b"\x00")
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
            except FileNotFoundError:
                continue
        return digest.hexdigest()

    def fingerprint(self) -> str:
        with self._lock:
            try:
                conn = self._current()
                before = self._signature_now(conn)
                if before == self._signature:
                    return self._fingerprint
                digest = self._hash_files()
                after = self._signature_now(conn)
            except (LogUnavailable, sqlite3.Error, OSError):
                return f"sqlite-unreadable:{uuid.uuid4().hex}"  # the batch errors; nothing is cached
            if after != before:  # written while hashed: these bytes may be torn
                return f"sqlite-volatile:{uuid.uuid4().hex}"
            self._signature, self._fingerprint = before, f"sqlite:{digest}"
            return self._fingerprint

    def fetch(self, keys: Sequence[str | int]) -> dict[str, list[LogRow]]:
        with self._lock:
            try:
                rows = self._current().execute(self._sql, (json.dumps(_key_forms(keys)),)).fetchall()
            except sqlite3.Error as exc:
                raise LogUnavailable(f"outcome log {self.path}: {type(exc).__name__}: {exc}") from None
        found: dict[str, list[LogRow]] = {}
        for rowid, key, outcome, time in rows:
            text = join_key(key)
            if text is not None:
                found.setdefault(text, []).append((rowid, outcome, time))
        return found

    def problems(self) -> list[str]:
        # rows whose join id is NULL belong to no sample and are never read; the rest are
        # reported with the sample they belong to
        return []

    def close(self) -> None:
        with self._lock:
            self._conn.close()
