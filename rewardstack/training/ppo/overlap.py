"""Run a step's reward call beside its no-grad forward passes: one worker thread, the same results.

PPO is on-policy, so rollout k+1 cannot start before the update on rollout k. What
can overlap is scoring rollout k (``stack.score_arrays``: sandboxes, checkers, HTTP
judges, mostly waiting on other processes) with the old-policy, value and reference
forward passes of the same rollout k, which do not depend on the rewards.

- The side call runs on one long-lived worker thread (every call of a run from the
  same thread, so a source holding thread-bound resources sees one caller).
- Its exception is raised unchanged by :meth:`SideWorker.run`, after the main work
  is done; an exception of the main work wins, raised once the side call has ended
  (nothing is left running into the next step).
- ``overlap=False`` runs the side call first, then the main work: the order the loop
  had before this module, for comparison and for sources that must run alone.

Timings: ``side_s`` is the side call's own duration, ``hidden_s`` the part of it that
ran while the main work ran (0 without overlap): ``side_s - hidden_s`` is the time
the step really waited for it.

>>> with SideWorker() as worker:
...     done = worker.run(lambda: sum(range(10)), lambda: "forwards")
>>> done.side, done.main, 0.0 <= done.hidden_s <= done.side_s
(45, 'forwards', True)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Generic, TypeVar

__all__ = ["Overlapped", "SideWorker"]

A = TypeVar("A")
B = TypeVar("B")


@dataclass(frozen=True)
class Overlapped(Generic[A, B]):
    """The two results and how long each took; ``hidden_s``: the side call's time spent beside the main work."""

    side: A
    main: B
    side_s: float
    main_s: float
    hidden_s: float


@dataclass(frozen=True)
class _Timed(Generic[A]):
    value: A
    began: float
    ended: float


def _timed(call: Callable[[], A]) -> _Timed[A]:
    began = time.perf_counter()
    value = call()
    return _Timed(value, began, time.perf_counter())


class SideWorker:
    """One worker thread for a run's side calls (a context manager: the thread ends with it)."""

    def __init__(self, *, overlap: bool = True):
        self.overlap = overlap
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ppo-reward") if overlap else None

    def run(self, side: Callable[[], A], main: Callable[[], B]) -> Overlapped[A, B]:
        """``side()`` on the worker while ``main()`` runs here (or one after the other without overlap)."""
        if self._pool is None:
            first = _timed(side)
            second = _timed(main)
            return Overlapped(first.value, second.value, first.ended - first.began, second.ended - second.began, 0.0)
        future = self._pool.submit(_timed, side)
        try:
            here = _timed(main)
        except Exception:
            future.exception()  # wait: the side call must not run on into the next step
            raise
        there = future.result()  # the side call's exception, unchanged
        hidden = max(0.0, min(here.ended, there.ended) - max(here.began, there.began))
        return Overlapped(there.value, here.value, there.ended - there.began, here.ended - here.began, hidden)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def __enter__(self) -> SideWorker:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
