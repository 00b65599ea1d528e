"""``rewardstack bench quick|full|SUITE.yaml [--out DIR] [--seed N]``: run a suite, write the results.

Mounted on the root command by ``rewardstack.cli._mount_subcommands``. Writes ``results.json``,
``report.md`` and PNG plots to ``--out``; the terminal shows progress (stderr) and ends with
the headline table, the places where a fusion did worse than a single source, and the folder.
Exit codes: 0 done; 1 a run-time failure; 2 bad suite or stack (file:line:key), unknown suite name.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from rewardstack.core.errors import ConfigError, RewardStackError

__all__ = ["bench_app", "find_suite", "write_outputs"]

_EPILOG = """Examples:

  rewardstack bench quick --out out/bench          # the demo suite (<= 5 minutes on 2 CPU cores)

  rewardstack bench full --out out/bench-full --seed 1

  rewardstack bench my_suite.yaml --out out/mine   # your own stacks against single signals

Suites: benchmarks/suites/*.yaml; format and metrics: docs/benchmarks.md.
Exit codes: 0 done; 1 run-time failure; 2 bad suite or stack (file:line:key).
"""

bench_app = typer.Typer(add_completion=False, invoke_without_command=True, epilog=_EPILOG, subcommand_metavar="",
                        context_settings={"help_option_names": ["-h", "--help"],
                                          "allow_interspersed_args": True})  # bench SUITE --out DIR
_err = Console(stderr=True, soft_wrap=True)
# a log or a pipe is not a terminal: rich would assume 80 columns and fold every cell of the headline
_out = Console(soft_wrap=True) if Console().is_terminal else Console(soft_wrap=True, width=120)
_NAMED = ("quick", "full")
_PROBES = ("length_spearman", "sycophancy", "code_false_positive", "medical_false_positive")


def find_suite(name_or_path: str, *, cwd: Path | None = None) -> Path:
    """``quick``/``full`` -> benchmarks/suites/NAME.yaml (here, else beside the installed package); else a path."""
    if name_or_path not in _NAMED:
        path = Path(name_or_path)
        if not path.is_file():
            raise ConfigError(f"{name_or_path}: no such suite file (or use one of {', '.join(_NAMED)})")
        return path
    repo_root = Path(__file__).resolve().parents[2]
    for root in (cwd or Path.cwd(), repo_root):
        candidate = root / "benchmarks" / "suites" / f"{name_or_path}.yaml"
        if candidate.is_file():
            return candidate
    raise ConfigError(f"suite {name_or_path!r}: benchmarks/suites/{name_or_path}.yaml is not in this directory or "
                      f"in {repo_root}; run from the rewardstack checkout or pass a suite file")


class _Progress:
    """Runner progress: a rich bar per stage on a terminal, one line per stage elsewhere (CI logs)."""

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> _Progress:
        if _err.is_terminal:
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=_err, transient=True)
            self.bar.start()
        return self

    def stage(self, label: str, total: int) -> None:
        if self.bar is None:
            _err.print(f"bench: {escape(label)}", highlight=False)
            return
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task(label, total=total)

    def advance(self, n: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, n)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()


def write_outputs(results: dict[str, Any], out: Path, *, command: str) -> list[Path]:
    """results.json, the PNG plots and report.md into ``out``; returns the plot paths."""
    from rewardstack.benchmarks.plots import write_plots
    from rewardstack.benchmarks.report import render_report

    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1, allow_nan=False) + "\n")
    plots = write_plots(results, out)
    (out / "report.md").write_text(render_report(results, figures=[p.name for p in plots], command=command))
    return plots


def _headline(results: dict[str, Any]) -> list[Table]:
    """Two tables that fit a terminal: ranking and optimisation, then the hacking probes."""
    from rewardstack.benchmarks.report import headline_columns, headline_rows

    columns = headline_columns(results)
    probes = [s for s in columns if s.name in _PROBES]
    halves = (("vs gold: ranking and optimisation", [s for s in columns if s not in probes]),
              ("hacking probes", probes))
    tables = []
    for title, specs in halves:
        if not specs:
            continue
        table = Table(title=f"{results['suite']['name']}, {title} (value ± half the 95% interval)")
        for column in ["signal", "role", "cov"] + [s.header for s in specs]:
            table.add_column(column, no_wrap=True)
        for row in headline_rows(results, compact=True, columns=specs):
            table.add_row(*(escape(cell) for cell in row))
        tables.append(table)
    return tables


def _summary(results: dict[str, Any], out: Path, plots: list[Path]) -> None:
    for table in _headline(results):
        _out.print(table)
    for name, signal in results["signals"].items():
        if signal["status"] == "skipped":
            _out.print(f"[yellow]skipped[/yellow] {escape(name)}: {escape(signal['reason'])}", highlight=False)
    worse = [c for c in results["comparisons"] if c["verdict"] == "worse"]
    _out.print(f"fusion worse than a single source: {len(worse)} of {len(results['comparisons'])} comparisons "
               "(listed in report.md)", highlight=False)
    _out.print(f"results: {out}/ (results.json, report.md)", highlight=False)
    for path in plots:
        _out.print(f"plot: {path}", highlight=False)


@bench_app.callback(invoke_without_command=True, epilog=_EPILOG)
def bench(
    suite: str = typer.Argument(..., help="quick, full, or a suite YAML file."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output folder (default: out/bench-SUITE)."),
    seed: int | None = typer.Option(None, "--seed", help="World seeds N, N+1, ... (as many as the suite lists) "
                                                         "and the bootstrap seed."),
    workdir: Path | None = typer.Option(None, "--workdir",
                                        help="Where worlds cache what they build (default: the user cache dir)."),
) -> None:
    """Benchmark fused rewards against single signals on gold worlds: ranking, best-of-n, KL, probes."""
    from rewardstack.benchmarks.results import build_results
    from rewardstack.benchmarks.runner import run_suite
    from rewardstack.benchmarks.suite import load_suite
    from rewardstack.core.cache import default_cache_path

    try:
        loaded = load_suite(find_suite(suite))
    except ConfigError as exc:
        _err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    out_dir = out or Path("out") / f"bench-{loaded.name}"
    work = workdir or default_cache_path().parent / "bench"
    command = f"rewardstack bench {suite} --out {out_dir}" + (f" --seed {seed}" if seed is not None else "")
    try:
        with _Progress() as progress:
            run = run_suite(loaded, workdir=work, seed=seed, progress=progress)
        results = build_results(run)
    except ConfigError as exc:
        _err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    except RewardStackError as exc:
        _err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    plots = write_outputs(results, out_dir, command=command)
    _summary(results, out_dir, plots)
