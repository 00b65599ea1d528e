"""A suite with tiers: run the main tier and every named tier, and put their results together.

Each tier is a whole run of its own (:func:`.runner.run_suite`, :func:`.results.build_results`):
its world, signals, seeds, best-of-n grid and bootstrap. The main tier's document is the top
level of results.json exactly as a suite without tiers writes it; each named tier's document
goes under ``tiers.NAME``, and its figures into the folder ``NAME/`` beside report.md.

Cost is recorded per tier in its ``timings``: ``total_s`` (wall) and ``cpu_s``, the CPU seconds
of this process and of the child processes it reaped meanwhile (sandboxes, workers), the
figure that holds on a shared machine where wall time depends on the load.

>>> render_tier_sections({"suite": {"name": "quick"}}, {})
''
"""

from __future__ import annotations

import resource
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rewardstack.benchmarks.runner import Progress, WorldBuilder, run_suite
from rewardstack.benchmarks.suite import LoadedSuite

__all__ = ["cpu_seconds", "render_tier_sections", "run_tiers"]


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its reaped children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _Prefixed:
    """Progress labels of a named tier start with its name (every tier has a "seed 0: scoring tests")."""

    def __init__(self, progress: Progress, prefix: str):
        self.progress, self.prefix = progress, prefix

    def stage(self, label: str, total: int) -> None:
        self.progress.stage(f"{self.prefix}{label}", total)

    def advance(self, n: int) -> None:
        self.progress.advance(n)


def run_tiers(suite: LoadedSuite, *, workdir: Path, seed: int | None, progress: Progress,
              build_world: WorldBuilder | None = None) -> dict[str, Any]:
    """results.json of the whole suite: the main tier's document, with ``tiers`` when the suite has any."""
    from rewardstack.benchmarks.results import build_results

    results: dict[str, Any] = {}
    for name, tier in suite.all_tiers():
        cpu, wall = cpu_seconds(), time.perf_counter()
        shown = progress if name is None else _Prefixed(progress, f"tier {name}: ")
        document = build_results(run_suite(tier, workdir=workdir, seed=seed, build_world=build_world,
                                           progress=shown))
        document["timings"] |= {"total_s": round(time.perf_counter() - wall, 3),
                                "cpu_s": round(cpu_seconds() - cpu, 3)}
        if name is None:
            results = document
            if suite.tiers:
                results["tiers"] = {}
        else:
            results["tiers"][name] = document
    return results


def _demoted(text: str) -> list[str]:
    return ["#" + line if line.startswith("#") else line for line in text.splitlines()]


def render_tier_sections(results: dict[str, Any], figures: Mapping[str, Sequence[str]]) -> str:
    """report.md's sections for the named tiers (headings one level down); ``figures``: tier -> paths."""
    from rewardstack.benchmarks.report import render_report

    lines: list[str] = []
    for name, document in results.get("tiers", {}).items():
        body = _demoted(render_report(document, figures=figures.get(name, ())))
        body[0] = f"## Tier `{name}`: suite {document['suite']['name']} ({document['suite']['path']})"
        lines += ["", *body]
    return "\n".join(lines)
