"""The ``rewardstack`` command line.

Exit codes: 0 success, 1 the job ran but failed (nothing scorable, a run-time
error), 2 bad configuration or bad input (the message says what, where, how to
fix), 130/143 stopped by SIGINT/SIGTERM. ``-h``/``--help`` on every command,
``--version`` on the root. Python warnings (from any library) are printed as
one ``warning: ...`` line on stderr, never with a source line.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from rewardstack.core.errors import RewardStackError
from rewardstack.core.registry import SOURCES
from rewardstack.scoring import BadLinePolicy

__all__ = ["app", "main"]

app = typer.Typer(
    name="rewardstack",
    help="Multi-objective rewards for RLHF/RLVR: score, inspect sources, sandbox, fusion.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never wrap them
out = Console()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rewardstack")
    except PackageNotFoundError:  # run from a source tree that is not installed
        from rewardstack import __version__

        return __version__


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: object = None, line: str | None = None) -> None:
    """Python warnings as one readable line on stderr (no source line, no file:line of library code)."""
    text = " ".join(str(message).split())
    err.print(f"[yellow]warning:[/yellow] {escape(text)}", highlight=False)


def _print_version(value: bool) -> None:
    if value:
        out.print(f"rewardstack {_version()}", highlight=False)
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=_print_version),
) -> None:
    """Multi-objective rewards for RLHF/RLVR: score, inspect sources, sandbox, fusion."""
    warnings.showwarning = _show_warning


def _mount_subcommands() -> None:
    """Sub-apps live next to the code they drive (verifiers/code, fusion)."""
    import importlib

    for module_name, attr, name in (
        ("rewardstack.verifiers.code.cli", "sandbox_app", "sandbox"),
        ("rewardstack.fusion.cli", "fusion_app", "fusion"),
        ("rewardstack.models.cli", "models_app", "models"),
        ("rewardstack.training.cli", "train_app", "train"),
        ("rewardstack.data.cli", "data_app", "data"),
        ("rewardstack.verifiers.facts.cli", "kb_app", "kb"),
        ("rewardstack.rewards.critic.cli", "serve_judge_app", "serve-judge"),
        ("rewardstack.server.cli", "serve_app", "serve"),
        ("rewardstack.integrations.cli", "export_app", "export"),
        ("rewardstack.benchmarks.cli", "bench_app", "bench"),
        ("rewardstack.cai.cli", "cai_app", "cai"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # that part of rewardstack is not built into this checkout
        app.add_typer(getattr(module, attr), name=name)


_SCORE_EPILOG = """Examples:

  rewardstack score -s examples/stacks/basic.yaml -i examples/data/basic_samples.jsonl -o out.jsonl

  cat samples.jsonl | rewardstack score -s stack.yaml -i - -o - > results.jsonl

  rewardstack score -s stack.yaml -i in.jsonl -o out.jsonl --resume   # after Ctrl-C: go on

Exit codes: 0 done; 1 nothing scored (every line bad) or a run-time error;
2 bad configuration or input; 130/143 stopped by SIGINT/SIGTERM. Rules: docs/cli.md.
"""


@app.command(epilog=_SCORE_EPILOG)
def score(
    stack: Path = typer.Option(..., "--stack", "-s", help="Stack YAML file (sources + fusion tree)."),
    input: str = typer.Option(..., "--input", "-i", help="Samples, one JSON object per line; - for stdin."),
    output: str = typer.Option(..., "--output", "-o", help="One StackResult per line; - for stdout."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache."),
    cache_path: Path | None = typer.Option(None, "--cache", help="Cache file (default: user cache dir)."),
    batch_size: int = typer.Option(256, "--batch-size", min=1,
                                   help="Samples per stack call; a GRPO group is never split (it may exceed this)."),
    on_bad_line: BadLinePolicy = typer.Option(BadLinePolicy.SKIP, "--on-bad-line", help="skip bad lines or fail."),
    state: Path | None = typer.Option(None, "--state", help="Fusion state JSON (RewardStack.save_state) to load."),
    resume: bool = typer.Option(False, "--resume", help="Keep the results already in --output; skip their ids."),
    metrics_dir: Path | None = typer.Option(None, "--metrics-dir",
                                            help="Per-batch summaries (means, status shares) into DIR/metrics.jsonl."),
    tensorboard: bool = typer.Option(False, "--tensorboard", help="Also as TensorBoard scalars in DIR/tensorboard."),
    wandb_project: str | None = typer.Option(None, "--wandb-project", help="Also as an offline W&B run in DIR/wandb."),
) -> None:
    """Score a JSONL file of samples with a stack; print a per-source summary."""
    from rewardstack.score_command import ScoreOptions, run_score

    options = ScoreOptions(stack=stack, input=input, output=output, no_cache=no_cache, cache_path=cache_path,
                           batch_size=batch_size, on_bad_line=on_bad_line, state=state, resume=resume,
                           metrics_dir=metrics_dir, tensorboard=tensorboard, wandb_project=wandb_project)
    code = run_score(options, err, _progress)
    if code:
        raise typer.Exit(code=code)


@app.command(epilog="Example:\n\n  rewardstack sources")
def sources() -> None:
    """List registered source kinds (built-ins and plugins) and where they come from."""
    try:
        kinds = SOURCES.names()
    except RewardStackError as exc:  # an installed plugin clashing with a kind: the listing itself is wrong
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    table = Table(title="reward sources")
    for column in ("kind", "origin", "cost", "cached", "summary"):
        table.add_column(column)
    for kind in kinds:
        origin = SOURCES.origin(kind)
        try:
            source_class = SOURCES.get(kind)
        except RewardStackError as exc:
            table.add_row(kind, origin, "-", "-", f"[red]failed to load: {escape(str(exc))}[/red]")
            continue
        doc = (source_class.__doc__ or "").strip().splitlines()
        cached = "yes" if getattr(source_class, "deterministic", True) else "no (not deterministic)"
        table.add_row(kind, origin, str(getattr(source_class, "cost_class", "-")), cached,
                      escape(doc[0]) if doc else "")
    out.print(table)


class _progress:
    """A rich progress bar on a terminal; a no-op otherwise (CI logs stay clean)."""

    def __init__(self, total: int):
        self.total = total
        self.bar: Progress | None = None

    def __enter__(self) -> Callable[[int], None]:
        if err.is_terminal:
            self.bar = Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=err, transient=True)
            self.bar.start()
            task = self.bar.add_task("score", total=self.total)
            bar = self.bar
            return lambda n: bar.advance(task, n)
        return lambda n: None

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()


def main() -> None:  # console-script entry point
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C outside a job that handles it: no traceback
        err.print("interrupted", highlight=False)
        sys.exit(130)


_mount_subcommands()

if __name__ == "__main__":
    main()
