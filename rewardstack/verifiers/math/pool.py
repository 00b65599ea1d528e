"""The shared worker pool that runs the sympy stage, or a whole check, under a hard deadline.

One :class:`~rewardstack.core.executors.HardTimeoutPool` per worker count,
created on first use (importing this module starts nothing) and closed at
interpreter exit. Workers import sympy once, in their initializer, so the
first real pair does not pay for it.
"""

from __future__ import annotations

import atexit
import resource
import threading
from typing import Any

from rewardstack.core.executors import HardTimeoutPool

__all__ = ["check_task", "close_pools", "shared_pool", "warm_worker"]

_POOLS: dict[tuple[int, int], HardTimeoutPool] = {}
_LOCK = threading.Lock()
_ATEXIT_REGISTERED = False


def warm_worker(memory_mb: int = 0) -> None:
    """Worker initializer: cap the address space, then pay sympy's first-call costs up front.

    The cap turns a runaway allocation into a ``MemoryError`` in this worker (reported as
    unverifiable) instead of memory pressure on the trainer's machine.
    """
    if memory_mb > 0:
        limit = memory_mb * 2**20
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):  # not settable on this platform: the deadline still holds
            pass
    from rewardstack.verifiers.math.equivalence import equivalent
    from rewardstack.verifiers.math.structure import parse_structure

    # first calls of expand, evalf and solveset are slow (caches, lazy imports): pay them here
    equivalent(parse_structure(r"(x+1)^2"), parse_structure(r"x^2+2x+1"), {})
    equivalent(parse_structure(r"x < 1"), parse_structure(r"(-\infty, 1)"), {})
    equivalent(parse_structure(r"\sqrt{2}"), parse_structure("1.41421356"), {})
    equivalent(parse_structure(r"-1+i\sqrt{3}"), parse_structure(r"2e^{2i\pi/3}"), {})
    equivalent(parse_structure("y = 2x+1"), parse_structure("2x - y + 1 = 0"), {})
    equivalent(parse_structure(r"\frac{x^2-1}{x-1}"), parse_structure("x+2"), {})


def check_task(_state: Any, item: tuple[str, Any, Any, Any]) -> Any:
    """Task run inside a worker.

    ``("sympy", pred, ref, policy)``: the sympy verdict for one normalised pair;
    ``("whole", response, reference, config)``: ``(verdict, extractor)`` of the whole check
    (long inputs: extraction and normalisation run under the deadline too).
    """
    from rewardstack.verifiers.math.checker import check_whole, decide_sympy

    kind, first, second, third = item
    if kind == "whole":
        return check_whole(first, second, third)
    return decide_sympy(first, second, third)


def shared_pool(workers: int, memory_mb: int = 0) -> HardTimeoutPool:
    """The process-wide pool for ``(workers, memory_mb)`` (created lazily, thread-safe)."""
    global _ATEXIT_REGISTERED
    key = (workers, memory_mb)
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = HardTimeoutPool(workers=workers, initializer=warm_worker, initargs=(memory_mb,))
            _POOLS[key] = pool
            if not _ATEXIT_REGISTERED:
                atexit.register(close_pools)
                _ATEXIT_REGISTERED = True
        return pool


def close_pools() -> None:
    """Stop every shared pool (also registered with :mod:`atexit`)."""
    with _LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()
