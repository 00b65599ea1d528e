"""The ``rewardstack`` command line.

Exit codes: 0 success, 1 scoring finished but something failed at run time,
2 bad configuration or bad input (the message says what, where, how to fix).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from rewardstack.core.errors import RewardStackError
from rewardstack.core.registry import SOURCES
from rewardstack.jsonl import BadLine
from rewardstack.scoring import BadInputError, BadLinePolicy, count_lines, score_file
from rewardstack.summary import RunSummary

__all__ = ["app"]

app = typer.Typer(
    name="rewardstack",
    help="Multi-objective rewards for RLHF/RLVR: score, inspect sources, sandbox, fusion.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never wrap them
out = Console()


def _mount_subcommands() -> None:
    """Sub-apps live next to the code they drive (verifiers/code, fusion)."""
    import importlib

    for module_name, attr, name in (
        ("rewardstack.verifiers.code.cli", "sandbox_app", "sandbox"),
        ("rewardstack.fusion.cli", "fusion_app", "fusion"),
        ("rewardstack.models.cli", "models_app", "models"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # that part of rewardstack is not built into this checkout
        app.add_typer(getattr(module, attr), name=name)


@app.command(
    epilog="Example:\n\n  rewardstack score --stack examples/stacks/basic.yaml "
    "--input examples/data/basic_samples.jsonl --output out.jsonl"
)
def score(
    stack: Path = typer.Option(..., "--stack", "-s", help="Stack YAML file (sources + fusion tree)."),
    input: Path = typer.Option(..., "--input", "-i", help="Samples, one JSON object per line."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write one StackResult per line."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache."),
    cache_path: Path | None = typer.Option(None, "--cache", help="Cache file (default: user cache dir)."),
    batch_size: int = typer.Option(256, "--batch-size", min=1, help="Samples scored (and written) per batch."),
    on_bad_line: BadLinePolicy = typer.Option(BadLinePolicy.SKIP, "--on-bad-line", help="skip bad lines or fail."),
) -> None:
    """Score a JSONL file of samples with a stack; print a per-source summary."""
    from rewardstack.fusion.stack import DEFAULT_CACHE, RewardStack

    if not input.is_file():
        _fail(f"input file {input} does not exist")
    try:
        reward_stack = RewardStack.from_yaml(stack, cache=None if no_cache else (cache_path or DEFAULT_CACHE))
    except RewardStackError as exc:
        _fail(str(exc))

    def report_bad(bad: BadLine) -> None:
        err.print(f"[yellow]{input}:{bad.line}: skipped: {bad.reason}[/yellow]", highlight=False)

    try:
        with reward_stack, _progress(lambda: count_lines(input)) as advance:
            run = score_file(
                reward_stack, input, output, batch_size=batch_size, on_bad_line=on_bad_line,
                on_bad=report_bad if on_bad_line is BadLinePolicy.SKIP else None, on_progress=advance,
            )
    except BadInputError as exc:
        _fail(f"{exc} (results before this line are in {output}; use --on-bad-line skip to go on)")
    _print_summary(run.summary, output)


@app.command(epilog="Example:\n\n  rewardstack sources")
def sources() -> None:
    """List registered source kinds (built-ins and plugins) and where they come from."""
    table = Table(title="reward sources")
    for column in ("kind", "origin", "cost", "summary"):
        table.add_column(column)
    for kind in SOURCES.names():
        origin = SOURCES.origin(kind)
        try:
            source_class = SOURCES.get(kind)
        except RewardStackError as exc:
            table.add_row(kind, origin, "-", f"[red]failed to load: {exc}[/red]")
            continue
        doc = (source_class.__doc__ or "").strip().splitlines()
        table.add_row(kind, origin, str(getattr(source_class, "cost_class", "-")), doc[0] if doc else "")
    out.print(table)


class _progress:
    """A rich progress bar on a terminal; a no-op otherwise (CI logs stay clean)."""

    def __init__(self, count_total: Callable[[], int]):
        self.count_total = count_total  # reading the file twice is only worth it for a visible bar
        self.bar: Progress | None = None

    def __enter__(self) -> Callable[[int], None]:
        if err.is_terminal:
            self.bar = Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=err, transient=True)
            self.bar.start()
            task = self.bar.add_task("score", total=self.count_total())
            bar = self.bar
            return lambda n: bar.advance(task, n)
        return lambda n: None

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_summary(summary: RunSummary, output: Path) -> None:
    table = Table(title=f"{summary.count} samples scored -> {output}")
    for column in ("source", "mean (ok)", "statuses", "p50 ms", "p95 ms"):
        table.add_column(column)
    for row in summary.rows():
        table.add_row(*row)
    out.print(table)
    if summary.bad_lines:
        err.print(f"[yellow]{summary.bad_lines} bad input line(s) skipped[/yellow]")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code=2)


def main() -> None:  # console-script entry point
    app()


_mount_subcommands()

if __name__ == "__main__":
    main()
