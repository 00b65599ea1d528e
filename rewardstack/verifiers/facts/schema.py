"""The knowledge-base file: one SQLite database per KB, in WAL mode.

Tables::

    meta(key, value)                         name, version, content_hash, format, counts, origin, ...
    entities(id, name, entity_type)          one row per entity
    aliases(norm, entity_id, alias, kind)    every name of an entity, normalised (kind: id | name | alias)
    facts(id, subject, relation, object, value, unit, tolerance, qualifiers, citation, origin)
    embeddings(norm, vector)                 float32 unit vectors of the aliases (the linking index)

Indexes serve the three lookups the verifier makes, each a b-tree search that
stays logarithmic at 1,000,000 facts: the facts of a subject for a relation
(``facts_sro``), the facts pointing at an object (``facts_ors``: symmetric
relations are stored once and looked up from both ends), and an alias by its
normalised spelling (the ``aliases`` primary key).

WAL lets readers go on while ``kb import`` writes: a reader's transaction sees
the database as it was when it began, so a response is checked against one
version of the KB, never a mix (the importer replaces everything in one
transaction).

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> create_schema(conn)
>>> sorted(r[0] for r in conn.execute("select name from sqlite_master where type = 'table'"))
['aliases', 'embeddings', 'entities', 'facts', 'meta']
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

__all__ = ["FORMAT", "FORMAT_VERSION", "TOKEN", "create_schema", "fold", "normalise"]

FORMAT = "rewardstack-kb"
FORMAT_VERSION = "1"

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, entity_type TEXT NOT NULL, origin TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS aliases (
    norm TEXT NOT NULL, entity_id TEXT NOT NULL, alias TEXT NOT NULL, kind TEXT NOT NULL,
    PRIMARY KEY (norm, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_entity ON aliases(entity_id);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY, subject TEXT NOT NULL, relation TEXT NOT NULL, object TEXT, value REAL, unit TEXT,
    tolerance REAL NOT NULL DEFAULT 0, qualifiers TEXT NOT NULL DEFAULT '{}', citation TEXT NOT NULL,
    origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS facts_sro ON facts(subject, relation, object);
CREATE INDEX IF NOT EXISTS facts_ors ON facts(object, relation, subject) WHERE object IS NOT NULL;
CREATE TABLE IF NOT EXISTS embeddings (norm TEXT PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
"""

_NON_WORD = re.compile(r"[\W_]+")
TOKEN = re.compile(r"[^\W_]+")  # the words ``normalise`` keeps: n-grams of these are looked up as aliases


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables and indexes if they are not there (idempotent)."""
    conn.executescript(_DDL)


def normalise(text: str) -> str:
    """The spelling aliases are matched by: accents dropped, lowercase, runs of non-word characters as one space.

    >>> normalise("  Co-Trimoxazole® "), normalise("ACE_inhibitor"), normalise("Paracétamol"), normalise("µg")
    ('co trimoxazole', 'ace inhibitor', 'paracetamol', 'μg')
    """
    return _NON_WORD.sub(" ", fold(text)).strip()


def fold(text: str) -> str:
    """Lowercase without accents (NFKD, combining marks dropped); one character in, one out for ASCII.

    >>> fold("Paracétamol")
    'paracetamol'
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
