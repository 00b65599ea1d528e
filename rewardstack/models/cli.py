"""``rewardstack models ...``: list, prepare and locate the embedded models.

    rewardstack models list
    rewardstack models fetch                       # every embedded model
    rewardstack models fetch tiny-lm tiny-encoder
    rewardstack models path smollm2-135m-instruct

Exit codes: 0 done, 1 a model could not be prepared (download failed, extra
missing), 2 an unknown model name (the message lists the embedded ones).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from rewardstack.core.errors import ModelNotFound, ModelUnavailable
from rewardstack.models.fetch import ModelProgress, fetch_models
from rewardstack.models.resolve import ModelStatus, model_status, resolve_model
from rewardstack.models.specs import EMBEDDED_MODELS
from rewardstack.models.store import model_dir

__all__ = ["models_app"]

models_app = typer.Typer(help="Embedded default models: list, fetch, path.", no_args_is_help=True,
                         add_completion=False)
_err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never wrap them
_out = Console(soft_wrap=True)


@models_app.callback()
def _group() -> None:
    """Embedded default models (see docs/models.md). Model cache: $REWARDSTACK_MODEL_DIR or the user cache dir."""


def _size(status: ModelStatus) -> str:
    megabytes = f"{status.size_bytes / 1e6:,.0f} MB"
    return megabytes if status.ready else f"~{megabytes}"


@models_app.command("list", epilog="Example:\n\n  rewardstack models list\n\n  rewardstack models list --json")
def list_command(as_json: bool = typer.Option(False, "--json", help="One JSON object per model instead of a table.")
                 ) -> None:
    """Show every embedded model: kind, parameters, size on disk, where it lives, whether it is ready."""
    statuses = [model_status(name) for name in EMBEDDED_MODELS]
    if as_json:
        for status in statuses:
            spec = EMBEDDED_MODELS[status.name]
            typer.echo(json.dumps({"name": status.name, "kind": spec.kind.value, "params": spec.params,
                                   "size_bytes": status.size_bytes, "ready": status.ready,
                                   "path": str(status.path) if status.path else None, "detail": status.detail}))
        return
    table = Table(title=f"embedded models (model cache: {model_dir()})")
    for column in ("name", "kind", "params", "size", "ready"):
        table.add_column(column, no_wrap=True)
    table.add_column("where", overflow="fold")
    for status in statuses:
        spec = EMBEDDED_MODELS[status.name]
        ready = "[green]yes[/green]" if status.ready else "[yellow]no[/yellow]"
        table.add_row(status.name, spec.kind.value, spec.params, _size(status), ready, str(status.path or "-"))
    _out.print(table)
    for status in statuses:
        if not status.ready:
            _out.print(f"{status.name}: {status.detail}", highlight=False, markup=False)


@contextmanager
def _reporter() -> Iterator[ModelProgress]:
    """A rich spinner per model on a terminal; plain ``name: step`` lines otherwise (CI logs)."""
    if not _err.is_terminal:
        yield lambda name, line: _err.print(f"{name}: {line}", highlight=False, markup=False)
        return
    columns = (SpinnerColumn(finished_text="[green]✓[/green]"), TextColumn("[bold]{task.fields[model]}"),
               TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=_err) as bar:
        tasks: dict[str, TaskID] = {}

        def finish_all() -> None:  # models are prepared one after another: a new one means the others are done
            for task in tasks.values():
                bar.update(task, total=1, completed=1)

        def report(name: str, line: str) -> None:
            if name not in tasks:
                finish_all()
                tasks[name] = bar.add_task(escape(line), model=name, total=None)
            bar.update(tasks[name], description=escape(line))

        try:
            yield report
        finally:
            finish_all()


@models_app.command("fetch", epilog="Examples:\n\n  rewardstack models fetch\n\n"
                    "  rewardstack models fetch tiny-lm tiny-encoder\n\n  rewardstack models fetch --force tiny-lm")
def fetch_command(
    names: list[str] = typer.Argument(None, help="Models to prepare (default: every embedded model)."),
    force: bool = typer.Option(False, "--force", help="Rebuild built models even when they are ready."),
    verify: bool = typer.Option(True, "--verify/--no-verify", help="Check the files of ready models (hashes)."),
) -> None:
    """Prepare models now (download, convert, build), verify the ready ones, and say where they are."""
    started = time.perf_counter()
    try:
        with _reporter() as report:
            statuses = fetch_models(names or None, force=force, verify=verify, progress=report)
    except ModelNotFound as exc:
        _fail(str(exc), 2)
    except ModelUnavailable as exc:
        _fail(str(exc), 1)
    for status in statuses:
        typer.echo(f"ready  {status.name}  {_size(status)}  {status.path}")
    _err.print(f"{len(statuses)} model(s) ready in {time.perf_counter() - started:.1f} s", highlight=False)


@models_app.command("path", epilog="Examples:\n\n  rewardstack models path smollm2-135m-instruct\n\n"
                    "  ls \"$(rewardstack models path tiny-lm)\"")
def path_command(name: str = typer.Argument(..., help="An embedded model name, a folder, or a cached HF id.")) -> None:
    """Print the local folder of a model (preparing an embedded model first if needed)."""
    try:
        with _reporter() as report:
            folder = resolve_model(name, progress=lambda line: report(name, line))
    except ModelNotFound as exc:
        _fail(str(exc), 2)
    except ModelUnavailable as exc:
        _fail(str(exc), 1)
    typer.echo(str(folder))


def _fail(message: str, code: int) -> NoReturn:
    _err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(code=code)
