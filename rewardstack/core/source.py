"""The one contract every reward source keeps, and a base class that keeps it.

A source scores a batch of samples and returns one :class:`Score` per sample,
in order. It never raises for a bad sample: :class:`BaseSource` turns an
exception in :meth:`BaseSource.score_one` into an ``error`` Score for that
sample only. It raises at construction for a broken setup, saying how to fix it.

Three ways to write a source on :class:`BaseSource` (the engine in
:mod:`rewardstack.fusion.execution` does the rest: micro-batching to the
config's ``batch:`` limits, isolating a failing sample by bisection, deadlines,
concurrency, caching):

- ``def score_one(self, sample) -> Score``: per sample (CPU verifiers);
- ``def score_batch(self, samples) -> list[Score]``: batch-native (a model's
  forward pass); it may raise, the engine bisects to the failing sample;
- ``async def score_one`` / ``async def score_batch``: I/O-bound (an HTTP
  judge); the engine drives every async source of a stack on one event loop
  with ``execution.concurrency`` calls in flight.

Any other method of the contract written ``async`` is refused at construction
(it would hand the engine a coroutine where it expects a value).

A batch-native source, runnable:

>>> from typing import Literal
>>> class CharsConfig(SourceConfig):
...     kind: Literal["chars"] = "chars"
>>> class Chars(BaseSource[CharsConfig]):
...     '''Response length in characters, scored a whole batch at once.'''
...     kind = "chars"
...     config_class = CharsConfig
...     def score_batch(self, samples):
...         return [Score.ok(float(len(s.response))) for s in samples]
>>> Chars().score([Sample(id="a", prompt="p", response="four")])[0].value
4.0
"""

from __future__ import annotations

import asyncio
import inspect
import time
import traceback
from abc import ABC
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar, runtime_checkable

import numpy as np
from pydantic import BaseModel, ConfigDict

from rewardstack.core.errors import SourceError
from rewardstack.core.identity import source_identity
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source_config import BatchConfig, ExecutionConfig, SourceConfig

__all__ = [
    "BaseSource",
    "BatchConfig",
    "CostClass",
    "ExecutionConfig",
    "RewardSource",
    "SourceConfig",
    "SourceInfo",
    "describe_exception",
    "is_async_source",
]

CostClass = Literal["trivial", "cheap", "moderate", "expensive"]
Need = Literal["sandbox", "gpu", "network", "model"]

# Methods the engine calls synchronously: an ``async def`` here is a bug caught at construction.
_SYNC_ONLY = ("score", "score_values", "describe", "fingerprint", "close", "count_tokens", "safe_score_one",
              "cache_identity")
_MAY_BE_ASYNC = ("score_one", "score_batch")


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
    """Anything with a name, a version, a batched ``score`` and the rest of this contract is a source.

    ``fingerprint()`` returns everything outside the config that can change a
    verdict (weights hash, knowledge-base version, judge templates; ``""`` if
    nothing); it is part of the cache key. ``close()`` releases what the source
    holds (worker pools, sandboxes, HTTP sessions, models); the stack calls it.
    """

    name: str
    version: str

    def score(self, samples: Sequence[Sample]) -> list[Score]: ...

    async def ascore(self, samples: Sequence[Sample]) -> list[Score]: ...

    def describe(self) -> SourceInfo: ...

    def fingerprint(self) -> str: ...

    def close(self) -> None: ...


ConfigT = TypeVar("ConfigT", bound=SourceConfig)


class BaseSource(ABC, Generic[ConfigT]):
    """Convenience base: subclass, set ``kind``/``version``/``config_class``, write ``score_one``.

    Batch-native sources override :meth:`score_batch` instead; I/O-bound ones
    write either as ``async def``. Either way the returned Scores are stamped
    with source name, version and latency, and an exception on one sample
    becomes an ``error`` Score for that sample alone.
    """

    kind: ClassVar[str]
    version: ClassVar[str] = "1"
    config_class: ClassVar[type[SourceConfig]]
    output_range: ClassVar[tuple[float, float] | None] = None
    deterministic: ClassVar[bool] = True
    cost_class: ClassVar[CostClass] = "cheap"
    needs: ClassVar[tuple[Need, ...]] = ()

    def __init__(self, config: ConfigT | None = None, *, name: str | None = None, **fields: Any):
        _check_async_shape(type(self))
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

    def score_values(self, samples: Sequence[Sample]) -> tuple[np.ndarray, np.ndarray]:
        """Optional arrays fast path for trivial sources: ``(values, status codes)``, no Score objects.

        ``values`` is float64 of shape ``(n,)`` (NaN unless ok), codes are int8 per
        :data:`~rewardstack.core.score.STATUS_CODES`. ``RewardStack.score_arrays``
        uses it when a source overrides it; it must agree with :meth:`score`.
        """
        raise NotImplementedError(f"{type(self).__name__} has no arrays fast path")

    @property
    def has_value_path(self) -> bool:
        return type(self).score_values is not BaseSource.score_values

    def fingerprint(self) -> str:
        """Everything outside the config that can change a verdict (part of the cache key); default none."""
        return ""

    def close(self) -> None:  # noqa: B027 (most sources hold nothing)
        """Release what the source holds (pools, sandboxes, sessions, models). Idempotent."""

    # --- the contract ----------------------------------------------------------
    @property
    def is_async(self) -> bool:
        """True when ``score_one`` or ``score_batch`` is ``async def`` (the engine awaits it)."""
        return _writes_async(type(self))

    def score(self, samples: Sequence[Sample]) -> list[Score]:
        if not samples:
            return []
        if self.is_async:  # called directly, outside a stack: run the coroutine to completion here
            return asyncio.run(self.ascore(samples))
        return self._stamp_all(samples, self.score_batch(samples))

    async def ascore(self, samples: Sequence[Sample]) -> list[Score]:
        if not samples:
            return []
        if not self.is_async:
            return await asyncio.to_thread(self.score, samples)
        if _is_coroutine_method(type(self), "score_batch"):
            return self._stamp_all(samples, await self.score_batch(samples))  # type: ignore[misc]
        return list(await asyncio.gather(*(self.safe_ascore_one(s) for s in samples)))

    def safe_score_one(self, sample: Sample) -> Score:
        """``score_one`` with timing and exception isolation."""
        start = time.perf_counter()
        try:
            result = self.score_one(sample)
        except Exception as exc:  # a bad sample must not break the batch
            result = Score.error(describe_exception(exc))
        return self._stamp(result, time.perf_counter() - start)  # one copy: who, which version, how long

    async def safe_ascore_one(self, sample: Sample) -> Score:
        """``async score_one`` with timing and exception isolation."""
        start = time.perf_counter()
        try:
            result = await self.score_one(sample)  # type: ignore[misc]
        except Exception as exc:  # a bad sample must not break the batch
            result = Score.error(describe_exception(exc))
        return self._stamp(result, time.perf_counter() - start)

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

    def cache_identity(self) -> str | None:
        """Everything about this source that can change a verdict (cache key part); None = never cache."""
        return source_identity(self)

    def _stamp_all(self, samples: Sequence[Sample], scores: Sequence[Score]) -> list[Score]:
        if len(scores) != len(samples):
            raise SourceError(f"{self.name}: score_batch returned {len(scores)} scores for {len(samples)} samples")
        return [s if self._is_stamped(s) else self._stamp(s, s.latency_s) for s in scores]

    def _is_stamped(self, score: Score) -> bool:
        return score.source == self.name and score.source_version == self.version

    def _stamp(self, score: Score, latency_s: float) -> Score:
        if not isinstance(score, Score):
            raise SourceError(f"{self.name}: expected a Score, got {type(score).__name__}")
        return score.stamped(source=self.name, source_version=self.version, latency_s=latency_s)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, config={self.config!r})"


def _is_coroutine_method(cls: type, name: str) -> bool:
    member = inspect.getattr_static(cls, name, None)
    func = getattr(member, "__func__", member)
    return inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func)


def _writes_async(cls: type) -> bool:
    return any(_is_coroutine_method(cls, name) for name in _MAY_BE_ASYNC)


def _check_async_shape(cls: type) -> None:
    """Refuse ``async def`` where the engine calls synchronously, with the fix in the message."""
    wrong = [name for name in _SYNC_ONLY if _is_coroutine_method(cls, name)]
    wrong += [name for name in _MAY_BE_ASYNC if inspect.isasyncgenfunction(inspect.getattr_static(cls, name, None))]
    if wrong:
        raise SourceError(
            f"{cls.__name__}: {', '.join(wrong)} must not be async. Write `async def score_one` or "
            "`async def score_batch` (or override `async def ascore`) for an I/O-bound source; the rest "
            "of the contract is synchronous."
        )


def is_async_source(source: object) -> bool:
    """Whether the engine should await ``source.ascore`` rather than call ``source.score``.

    BaseSource: when ``score_one``/``score_batch`` is async or ``ascore`` is overridden.
    Other sources (the bare protocol): when their class defines ``ascore`` as a coroutine function.
    """
    cls = type(source)
    if isinstance(source, BaseSource):
        return _writes_async(cls) or inspect.getattr_static(cls, "ascore") is not BaseSource.__dict__["ascore"]
    return _is_coroutine_method(cls, "ascore")


def describe_exception(exc: BaseException) -> str:
    """``Type: message at file:line`` of the innermost frame (what an ``error`` Score says)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"
