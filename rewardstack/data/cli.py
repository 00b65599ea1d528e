"""``rewardstack data check FILE``: the preference/rating data report.

Exit codes: 0 the report was printed (whatever it says; bad lines are part of
it); 1 a run-time failure (the encoder for ``--deployment`` cannot be loaded);
2 bad arguments or a file that cannot be checked at all (missing, empty, no
line of either format, ``--on-bad-line fail`` meeting a bad line): the message
names the file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from rewardstack.core.errors import ConfigError, RewardStackError
from rewardstack.data.check import CheckOptions, check_data
from rewardstack.data.problems import DataFileError
from rewardstack.data.render import print_report
from rewardstack.scoring import BadLinePolicy

__all__ = ["data_app"]

data_app = typer.Typer(help="Preference and rating data quality.", no_args_is_help=True, add_completion=False)
_err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never wrap them
_out = Console()

_EPILOG = """Examples:

  rewardstack data check examples/data/preferences_labelled.jsonl

  rewardstack data check prefs.jsonl --json --verifiable verified.jsonl --deployment user_prompts.jsonl

  rewardstack data check ratings.jsonl --labels 1,2,3,4,5

Exit codes: 0 report printed; 1 the encoder could not be loaded; 2 bad arguments or a file
that cannot be checked (file:line named). What every number means: docs/data.md.
"""


@data_app.callback()
def _group() -> None:
    """Preference and rating data quality (see docs/data.md)."""


@contextmanager
def _progress() -> Iterator[Callable[[int], None] | None]:
    if not _err.is_terminal:
        yield None
        return
    with Progress(TextColumn("embedding prompts"), BarColumn(), MofNCompleteColumn(), console=_err,
                  transient=True) as bar:
        task = bar.add_task("embed", total=None)
        yield lambda n: bar.advance(task, n)


def _labels(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    labels = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not labels:
        raise typer.BadParameter("name at least one label, e.g. --labels good,bad", param_hint="--labels")
    return labels


@data_app.command("check", epilog=_EPILOG)
def check_command(
    file: Path = typer.Argument(..., help="Preference pairs {prompt, chosen, rejected, labeler?} or ratings "
                                          "{item, labeler, label}, JSONL; the format is detected."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    verifiable: Path | None = typer.Option(None, "--verifiable", help="Ground truth in the same format (chosen = "
                                           "the correct response; or {item, label}): labeler accuracy."),
    deployment: Path | None = typer.Option(None, "--deployment", help="Deployment prompts {prompt}, JSONL: "
                                           "shift from the training prompts (loads the embedded encoder)."),
    labels: str | None = typer.Option(None, "--labels", help="Allowed rating labels, comma-separated; others are "
                                      "out of range."),
    on_bad_line: BadLinePolicy = typer.Option(BadLinePolicy.SKIP, "--on-bad-line",
                                              help="skip bad lines (counted in the report) or fail at the first."),
    encoder: str = typer.Option("all-minilm-l6-v2", "--encoder", help="Encoder for --deployment (embedded name, "
                                "folder or cached HF id)."),
) -> None:
    """Agreement, labeler reliability, bias, shift and bad lines of a preference or rating file."""
    options = CheckOptions(file=file, verifiable=verifiable, deployment=deployment, labels=_labels(labels),
                           on_bad_line=on_bad_line, encoder=encoder)
    try:
        with _progress() as advance:
            report = check_data(options, advance=advance)
    except (DataFileError, ConfigError) as exc:
        _err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    except RewardStackError as exc:
        _err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(report.to_json())
    else:
        print_report(report, _out)
