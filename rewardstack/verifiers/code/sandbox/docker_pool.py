"""A fixed-size pool of warm sandbox containers.

``acquire()`` hands out an idle worker (blocking while all are busy); ``release()``
returns it, or -- when the worker is broken, dirty or worn out -- kills it and starts a
replacement on a background thread, so the caller that hit a timeout does not also
pay the ~0.5 s container start. Startup failures are counted: after
``max_start_failures`` in a row the pool is declared broken and ``acquire`` raises.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from docker.errors import DockerException

from rewardstack.verifiers.code.sandbox.base import SandboxError
from rewardstack.verifiers.code.sandbox.docker_worker import DockerWorker, WorkerDied

__all__ = ["ContainerPool"]


class ContainerPool:
    """``size`` workers made by ``factory``; thread-safe."""

    def __init__(self, factory: Callable[[], DockerWorker], size: int, max_start_failures: int = 3) -> None:
        self._factory = factory
        self.size = size
        self._idle: queue.Queue[DockerWorker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[DockerWorker] = set()
        self._closed = False
        self._failures = 0
        self._max_failures = max_start_failures
        self._last_error = ""
        self._replacer = ThreadPoolExecutor(max_workers=max(1, size), thread_name_prefix="docker-pool")
        # Start all containers at once: container start is daemon-bound, not CPU-bound.
        with ThreadPoolExecutor(max_workers=size) as starter:
            workers = list(starter.map(lambda _i: self._try_start(), range(size)))
        if not any(workers):
            self.close()
            raise SandboxError(f"could not start any sandbox container: {self._last_error}")
        for _ in range(size - sum(1 for w in workers if w)):
            self._replacer.submit(self._replace_one)

    def _try_start(self) -> DockerWorker | None:
        try:
            worker = self._factory()
        except (WorkerDied, DockerException, OSError) as exc:
            with self._lock:
                self._failures += 1
                self._last_error = f"{type(exc).__name__}: {exc}"
            return None
        with self._lock:
            if self._closed:
                worker.kill()
                return None
            self._failures = 0
            self._all.add(worker)
        self._idle.put(worker)
        return worker

    def _replace_one(self) -> None:
        while not self._closed:
            if self._try_start() is not None:
                return
            with self._lock:
                broken = self._failures >= self._max_failures
            if broken:
                self._idle.put(None)  # wake a waiter so it can report the failure
                return

    def acquire(self, timeout_s: float = 120.0) -> DockerWorker:
        if self._closed:
            raise SandboxError("docker backend is closed")
        try:
            worker = self._idle.get(timeout=timeout_s)
        except queue.Empty as exc:
            raise SandboxError(f"no sandbox container became free within {timeout_s}s") from exc
        if worker is None:
            raise SandboxError(f"sandbox containers keep failing to start: {self._last_error}")
        return worker

    def release(self, worker: DockerWorker, healthy: bool) -> None:
        if healthy and not self._closed:
            self._idle.put(worker)
            return
        self.discard(worker)

    def discard(self, worker: DockerWorker) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        worker.kill()
        if not closed:
            self._replacer.submit(self._replace_one)

    def workers(self) -> list[DockerWorker]:
        with self._lock:
            return list(self._all)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        self._replacer.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.kill()
