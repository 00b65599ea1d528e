"""Built-in domain packs (``packs/<name>/``) and resolving a ``kb:`` value to a usable KB file.

A pack is a folder with ``kb.jsonl`` (the KB import file), ``patterns.yaml``
(its extraction rules), and its labelled ``claims.jsonl`` / ``pairs.jsonl``.
A KB named like a pack imports itself on first use into the KB folder, and
again whenever the packaged ``kb.jsonl`` changes (its SHA-256 is kept in the
KB's meta). A KB of that name that someone imported from their own file is
left alone. Two processes starting at once import it once: the second waits
for the first's transaction, then finds the KB current and writes nothing.

>>> "medicine" in builtin_packs()
True
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from rewardstack.core.errors import SourceError
from rewardstack.verifiers.facts.importer import Embeddings, KbImportError, import_kb
from rewardstack.verifiers.facts.location import is_kb_name, kb_path
from rewardstack.verifiers.facts.rules import PACKS_DIR
from rewardstack.verifiers.facts.sqlite import connect, read_meta

__all__ = ["KB_FILE", "builtin_packs", "ensure_kb", "kb_fix", "pack_dir", "pack_file"]

KB_FILE = "kb.jsonl"


def builtin_packs() -> list[str]:
    """Names of the packs shipped with rewardstack (folders with a ``kb.jsonl`` or ``patterns.yaml``)."""
    return sorted(p.name for p in PACKS_DIR.iterdir()
                  if p.is_dir() and ((p / KB_FILE).is_file() or (p / "patterns.yaml").is_file()))


def pack_dir(name: str) -> Path | None:
    """The folder of a built-in pack, or None."""
    folder = PACKS_DIR / name
    return folder if is_kb_name(name) and folder.is_dir() else None


def pack_file(name: str, file: str) -> Path:
    """A file of a built-in pack (``claims.jsonl``...); SourceError naming it if it is not there."""
    folder = pack_dir(name)
    path = (folder or PACKS_DIR / name) / file
    if not path.is_file():
        raise SourceError(f"built-in pack {name!r} has no {file} ({path})")
    return path


def kb_fix(kb: str) -> str:
    """How to get a working KB for ``kb`` (appended to setup errors)."""
    path = kb_path(kb)
    if is_kb_name(kb) and pack_dir(kb) is not None:
        return (f"Remove it (rm {path}*): the built-in pack {kb!r} is imported again on next use.")
    if is_kb_name(kb):
        return (f"Import it: rewardstack kb import FILE.jsonl --kb {kb} (KB folder: {path.parent}; "
                "set REWARDSTACK_KB_DIR to use another).")
    return f"Import it: rewardstack kb import FILE.jsonl --kb {path}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _current(path: Path, origin: str, sha: str) -> bool:
    """True when the KB at ``path`` needs no (re-)import: up to date, or not the pack's to replace."""
    if not path.exists():
        return False
    try:
        conn = connect(path, create=False)
    except sqlite3.Error:  # unreadable: the KnowledgeBase reports it, with the fix
        return True
    try:
        meta = read_meta(conn)
    except sqlite3.Error:  # a corrupt file: the KnowledgeBase reports it, with the fix
        return True
    finally:
        conn.close()
    if not meta:
        return False  # an empty file left by a crash before the first import committed
    return meta.get("origin") != origin or meta.get("source_sha256") == sha


def ensure_kb(kb: str, *, embeddings: Embeddings = "auto") -> Path:
    """The KB file for ``kb`` (a name or a path), importing a built-in pack first when needed."""
    path = kb_path(kb)
    folder = pack_dir(kb) if is_kb_name(kb) else None
    source = folder / KB_FILE if folder is not None else None
    if source is None or not source.is_file():
        return path
    origin, sha = f"pack:{kb}", _sha256(source)
    if _current(path, origin, sha):
        return path
    try:
        import_kb([source], path, name=kb, origin=origin, embeddings=embeddings,
                  skip_if=lambda meta: bool(meta) and (meta.get("origin") != origin
                                                       or meta.get("source_sha256") == sha))
    except KbImportError as exc:
        raise SourceError(f"the built-in pack {kb!r} ({source}) does not import: {exc}") from exc
    return path
