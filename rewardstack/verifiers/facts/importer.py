"""``kb import``: replace a KB's content with one or more files, in one transaction.

Steps, all inside one ``BEGIN IMMEDIATE`` transaction on the KB file (WAL mode):

1. delete the old content; stream every line of every file, validating it and
   inserting it (records go in batches, so a 1,000,000-fact file never sits
   in memory);
2. check what only the whole file can tell: duplicate entity ids, facts about
   unknown entities (entities may come after the facts that use them), cycles
   in ``is_a``;
3. embed the aliases (the linking index) unless told not to;
4. hash the content (sorted, so line order does not matter) and write the meta:
   ``version`` = the old version + 1.

Any problem rolls everything back: readers never saw the transaction, the
old version stays as it was, a KB file created by a failed import is removed.
Problems are collected, not stopped at, so one run lists every bad line
(:class:`KbImportError`, ``file:line: message``; the first 50 are kept).

>>> import json, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> src = folder / "kb.jsonl"
>>> _ = src.write_text("\\n".join(json.dumps(r) for r in [
...     {"type": "entity", "id": "aspirin", "name": "aspirin", "entity_type": "drug"},
...     {"type": "fact", "subject": "aspirin", "relation": "max_daily_dose", "value": 4, "unit": "g/day",
...      "citation": "example"}]))
>>> result = import_kb([src], folder / "demo.sqlite", name="demo", embeddings="off")
>>> result.version, result.entities, result.facts
(1, 1, 1)
>>> import_kb([src], folder / "demo.sqlite", name="demo", embeddings="off").version
2
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from rewardstack.core.errors import ConfigError
from rewardstack.verifiers.facts.embeddings import DEFAULT_ENCODER, Encoder, EncoderUnavailable, encoder_fingerprint
from rewardstack.verifiers.facts.records import EntityRecord, FactRecord, Parsed, read_records
from rewardstack.verifiers.facts.schema import FORMAT, FORMAT_VERSION, create_schema, normalise
from rewardstack.verifiers.facts.sqlite import connect, read_meta

__all__ = ["ImportResult", "KbImportError", "import_kb"]

MAX_PROBLEMS = 50
_BATCH = 5000
Embeddings = Literal["auto", "on", "off"]


class KbImportError(ConfigError):
    """The import files have problems; nothing was imported. ``problems``: ``file:line: message`` strings."""

    def __init__(self, problems: Sequence[str], total: int):
        self.problems = list(problems)
        self.total = total
        more = f"\n... and {total - len(problems)} more" if total > len(problems) else ""
        super().__init__(f"{total} problem(s); nothing was imported:\n" + "\n".join(problems) + more)


@dataclass
class ImportResult:
    """What an import wrote."""

    name: str
    path: Path
    version: int
    content_hash: str
    entities: int
    aliases: int
    facts: int
    embedded: int
    seconds: float
    notes: list[str] = field(default_factory=list)


class _Problems:
    def __init__(self) -> None:
        self.kept: list[str] = []
        self.total = 0

    def add(self, where: str, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(f"{where}: {message}")


class _Writer:
    """Buffers rows and inserts them in batches inside the import transaction."""

    def __init__(self, conn: sqlite3.Connection, problems: _Problems):
        self.conn, self.problems = conn, problems
        self.entity_lines: dict[str, str] = {}
        self.entities: list[tuple[str, str, str, str]] = []
        self.aliases: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        self.facts: list[tuple[object, ...]] = []
        self.counts = {"entities": 0, "facts": 0}

    def add(self, parsed: Parsed) -> None:
        record = parsed.record
        if isinstance(record, EntityRecord):
            self._entity(record, parsed.where)
        elif isinstance(record, FactRecord):
            self.facts.append((record.subject, record.relation, record.object, record.value, record.unit,
                               record.tolerance, json.dumps(record.qualifiers, sort_keys=True), record.citation,
                               parsed.where))
            self.counts["facts"] += 1
            if len(self.facts) >= _BATCH:
                self.flush()

    def _entity(self, record: EntityRecord, where: str) -> None:
        first = self.entity_lines.get(record.id)
        if first is not None:
            self.problems.add(where, f"id: entity {record.id!r} is already defined at {first}")
            return
        self.entity_lines[record.id] = where
        self.entities.append((record.id, record.name, record.entity_type, where))
        self.counts["entities"] += 1
        names = [(record.id.replace("_", " "), "id"), (record.name, "name"), *((a, "alias") for a in record.aliases)]
        for alias, kind in names:
            norm = normalise(alias)
            if norm and (norm, record.id) not in self.aliases:
                self.aliases[(norm, record.id)] = (norm, record.id, alias, kind)
        if len(self.entities) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO entities VALUES (?, ?, ?, ?)", self.entities)
        self.conn.executemany("INSERT INTO facts (subject, relation, object, value, unit, tolerance, qualifiers, "
                              "citation, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.facts)
        self.entities, self.facts = [], []

    def flush_aliases(self) -> int:
        self.conn.executemany("INSERT INTO aliases VALUES (?, ?, ?, ?)", self.aliases.values())
        return len(self.aliases)


def _check_references(conn: sqlite3.Connection, problems: _Problems) -> None:
    for column in ("subject", "object"):
        rows = conn.execute(f"SELECT f.origin, f.{column} FROM facts f LEFT JOIN entities e ON e.id = f.{column} "
                            f"WHERE f.{column} IS NOT NULL AND e.id IS NULL ORDER BY f.id LIMIT {MAX_PROBLEMS}")
        for origin, missing in rows:
            problems.add(origin, f"{column}: no entity has id {missing!r} (add an entity line for it, or fix the id)")


def _check_is_a_cycles(conn: sqlite3.Connection, problems: _Problems) -> None:
    parents: dict[str, list[tuple[str, str]]] = {}
    for subject, obj, origin in conn.execute("SELECT subject, object, origin FROM facts WHERE relation = 'is_a'"):
        parents.setdefault(subject, []).append((obj, origin))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in parents:
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, index = stack.pop()
            if index == 0:
                if state.get(node) == 2:
                    continue
                state[node] = 1
            edges = parents.get(node, [])
            if index < len(edges):
                stack.append((node, index + 1))
                child, origin = edges[index]
                if state.get(child) == 1:
                    problems.add(origin, f"is_a: {node!r} is_a {child!r} closes a cycle (a class cannot contain "
                                         "itself)")
                elif state.get(child) != 2:
                    stack.append((child, 0))
            else:
                state[node] = 2


def _content_hash(conn: sqlite3.Connection) -> str:
    digest = hashlib.sha256()
    queries = (
        "SELECT id, name, entity_type FROM entities ORDER BY id",
        "SELECT entity_id, alias, kind FROM aliases ORDER BY entity_id, norm",
        "SELECT subject, relation, object, value, unit, tolerance, qualifiers, citation FROM facts "
        "ORDER BY subject, relation, object, value, unit, qualifiers, citation, tolerance",
    )
    for query in queries:
        for row in conn.execute(query):
            digest.update(json.dumps(row, separators=(",", ":")).encode() + b"\n")
        digest.update(b"\x00")
    return digest.hexdigest()


def _embed(conn: sqlite3.Connection, mode: Embeddings, notes: list[str]) -> tuple[int, str, str]:
    """Embed every distinct normalised alias; returns (count, encoder name, encoder fingerprint)."""
    if mode == "off":
        return 0, "", ""
    norms = [row[0] for row in conn.execute("SELECT DISTINCT norm FROM aliases ORDER BY norm")]
    try:
        encoder = Encoder(DEFAULT_ENCODER)
        vectors = np.concatenate([encoder.embed(norms[i:i + 256]) for i in range(0, len(norms), 256)]) \
            if norms else np.zeros((0, 0), dtype=np.float32)
        fingerprint = encoder_fingerprint(DEFAULT_ENCODER)
    except EncoderUnavailable as exc:
        if mode == "on":
            raise ConfigError(f"--embeddings on, but {exc}; install the `models` extra or import with "
                              "--embeddings off") from exc
        notes.append(f"no embedding index ({exc}); linking uses aliases only")
        return 0, "", ""
    conn.executemany("INSERT INTO embeddings VALUES (?, ?)",
                     ((norm, vectors[i].astype(np.float32).tobytes()) for i, norm in enumerate(norms)))
    return len(norms), DEFAULT_ENCODER, fingerprint


def _file_sha256(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _replace_content(conn: sqlite3.Connection, paths: Sequence[Path], fmt: Literal["auto", "jsonl", "csv"],
                     progress: Callable[[int], None] | None) -> tuple[_Writer, _Problems]:
    problems = _Problems()
    for table in ("facts", "aliases", "entities", "embeddings"):
        conn.execute(f"DELETE FROM {table}")
    writer = _Writer(conn, problems)
    for path in paths:
        for count, parsed in enumerate(read_records(path, fmt), start=1):
            if parsed.problem is not None:
                problems.add(parsed.where, parsed.problem)
            elif problems.total == 0:  # after the first problem only validate: the transaction is lost anyway
                writer.add(parsed)
            if progress is not None and count % 10_000 == 0:
                progress(10_000)
    writer.flush()
    if problems.total == 0:
        _check_references(conn, problems)
        _check_is_a_cycles(conn, problems)
    return writer, problems


def import_kb(paths: Sequence[Path], kb_file: Path, *, name: str, fmt: Literal["auto", "jsonl", "csv"] = "auto",
              embeddings: Embeddings = "auto", origin: str = "file",
              skip_if: Callable[[dict[str, str]], bool] | None = None,
              progress: Callable[[int], None] | None = None) -> ImportResult | None:
    """Replace the content of the KB at ``kb_file`` with ``paths`` (module docstring).

    ``skip_if(meta)`` is asked inside the transaction, before anything changes: when it
    says yes nothing is written and ``None`` is returned (a built-in pack that another
    process imported meanwhile). Raises :class:`KbImportError` for bad input.
    """
    start = time.perf_counter()
    for path in paths:
        if not path.is_file():
            raise ConfigError(f"{path}: no such file (give a JSONL or CSV import file)")
    created = not kb_file.exists()
    kb_file.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(kb_file)
    done = False  # try/finally, not `except BaseException`: Ctrl-C must roll back too
    try:
        _refuse_foreign(conn, kb_file)
        create_schema(conn)
        conn.execute("BEGIN IMMEDIATE")  # one writer at a time; readers go on seeing the old version
        old = read_meta(conn)
        if skip_if is not None and skip_if(old):
            conn.execute("ROLLBACK")
            done = True
            return None
        writer, problems = _replace_content(conn, paths, fmt, progress)
        if problems.total:
            raise KbImportError(problems.kept, problems.total)
        result = _finish(conn, writer, old, name=name, kb_file=kb_file, paths=paths, origin=origin,
                         embeddings=embeddings)
        conn.execute("COMMIT")
        done = True
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        if not done and conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        if not done and created:  # a failed first import leaves no file behind
            for suffix in ("", "-wal", "-shm"):
                Path(f"{kb_file}{suffix}").unlink(missing_ok=True)
    result.seconds = time.perf_counter() - start
    return result


def _refuse_foreign(conn: sqlite3.Connection, kb_file: Path) -> None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "meta" not in tables:
        raise ConfigError(f"{kb_file} is an SQLite database but not a rewardstack KB; choose another --kb name "
                          "or path (it was left untouched)")


def _finish(conn: sqlite3.Connection, writer: _Writer, old: dict[str, str], *, name: str, kb_file: Path,
            paths: Sequence[Path], origin: str, embeddings: Embeddings) -> ImportResult:
    aliases = writer.flush_aliases()
    notes: list[str] = []
    embedded, encoder, encoder_fp = _embed(conn, embeddings, notes)
    content_hash = _content_hash(conn)
    version = int(old.get("version", "0")) + 1
    meta = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "name": name, "version": str(version),
        "content_hash": content_hash, "imported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "source_files": json.dumps([str(p) for p in paths]), "source_sha256": _file_sha256(paths),
        "origin": origin, "entities": str(writer.counts["entities"]), "facts": str(writer.counts["facts"]),
        "aliases": str(aliases), "encoder": encoder, "encoder_fingerprint": encoder_fp,
    }
    conn.execute("DELETE FROM meta")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    return ImportResult(name=name, path=kb_file, version=version, content_hash=content_hash,
                        entities=writer.counts["entities"], aliases=aliases, facts=writer.counts["facts"],
                        embedded=embedded, seconds=0.0, notes=notes)
