"""Scoring a world's candidates with one signal: a real RewardStack in evaluation mode.

A signal is scored exactly as a trainer would score it: its stack is built from the suite's
config (``${world.NAME}`` placeholders resolved from the world's artifacts), left in evaluation
mode (fusion state never moves; scores do not depend on the batch), and called through
``score_arrays`` on whole prompt groups (group operators see every candidate of a prompt).
Results go through the stack's own cache (``cache: true`` in the stack, the default), so a
source that several signals share is computed once per candidate.

A signal that cannot run *here* is **skipped with its reason**, never crashes the run and
never scores silently (a misspelt source name is not one: the suite's loader refused it, exit 2):
the world did not build an artifact it names, a source cannot be constructed (Docker not
running, a model that is not on disk, an extra not installed:
``SourceError``/``ConfigError``/``ImportError`` at construction), or scoring raised (a policy
of ``on_error: raise``). Per-candidate failures are not skips: they are counted
(``statuses``) and the candidate ranks last (see :mod:`.metrics.ranking`).

>>> _status_counts(np.array([0, 0, 1, 2], dtype=np.int8))
{'ok': 2, 'abstain': 1, 'error': 1, 'timeout': 0}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import ValidationError

from rewardstack.benchmarks.pool import PromptPool, WorldPool
from rewardstack.benchmarks.suite import SignalSpec, resolve_placeholders
from rewardstack.core.errors import RewardStackError
from rewardstack.fusion.stack import DEFAULT_CACHE, RewardStack
from rewardstack.fusion.stack_arrays import CODE_STATUS
from rewardstack.fusion.stack_config import StackConfig

__all__ = ["Scored", "Skipped", "score_signal", "split_by_prompt"]

#: Samples per ``score_arrays`` call (whole prompts only); a progress tick after each.
CHUNK_SAMPLES = 2048


@dataclass(frozen=True)
class Scored:
    """A signal's raw totals per prompt (NaN: no total), status counts of the totals, stack notes."""

    rewards: list[np.ndarray]
    statuses: dict[str, int]
    source_statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """Why a signal could not run here."""

    reason: str


def _status_counts(codes: np.ndarray) -> dict[str, int]:
    return {status.value: int((codes == code).sum()) for code, status in sorted(CODE_STATUS.items())}


def split_by_prompt(values: np.ndarray, pools: Sequence[PromptPool]) -> list[np.ndarray]:
    """Cut one flat array (candidates of every pool, in order) back into per-prompt arrays."""
    bounds = np.cumsum([pool.size for pool in pools])[:-1]
    return [np.asarray(part, dtype=float) for part in np.split(values, bounds)]


def _chunks(pools: Sequence[PromptPool]) -> list[list[PromptPool]]:
    chunks: list[list[PromptPool]] = [[]]
    size = 0
    for pool in pools:
        if chunks[-1] and size + pool.size > CHUNK_SAMPLES:
            chunks.append([])
            size = 0
        chunks[-1].append(pool)
        size += pool.size
    return chunks


def _build(spec: SignalSpec, world: WorldPool) -> RewardStack | Skipped:
    data, missing = resolve_placeholders(spec.data, world.artifacts())
    if missing:
        why = "; ".join(f"{family}: {reason}" for family, reason in world.skipped.items()) or "no reason given"
        return Skipped(f"the world built no artifact {', '.join(missing)} (world skipped: {why})")
    try:
        config = StackConfig.model_validate(data)
    except ValidationError as exc:
        return Skipped(f"the stack is invalid once world artifacts are filled in: {exc.errors()[0]['msg']}")
    try:
        return RewardStack.from_config(config, cache=DEFAULT_CACHE)
    except (RewardStackError, ImportError, OSError) as exc:
        return Skipped(f"a source cannot run here: {type(exc).__name__}: {' '.join(str(exc).split())}")


def score_signal(spec: SignalSpec, world: WorldPool,
                 advance: Callable[[int], None] = lambda n: None) -> Scored | Skipped:
    """Score every candidate of ``world`` with the signal's stack, in evaluation mode."""
    built = _build(spec, world)
    if isinstance(built, Skipped):
        return built
    with built as stack:
        totals, codes = [], []
        source_codes: dict[str, list[np.ndarray]] = {}
        try:
            for chunk in _chunks(world.prompts):
                samples = [s for pool in chunk for s in pool.candidates]
                arrays = stack.score_arrays(samples)
                totals.append(arrays.total)
                codes.append(arrays.status)
                for name, status in arrays.statuses.items():
                    source_codes.setdefault(name, []).append(status)
                advance(len(samples))
        except RewardStackError as exc:
            return Skipped(f"scoring stopped: {type(exc).__name__}: {' '.join(str(exc).split())}")
        notes = stack.notes()
    flat = np.concatenate(totals) if totals else np.zeros(0)
    return Scored(
        rewards=split_by_prompt(flat, world.prompts),
        statuses=_status_counts(np.concatenate(codes) if codes else np.zeros(0, dtype=np.int8)),
        source_statuses={name: _status_counts(np.concatenate(parts)) for name, parts in source_codes.items()},
        notes=notes,
    )
