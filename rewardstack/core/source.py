"""The one contract every reward source keeps, and a base class that keeps it.

A source scores a batch of samples and returns one :class:`Score` per sample,
in order. It never raises for a bad sample: :class:`BaseSource` turns an
exception in :meth:`BaseSource.score_one` into an ``error`` Score for that
sample only. It raises at construction for a broken setup, saying how to fix it.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from abc import ABC
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score

__all__ = [
    "BaseSource",
    "CostClass",
    "ExecutionConfig",
    "RewardSource",
    "SourceConfig",
    "SourceInfo",
]

CostClass = Literal["trivial", "cheap", "moderate", "expensive"]
Need = Literal["sandbox", "gpu", "network", "model"]


class ExecutionConfig(BaseModel):
    """How the stack runs a source.

    ``inline`` calls ``score`` in a thread; ``process`` runs each sample in a
    worker process whose per-sample deadline ``timeout_s`` is enforced from
    outside (a stuck worker is killed and replaced, the sample gets ``timeout``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Literal["inline", "process"] = "inline"
    timeout_s: float = Field(default=30.0, gt=0)
    workers: int = Field(default=2, ge=1, le=256)


class SourceConfig(BaseModel):
    """Base of every source's config: frozen, unknown keys rejected.

    Subclasses add their own fields; ``kind`` is the registered name.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    execution: ExecutionConfig = Field(default_factory=ExecutionConfig)


class SourceInfo(BaseModel):
    """What a source tells about itself (``rewardstack sources`` prints this)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    name: str
    version: str
    output_range: tuple[float, float] | None = None
    deterministic: bool = True
    cost_class: CostClass = "cheap"
    needs: tuple[Need, ...] = ()
    summary: str = ""


@runtime_checkable
class RewardSource(Protocol):
    """Anything with a name, a version and a batched ``score`` is a source."""

    name: str
    version: str

    def score(self, samples: Sequence[Sample]) -> list[Score]: ...

    async def ascore(self, samples: Sequence[Sample]) -> list[Score]: ...

    def describe(self) -> SourceInfo: ...


ConfigT = TypeVar("ConfigT", bound=SourceConfig)


class BaseSource(ABC, Generic[ConfigT]):
    """Convenience base: subclass, set ``kind``/``version``/``config_class``, write ``score_one``.

    Batch-native sources override :meth:`score_batch` instead. Either way the
    returned Scores are stamped with source name, version and latency, and an
    exception on one sample becomes an ``error`` Score for that sample alone.
    """

    kind: ClassVar[str]
    version: ClassVar[str] = "1"
    config_class: ClassVar[type[SourceConfig]]
    output_range: ClassVar[tuple[float, float] | None] = None
    deterministic: ClassVar[bool] = True
    cost_class: ClassVar[CostClass] = "cheap"
    needs: ClassVar[tuple[Need, ...]] = ()

    def __init__(self, config: ConfigT | None = None, *, name: str | None = None, **fields: Any):
        if config is None:
            config = self.config_class.model_validate({"kind": self.kind, **fields})  # type: ignore[assignment]
        elif fields:
            raise TypeError("pass either a config object or keyword fields, not both")
        self.config: ConfigT = config  # type: ignore[assignment]
        self.name: str = name or self.kind

    # --- what subclasses write -------------------------------------------------
    def score_one(self, sample: Sample) -> Score:
        """Score one sample (may raise: the base turns it into an ``error`` Score)."""
        raise NotImplementedError(f"{type(self).__name__} implements neither score_one nor score_batch")

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        """Score a batch; the default loops over :meth:`score_one` and isolates failures."""
        return [self.safe_score_one(s) for s in samples]

    # --- the contract ----------------------------------------------------------
    def score(self, samples: Sequence[Sample]) -> list[Score]:
        if not samples:
            return []
        scores = self.score_batch(samples)
        if len(scores) != len(samples):
            raise RuntimeError(f"{self.name}: score_batch returned {len(scores)} scores for {len(samples)} samples")
        return [s if self._is_stamped(s) else self._stamp(s, s.latency_s) for s in scores]

    async def ascore(self, samples: Sequence[Sample]) -> list[Score]:
        return await asyncio.to_thread(self.score, samples)

    def safe_score_one(self, sample: Sample) -> Score:
        """``score_one`` with timing and exception isolation."""
        start = time.perf_counter()
        try:
            result = self.score_one(sample)
        except Exception as exc:  # a bad sample must not break the batch
            result = Score.error(_describe_exception(exc))
        return self._stamp(result, time.perf_counter() - start)  # one copy: who, which version, how long

    def describe(self) -> SourceInfo:
        doc = (type(self).__doc__ or "").strip().splitlines()
        return SourceInfo(
            kind=self.kind,
            name=self.name,
            version=self.version,
            output_range=self.output_range,
            deterministic=self.deterministic,
            cost_class=self.cost_class,
            needs=self.needs,
            summary=doc[0] if doc else "",
        )

    def cache_identity(self) -> str:
        """Everything about this source that can change a verdict (cache key part)."""
        return f"{self.kind}:{self.version}:{self.config.model_dump_json()}"

    def _is_stamped(self, score: Score) -> bool:
        return score.source == self.name and score.source_version == self.version

    def _stamp(self, score: Score, latency_s: float) -> Score:
        return score.stamped(source=self.name, source_version=self.version, latency_s=latency_s)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, config={self.config!r})"


def _describe_exception(exc: Exception) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"
