"""MicroBatcher on its own: merging, no splitting, group conflicts, isolation, back-pressure, abandoned jobs."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

import pytest

from rewardstack.server.batcher import MicroBatcher, QueueFull


class Recorder:
    def __init__(self, fail_on: object = None):
        self.calls: list[list[Any]] = []
        self.fail_on = fail_on
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, items: Sequence[Any]) -> list[Any]:
        self.gate.wait(10)
        self.calls.append(list(items))
        if self.fail_on is not None and self.fail_on in items:
            raise ValueError("bad item")
        return [(item, "scored") for item in items]


async def _with(batcher: MicroBatcher[Any, Any], body: Any) -> Any:
    await batcher.start()
    try:
        return await body
    finally:
        await batcher.stop()


@pytest.mark.parametrize(("sizes", "max_batch", "expected_calls"), [
    ([1] * 8, 8, [8]),  # eight single-sample requests, one call
    ([1] * 8, 3, [3, 3, 2]),  # cut at max_batch, first come first served
    ([2, 5, 1], 4, [2, 5, 1]),  # the 5 runs alone (never split); the 1 does not overtake it
    ([3, 1, 5], 4, [4, 5]),
    ([1] * 4, 1, [1, 1, 1, 1]),  # batching off
])
def test_waiting_requests_are_merged_up_to_max_batch_and_never_split(
        sizes: list[int], max_batch: int, expected_calls: list[int]) -> None:
    score = Recorder()
    batcher: MicroBatcher[Any, Any] = MicroBatcher(score, max_batch=max_batch, max_wait_s=0.05, max_queue=100)

    async def body() -> list[list[Any]]:
        score.gate.clear()  # a first call is held while the requests under test queue up behind it
        first = asyncio.ensure_future(batcher.submit(["first"]))
        await asyncio.sleep(0.2)
        queued = [asyncio.ensure_future(batcher.submit([(i, k) for k in range(n)])) for i, n in enumerate(sizes)]
        await asyncio.sleep(0.01)
        score.gate.set()
        await first
        return [await r for r in queued]

    replies = asyncio.run(_with(batcher, body()))
    assert [len(c) for c in score.calls] == [1, *expected_calls]
    for i, reply in enumerate(replies):  # every request got its own items back, in order
        assert reply == [((i, k), "scored") for k in range(sizes[i])]


def test_concurrent_singles_become_one_call() -> None:
    score = Recorder()
    batcher: MicroBatcher[Any, Any] = MicroBatcher(score, max_batch=64, max_wait_s=0.5, max_queue=100)

    async def body() -> list[Any]:
        return list(await asyncio.gather(*(batcher.submit([i]) for i in range(64))))

    replies = asyncio.run(_with(batcher, body()))
    assert [len(c) for c in score.calls] == [64]
    assert replies == [[(i, "scored")] for i in range(64)]


def test_requests_sharing_a_group_are_never_merged() -> None:
    score = Recorder()
    batcher: MicroBatcher[Any, Any] = MicroBatcher(score, max_batch=64, max_wait_s=0.2, max_queue=100,
                                                   group_of=lambda item: item[0])

    async def body() -> None:
        await asyncio.gather(batcher.submit([("g1", 0), ("g1", 1)]), batcher.submit([("g2", 0)]),
                             batcher.submit([("g1", 0), ("g1", 1)]))

    asyncio.run(_with(batcher, body()))
    assert [[g for g, _ in call] for call in score.calls] == [["g1", "g1", "g2"], ["g1", "g1"]]


def test_a_failing_merged_call_fails_only_the_guilty_request() -> None:
    score = Recorder(fail_on="bad")
    batcher: MicroBatcher[Any, Any] = MicroBatcher(score, max_batch=8, max_wait_s=0.2, max_queue=100)

    async def body() -> list[Any]:
        return list(await asyncio.gather(batcher.submit(["a"]), batcher.submit(["bad"]), batcher.submit(["c"]),
                                         return_exceptions=True))

    good_a, bad, good_c = asyncio.run(_with(batcher, body()))
    assert good_a == [("a", "scored")] and good_c == [("c", "scored")]
    assert isinstance(bad, ValueError)
    assert [len(c) for c in score.calls] == [3, 1, 1, 1]


def test_a_full_queue_refuses_with_a_retry_hint_and_recovers() -> None:
    score = Recorder()
    batcher: MicroBatcher[Any, Any] = MicroBatcher(score, max_batch=2, max_wait_s=0.0, max_queue=4)

    async def body() -> tuple[QueueFull, list[Any]]:
        score.gate.clear()
        running = asyncio.ensure_future(batcher.submit([0, 1]))
        await asyncio.sleep(0.05)  # taken: in flight, not queued
        queued = [asyncio.ensure_future(batcher.submit([i])) for i in range(2, 6)]
        await asyncio.sleep(0.01)
        with pytest.raises(QueueFull) as refused:
            await batcher.submit([99])
        score.gate.set()
        return refused.value, [await running, *[await q for q in queued]]

    refused, replies = asyncio.run(_with(batcher, body()))
    assert refused.retry_after_s >= 1 and "at most 4" in str(refused)
    assert len(replies) == 5 and all(r for r in replies)


def test_an_abandoned_request_is_not_scored() -> None:
    score = Recorder()
    batcher: MicroBatcher[Any, Any] = MicroBatcher(score, max_batch=1, max_wait_s=0.0, max_queue=10)

    async def body() -> None:
        score.gate.clear()
        first = asyncio.ensure_future(batcher.submit(["first"]))
        await asyncio.sleep(0.05)
        gone = asyncio.ensure_future(batcher.submit(["gone"]))
        await asyncio.sleep(0.01)
        gone.cancel()  # a client timeout
        score.gate.set()
        await first
        assert batcher.queued == 0

    asyncio.run(_with(batcher, body()))
    assert score.calls == [["first"]]


def test_stop_finishes_queued_work() -> None:
    score = Recorder()
    batcher: MicroBatcher[Any, Any] = MicroBatcher(score, max_batch=2, max_wait_s=0.0, max_queue=10)

    async def body() -> list[Any]:
        await batcher.start()
        score.gate.clear()
        jobs = [asyncio.ensure_future(batcher.submit([i])) for i in range(5)]
        await asyncio.sleep(0.01)
        stopping = asyncio.ensure_future(batcher.stop())
        await asyncio.sleep(0.01)
        with pytest.raises(QueueFull):  # no new work once stopping
            await batcher.submit([9])
        score.gate.set()
        await stopping
        return [job.result() for job in jobs]

    assert asyncio.run(body()) == [[(i, "scored")] for i in range(5)]


def test_stop_gives_up_on_a_hung_call_after_its_timeout() -> None:
    score = Recorder()
    batcher: MicroBatcher[Any, Any] = MicroBatcher(score, max_batch=1, max_wait_s=0.0, max_queue=10)

    async def body() -> tuple[Any, Any]:
        await batcher.start()
        score.gate.clear()  # the first call hangs (until the test releases it at the end)
        hung = asyncio.ensure_future(batcher.submit(["hung"]))
        waiting = asyncio.ensure_future(batcher.submit(["waiting"]))
        await asyncio.sleep(0.05)
        await batcher.stop(timeout_s=0.1)
        score.gate.set()
        return await asyncio.gather(hung, waiting, return_exceptions=True)

    hung, waiting = asyncio.run(body())
    assert isinstance(waiting, QueueFull) and isinstance(hung, BaseException)
