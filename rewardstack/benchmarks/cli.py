"""``rewardstack bench quick|full|SUITE.yaml [--out DIR] [--seed N] [--regenerate ...]``: run a suite.

Mounted on the root command by ``rewardstack.cli._mount_subcommands``. Writes ``results.json``,
``report.md`` and PNG plots to ``--out``; the terminal shows progress (stderr) and ends with
the headline table, the places where a fusion did worse than a single source, and the folder.
A suite's tiers (``tiers:``, :mod:`.tiers`) each get their own tables, report section and plot
folder ``OUT/TIER/``.

``--regenerate`` (``full`` or a suite file with a ``real_smollm2`` world; refused on ``quick``,
whose 5-minute budget reads the stored pool) first generates a fresh real-model pool into
``OUT/real_pool/`` with ``--model`` on ``--device`` (:mod:`.worlds.real.regenerate`), and the run
reads it instead of the committed one.
Exit codes: 0 done; 1 a run-time failure; 2 bad suite or stack (file:line:key), unknown suite name,
a regeneration that cannot run here.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from rewardstack.core.errors import ConfigError, RewardStackError

if TYPE_CHECKING:
    from rewardstack.benchmarks.suite import LoadedSuite
    from rewardstack.benchmarks.worlds.real.generate import PoolConfig

__all__ = ["bench_app", "find_suite", "write_outputs"]

_EPILOG = """Examples:

  rewardstack bench quick --out out/bench          # the demo suite (<= 5 minutes on 2 CPU cores)

  rewardstack bench full --out out/bench-full --seed 1

  rewardstack bench my_suite.yaml --out out/mine   # your own stacks against single signals

  rewardstack bench full --regenerate --model smollm2-135m-instruct --device cuda   # a fresh real-model pool

  rewardstack bench benchmarks/suites/real.yaml --regenerate --model tiny-lm --pool-prompts 2 --pool-candidates 2

Suites: benchmarks/suites/*.yaml; format and metrics: docs/benchmarks.md; the real-model tier and
--regenerate: docs/benchmarks_real.md.
Exit codes: 0 done; 1 run-time failure; 2 bad suite or stack (file:line:key), or a --regenerate that
cannot run here (what is missing and how to fix it).
"""

bench_app = typer.Typer(add_completion=False, invoke_without_command=True, epilog=_EPILOG, subcommand_metavar="",
                        context_settings={"help_option_names": ["-h", "--help"],
                                          "allow_interspersed_args": True})  # bench SUITE --out DIR
_err = Console(stderr=True, soft_wrap=True)
# a log or a pipe is not a terminal: rich would assume 80 columns and fold every cell of the headline
_out = Console(soft_wrap=True) if Console().is_terminal else Console(soft_wrap=True, width=120)
_NAMED = ("quick", "full")
_PROBES = ("length_spearman", "sycophancy", "sycophancy_verified", "code_false_positive", "medical_false_positive")


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
    """results.json, the PNG plots (a tier's in ``out/TIER/``) and report.md into ``out``; returns the plots."""
    from rewardstack.benchmarks.plots import write_plots
    from rewardstack.benchmarks.report import render_report
    from rewardstack.benchmarks.tiers import render_tier_sections

    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1, allow_nan=False) + "\n")
    plots = write_plots(results, out)
    tier_figures: dict[str, list[str]] = {}
    for name, document in results.get("tiers", {}).items():
        (out / name).mkdir(exist_ok=True)
        drawn = write_plots(document, out / name)
        tier_figures[name] = [f"{name}/{p.name}" for p in drawn]
        plots += drawn
    report = render_report(results, figures=[p.name for p in plots if p.parent == out], command=command)
    (out / "report.md").write_text(report + render_tier_sections(results, tier_figures))
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


def _tier_summary(results: dict[str, Any], tier: str | None) -> None:
    if tier is not None:
        world = results["world"]
        _out.rule(f"tier {tier}: world {world['name']} ({world['size']}), seeds {world['seeds']}")
    for table in _headline(results):
        _out.print(table)
    for name, signal in results["signals"].items():
        if signal["status"] == "skipped":
            _out.print(f"[yellow]skipped[/yellow] {escape(name)}: {escape(signal['reason'])}", highlight=False)
    worse = [c for c in results["comparisons"] if c["verdict"] == "worse"]
    _out.print(f"fusion worse than a single source: {len(worse)} of {len(results['comparisons'])} comparisons "
               "(listed in report.md)", highlight=False)
    for name, run in results.get("ppo_runs", {}).items():
        if run["status"] == "graded":
            first, last, change = run["windows"][0]["gold"], run["windows"][-1]["gold"], run["gold_change"]
            (a, b), (c, d) = run["windows"][0]["steps"], run["windows"][-1]["steps"]
            _out.print(f"PPO run {escape(name)}: gold {first['value']:.3f} (steps {a}-{b}) -> {last['value']:.3f} "
                       f"(steps {c}-{d}), change {change['value']:+.3f} [{change['low']:+.3f}, "
                       f"{change['high']:+.3f}] over {run['rollouts']} rollouts", highlight=False)
        else:
            _out.print(f"[yellow]skipped[/yellow] PPO run {escape(name)}: {escape(run['reason'])}", highlight=False)


def _summary(results: dict[str, Any], out: Path, plots: list[Path]) -> None:
    _tier_summary(results, None)
    for name, document in results.get("tiers", {}).items():
        _tier_summary(document, name)
    _out.print(f"results: {out}/ (results.json, report.md)", highlight=False)
    for path in plots:
        _out.print(f"plot: {path}", highlight=False)
    from rewardstack.benchmarks.plots import empty_figures

    for tier, document in (("", results), *((f"{n}/", d) for n, d in results.get("tiers", {}).items())):
        for name, why in empty_figures(document).items():
            _out.print(f"plot not drawn: {out / tier / name}: {escape(why)}", highlight=False)


def _fail(exc: Exception, code: int) -> typer.Exit:
    _err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
    return typer.Exit(code)


def _regeneration(suite_arg: str, loaded: LoadedSuite, *, regenerate: bool, model: str | None,
                  device: str | None, seed: int | None, prompts: int | None, candidates: int | None
                  ) -> PoolConfig | None:
    """The generator's config when ``--regenerate`` can run for this suite; ConfigError (exit 2) otherwise."""
    from rewardstack.benchmarks.worlds.real.regenerate import REAL_WORLD, check_can_regenerate, pool_config
    from rewardstack.models.specs import DEFAULT_CAUSAL_LM

    given = [flag for flag, value in (("--model", model), ("--device", device), ("--pool-prompts", prompts),
                                      ("--pool-candidates", candidates)) if value is not None]
    if not regenerate:
        if given:
            raise ConfigError(f"{', '.join(given)} {'applies' if len(given) == 1 else 'apply'} only with "
                              "--regenerate (a fresh real-model pool); add --regenerate or drop them")
        return None
    if suite_arg == "quick" or loaded.name == "quick":
        raise ConfigError("bench quick does not regenerate: it reads the stored pool (benchmarks/data/real_smollm2/) "
                          "to stay within its 5-minute budget, and generating takes ~20 minutes on 2 CPU cores; "
                          "run 'rewardstack bench full --regenerate' or 'rewardstack bench "
                          "benchmarks/suites/real.yaml --regenerate'")
    if not any(tier.config.world.name == REAL_WORLD for _, tier in loaded.all_tiers()):
        raise ConfigError(f"--regenerate: suite {loaded.path} has no {REAL_WORLD!r} world (main or tier) to "
                          "generate a pool for; use 'full' or benchmarks/suites/real.yaml, or drop --regenerate")
    config = pool_config(model=model or DEFAULT_CAUSAL_LM, device=device or "cpu", seed=0 if seed is None else seed,
                         prompts=prompts, candidates=candidates)
    check_can_regenerate(config)
    return config


def _command(suite: str, out: Path, seed: int | None, config: PoolConfig | None,
             prompts: int | None, candidates: int | None) -> str:
    parts = [f"rewardstack bench {suite} --out {out}"] + ([f"--seed {seed}"] if seed is not None else [])
    if config is not None:
        parts += ["--regenerate", f"--model {config.model}", f"--device {config.device}"]
        parts += [f"--pool-prompts {prompts}"] if prompts is not None else []
        parts += [f"--pool-candidates {candidates}"] if candidates is not None else []
    return " ".join(parts)


@bench_app.callback(invoke_without_command=True, epilog=_EPILOG)
def bench(
    suite: str = typer.Argument(..., help="quick, full, or a suite YAML file."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output folder (default: out/bench-SUITE)."),
    seed: int | None = typer.Option(None, "--seed", help="World seeds N, N+1, ... (as many as the suite lists) "
                                                         "and the bootstrap seed (and a regenerated pool's seed)."),
    workdir: Path | None = typer.Option(None, "--workdir",
                                        help="Where worlds cache what they build (default: the user cache dir)."),
    regenerate: bool = typer.Option(False, "--regenerate",
                                    help="Generate a fresh real-model pool into OUT/real_pool and run on it "
                                         "(full or a suite file; not quick)."),
    model: str | None = typer.Option(None, "--model", help="With --regenerate: the generator (embedded name, "
                                                           "local folder or cached HF id; default SmolLM2-135M)."),
    device: str | None = typer.Option(None, "--device", help="With --regenerate: cpu (default) | cuda | cuda:N."),
    pool_prompts: int | None = typer.Option(None, "--pool-prompts", min=1,
                                            help="With --regenerate: prompts per family (default 12/16/16)."),
    pool_candidates: int | None = typer.Option(None, "--pool-candidates", min=1,
                                               help="With --regenerate: candidates per prompt (default 4)."),
) -> None:
    """Benchmark fused rewards against single signals on gold worlds: ranking, best-of-n, KL, probes."""
    from rewardstack.benchmarks import runner
    from rewardstack.benchmarks.suite import load_suite
    from rewardstack.benchmarks.tiers import run_tiers
    from rewardstack.core.cache import default_cache_path

    try:
        loaded = load_suite(find_suite(suite))
        pool = _regeneration(suite, loaded, regenerate=regenerate, model=model, device=device, seed=seed,
                             prompts=pool_prompts, candidates=pool_candidates)
    except ConfigError as exc:
        raise _fail(exc, 2) from None
    out_dir = out or Path("out") / f"bench-{loaded.name}"
    try:  # before the run, which may take minutes: an --out that cannot be a folder is known now
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        what = "is a file, not a folder" if out_dir.is_file() else f"cannot be created: {exc.strerror}"
        raise _fail(ConfigError(f"--out {out_dir} {what}; give a folder for results.json, report.md and the "
                                "plots"), 2) from None
    work = workdir or default_cache_path().parent / "bench"
    command = _command(suite, out_dir, seed, pool, pool_prompts, pool_candidates)
    try:
        builder = None
        if pool is not None:
            from rewardstack.benchmarks.worlds.real.regenerate import pool_builder, regenerate_pool

            folder = regenerate_pool(pool, out_dir, command=command,
                                     log=lambda line: _err.print(f"bench: regenerate: {escape(line)}", highlight=False))
            builder = pool_builder(folder, runner._default_builder())
        with _Progress() as progress:
            results = run_tiers(loaded, workdir=work, seed=seed, progress=progress, build_world=builder)
    except ConfigError as exc:
        raise _fail(exc, 2) from None
    except RewardStackError as exc:
        raise _fail(exc, 1) from None
    try:
        plots = write_outputs(results, out_dir, command=command)
    except OSError as exc:  # the folder was writable when the run began (a full disk, removed meanwhile)
        raise _fail(RewardStackError(f"cannot write the results into {out_dir}: {exc}"), 1) from None
    _summary(results, out_dir, plots)
