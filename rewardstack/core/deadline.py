"""A per-call deadline for inline (in-process, synchronous) source calls, and quarantine.

A thread cannot be killed, so an inline call that overruns its deadline is
abandoned, not stopped: its samples get ``timeout`` and the source is
*quarantined* until the stuck call returns (it may hold a lock, a device or a
connection the next call would need). What a later call does meanwhile is the
source's ``execution.on_quarantine``:

- ``wait``: wait up to ``timeout_s`` for the stuck call to return, then run
  normally; if it is still stuck, this call's samples get ``timeout`` too;
- ``fail_fast``: return ``timeout`` at once, saying the source is quarantined.

Process mode needs none of this: it kills the worker (see
:mod:`rewardstack.core.executors`). Async calls are cancelled at their
deadline (``asyncio.wait_for``), which needs no quarantine either.

>>> guard = DeadlineGuard("slow", timeout_s=5.0, on_quarantine="wait")
>>> guard.call(sum, [1, 2, 3])
6
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Literal, TypeVar

__all__ = ["DeadlineExceeded", "DeadlineGuard", "Quarantined"]

T = TypeVar("T")


class DeadlineExceeded(Exception):
    """The call overran its deadline; it was abandoned and the source quarantined."""


class Quarantined(Exception):
    """The source is quarantined (an earlier call is stuck) and this call did not run."""


class DeadlineGuard:
    """Runs calls on helper threads, waits at most ``timeout_s`` each, and tracks the stuck one."""

    def __init__(self, name: str, timeout_s: float, on_quarantine: Literal["wait", "fail_fast"]):
        self.name = name
        self.timeout_s = timeout_s
        self.on_quarantine = on_quarantine
        self._lock = threading.Lock()
        self._stuck: Future[object] | None = None
        self.overruns = 0

    @property
    def quarantined(self) -> bool:
        with self._lock:
            return self._stuck is not None and not self._stuck.done()

    def _wait_out_quarantine(self) -> None:
        with self._lock:
            stuck = self._stuck
        if stuck is None or stuck.done():
            return
        if self.on_quarantine == "fail_fast":
            raise Quarantined(f"source {self.name!r} is quarantined: an earlier call overran its "
                              f"{self.timeout_s:g}s deadline and has not returned")
        try:
            stuck.result(timeout=self.timeout_s)
        except FutureTimeout:
            raise Quarantined(f"source {self.name!r} is quarantined: an earlier call is still running "
                              f"after another {self.timeout_s:g}s") from None
        except Exception:  # noqa: S110 - the stuck call's own failure was already reported as a timeout
            pass

    def call(self, fn: Callable[..., T], *args: object) -> T:
        """``fn(*args)`` within the deadline; :class:`DeadlineExceeded` or :class:`Quarantined` otherwise."""
        self._wait_out_quarantine()
        future: Future[T] = Future()
        # a daemon thread per call: a stuck call must never keep the interpreter from exiting
        # (ThreadPoolExecutor joins its threads at exit)
        threading.Thread(target=_run_into, args=(future, fn, args), daemon=True,
                         name=f"rewardstack-deadline-{self.name}").start()
        try:
            return future.result(timeout=self.timeout_s)
        except FutureTimeout:
            with self._lock:
                self._stuck = future  # type: ignore[assignment]  # Future is invariant; only done() is read
                self.overruns += 1
            raise DeadlineExceeded(f"no answer within the {self.timeout_s:g}s deadline (execution.timeout_s); "
                                   f"source {self.name!r} is quarantined until the call returns") from None



def _run_into(future: Future[T], fn: Callable[..., T], args: tuple[object, ...]) -> None:
    if not future.set_running_or_notify_cancel():
        return
    try:
        future.set_result(fn(*args))
    except Exception as exc:  # handed to the waiting caller, which decides what it means
        future.set_exception(exc)
