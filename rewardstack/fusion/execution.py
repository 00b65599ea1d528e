"""Running one source over a batch: the engine every source kind stands on.

- ``inline`` sync sources: calls are cut to the config's ``batch:`` limits
  (:mod:`rewardstack.core.batching`), a failing call is bisected until the
  failing samples stand alone (:mod:`rewardstack.core.fault_isolation`), an
  out-of-memory error halves the source's micro-batch for the rest of the run,
  and ``execution.timeout_s`` (when set) bounds each call
  (:mod:`rewardstack.core.deadline`: timeout + quarantine).
- async sources (``async def score_one/score_batch`` or a native ``ascore``):
  the same plan and bisection, driven on the stack's one event loop with at
  most ``execution.concurrency`` calls in flight; a call past
  ``execution.timeout_s`` is cancelled and its samples get ``timeout``.
  Async ``score_one`` sources are called per sample (the concurrency limit is
  then per sample).
- ``process`` mode: each sample runs in a worker process whose deadline is
  enforced from outside (the worker's process group is killed and replaced;
  that sample alone gets ``timeout``).
- ``ray`` mode: micro-batches run on Ray actors (:mod:`rewardstack.core.ray_pool`), one call in
  flight per actor, deadlines enforced from outside (the actor is killed and replaced; that
  call's samples get ``timeout``), a dead actor's samples get ``error``.

The runner never raises for samples; what happened to the source during the
run (a halved micro-batch, isolated failures, quarantine) is in :meth:`SourceRunner.notes`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from rewardstack.core.batching import plan_micro_batches, token_counter
from rewardstack.core.deadline import DeadlineExceeded, DeadlineGuard, Quarantined
from rewardstack.core.errors import SourceError
from rewardstack.core.event_loop import LoopThread
from rewardstack.core.executors import HardTimeoutPool, TaskOutcome
from rewardstack.core.fault_isolation import FaultIsolator, is_out_of_memory
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, RewardSource, is_async_source
from rewardstack.core.source_config import BatchConfig, ExecutionConfig

if TYPE_CHECKING:
    from rewardstack.core.ray_pool import RayActorPool

__all__ = ["SourceRunner"]


def _build_in_worker(source_class: type[BaseSource[Any]], config: Any, name: str) -> BaseSource[Any]:
    return source_class(config, name=name)


def _score_in_worker(source: BaseSource[Any], sample: Sample) -> Score:
    return source.safe_score_one(sample)


class SourceRunner:
    """Scores samples with one source, honouring its execution and batch config; never raises for samples."""

    def __init__(self, name: str, source: RewardSource, loop: LoopThread | None = None):
        self.name = name
        self.source = source
        config = getattr(source, "config", None)
        self.execution: ExecutionConfig = getattr(config, "execution", None) or ExecutionConfig()
        self.batch: BatchConfig = getattr(config, "batch", None) or BatchConfig()
        self.mode = self.execution.mode
        self.is_async = is_async_source(source)
        if self.mode in ("process", "ray") and (not isinstance(source, BaseSource) or self.is_async):
            where = "worker processes" if self.mode == "process" else "Ray actors"
            raise SourceError(f"source {name!r}: {self.mode} mode needs a synchronous BaseSource "
                              f"(it is rebuilt from its config in {where})")
        self._loop = loop if loop is not None else LoopThread(name)
        self._pool: HardTimeoutPool | None = None
        self._ray_pool: RayActorPool | None = None
        self._guard = (DeadlineGuard(name, self.execution.timeout_s, self.execution.on_quarantine)
                       if self.mode == "inline" and not self.is_async and self.execution.timeout_s else None)
        self._lock = threading.Lock()
        self._cap: int | None = self.batch.max_samples  # lowered after an out-of-memory error
        self._semaphore: asyncio.Semaphore | None = None
        self._notes: dict[str, str] = {}
        self.calls = 0

    # --- what the stack asks -----------------------------------------------------
    @property
    def runs_elsewhere(self) -> bool:
        """True unless the source is a trivial in-process computation (then threads only add GIL contention)."""
        if self.mode != "inline" or self.is_async or self._guard is not None:
            return True
        describe = getattr(self.source, "describe", None)
        return not (callable(describe) and describe().cost_class == "trivial")

    @property
    def value_path(self) -> bool:
        """The source computes values as arrays (``score_values``) and runs inline without a deadline."""
        return (isinstance(self.source, BaseSource) and self.source.has_value_path and self.mode == "inline"
                and not self.is_async and self._guard is None)

    def score_values(self, samples: Sequence[Sample]) -> tuple[np.ndarray, np.ndarray] | None:
        """``(values, status codes)`` from the source's arrays fast path; None if it raised (use :meth:`score`)."""
        assert isinstance(self.source, BaseSource)
        try:
            values, codes = self.source.score_values(samples)
        except Exception as exc:  # the Score path isolates the failing sample; say that the fast path failed
            self._note("value_path", f"the arrays fast path raised ({type(exc).__name__}: {exc}); "
                                     "fell back to per-sample Scores")
            return None
        return np.asarray(values, dtype=float), np.asarray(codes, dtype=np.int8)

    @property
    def version(self) -> str:
        return str(getattr(self.source, "version", "?"))

    def notes(self) -> list[str]:
        """What happened to this source during the run, one readable line each.

        The engine's own notes, then the source's if it has a ``notes() -> list[str]`` method
        (e.g. malformed rows in an outcome log that belong to no sample).
        """
        with self._lock:
            engine = [f"{self.name}: {note}" for note in self._notes.values()]
        own = getattr(self.source, "notes", None)
        return engine + ([f"{self.name}: {note}" for note in own()] if callable(own) else [])

    def score(self, samples: Sequence[Sample]) -> list[Score]:
        if not samples:
            return []
        if self.mode == "process":
            return self._score_in_processes(samples)
        if self.mode == "ray":
            return self._score_on_ray(samples)
        if self.is_async:
            return self._loop.run(self.ascore(samples))
        return self._score_inline(samples)

    async def ascore(self, samples: Sequence[Sample]) -> list[Score]:
        """The async path; runs on the stack's loop (call through :meth:`LoopThread.run_async`)."""
        if not samples:
            return []
        if not self.is_async:
            return await asyncio.to_thread(self.score, samples)
        isolator = FaultIsolator(self._plan(samples), self._current_cap)
        tasks: set[asyncio.Task[None]] = set()
        while True:
            while (batch := isolator.next_batch()) is not None:
                tasks.add(asyncio.ensure_future(self._acall(samples, batch, isolator)))
            if not tasks:
                break
            _, tasks = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return self._collect(samples, isolator)

    # --- planning ------------------------------------------------------------------
    def _current_cap(self) -> int | None:
        with self._lock:
            return self._cap

    def _plan(self, samples: Sequence[Sample]) -> list[list[int]]:
        if self.is_async and isinstance(self.source, BaseSource) and not _batch_native(self.source):
            return [[i] for i in range(len(samples))]  # async score_one: one sample per call
        sizes = [token_counter(self.source)(s) for s in samples] if self.batch.max_tokens else [1] * len(samples)
        return plan_micro_batches(sizes, max_samples=self._current_cap(), max_tokens=self.batch.max_tokens)

    # --- inline (sync) -------------------------------------------------------------
    def _score_inline(self, samples: Sequence[Sample]) -> list[Score]:
        isolator = FaultIsolator(self._plan(samples), self._current_cap)
        while (batch := isolator.next_batch()) is not None:
            chunk = [samples[i] for i in batch]
            start = time.perf_counter()
            try:
                scores = self._guard.call(self.source.score, chunk) if self._guard else self.source.score(chunk)
                self._check_count(scores, chunk)
            except (DeadlineExceeded, Quarantined) as exc:
                self._note("deadline", f"calls overran execution.timeout_s={self.execution.timeout_s:g}s; "
                                       "their samples got timeout and the source was quarantined")
                isolator.resolved(batch, Score.timeout(str(exc)))
            except Exception as exc:  # one bad sample must not sink the micro-batch: bisect
                self._on_failure(batch, exc)
                isolator.failed(batch, exc)
            else:
                isolator.succeeded(batch, _with_latency(scores, time.perf_counter() - start))
        return self._collect(samples, isolator)

    # --- async -----------------------------------------------------------------------
    async def _acall(self, samples: Sequence[Sample], batch: list[int], isolator: FaultIsolator) -> None:
        chunk = [samples[i] for i in batch]
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.execution.concurrency)
        async with self._semaphore:
            start = time.perf_counter()
            try:
                scores = await asyncio.wait_for(self.source.ascore(chunk), timeout=self.execution.timeout_s)
                self._check_count(scores, chunk)
            except TimeoutError:
                isolator.resolved(batch, Score.timeout(
                    f"no answer within the {self.execution.timeout_s:g}s deadline (execution.timeout_s); cancelled"))
                return
            except Exception as exc:  # bisect, as for sync calls
                self._on_failure(batch, exc)
                isolator.failed(batch, exc)
                return
        isolator.succeeded(batch, _with_latency(scores, time.perf_counter() - start))

    # --- shared ------------------------------------------------------------------------
    def _check_count(self, scores: Sequence[Score], chunk: Sequence[Sample]) -> None:
        self.calls += 1
        if len(scores) != len(chunk):
            raise SourceError(f"source returned {len(scores)} scores for a micro-batch of {len(chunk)} samples")

    def _on_failure(self, batch: Sequence[int], exc: BaseException) -> None:
        if len(batch) > 1:
            self._note("bisect", "a call failed; the micro-batch was bisected to isolate the failing sample(s)")
        if not is_out_of_memory(exc) or len(batch) < 2:
            return
        with self._lock:
            halved = len(batch) // 2
            if self._cap is None or halved < self._cap:
                self._cap = halved
                self._notes["oom"] = (f"out of memory on a micro-batch of {len(batch)}; "
                                      f"micro-batch halved to {halved} samples for the rest of the run")

    def _note(self, key: str, text: str) -> None:
        with self._lock:
            self._notes.setdefault(key, text)

    def _collect(self, samples: Sequence[Sample], isolator: FaultIsolator) -> list[Score]:
        return [self._named(isolator.results[i]) for i in range(len(samples))]

    def _named(self, score: Score) -> Score:
        if score.source == self.name and score.source_version:
            return score
        return self._stamp(score, score.latency_s)  # the stack's name for the source wins

    # --- process mode --------------------------------------------------------------------
    def _score_in_processes(self, samples: Sequence[Sample]) -> list[Score]:
        assert isinstance(self.source, BaseSource)
        if self._pool is None:
            self._pool = HardTimeoutPool(
                workers=self.execution.workers,
                initializer=_build_in_worker,
                initargs=(type(self.source), self.source.config, self.name),
            )
        outcomes = self._pool.run(_score_in_worker, list(samples), timeout_s=self.execution.process_timeout_s)
        return [self._from_outcome(o) for o in outcomes]

    def _from_outcome(self, outcome: TaskOutcome) -> Score:
        if outcome.status == "ok":
            score: Score = outcome.value
            return self._stamp(score, score.latency_s)
        if outcome.status == "timeout":
            return self._stamp(Score.timeout(f"killed after {self.execution.process_timeout_s:g}s deadline"),
                               outcome.elapsed_s)
        return self._stamp(Score.error(outcome.error.strip().splitlines()[0] if outcome.error else "worker failed"),
                           outcome.elapsed_s)

    # --- ray mode ----------------------------------------------------------------------------
    def _score_on_ray(self, samples: Sequence[Sample]) -> list[Score]:
        assert isinstance(self.source, BaseSource)
        if self._ray_pool is None:
            from rewardstack.core.ray_pool import RayActorPool

            self._ray_pool = RayActorPool(self.source, self.name, self.execution)
        spread = -(-len(samples) // (2 * self._ray_pool.size))  # every actor gets work, twice over
        cap = min(self._current_cap() or spread, spread)
        plan = plan_micro_batches([1] * len(samples), max_samples=cap)
        start = time.perf_counter()
        per_batch = self._ray_pool.run([[samples[i] for i in batch] for batch in plan])
        if self._ray_pool.replaced:
            self._note("ray", f"{self._ray_pool.replaced} Ray actor(s) died or overran the deadline and were replaced")
        scores: list[Score | None] = [None] * len(samples)
        for batch, batch_scores in zip(plan, per_batch, strict=True):
            for i, score in zip(batch, batch_scores, strict=True):
                scores[i] = score
        elapsed = time.perf_counter() - start
        return [self._stamp(s, s.latency_s or elapsed) for s in scores if s is not None]

    def _stamp(self, score: Score, latency_s: float = 0.0) -> Score:
        return score.stamped(source=self.name, source_version=self.version, latency_s=latency_s)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._ray_pool is not None:
            self._ray_pool.close()
            self._ray_pool = None


def _batch_native(source: BaseSource[Any]) -> bool:
    return type(source).score_batch is not BaseSource.score_batch


def _with_latency(scores: Sequence[Score], elapsed_s: float) -> list[Score]:
    """Scores of a batch call that report no latency share the call's wall time."""
    share = elapsed_s / max(1, len(scores))
    return [s if s.latency_s > 0 else s.stamped(source=s.source, source_version=s.source_version, latency_s=share)
            for s in scores]
