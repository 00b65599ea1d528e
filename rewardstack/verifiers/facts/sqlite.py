"""SQLite connections to a KB file: WAL, autocommit (transactions are explicit), a generous busy wait.

>>> import pathlib, tempfile
>>> conn = connect(pathlib.Path(tempfile.mkdtemp()) / "kb.sqlite")
>>> conn.execute("PRAGMA journal_mode").fetchone()[0]
'wal'
>>> read_meta(conn)
{}
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_S", "connect", "read_meta"]

# an import of 1,000,000 facts holds the write lock for about a minute; a second writer waits for it
BUSY_TIMEOUT_S = 600.0


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode (``BEGIN`` ... ``COMMIT`` written out) with WAL switched on.

    ``create=False`` refuses to create a missing file (``sqlite3.OperationalError``).
    """
    if create:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
    else:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints, never corrupt
    return conn


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The KB's meta table as a dict (empty before the first import)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
        return {}
    return dict(conn.execute("SELECT key, value FROM meta"))
