"""``rewardstack kb ...``: import, list and inspect the knowledge bases of the ``kb_facts`` source.

    rewardstack kb import kb.jsonl --kb mykb            # JSONL or CSV; again = a new version
    rewardstack kb import entities.csv facts.csv --kb mykb
    rewardstack kb list
    rewardstack kb show medicine Tylenol                # an entity by id, name or alias

Exit codes: 0 done; 1 a run-time failure (the disk, a locked file); 2 bad
input: every bad line is listed as ``file:line: key: message`` and nothing is
imported.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from rewardstack.core.errors import ConfigError, RewardStackError, SourceError
from rewardstack.verifiers.facts.importer import KbImportError, import_kb
from rewardstack.verifiers.facts.location import is_kb_name, kb_dir, kb_path
from rewardstack.verifiers.facts.packs_io import builtin_packs, ensure_kb, kb_fix
from rewardstack.verifiers.facts.schema import normalise
from rewardstack.verifiers.facts.store import Fact, KnowledgeBase

__all__ = ["kb_app"]

kb_app = typer.Typer(help="Knowledge bases of the kb_facts source: import, list, show.", no_args_is_help=True,
                     add_completion=False)
_err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never wrap them
_out = Console(soft_wrap=True)


@kb_app.callback()
def _group() -> None:
    """Knowledge bases of the kb_facts source (docs/facts.md). KB folder: $REWARDSTACK_KB_DIR or the user data dir."""


def _fail(message: str, code: int) -> NoReturn:
    _err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def _lines() -> Iterator[Any]:
    if not _err.is_terminal:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.completed:,} lines"), TimeElapsedColumn(), console=_err,
                  transient=True) as bar:
        task = bar.add_task("import", total=None)
        yield lambda n: bar.advance(task, n)


_IMPORT_EPILOG = """Examples:

  rewardstack kb import my_kb.jsonl --kb mykb

  rewardstack kb import entities.csv facts.csv --kb mykb --embeddings off

  rewardstack kb import kb.jsonl --kb ./kbs/test.sqlite

Lines: {"type": "entity", "id", "name", "entity_type", "aliases"} and {"type": "fact", "subject",
"relation", "object" | "value" + "unit", "tolerance"?, "qualifiers"?, "citation"} (docs/facts.md).
Exit codes: 0 imported; 1 run-time failure; 2 bad input (every bad line listed, nothing imported).
"""


@kb_app.command("import", epilog=_IMPORT_EPILOG)
def import_command(
    files: list[Path] = typer.Argument(..., help="JSONL or CSV import files, imported together in one transaction."),
    kb: str = typer.Option(..., "--kb", help="KB name (stored in the KB folder) or a path to a .sqlite file."),
    fmt: str = typer.Option("auto", "--format", help="auto (by suffix), jsonl or csv."),
    embeddings: str = typer.Option("auto", "--embeddings",
                                   help="Alias vectors for linking: auto (if the encoder loads), on, off."),
) -> None:
    """Replace a KB's content with FILES (validated, one transaction, version + 1)."""
    if fmt not in ("auto", "jsonl", "csv"):
        _fail(f"--format {fmt!r}: use auto, jsonl or csv", 2)
    if embeddings not in ("auto", "on", "off"):
        _fail(f"--embeddings {embeddings!r}: use auto, on or off", 2)
    path = kb_path(kb)
    name = kb if is_kb_name(kb) else path.stem
    try:
        with _lines() as advance:
            result = import_kb(files, path, name=name, fmt=fmt,  # type: ignore[arg-type]
                               embeddings=embeddings, progress=advance)  # type: ignore[arg-type]
    except KbImportError as exc:
        _err.print(escape("\n".join(exc.problems)), highlight=False, markup=False)
        more = f" (first {len(exc.problems)} shown)" if exc.total > len(exc.problems) else ""
        _fail(f"{exc.total} problem(s){more}; nothing was imported, {path} is unchanged", 2)
    except ConfigError as exc:
        _fail(str(exc), 2)
    except (sqlite3.Error, OSError) as exc:
        _fail(f"{path}: {exc}", 1)
    assert result is not None
    for note in result.notes:
        _err.print(f"[yellow]note:[/yellow] {escape(note)}", highlight=False)
    _out.print(f"imported {result.entities:,} entities ({result.aliases:,} names), {result.facts:,} facts into "
               f"{name!r} version {result.version} (content {result.content_hash[:16]}) at {path} in "
               f"{result.seconds:.1f} s", highlight=False, markup=False)


def _meta_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    folder = kb_dir()
    for path in sorted(folder.glob("*.sqlite")) if folder.is_dir() else []:
        try:
            kb = KnowledgeBase(path)
        except SourceError as exc:
            rows.append({"name": path.stem, "path": str(path), "problem": str(exc)})
            continue
        meta = kb.meta()
        kb.close()
        rows.append({"name": meta.name, "version": meta.version, "entities": meta.entities, "facts": meta.facts,
                     "origin": meta.origin, "imported_at": meta.imported_at, "content_hash": meta.content_hash,
                     "path": str(path)})
    present = {r["name"] for r in rows}
    rows += [{"name": p, "origin": f"pack:{p}", "path": str(kb_path(p)), "problem": "built-in pack, imported on "
              "first use"} for p in builtin_packs() if p not in present]
    return rows


@kb_app.command("list", epilog="Examples:\n\n  rewardstack kb list\n\n  rewardstack kb list --json")
def list_command(as_json: bool = typer.Option(False, "--json", help="One JSON object per KB.")) -> None:
    """Every KB in the KB folder (and the built-in packs not imported yet)."""
    rows = _meta_rows()
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row))
        return
    table = Table(title=f"knowledge bases ({kb_dir()})")
    for column in ("name", "version", "entities", "facts", "origin", "imported"):
        table.add_column(column, no_wrap=True)
    table.add_column("note", overflow="fold")
    for row in rows:
        table.add_row(row["name"], str(row.get("version", "-")), f"{row.get('entities', 0):,}",
                      f"{row.get('facts', 0):,}", row.get("origin", ""), row.get("imported_at", "-"),
                      escape(row.get("problem", "")))
    _out.print(table)


def _find_entity(kb: KnowledgeBase, text: str) -> str:
    with kb.snapshot() as snapshot:
        index = snapshot.index
        if text in index.entities:
            return text
        hits = index.aliases.get(normalise(text), ())
        entities = sorted({h[0] for h in hits})
        if len(entities) == 1:
            return entities[0]
        if entities:
            _fail(f"{text!r} names several entities: {', '.join(entities)}; give the id", 2)
        from rapidfuzz import process

        close = process.extract(normalise(text), list(index.aliases), limit=3, score_cutoff=60)
        hint = f"; did you mean {', '.join(repr(c[0]) for c in close)}?" if close else ""
        _fail(f"no entity {text!r} in KB {index.meta.name!r}{hint}", 2)


def _fact_line(fact: Fact) -> str:
    return f"{fact.statement}  [{fact.citation}]  ({fact.origin})"


def _show(kb: KnowledgeBase, entity: str) -> dict[str, Any]:
    with kb.snapshot() as snapshot:
        index = snapshot.index
        name, entity_type = index.entities[entity]
        aliases = sorted({alias for hits in index.aliases.values() for e, alias, kind in hits
                          if e == entity and kind == "alias"})
        as_subject = snapshot.conn.execute("SELECT DISTINCT relation FROM facts WHERE subject = ?", (entity,))
        facts = [f for (relation,) in as_subject for f in snapshot.facts(entity, relation)]
        rows = snapshot.conn.execute("SELECT subject, relation FROM facts WHERE object = ? GROUP BY subject, relation",
                                     (entity,))
        pointing = [f for subject, relation in rows for f in snapshot.facts(subject, relation) if f.object == entity]
        classes = sorted(index.ancestors(entity) - {entity})
    return {"id": entity, "name": name, "entity_type": entity_type, "aliases": aliases, "classes": classes,
            "facts": [f.as_dict() for f in facts], "facts_about": [f.as_dict() for f in pointing],
            "_lines": [_fact_line(f) for f in facts], "_about": [_fact_line(f) for f in pointing]}


@kb_app.command("show", epilog="Examples:\n\n  rewardstack kb show medicine warfarin\n\n"
                               "  rewardstack kb show medicine Tylenol --json")
def show_command(
    name: str = typer.Argument(..., help="KB name or path."),
    entity: str = typer.Argument(..., help="Entity id, name or alias (case-insensitive)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
) -> None:
    """An entity: names, classes, its facts and the facts that point at it, with citations."""
    try:
        kb = KnowledgeBase(ensure_kb(name), fix=kb_fix(name))
    except RewardStackError as exc:
        _fail(str(exc), 2)
    try:
        shown = _show(kb, _find_entity(kb, entity))
    finally:
        kb.close()
    if as_json:
        typer.echo(json.dumps({k: v for k, v in shown.items() if not k.startswith("_")}))
        return
    out = _out.print
    out(f"{shown['name']} ({shown['id']}, {shown['entity_type']})", highlight=False, markup=False)
    out(f"  names: {', '.join(shown['aliases']) or '-'}", highlight=False, markup=False)
    out(f"  classes: {', '.join(shown['classes']) or '-'}", highlight=False, markup=False)
    for title, lines in (("facts", shown["_lines"]), ("facts about it", shown["_about"])):
        out(f"  {title} ({len(lines)}):", highlight=False, markup=False)
        for line in lines:
            out(f"    {line}", highlight=False, markup=False)
