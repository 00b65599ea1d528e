"""The per-sample output of a stack: the fused total and how it was made."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.core.score import Score, Status

__all__ = ["StackResult"]


class StackResult(BaseModel):
    """Fused reward for one sample, with every source's Score and signed contribution.

    ``total`` is ``None`` (and ``status`` says why, ``reason`` in words) when no
    source could give a value: a sample is never silently rewarded 0. ``contributions`` sum to
    ``total`` minus the fusion tree's baseline (0 for linear trees).

    >>> r = StackResult(id="a", total=1.0, status="ok", contributions={"len": 1.0})
    >>> r.total
    1.0
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    total: float | None
    status: Status = Status.OK
    scores: dict[str, Score] = Field(default_factory=dict)
    contributions: dict[str, float] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)
    baseline: float = 0.0  # the fusion tree's value with every source absent (see docs/fusion.md)
    reason: str = ""  # why there is no total (empty when there is one)
