"""``MicroBatcher``: concurrent requests merged into one stack call.

A GPU reward model costs about the same for one sample as for sixty-four, so
the server never scores requests one by one when several are waiting: one
worker task takes the oldest waiting request, waits until ``max_batch`` samples
are queued or ``max_wait_s`` has passed since that request arrived (whichever
comes first), and makes **one** call of ``score_fn`` with every request that fits.
Requests are never split, so a GRPO group sent in one request reaches the stack
whole; a request larger than ``max_batch`` runs alone.

Groups: with ``group_of`` (the stack's GRPO group key), two requests that use
the same group id are never merged (their samples would be normalised as one
group); the later one waits for the next batch.

One batch runs at a time (on a worker thread, so the event loop keeps accepting
requests meanwhile): the requests that arrive during a batch form the next one.

Failure isolation: when a merged call raises (e.g. a source policy
``on_error: raise``), each request of it is retried alone, so one client's bad
sample fails only that client's request.

>>> import asyncio
>>> async def demo() -> list[int]:
...     calls: list[int] = []
...     def score(samples):
...         calls.append(len(samples))
...         return [s * 10 for s in samples]
...     batcher = MicroBatcher(score, max_batch=8, max_wait_s=0.05, max_queue=100)
...     await batcher.start()
...     replies = await asyncio.gather(*(batcher.submit([i]) for i in range(4)))
...     await batcher.stop()
...     return calls
>>> asyncio.run(demo())
[4]
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

__all__ = ["MicroBatcher", "QueueFull"]

In = TypeVar("In")
Out = TypeVar("Out")


class QueueFull(Exception):
    """The queue cannot take the request now; ``retry_after_s`` is a fair guess of when it can."""

    def __init__(self, queued: int, limit: int, retry_after_s: int):
        super().__init__(f"the queue holds {queued} samples (at most {limit}); retry after {retry_after_s}s")
        self.retry_after_s = retry_after_s


@dataclass
class _Job(Generic[In, Out]):
    items: list[In]
    future: asyncio.Future[list[Out]] = field(repr=False)
    arrived: float


class MicroBatcher(Generic[In, Out]):
    """Merge concurrent ``submit`` calls into calls of ``score_fn`` (run on a worker thread)."""

    def __init__(self, score_fn: Callable[[list[In]], Sequence[Out]], *, max_batch: int, max_wait_s: float,
                 max_queue: int, on_batch: Callable[[int, float], None] | None = None,
                 group_of: Callable[[In], Hashable | None] | None = None):
        self.score_fn = score_fn
        self.group_of = group_of
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        self.max_queue = max_queue
        self.on_batch = on_batch  # (samples, seconds) after each call: metrics
        self._pending: deque[_Job[In, Out]] = deque()
        self._arrived: asyncio.Event | None = None
        self._worker: asyncio.Task[None] | None = None
        self._stopping = False
        self._running: list[_Job[In, Out]] = []
        self.queued = 0  # samples waiting (not yet in a running batch)
        self.in_flight = 0  # samples in the running batch
        self.batches = 0
        self._mean_batch_s = 0.0

    # --- life cycle -------------------------------------------------------------------
    async def start(self) -> None:
        self._arrived = asyncio.Event()
        self._worker = asyncio.create_task(self._work(), name="rewardstack-batcher")

    async def stop(self, timeout_s: float | None = None) -> None:
        """Finish every queued and running batch, then end the worker (graceful shutdown).

        After ``timeout_s`` (a source that hangs) the worker is cancelled and every request
        still running or waiting fails with :class:`QueueFull` instead of hanging the shutdown.
        """
        self._stopping = True
        if self._arrived is not None:
            self._arrived.set()
        if self._worker is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._worker), timeout_s)
        except TimeoutError:
            self._worker.cancel()
            for job in [*self._running, *self._pending]:
                _fail(job, QueueFull(self.queued, self.max_queue, 1))
            self._pending.clear()
            self.queued = 0

    # --- the clients' side ------------------------------------------------------------
    async def submit(self, items: Sequence[In]) -> list[Out]:
        """Queue ``items`` and wait for their results (in order). :class:`QueueFull` when it is full."""
        assert self._arrived is not None, "the batcher is not started"
        if self._stopping:
            raise QueueFull(self.queued, self.max_queue, 1)
        items = list(items)
        if self.queued + len(items) > self.max_queue and self.queued > 0:
            raise QueueFull(self.queued, self.max_queue, self.retry_after_s())
        job: _Job[In, Out] = _Job(items, asyncio.get_running_loop().create_future(), time.monotonic())
        self._pending.append(job)
        self.queued += len(items)
        self._arrived.set()
        return await job.future  # cancelled by the caller (a timeout): the worker skips it

    def retry_after_s(self) -> int:
        """Seconds until the queue has likely drained: batches ahead times the mean batch time."""
        batches_ahead = math.ceil((self.queued + self.in_flight) / self.max_batch)
        return max(1, math.ceil(batches_ahead * self._mean_batch_s))

    # --- the worker ---------------------------------------------------------------------
    async def _work(self) -> None:
        while True:
            jobs = await self._next_batch()
            if jobs is None:
                return
            await self._run(jobs)

    def _drop_abandoned(self) -> None:
        live = deque(job for job in self._pending if not job.future.done())
        self.queued -= sum(len(job.items) for job in self._pending if job.future.done())
        self._pending = live

    async def _next_batch(self) -> list[_Job[In, Out]] | None:
        assert self._arrived is not None
        loop = asyncio.get_running_loop()
        while True:
            self._drop_abandoned()
            if self._pending:
                break
            if self._stopping:
                return None
            self._arrived.clear()
            await self._arrived.wait()
        # wait for more only while the batch is not full, counting from the oldest request's arrival
        deadline = loop.time() + max(0.0, self._pending[0].arrived + self.max_wait_s - time.monotonic())
        while self.queued < self.max_batch and not self._stopping:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), remaining)
            except TimeoutError:
                break
            self._drop_abandoned()
        return self._take()

    def _take(self) -> list[_Job[In, Out]]:
        """The oldest request and the ones after it that fit (first come, first served: no overtaking)."""
        jobs = [self._pending.popleft()]
        size = len(jobs[0].items)
        groups = self._groups(jobs[0])
        while self._pending and size + len(self._pending[0].items) <= self.max_batch:
            job = self._pending[0]
            if job.future.done():
                self._pending.popleft()
                self.queued -= len(job.items)
                continue
            job_groups = self._groups(job)
            if groups & job_groups:
                break
            self._pending.popleft()
            jobs.append(job)
            size += len(job.items)
            groups |= job_groups
        self.queued -= size
        return jobs

    def _groups(self, job: _Job[In, Out]) -> set[Hashable]:
        if self.group_of is None:
            return set()
        return {g for g in map(self.group_of, job.items) if g is not None}

    async def _run(self, jobs: list[_Job[In, Out]]) -> None:
        items = [item for job in jobs for item in job.items]
        self.in_flight = len(items)
        self._running = jobs
        started = time.monotonic()
        try:
            outputs: Sequence[Out] | None = await asyncio.to_thread(self.score_fn, items)
            failure: Exception | None = None
        except Exception as exc:  # a source or a policy raised: isolate it below
            outputs, failure = None, exc
        finally:
            self.in_flight = 0
            self._running = []
        elapsed = time.monotonic() - started
        self.batches += 1
        self._mean_batch_s = elapsed if self.batches == 1 else 0.8 * self._mean_batch_s + 0.2 * elapsed
        if self.on_batch is not None:
            self.on_batch(len(items), elapsed)
        if outputs is None:
            await self._isolate(jobs, failure)
            return
        start = 0
        for job in jobs:
            _resolve(job, list(outputs[start:start + len(job.items)]))
            start += len(job.items)

    async def _isolate(self, jobs: list[_Job[In, Out]], failure: Exception | None) -> None:
        if len(jobs) == 1:
            _fail(jobs[0], failure or RuntimeError("scoring failed"))
            return
        for job in jobs:  # alone, each request gets its own verdict
            await self._run([job])


def _resolve(job: _Job[Any, Out], outputs: list[Out]) -> None:
    if not job.future.done():
        job.future.set_result(outputs)


def _fail(job: _Job[Any, Any], exc: Exception) -> None:
    if not job.future.done():
        job.future.set_exception(exc)
