"""Run a suite: build the world for each seed, score every signal, compute per-prompt tables.

For each world seed: ``build_world(name, seed=, size=, workdir=)``; then every signal of the
suite scores every candidate (:func:`.signals.score_signal`), plus the two baselines computed
here: the **oracle** (gold itself as the reward: the ceiling) and **random** (i.i.d. uniform
rewards seeded by the world seed: the floor). A signal skipped on any seed is skipped for the
run (its reason names the seed), so every reported signal rests on the same prompts. The
result, :class:`BenchRun`, holds the per-prompt tables of every signal on every seed together;
:mod:`.results` turns it into estimates with intervals.

Determinism: worlds, the random baseline and the bootstrap are seeded; nothing here depends
on time or on the order threads finish. ``--seed N`` replaces the suite's seeds by N, N+1, ...
(as many as the suite lists) and seeds the bootstrap with N.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rewardstack.benchmarks.metrics import default_betas
from rewardstack.benchmarks.pool import PromptPool, WorldPool
from rewardstack.benchmarks.ppo_runs import grade_ppo_run
from rewardstack.benchmarks.signals import Scored, Skipped, score_signal
from rewardstack.benchmarks.stats import Bootstrap
from rewardstack.benchmarks.suite import LoadedSuite
from rewardstack.benchmarks.tables import TableSettings, prompt_tables, standardise

__all__ = ["BenchRun", "Progress", "SignalRun", "WorldBuilder", "run_suite"]

WorldBuilder = Callable[..., WorldPool]


class Progress(Protocol):
    """What the runner reports while it works (the CLI draws a rich progress bar from it)."""

    def stage(self, label: str, total: int) -> None: ...

    def advance(self, n: int) -> None: ...


class _Silent:
    def stage(self, label: str, total: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


class _TrainingStages:
    """A world's reward-model training (``rewardstack.training.rm`` progress calls) shown as runner stages.

    Training is the longest part of a cold run (minutes on 2 CPU cores); without this the terminal
    would sit on "building world" with no sign of life.
    """

    def __init__(self, progress: Progress, world: str):
        self.progress, self.world = progress, world
        self.used = False

    def start(self, label: str, *, total_steps: int, done_steps: int) -> None:
        self.used = True
        self.progress.stage(f"{self.world}: training reward model, {label}", total_steps)
        self.progress.advance(done_steps)

    def step(self, loss: float) -> None:
        self.progress.advance(1)

    def log(self, line: str) -> None:
        pass

    def close(self) -> None:
        pass


def _build(builder: WorldBuilder, name: str, *, seed: int, size: str, workdir: Path, progress: Progress) -> WorldPool:
    """Build one world under a "building world" stage; a builder that takes ``progress`` (build_world does)
    gets the training bridge, whose stages replace that one while models train."""
    progress.stage(f"building world {name} (seed {seed})", 1)
    try:
        takes_progress = "progress" in inspect.signature(builder).parameters
    except (TypeError, ValueError):  # a builtin or C callable has no signature to read
        takes_progress = False
    if not takes_progress:
        world = builder(name, seed=seed, size=size, workdir=workdir)
        progress.advance(1)
        return world
    training = _TrainingStages(progress, f"{name} (seed {seed})")
    world = builder(name, seed=seed, size=size, workdir=workdir, progress=training)
    if not training.used:
        progress.advance(1)
    return world


@dataclass
class SignalRun:
    """One signal across every seed: its role, and either its tables or why it was skipped."""

    name: str
    role: str  # single | fusion | oracle | random
    sources: tuple[str, ...]
    origin: str
    tables: dict[str, list[np.ndarray]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    source_statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None

    def add(self, scored: Scored, tables: dict[str, np.ndarray]) -> None:
        for key, value in tables.items():
            self.tables.setdefault(key, []).append(value)
        for key, count in scored.statuses.items():
            self.statuses[key] = self.statuses.get(key, 0) + count
        for source, counts in scored.source_statuses.items():
            mine = self.source_statuses.setdefault(source, {})
            for key, count in counts.items():
                mine[key] = mine.get(key, 0) + count
        self.notes.extend(n for n in scored.notes if n not in self.notes)

    def merged(self) -> dict[str, np.ndarray]:
        """Tables of every seed concatenated along the prompt axis."""
        return {key: np.concatenate(parts, axis=0) for key, parts in self.tables.items()}


@dataclass
class BenchRun:
    """Everything a run measured, before summarising: signals' tables, prompts' families and seeds."""

    suite: LoadedSuite
    seeds: tuple[int, ...]
    settings: TableSettings
    bootstrap: Bootstrap
    bootstrap_seed: int
    families: np.ndarray  # (P,) family of each prompt, every seed together
    domains: np.ndarray  # (P,) the domain its candidates declare (Sample.domain, "mixed", "none")
    strata: np.ndarray  # (P,) index of the seed each prompt belongs to
    signals: dict[str, SignalRun]
    worlds: list[dict[str, Any]]
    timings: dict[str, Any]  # seconds per stage; a world's own build timings as it reports them
    ppo_runs: dict[str, dict[str, Any]] = field(default_factory=dict)  # the suite's PPO runs, graded (.ppo_runs)


def _default_builder() -> WorldBuilder:
    from rewardstack.benchmarks import worlds  # the worlds engineer's package; imported only when a run needs it

    builder: WorldBuilder = getattr(worlds, "build_world")  # noqa: B009 (the package lands separately)
    return builder


def _effective(suite: LoadedSuite, seed: int | None) -> tuple[tuple[int, ...], int]:
    cfg = suite.config
    if seed is None:
        return cfg.world.seeds, cfg.bootstrap.seed
    return tuple(seed + i for i in range(len(cfg.world.seeds))), seed


def _world_summary(world: WorldPool) -> tuple[dict[str, Any], Any]:
    """The world's description for results.json, and its provenance's ``timings`` (kept apart: they vary)."""
    sizes = [pool.size for pool in world.prompts]
    families = {f: sum(p.family == f for p in world.prompts) for f in world.families()}
    provenance = {k: v for k, v in world.provenance.items() if k != "timings"}
    summary = {"seed": world.seed, "name": world.name, "prompts": len(world.prompts), "candidates": int(sum(sizes)),
               "pool_size": {"min": min(sizes, default=0), "max": max(sizes, default=0)}, "families": families,
               "skipped": dict(world.skipped), "provenance": provenance}
    return summary, world.provenance.get("timings")


def _domain(pool: PromptPool) -> str:
    """The prompt's domain as its candidates declare it: what a source sees, so what decides which verifier applies."""
    domains = {sample.domain or "none" for sample in pool.candidates}
    return domains.pop() if len(domains) == 1 else "mixed"


def _baseline(kind: str, pools: list[PromptPool], seed: int) -> list[np.ndarray]:
    if kind == "oracle":
        return [pool.gold.astype(float) for pool in pools]
    rng = np.random.default_rng((seed, 0x5EED))
    return [rng.random(pool.size) for pool in pools]


def _signal_runs(suite: LoadedSuite) -> dict[str, SignalRun]:
    runs = {spec.name: SignalRun(spec.name, spec.role, spec.sources, spec.origin) for spec in suite.signals}
    if suite.config.oracle:
        runs["oracle"] = SignalRun("oracle", "oracle", (), "gold (latent truth)")
    if suite.config.random:
        runs["random"] = SignalRun("random", "random", (), "i.i.d. uniform rewards")
    return runs


def run_suite(suite: LoadedSuite, *, workdir: Path, seed: int | None = None,
              build_world: WorldBuilder | None = None, progress: Progress | None = None) -> BenchRun:
    """Build the worlds, score every signal on each, and return the per-prompt tables."""
    progress = progress or _Silent()
    builder = build_world or _default_builder()
    seeds, boot_seed = _effective(suite, seed)
    cfg = suite.config
    runs = _signal_runs(suite)
    specs = {spec.name: spec for spec in suite.signals}
    timings: dict[str, Any] = {}
    families: list[str] = []
    domains: list[str] = []
    strata: list[int] = []
    worlds: list[dict[str, Any]] = []
    settings: TableSettings | None = None
    for index, world_seed in enumerate(seeds):
        started = time.perf_counter()
        world = _build(builder, cfg.world.name, seed=world_seed, size=cfg.world.size, workdir=workdir,
                       progress=progress)
        timings[f"world_seed{world_seed}_s"] = time.perf_counter() - started
        summary, world_timings = _world_summary(world)
        worlds.append(summary)
        if world_timings is not None:
            timings[f"world_seed{world_seed}_build"] = world_timings
        families.extend(pool.family for pool in world.prompts)
        domains.extend(_domain(pool) for pool in world.prompts)
        strata.extend([index] * len(world.prompts))
        if settings is None:
            largest = max((pool.size for pool in world.prompts), default=1)
            ns = tuple(n for n in cfg.best_of_n if n <= largest) or (1,)
            settings = TableSettings(groups=cfg.metrics, ns=ns, betas=default_betas())
        candidates = sum(pool.size for pool in world.prompts)
        for run in runs.values():
            if run.skipped is not None:
                continue
            started = time.perf_counter()
            progress.stage(f"seed {world_seed}: scoring {run.name}", candidates)
            if run.role in ("oracle", "random"):
                scored: Scored | Skipped = Scored(_baseline(run.role, world.prompts, world_seed),
                                                  {"ok": candidates})
                progress.advance(candidates)
            else:
                scored = score_signal(specs[run.name], world, progress.advance)
            if isinstance(scored, Skipped):
                run.skipped = f"seed {world_seed}: {scored.reason}"
                run.tables.clear()
                continue
            run.add(scored, prompt_tables(standardise(scored.rewards), world.prompts, settings))
            timings[f"{run.name}_seed{world_seed}_s"] = time.perf_counter() - started
    strata_arr = np.array(strata, dtype=int)
    boot = Bootstrap.draw(strata_arr, samples=cfg.bootstrap.samples, seed=boot_seed, level=cfg.bootstrap.level)
    if settings is None:  # unreachable: a suite lists at least one seed (validated)
        raise ValueError("a suite needs at least one world seed")
    return BenchRun(suite=suite, seeds=seeds, settings=settings, bootstrap=boot, bootstrap_seed=boot_seed,
                    families=np.array(families), domains=np.array(domains), strata=strata_arr, signals=runs,
                    worlds=worlds, timings=timings, ppo_runs=_grade_ppo_runs(suite, boot_seed, progress, timings))


def _grade_ppo_runs(suite: LoadedSuite, boot_seed: int, progress: Progress,
                    timings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each PPO run of the suite graded against gold (or skipped with the reason), in the suite's order."""
    cfg = suite.config
    base = Path(suite.path).parent
    out = {}
    for name, spec in cfg.ppo_runs.items():
        started = time.perf_counter()
        progress.stage(f"grading PPO run {name}", 1)
        out[name] = grade_ppo_run(spec, base=base, samples=cfg.bootstrap.samples, seed=boot_seed,
                                  level=cfg.bootstrap.level)
        progress.advance(1)
        timings[f"ppo_{name}_s"] = time.perf_counter() - started
    return out
