"""Content-addressed result cache in one SQLite file.

Key = SHA-256 of (source identity: name, kind, version, full config) and the
sample's content (everything but its id). Only ``ok`` and ``abstain`` Scores
are stored: errors and timeouts may be transient and are retried next time.

Several processes may share one file: WAL journaling plus a busy timeout make
concurrent writers wait instead of corrupting it.

What a broken cache costs (recomputation, never a failed run, never someone else's file):

- the path is a directory, a file that is not an SQLite database, or an SQLite
  database with other tables than ours: :class:`ConfigError` at construction.
  Such a path is not ours to move or write into;
- an SQLite file (or an empty file) whose content is corrupt: moved aside
  (``*.corrupt-<time>``), reported once as a warning, and rebuilt empty;
- a cache that cannot be opened or written (read-only file or folder, full
  disk, locked past the busy timeout): one warning, then the cache is off
  for the rest of the run (:attr:`ResultCache.disabled` says why) and every
  lookup is a miss.

>>> import tempfile, pathlib
>>> cache = ResultCache(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
>>> cache.get_many(["k"])
{}
>>> ResultCache(tempfile.mkdtemp())
Traceback (most recent call last):
...
rewardstack.core.errors.ConfigError: result cache ... is a directory; give a file path (e.g. .../results.sqlite)
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
import time
import warnings
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import platformdirs

from rewardstack.core.errors import ConfigError
from rewardstack.core.score import Score, Status

__all__ = ["ResultCache", "cache_key", "default_cache_path"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, score TEXT NOT NULL, created REAL NOT NULL)"
_CACHEABLE = {Status.OK, Status.ABSTAIN}
_CHUNK = 500  # SQLite's host-parameter limit is 999 on older builds
_SQLITE_MAGIC = b"SQLite format 3\x00"
_T = TypeVar("_T")


def default_cache_path() -> Path:
    """``$REWARDSTACK_CACHE_DIR/results.sqlite``, else the user cache dir."""
    root = os.environ.get("REWARDSTACK_CACHE_DIR") or platformdirs.user_cache_dir("rewardstack")
    return Path(root) / "results.sqlite"


def cache_key(source_identity: str, sample_key: str) -> str:
    return hashlib.sha256(f"{source_identity}\x00{sample_key}".encode()).hexdigest()


def _is_corrupt(exc: sqlite3.Error) -> bool:
    # SQLITE_CORRUPT and SQLITE_NOTADB surface as the bare DatabaseError; full disk, read-only,
    # locked and cannot-open are OperationalError, a closed connection is ProgrammingError
    return type(exc) is sqlite3.DatabaseError


def _select(sql: str, params: list[str]) -> Callable[[sqlite3.Connection], list[tuple[str, str]]]:
    return lambda conn: conn.execute(sql, params).fetchall()


class ResultCache:
    """Thread-safe (one connection behind a lock) and multi-process-safe (WAL)."""

    def __init__(self, path: str | Path | None = None, *, timeout_s: float = 30.0):
        self.path = Path(path) if path is not None else default_cache_path()
        self.timeout_s = timeout_s
        self.hits = 0
        self.misses = 0
        self.disabled: str | None = None  # why the cache is off, once it had to be switched off
        self._lock = threading.Lock()
        self._served: weakref.WeakValueDictionary[int, Score] = weakref.WeakValueDictionary()
        self._conn: sqlite3.Connection | None = None
        if self._check_path():
            self._conn = self._open_or_rebuild()

    # --- opening: refuse what is not ours, move aside what is ours and broken ----------
    def _check_path(self) -> bool:
        """ConfigError for a path that is not ours; False (cache off) when it cannot be used here."""
        try:
            info = self.path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return self._make_parent()
        except OSError as exc:
            return self._disable(f"cannot read it: {exc.strerror}")
        if stat.S_ISDIR(info.st_mode):
            raise ConfigError(f"result cache {self.path} is a directory; give a file path "
                              f"(e.g. {self.path / 'results.sqlite'})")
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"result cache {self.path} is not a regular file; give a file path")
        if info.st_size == 0:
            return True
        try:
            with self.path.open("rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            return self._disable(f"cannot read it: {exc.strerror}")
        if head != _SQLITE_MAGIC:
            raise ConfigError(f"result cache {self.path} exists and is not an SQLite database; rewardstack "
                              "will not overwrite or move it: give a new file path (or delete it yourself)")
        return True

    def _make_parent(self) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise ConfigError(f"result cache {self.path}: a parent of this path is a file, not a folder") from None
        except OSError as exc:
            return self._disable(f"cannot create its folder: {exc.strerror}")
        return True

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout_s, check_same_thread=False, isolation_level=None)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables - {"scores"}:
                raise ConfigError(f"result cache {self.path} is an SQLite database of something else (tables: "
                                  f"{', '.join(sorted(tables))}); give a new file path")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
            conn.execute("SELECT count(*) FROM scores LIMIT 1").fetchone()
        except (sqlite3.Error, ConfigError):
            conn.close()
            raise
        return conn

    def _open_or_rebuild(self) -> sqlite3.Connection | None:
        try:
            return self._open()
        except sqlite3.Error as exc:
            if _is_corrupt(exc):
                return self._rebuild(exc)
            self._disable(str(exc))
            return None

    def _rebuild(self, exc: sqlite3.Error) -> sqlite3.Connection | None:
        """Move a corrupt cache aside and start an empty one (only an SQLite or empty file: ours)."""
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        try:
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(self.path) + suffix)
                if part.exists():
                    part.replace(Path(str(aside) + suffix))
        except OSError as move_exc:
            self._disable(f"it is corrupt ({exc}) and could not be moved aside ({move_exc.strerror})")
            return None
        warnings.warn(
            f"result cache {self.path} was unreadable ({exc}); moved it to {aside} and started an empty one",
            RuntimeWarning,
            stacklevel=3,
        )
        try:
            return self._open()
        except sqlite3.Error as again:
            self._disable(str(again))
            return None

    def _disable(self, reason: str) -> bool:
        """Switch the cache off for good, with one warning; scoring goes on without it."""
        if self.disabled is None:
            self.disabled = reason
            warnings.warn(f"result cache {self.path} is off for this run: {reason}; scoring goes on without it",
                          RuntimeWarning, stacklevel=3)
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        return False

    # --- use --------------------------------------------------------------------
    def get_many(self, keys: Iterable[str]) -> dict[str, Score]:
        keys = list(keys)
        found: dict[str, Score] = {}
        with self._lock:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT key, score FROM scores WHERE key IN ({marks})"
                rows: list[tuple[str, str]] = self._guarded(_select(sql, chunk), [])
                for key, payload in rows:
                    score = Score.model_validate_json(payload)
                    self._served[id(score)] = score
                    found[key] = score
            self.hits += len(found)
            self.misses += len(keys) - len(found)
        return found

    def served(self, score: Score) -> bool:
        """True when ``score`` is an object this cache returned (not scored fresh in this process)."""
        return self._served.get(id(score)) is score

    def put_many(self, items: Iterable[tuple[str, Score]]) -> int:
        rows = [(k, s.model_dump_json(), time.time()) for k, s in items if s.status in _CACHEABLE]
        if not rows:
            return 0
        with self._lock:
            return self._guarded(lambda conn: self._insert(conn, rows), 0)

    @staticmethod
    def _insert(conn: sqlite3.Connection, rows: list[tuple[str, str, float]]) -> int:
        with conn:  # one transaction per batch
            conn.execute("BEGIN")
            conn.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?, ?)", rows)
        return len(rows)

    def __len__(self) -> int:
        with self._lock:
            return int(self._guarded(lambda conn: conn.execute("SELECT count(*) FROM scores").fetchone()[0], 0))

    def _guarded(self, action: Callable[[sqlite3.Connection], _T], fallback: _T) -> _T:
        """Run ``action`` on the connection (lock held); corrupt -> rebuild once; unusable -> off."""
        if self._conn is None:
            return fallback
        try:
            return action(self._conn)
        except sqlite3.Error as exc:
            if not _is_corrupt(exc):
                self._disable(str(exc))
                return fallback
            self._conn.close()
            self._conn = self._rebuild(exc)
        if self._conn is None:
            return fallback
        try:
            return action(self._conn)
        except sqlite3.Error as exc:
            self._disable(str(exc))
            return fallback

    def close(self) -> None:
        """Close the connection; later lookups miss and writes are dropped (no error)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
