"""One event loop in a dedicated thread: where a stack drives all its async sources.

Why one loop per stack, for both ``score`` and ``ascore``: async sources hold
loop-bound resources (an ``aiohttp`` session, an ``httpx.AsyncClient``, an
``asyncio.Semaphore`` for ``execution.concurrency``), which break when used
from a second loop; and a concurrency limit only means something if every
caller shares it. The sync API blocks on the loop's result; ``ascore``
awaits it without blocking its own loop (``asyncio.wrap_future``).

>>> import asyncio
>>> loop = LoopThread("doc")
>>> async def two() -> int:
...     await asyncio.sleep(0)
...     return 2
>>> loop.run(two())
2
>>> loop.close()
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

__all__ = ["LoopThread"]

T = TypeVar("T")


class LoopThread:
    """An asyncio loop running forever in a daemon thread, started on first use."""

    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                started = threading.Event()
                thread = threading.Thread(target=_serve, args=(loop, started), daemon=True,
                                          name=f"rewardstack-loop-{self.name}")
                thread.start()
                started.wait()
                self._loop, self._thread = loop, thread
            return self._loop

    def in_loop_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def submit(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        """Schedule ``coro`` on the loop; a concurrent Future of its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the loop and block until it finishes (never call from the loop thread)."""
        if self.in_loop_thread():
            coro.close()
            raise RuntimeError("LoopThread.run called from its own loop thread: await the coroutine instead")
        return self.submit(coro).result()

    async def run_async(self, coro: Coroutine[Any, Any, T]) -> T:
        """Await ``coro`` running on this loop from another loop, without blocking that loop."""
        if self.in_loop_thread():
            return await coro
        return await asyncio.wrap_future(self.submit(coro))

    def close(self) -> None:
        """Cancel what is pending, stop the loop and join its thread. Idempotent."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(_cancel_all, loop)
        thread.join(timeout=10)
        if not thread.is_alive():
            loop.close()


def _serve(loop: asyncio.AbstractEventLoop, started: threading.Event) -> None:
    asyncio.set_event_loop(loop)
    loop.call_soon(started.set)
    loop.run_forever()
    loop.run_until_complete(loop.shutdown_asyncgens())


def _cancel_all(loop: asyncio.AbstractEventLoop) -> None:
    for task in asyncio.all_tasks(loop):
        task.cancel()
    loop.call_soon(loop.stop)
