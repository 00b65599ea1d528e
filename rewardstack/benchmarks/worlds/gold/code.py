"""Coding gold: every test unit of the problem (the hidden set) run in the real sandbox.

The same ``code_tests`` source the benchmark scores with runs here, on all units instead of
the visible ones; each distinct (problem, program) is run once. A unit that fails, crashes
or times out is a failed unit (as in ``code_tests``). A candidate the sandbox cannot grade at
all (a ``code_tests`` error) stops the build with the reason: gold is never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rewardstack.benchmarks.worlds.latent import CodeLatent
from rewardstack.core.errors import SourceError
from rewardstack.core.sample import Sample
from rewardstack.core.score import Status

__all__ = ["CodeOutcome", "run_hidden"]


@dataclass(frozen=True)
class CodeOutcome:
    """Per-unit results of one program: ``passed[k]`` for unit k."""

    passed: tuple[bool, ...]

    @property
    def pass_rate(self) -> float:
        return sum(self.passed) / len(self.passed)

    def visible_pass(self, visible: Sequence[int]) -> bool:
        return all(self.passed[k] for k in visible)


def run_hidden(
    code: Sequence[CodeLatent], *, sandbox: dict[str, Any], timeout_s: float
) -> dict[tuple[str, str], CodeOutcome]:
    """(task_id, program) -> outcome, for every distinct program in ``code``."""
    from rewardstack.verifiers.code.source import CodeTestsSource

    unique: dict[tuple[str, str], CodeLatent] = {}
    for item in code:
        unique.setdefault((item.task_id, item.program), item)
    if not unique:
        return {}
    samples = [
        Sample(
            id=f"gold-{i}",
            prompt="",
            response=item.program,
            domain="code",
            reference={"language": "python", "entry_point": item.entry_point, "tests": list(item.units)},
        )
        for i, item in enumerate(unique.values())
    ]
    source = CodeTestsSource(sandbox=sandbox, timeout_s=timeout_s)
    try:
        scores = source.score(samples)
    finally:
        source.close()
    out = {}
    for key, item, score in zip(unique, unique.values(), scores, strict=True):
        if score.status is not Status.OK:
            raise SourceError(
                f"gold for {item.task_id}: the sandbox could not grade a candidate "
                f"({score.status.value}: {score.evidence})"
            )
        out[key] = CodeOutcome(tuple(score.components[f"test_{k}"] == 1.0 for k in range(len(item.units))))
    return out
