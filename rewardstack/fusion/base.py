"""The operator contract: a batch of Scores in, totals + contributions + flags out.

Operators are vectorised over the batch with numpy. A source's value is NaN
wherever its Score is not ``ok``; what that means is each operator's (and,
with the fusion issue, each source's policy's) decision, never an implicit 0.

Scores are pulled through a :class:`ScoreBoard`, which fetches lazily: an
operator may ask for a source on a subset of samples only (a cascade calls
the expensive source just where cheap ones did not decide).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, ConfigDict

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score, Status

__all__ = ["FusionOperator", "FusionOutput", "OperatorConfig", "ScoreBoard"]

Fetch = Callable[[str, Sequence[Sample]], list[Score]]


class ScoreBoard:
    """Scores of a batch, per source, fetched on first request and then kept."""

    def __init__(self, samples: Sequence[Sample], fetch: Fetch):
        self.samples = samples
        self._fetch = fetch
        self._scores: dict[str, dict[int, Score]] = {}

    def __len__(self) -> int:
        return len(self.samples)

    def put(self, name: str, scores: dict[int, Score]) -> None:
        self._scores.setdefault(name, {}).update(scores)

    def scores(self, name: str, index: np.ndarray) -> list[Score]:
        known = self._scores.setdefault(name, {})
        missing = [int(i) for i in index if int(i) not in known]
        if missing:
            fetched = self._fetch(name, [self.samples[i] for i in missing])
            known.update(zip(missing, fetched, strict=True))
        return [known[int(i)] for i in index]

    def values(self, name: str, index: np.ndarray) -> np.ndarray:
        """Float values, NaN where the Score is not ok."""
        return np.array([s.value if s.status is Status.OK else np.nan for s in self.scores(name, index)], dtype=float)

    def fetched(self) -> dict[str, dict[int, Score]]:
        return self._scores


@dataclass
class FusionOutput:
    """Per-sample totals (NaN = no value), signed contributions, and flags."""

    total: np.ndarray
    contributions: dict[str, np.ndarray]
    flags: list[list[str]] = field(default_factory=list)

    @classmethod
    def empty(cls, n: int) -> FusionOutput:
        return cls(total=np.full(n, np.nan), contributions={}, flags=[[] for _ in range(n)])


class FusionOperator(ABC):
    """One node of a fusion tree."""

    @abstractmethod
    def source_names(self) -> set[str]:
        """Every source this subtree may read."""

    def eager_sources(self) -> set[str]:
        """Sources worth fetching for the whole batch up front (concurrently)."""
        return self.source_names()

    @abstractmethod
    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        """Fuse the samples at ``index`` (positions into ``board.samples``)."""


class OperatorConfig(BaseModel):
    """Base of every operator config: frozen, unknown keys rejected, ``kind`` discriminates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str

    def build(self) -> FusionOperator:
        raise NotImplementedError(f"{type(self).__name__} does not implement build()")
