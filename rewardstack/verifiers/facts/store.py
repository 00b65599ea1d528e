"""Reading a KB: consistent snapshots, facts by subject and relation, the class hierarchy, the alias index.

:meth:`KnowledgeBase.snapshot` opens a read transaction: everything read inside
it (the version, the aliases, every fact) comes from one version of the KB,
even while ``kb import`` replaces it (WAL). The verifier checks a whole batch
inside one snapshot.

What does not change within a version is loaded into memory once per version
and shared by all threads (:class:`KbIndex`): entities, aliases, ``is_a``
edges, the alias vectors. Facts stay in SQLite (indexed: a lookup is a b-tree
search at any size) behind a small per-version cache. A new version (an
import while the source runs) is noticed at the next snapshot and indexed
then.

Connections are per thread (sqlite3 objects must not cross threads);
:meth:`KnowledgeBase.close` closes them all.

>>> import json, pathlib, tempfile
>>> from rewardstack.verifiers.facts.importer import import_kb
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> src = folder / "kb.jsonl"
>>> _ = src.write_text("\\n".join(json.dumps(r) for r in [
...     {"type": "entity", "id": "nsaid", "name": "NSAID", "entity_type": "drug_class"},
...     {"type": "entity", "id": "ibuprofen", "name": "ibuprofen", "entity_type": "drug", "aliases": ["Advil"]},
...     {"type": "fact", "subject": "ibuprofen", "relation": "is_a", "object": "nsaid", "citation": "BNF"}]))
>>> _ = import_kb([src], folder / "demo.sqlite", name="demo", embeddings="off")
>>> kb = KnowledgeBase(folder / "demo.sqlite")
>>> with kb.snapshot() as snap:
...     snap.index.aliases["advil"], sorted(snap.index.ancestors("ibuprofen"))
((('ibuprofen', 'Advil', 'alias'),), ['ibuprofen', 'nsaid'])
>>> kb.close()
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.core.errors import SourceError
from rewardstack.verifiers.facts.embeddings import VectorIndex
from rewardstack.verifiers.facts.schema import FORMAT
from rewardstack.verifiers.facts.sqlite import connect, read_meta

__all__ = ["Fact", "KbIndex", "KbMeta", "KnowledgeBase", "Snapshot"]

_FACT_COLUMNS = "id, subject, relation, object, value, unit, tolerance, qualifiers, citation, origin"
_CACHE_LIMIT = 65_536  # (subject, relation) lookups remembered per version


@dataclass(frozen=True)
class Fact:
    """One fact of the KB, with its citation and the import line it came from (``origin``)."""

    id: int
    subject: str
    relation: str
    object: str | None
    value: float | None
    unit: str | None
    tolerance: float
    qualifiers: dict[str, str]
    citation: str
    origin: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Fact:
        return cls(row[0], row[1], row[2], row[3], row[4], row[5], row[6], json.loads(row[7]), row[8], row[9])

    @property
    def statement(self) -> str:
        """``warfarin interacts_with nsaid (effect: bleeding)`` / ``acetaminophen max_daily_dose 4 g/day``."""
        target = self.object if self.object is not None else f"{self.value:g} {self.unit}"
        quals = "; ".join(f"{k}: {v}" for k, v in sorted(self.qualifiers.items()))
        return f"{self.subject} {self.relation} {target}" + (f" ({quals})" if quals else "")

    def as_dict(self) -> dict[str, Any]:
        """What ``details.claims[i].fact`` shows."""
        out: dict[str, Any] = {"statement": self.statement, "subject": self.subject, "relation": self.relation}
        if self.object is not None:
            out["object"] = self.object
        else:
            out.update(value=self.value, unit=self.unit, tolerance=self.tolerance)
        out.update(qualifiers=self.qualifiers, citation=self.citation, origin=self.origin)
        return out


@dataclass(frozen=True)
class KbMeta:
    """Name, version and content hash (the source's fingerprint), counts, where it came from."""

    name: str
    version: int
    content_hash: str
    entities: int
    facts: int
    origin: str
    source_sha256: str
    encoder: str
    encoder_fingerprint: str
    imported_at: str

    @classmethod
    def from_dict(cls, meta: dict[str, str]) -> KbMeta:
        return cls(name=meta["name"], version=int(meta["version"]), content_hash=meta["content_hash"],
                   entities=int(meta.get("entities", "0")), facts=int(meta.get("facts", "0")),
                   origin=meta.get("origin", ""), source_sha256=meta.get("source_sha256", ""),
                   encoder=meta.get("encoder", ""), encoder_fingerprint=meta.get("encoder_fingerprint", ""),
                   imported_at=meta.get("imported_at", ""))

    @property
    def fingerprint(self) -> str:
        return f"{self.name}@{self.version}:{self.content_hash[:16]}"


@dataclass
class KbIndex:
    """The in-memory part of one KB version: entities, aliases, ``is_a`` edges, alias vectors."""

    meta: KbMeta
    entities: dict[str, tuple[str, str]]  # id -> (name, entity_type)
    aliases: dict[str, tuple[tuple[str, str, str], ...]]  # norm -> ((entity id, alias, kind), ...)
    parents: dict[str, tuple[str, ...]]  # is_a edges
    vectors: VectorIndex | None
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    _facts: dict[tuple[str, str], tuple[Fact, ...]] = field(default_factory=dict)
    _between: dict[tuple[frozenset[str], str, frozenset[str]], tuple[Fact, ...]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ancestors(self, entity: str) -> frozenset[str]:
        """``entity`` and every class above it through ``is_a`` (transitively)."""
        found = self._ancestors.get(entity)
        if found is None:
            seen, todo = {entity}, [entity]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self._ancestors[entity] = frozenset(seen)
        return found

    def entity_type(self, entity: str) -> str:
        return self.entities.get(entity, ("", ""))[1]

    def name(self, entity: str) -> str:
        return self.entities.get(entity, (entity, ""))[0]


def _load_index(conn: sqlite3.Connection, meta: KbMeta) -> KbIndex:
    entities = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, name, entity_type FROM entities")}
    grouped: dict[str, list[tuple[str, str, str]]] = {}
    for norm, entity, alias, kind in conn.execute("SELECT norm, entity_id, alias, kind FROM aliases"):
        grouped.setdefault(norm, []).append((entity, alias, kind))
    parents: dict[str, list[str]] = {}
    for subject, obj in conn.execute("SELECT subject, object FROM facts WHERE relation = 'is_a'"):
        parents.setdefault(subject, []).append(obj)
    keys, blobs = [], []
    for norm, blob in conn.execute("SELECT norm, vector FROM embeddings ORDER BY norm"):
        keys.append(norm)
        blobs.append(np.frombuffer(blob, dtype=np.float32))
    vectors = VectorIndex(keys, np.stack(blobs)) if blobs else None
    return KbIndex(meta=meta, entities=entities, aliases={k: tuple(v) for k, v in grouped.items()},
                   parents={k: tuple(v) for k, v in parents.items()}, vectors=vectors)


class Snapshot:
    """Reads inside one read transaction (one KB version)."""

    def __init__(self, conn: sqlite3.Connection, index: KbIndex):
        self.conn, self.index = conn, index

    @property
    def meta(self) -> KbMeta:
        return self.index.meta

    def facts(self, subject: str, relation: str) -> tuple[Fact, ...]:
        """Facts ``subject relation *`` (cached per version)."""
        key = (subject, relation)
        found = self.index._facts.get(key)
        if found is None:
            rows = self.conn.execute(f"SELECT {_FACT_COLUMNS} FROM facts WHERE subject = ? AND relation = ? "
                                     "ORDER BY id", key)
            found = tuple(Fact.from_row(r) for r in rows)
            with self.index._lock:
                if len(self.index._facts) >= _CACHE_LIMIT:
                    self.index._facts.clear()
                self.index._facts[key] = found
        return found

    def facts_between(self, left: frozenset[str], relation: str, right: frozenset[str]) -> list[Fact]:
        """Facts ``a relation b`` or ``b relation a`` with ``a`` in ``left`` and ``b`` in ``right``.

        One indexed query per direction (``subject IN ... AND relation = ... AND object IN ...``): a class
        with thousands of facts costs the few that match, not all of them.
        """
        key = (left, relation, right)
        found = self.index._between.get(key)
        if found is None:
            rows: list[tuple[Any, ...]] = []
            for subjects, objects in ((left, right), (right, left)):
                marks_s, marks_o = ",".join("?" * len(subjects)), ",".join("?" * len(objects))
                rows += self.conn.execute(
                    f"SELECT {_FACT_COLUMNS} FROM facts WHERE relation = ? AND subject IN ({marks_s}) "
                    f"AND object IN ({marks_o})", (relation, *sorted(subjects), *sorted(objects))).fetchall()
            unique = {row[0]: Fact.from_row(row) for row in rows}
            found = tuple(unique[k] for k in sorted(unique))
            with self.index._lock:
                if len(self.index._between) >= _CACHE_LIMIT:
                    self.index._between.clear()
                self.index._between[key] = found
        return list(found)


class KnowledgeBase:
    """A KB file opened for reading; :class:`~rewardstack.core.errors.SourceError` if it is missing or broken.

    ``fix`` is appended to every setup error (how to get a working file, e.g. the import command).
    """

    def __init__(self, path: Path, *, fix: str = ""):
        self.path = Path(path)
        self._fix = fix
        if not self.path.is_file():
            raise SourceError(f"knowledge base file {self.path} does not exist. {fix}".strip())
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._index: KbIndex | None = None
        self._closed = False
        self.meta()  # fail at construction, not on the first sample

    def _broken(self, why: str) -> SourceError:
        return SourceError(f"knowledge base file {self.path} is not a usable rewardstack KB ({why}). "
                           f"{self._fix}".strip())

    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise SourceError(f"knowledge base {self.path} was closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = connect(self.path, create=False)
            except sqlite3.Error as exc:
                raise self._broken(str(exc)) from exc
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _read_meta(self, conn: sqlite3.Connection) -> KbMeta:
        try:
            raw = read_meta(conn)
        except sqlite3.DatabaseError as exc:
            raise self._broken(str(exc)) from exc
        if raw.get("format") != FORMAT:
            raise self._broken("no KB meta: it was never imported, or it is another program's database")
        try:
            return KbMeta.from_dict(raw)
        except (KeyError, ValueError) as exc:
            raise self._broken(f"meta is incomplete: {exc}") from exc

    def meta(self) -> KbMeta:
        """The current version's meta (its own short read)."""
        return self._read_meta(self._conn())

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """A read transaction: one KB version for everything read inside (module docstring)."""
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            meta = self._read_meta(conn)  # the first read fixes the snapshot
            index = self._index
            if index is None or index.meta != meta:
                try:
                    index = _load_index(conn, meta)
                except sqlite3.DatabaseError as exc:
                    raise self._broken(str(exc)) from exc
                self._index = index
            yield Snapshot(conn, index)
        finally:
            conn.execute("COMMIT")

    def close(self) -> None:
        """Close every thread's connection (idempotent)."""
        self._closed = True
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
