"""Worker processes whose per-task deadline is enforced from outside.

Why not ``concurrent.futures.ProcessPoolExecutor``: it cannot kill one stuck
task, and ``signal.alarm`` inside a worker does nothing off the main thread
(a known verl/math-verify failure). Here each worker is its own process group;
the parent waits on a pipe with a deadline, and on expiry kills the whole
group with SIGKILL, reaps it, starts a replacement, and reports ``timeout``
for that task alone. Workers start through ``forkserver`` (or ``spawn``), never
by forking the caller: a fork of a trainer holding GBs of memory is slow.

Safe to call from many threads at once and from asyncio (via ``asyncio.to_thread``).

>>> from rewardstack.core.executors import HardTimeoutPool, call_function
>>> with HardTimeoutPool(workers=1) as pool:
...     [o.value for o in pool.run(call_function, [(abs, -3)], timeout_s=10)]
[3]
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Literal

__all__ = ["HardTimeoutPool", "TaskOutcome", "call_function"]

OutcomeStatus = Literal["ok", "error", "timeout"]
TaskFn = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class TaskOutcome:
    """What happened to one task: a value, an error text, or a timeout."""

    status: OutcomeStatus
    value: Any = None
    error: str = ""
    elapsed_s: float = 0.0


def call_function(_state: Any, item: tuple[Callable[..., Any], Any]) -> Any:
    """Task function for ad-hoc use: ``item = (fn, arg)`` -> ``fn(arg)``."""
    fn, arg = item
    return fn(arg)


def _worker_main(conn: Connection, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    os.setsid()  # own process group: the parent kills everything this task started
    try:
        state = initializer(*initargs) if initializer is not None else None
    except Exception as exc:  # reported to the parent, which fails the task instead of hanging
        conn.send(("init_error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))  # deadlines start after this: start-up time is not task time
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        fn, item = message
        try:
            reply: tuple[str, Any] = ("ok", fn(state, item))
        except Exception as exc:  # reported to the parent as this task's error
            reply = ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}")
        try:
            conn.send(reply)
        except (TypeError, AttributeError, ValueError) as exc:  # unpicklable result
            conn.send(("error", f"result could not be sent back: {exc}"))


class _Worker:
    def __init__(self, ctx: Any, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]):
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, initializer, initargs), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self._conn_lock = threading.Lock()  # close() and a dispatch thread may both end a worker
        self._conn_closed = False

    def wait_ready(self, timeout_s: float) -> str | None:
        """Block until the worker finished start-up; return an error text if it failed."""
        if self.ready:
            return None
        if not self.conn.poll(timeout_s):
            return f"worker did not start within {timeout_s:g}s"
        status, payload = self.conn.recv()
        if status != "ready":
            return f"worker start-up failed: {payload}"
        self.ready = True
        return None

    def kill(self) -> None:
        pid = self.process.pid
        if pid is not None:
            # the group takes everything the task started; the pid itself covers a worker
            # killed before it reached setsid()
            for kill in (os.killpg, os.kill):
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.process.join(timeout=5)
        self._close_conn()

    def _close_conn(self) -> None:
        """Close the pipe once, whichever thread gets here first."""
        with self._conn_lock:
            if self._conn_closed:
                return
            self._conn_closed = True
        try:
            self.conn.close()
        except OSError:  # the other end of a killed worker; nothing is left to release
            pass

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.kill()
        else:
            self._close_conn()


def _outcome(future: Future[TaskOutcome]) -> TaskOutcome:
    try:
        return future.result()
    except CancelledError:
        return TaskOutcome("error", error="not run: the worker pool was closed")


class HardTimeoutPool:
    """A fixed set of worker processes running ``fn(state, item)`` with hard deadlines.

    ``initializer(*initargs)`` runs once per worker (also for replacements)
    and its return value is the ``state`` passed to every task.

    Cleanup has one mechanism: :meth:`close` (or ``with``). Nothing is done in
    ``__del__``; workers are daemon processes, so an unclosed pool's workers
    still end with the interpreter.
    """

    def __init__(
        self,
        workers: int = 2,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
        *,
        start_method: str | None = None,
        startup_timeout_s: float = 120.0,
    ):
        if workers < 1:
            raise ValueError("workers must be >= 1")
        method = start_method or ("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        self._ctx = mp.get_context(method)
        self._initializer = initializer
        self._initargs = initargs
        self.startup_timeout_s = startup_timeout_s
        self._size = workers
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._dispatch = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hard-timeout")
        for _ in range(workers):
            self._idle.put(self._spawn())

    @property
    def size(self) -> int:
        return self._size

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def run(self, fn: TaskFn, items: Sequence[Any], timeout_s: float) -> list[TaskOutcome]:
        """Run ``fn`` over ``items``; each item gets at most ``timeout_s`` seconds of wall time."""
        if self._closed:
            raise RuntimeError("pool is closed")
        futures = [self._dispatch.submit(self._run_one, fn, item, timeout_s) for item in items]
        return [_outcome(f) for f in futures]

    def _run_one(self, fn: TaskFn, item: Any, timeout_s: float) -> TaskOutcome:
        worker = self._idle.get()
        healthy = False
        try:
            outcome, healthy = self._execute(worker, fn, item, timeout_s)
        finally:
            if healthy:
                self._idle.put(worker)
            else:  # stuck, dead or failed to start: never reuse it
                self._replace(worker)
        return outcome

    def _execute(self, worker: _Worker, fn: TaskFn, item: Any, timeout_s: float) -> tuple[TaskOutcome, bool]:
        """Run one task on ``worker``; the bool says whether the worker may be reused."""
        startup_error = worker.wait_ready(self.startup_timeout_s)
        if startup_error is not None:
            return TaskOutcome("error", error=startup_error), False
        start = time.perf_counter()
        try:
            worker.conn.send((fn, item))
            if not worker.conn.poll(timeout_s):
                message = f"no result within {timeout_s:g}s; worker killed"
                return TaskOutcome("timeout", error=message, elapsed_s=timeout_s), False
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
            message = f"worker died ({type(exc).__name__}, exit code {worker.process.exitcode})"
            return TaskOutcome("error", error=message, elapsed_s=time.perf_counter() - start), False
        elapsed = time.perf_counter() - start
        if status == "ok":
            return TaskOutcome("ok", value=payload, elapsed_s=elapsed), True
        return TaskOutcome("error", error=str(payload), elapsed_s=elapsed), True

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self._initializer, self._initargs)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            self._idle.put(self._spawn())

    def close(self) -> None:
        """Stop now: queued tasks are cancelled, workers running a task are killed, idle ones stopped.

        It never waits for a running task (a stuck one would hold a Ctrl-C for its whole
        deadline); callers of :meth:`run` get an ``error`` outcome for what did not finish.
        """
        if self._closed:
            return
        self._closed = True
        self._dispatch.shutdown(wait=False, cancel_futures=True)
        idle: set[_Worker] = set()
        while True:
            try:
                idle.add(self._idle.get_nowait())
            except queue.Empty:
                break
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            if w in idle:
                w.stop()
            else:  # busy: its task is abandoned, its whole process group goes
                w.kill()
        self._dispatch.shutdown(wait=True)  # the dispatch threads return at once now

    def __enter__(self) -> HardTimeoutPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

