"""What ``serve-judge`` spent its time on: batch sizes and seconds per stage (``GET /stats``).

A judge server is worth running only when concurrent requests share forward passes, and
whether they do is invisible from outside: a client sees its latency, not the batch it
rode in. The counters here answer it from the server's side, per stage of a request:

- ``encode``: rendering the chat template and tokenising (event-loop thread);
- ``queue_wait``: from a request's arrival in the queue to the start of its batch's forward
  pass (includes ``gather_wait``, the time a batch waited for followers, and the previous batch);
- ``forward``: the batch's model calls (inference thread); ``forward_process_cpu``: the whole
  process's CPU seconds meanwhile (torch's intra-op threads and the event loop's concurrent work);
- ``reply``: building the JSON body with its logprobs (event-loop thread).

Seconds are sums over requests (``encode``, ``queue_wait``, ``reply``) or batches
(``gather_wait``, ``forward``); ``batch_sizes`` counts gathered batches by size. CPU seconds
are reported beside wall seconds because a shared machine's wall clock says more about its
neighbours than about the server.

>>> stats = ServerStats()
>>> stats.batch(size=3, gather_wait_s=0.001, forward_s=0.2, forward_process_cpu_s=0.3, passes=1)
>>> stats.snapshot()["batch_sizes"], stats.snapshot()["mean_batch_size"]
({'3': 1}, 3.0)
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from typing import Any

__all__ = ["ServerStats"]

_log = logging.getLogger("rewardstack.serve_judge")


class ServerStats:
    """Counters shared by the event loop and the inference thread (a lock keeps them consistent)."""

    def __init__(self, *, log_batches: bool = False):
        self.log_batches = log_batches
        self._lock = threading.Lock()
        self._sizes: Counter[int] = Counter()
        self._seconds: dict[str, float] = {}
        self._counts: Counter[str] = Counter()

    def add(self, stage: str, seconds: float) -> None:
        """One request's seconds in ``stage`` (``encode``, ``queue_wait``, ``reply``)."""
        with self._lock:
            self._seconds[stage] = self._seconds.get(stage, 0.0) + seconds

    def batch(self, *, size: int, gather_wait_s: float, forward_s: float, forward_process_cpu_s: float,
              passes: int) -> None:
        """One gathered batch: its size, its wait for followers and its model calls."""
        with self._lock:
            self._sizes[size] += 1
            self._counts["requests"] += size
            self._counts["batches"] += 1
            self._counts["forward_passes"] += passes
            for stage, seconds in (("gather_wait", gather_wait_s), ("forward", forward_s),
                                   ("forward_process_cpu", forward_process_cpu_s)):
                self._seconds[stage] = self._seconds.get(stage, 0.0) + seconds
        if self.log_batches:
            _log.info("batch of %d: waited %.1f ms for followers, %d forward pass(es) %.1f ms (cpu %.1f ms)",
                      size, gather_wait_s * 1e3, passes, forward_s * 1e3, forward_process_cpu_s * 1e3)

    def snapshot(self) -> dict[str, Any]:
        """The counters as JSON-ready numbers (``GET /stats``)."""
        with self._lock:
            batches = self._counts["batches"]
            return {
                "requests": self._counts["requests"], "batches": batches,
                "forward_passes": self._counts["forward_passes"],
                "mean_batch_size": round(self._counts["requests"] / batches, 3) if batches else None,
                "batch_sizes": {str(k): v for k, v in sorted(self._sizes.items())},
                "seconds": {k: round(v, 4) for k, v in sorted(self._seconds.items())},
                "process_cpu_s": round(time.process_time(), 3),
            }
