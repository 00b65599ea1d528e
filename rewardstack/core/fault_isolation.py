"""Isolating the samples that break a batch-native call, by bisection.

When a call to ``score_batch`` raises (a CUDA out-of-memory, a judge server
500, a bug one sample triggers) or returns the wrong number of Scores, the
failed micro-batch is split in halves and each half retried, until every
failing sample stands alone: only those get ``error`` (with the exception
text); every other sample is scored. A call that fails for every sample costs
at most ``2n - 1`` calls for a micro-batch of ``n``: bisection always ends.

Out-of-memory errors are recognised (:func:`is_out_of_memory`) so the engine
can also halve that source's micro-batch for the rest of the run; queued
micro-batches larger than the current cap are split when taken.

The isolator is a plain state machine: a synchronous driver loops over
:meth:`FaultIsolator.next_batch`, an async one keeps several batches in flight.

>>> from rewardstack.core.score import Score
>>> iso = FaultIsolator([[0, 1, 2, 3]])
>>> while (batch := iso.next_batch()) is not None:
...     if 2 in batch:
...         iso.failed(batch, ValueError("poisoned"))
...     else:
...         iso.succeeded(batch, [Score.ok(1.0) for _ in batch])
>>> [iso.results[i].status.value for i in range(4)], iso.calls
(['ok', 'ok', 'error', 'ok'], 5)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from rewardstack.core.score import Score
from rewardstack.core.source import describe_exception

__all__ = ["FaultIsolator", "is_out_of_memory"]


def is_out_of_memory(exc: BaseException) -> bool:
    """``MemoryError``, ``torch.cuda.OutOfMemoryError`` (by name: torch is optional) or an OOM message."""
    if isinstance(exc, MemoryError) or any("OutOfMemory" in k.__name__ for k in type(exc).__mro__):
        return True
    return "out of memory" in str(exc).lower()


class FaultIsolator:
    """Work queue of micro-batches (positions), bisecting failures; ``results`` maps position -> Score."""

    def __init__(self, plan: Sequence[Sequence[int]], cap: Callable[[], int | None] = lambda: None):
        self._queue: deque[list[int]] = deque(list(b) for b in plan if b)
        self._cap = cap
        self.results: dict[int, Score] = {}
        self.calls = 0
        self.bisections = 0

    def next_batch(self) -> list[int] | None:
        """The next call to make, or None when nothing is queued (calls in flight may add more)."""
        if not self._queue:
            return None
        batch = self._queue.popleft()
        cap = self._cap()
        if cap is not None and len(batch) > cap:
            self._queue.appendleft(batch[cap:])
            batch = batch[:cap]
        self.calls += 1
        return batch

    def succeeded(self, batch: Sequence[int], scores: Sequence[Score]) -> None:
        for position, score in zip(batch, scores, strict=True):
            self.results[position] = score

    def failed(self, batch: Sequence[int], exc: BaseException) -> None:
        """Split ``batch`` in halves to retry, or record the error when it is one sample."""
        if len(batch) == 1:
            self.results[batch[0]] = Score.error(describe_exception(exc))
            return
        self.bisections += 1
        mid = len(batch) // 2
        self._queue.appendleft(list(batch[mid:]))
        self._queue.appendleft(list(batch[:mid]))

    def resolved(self, batch: Sequence[int], score: Score) -> None:
        """Give every sample of ``batch`` the same Score (a deadline or quarantine outcome)."""
        for position in batch:
            self.results[position] = score

    @property
    def pending(self) -> bool:
        return bool(self._queue)
