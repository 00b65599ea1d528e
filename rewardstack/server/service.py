"""``RewardService``: one stack behind a micro-batcher, with the request timeout and the metrics.

The HTTP layer (:mod:`rewardstack.server.app`) turns requests into samples and
calls :meth:`RewardService.score`; everything about scoring lives here, so the
same service can sit behind another transport.

The stack is put into evaluation mode at construction and kept there: a request
never moves fusion state (running statistics, multipliers); that state comes from
``--state`` only.

>>> import asyncio
>>> from rewardstack import RewardStack, Sample
>>> from rewardstack.rewards.shaping import LengthSource
>>> stack = RewardStack({"len": LengthSource(unit="chars", target=5)}, cache=None)
>>> async def demo() -> float | None:
...     service = RewardService(stack, ServerConfig())
...     await service.start()
...     [result] = await service.score([Sample(id="a", prompt="p", response="hello")])
...     await service.stop()
...     return result.total
>>> asyncio.run(demo())
1.0
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import Any

from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample, group_label
from rewardstack.fusion.stack import RewardStack
from rewardstack.server.batcher import MicroBatcher, QueueFull
from rewardstack.server.config import ServerConfig
from rewardstack.server.metrics import ServerMetrics

__all__ = ["QueueFull", "RequestTimedOut", "RewardService"]


class RequestTimedOut(Exception):
    """The request's scores were not back within ``request_timeout_s``."""


class RewardService:
    """Score samples with ``stack`` through a :class:`MicroBatcher`; counts everything in ``metrics``."""

    def __init__(self, stack: RewardStack, config: ServerConfig):
        self.stack = stack.eval()
        self.config = config
        self.metrics = ServerMetrics()
        self.group_key = stack.group_key  # ConfigError for a tree with two group keys: before serving
        self.batcher: MicroBatcher[Sample, StackResult] = MicroBatcher(
            self._score_batch, max_batch=config.max_batch, max_wait_s=config.max_wait_s,
            max_queue=config.max_queue, on_batch=self.metrics.observe_batch,
            group_of=self._group_of if self.group_key else None)

    async def start(self) -> None:
        await self.batcher.start()

    async def stop(self) -> None:
        """Finish what is queued and running (graceful shutdown); the stack is the caller's to close.

        Bounded by the request timeout: past it no client is waiting for those scores any more.
        """
        await self.batcher.stop(self.config.request_timeout_s)

    async def score(self, samples: list[Sample]) -> list[StackResult]:
        """Results for ``samples`` in order; :class:`QueueFull` or :class:`RequestTimedOut` otherwise."""
        if not samples:
            return []
        try:
            return await asyncio.wait_for(self.batcher.submit(samples), self.config.request_timeout_s)
        except TimeoutError:
            raise RequestTimedOut(f"the scores were not back within {self.config.request_timeout_s:g}s "
                                  "(the server's --timeout-s); the server is overloaded or a source is slow") from None

    def _score_batch(self, samples: list[Sample]) -> list[StackResult]:
        if self.stack.training:  # nothing in the server switches it on; a caller's stack object might
            self.stack.eval()
        results = self.stack.score(samples)
        self.metrics.observe_results(results)
        return results

    def _group_of(self, sample: Sample) -> Hashable | None:
        return group_label(sample.metadata.get(self.group_key)) if self.group_key else None

    def describe(self) -> dict[str, Any]:
        """``GET /sources``: each source's description, the fusion tree and the group key."""
        return {"sources": self.stack.describe(), "fusion": self.stack.fusion_config.model_dump(mode="json"),
                "group_key": self.group_key}

    def health(self) -> dict[str, Any]:
        return {"status": "ok", "queued": self.batcher.queued, "in_flight": self.batcher.in_flight,
                "batches": self.batcher.batches, "training": self.stack.training}
