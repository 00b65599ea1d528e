"""Async sources: one loop per stack, a per-source concurrency limit, a real HTTP judge on loopback."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import aiohttp
import pytest
from aiohttp import web

from rewardstack import BaseSource, RewardStack, Sample, Score, SourceConfig, Status
from rewardstack.core.errors import SourceError
from tests.support.engine_sources import AsyncBatchSource, AsyncLenSource
from tests.support.samples import make_sample

LATENCY_S = 0.05


@dataclass
class JudgeServer:
    """An aiohttp server in its own thread: answers after LATENCY_S, counts requests in flight."""

    url: str = ""
    in_flight: int = 0
    peak: int = 0
    served: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def judge_server() -> Iterator[JudgeServer]:
    state = JudgeServer()
    loop = asyncio.new_event_loop()
    started = threading.Event()

    async def score(request: web.Request) -> web.Response:
        with state.lock:
            state.in_flight += 1
            state.peak = max(state.peak, state.in_flight)
        await asyncio.sleep(LATENCY_S)
        body = await request.json()
        with state.lock:
            state.in_flight -= 1
            state.served += 1
        if body["response"] == "500":
            return web.json_response({"error": "overloaded"}, status=500)
        return web.json_response({"score": len(body["response"]) / 10})

    async def start() -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/score", score)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        state.url = f"http://127.0.0.1:{port}/score"
        return runner

    def serve() -> None:
        asyncio.set_event_loop(loop)
        runner = loop.run_until_complete(start())
        started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(10)
    yield state
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


class HttpJudgeConfig(SourceConfig):
    kind: Literal["http_judge"] = "http_judge"
    url: str


class HttpJudge(BaseSource[HttpJudgeConfig]):
    """Asks a judge server over HTTP, one request per sample (an async score_one)."""

    kind = "http_judge"
    config_class = HttpJudgeConfig

    def __init__(self, config: HttpJudgeConfig | None = None, *, name: str | None = None, **fields: object):
        super().__init__(config, name=name, **fields)
        self._session: aiohttp.ClientSession | None = None  # bound to the stack's one loop

    async def score_one(self, sample: Sample) -> Score:  # type: ignore[override]
        if self._session is None:
            self._session = aiohttp.ClientSession()
        async with self._session.post(self.config.url, json={"response": sample.response}) as reply:
            reply.raise_for_status()
            return Score.ok((await reply.json())["score"])

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


def test_64_samples_at_concurrency_16_go_in_waves_of_16(judge_server: JudgeServer) -> None:
    judge = HttpJudge(url=judge_server.url, execution={"concurrency": 16})
    with RewardStack({"judge": judge}, cache=None) as stack:
        results = stack.score([make_sample(i, "x" * (i % 7)) for i in range(64)])
        stack._loop.run(judge.aclose())
    assert [r.total for r in results] == [(i % 7) / 10 for i in range(64)]
    assert judge_server.served == 64
    # 16 in flight at once, never more: 64 requests take 4 round trips, not 64
    assert judge_server.peak == 16


def test_a_server_error_is_that_sample_s_error_only(judge_server: JudgeServer) -> None:
    judge = HttpJudge(url=judge_server.url, execution={"concurrency": 4})
    with RewardStack({"judge": judge}, cache=None) as stack:
        results = stack.score([make_sample(0, "ok"), make_sample(1, "500"), make_sample(2, "fine")])
        stack._loop.run(judge.aclose())
    assert [r.scores["judge"].status for r in results] == [Status.OK, Status.ERROR, Status.OK]
    assert "500" in results[1].scores["judge"].evidence


def test_async_score_one_and_score_batch_through_sync_and_async_apis() -> None:
    samples = [make_sample(0, "ab"), make_sample(1, "boom"), make_sample(2, "abcd"), make_sample(3, "poison")]
    batch_source = AsyncBatchSource(batch={"max_samples": 2})
    sources = {"one": AsyncLenSource(), "batch": batch_source}
    with RewardStack(sources, {"kind": "weighted_sum", "weights": {"one": 1.0, "batch": 1.0}}, cache=None) as stack:
        sync_results = stack.score(samples)
        async_results = asyncio.run(stack.ascore(samples))
    for results in (sync_results, async_results):
        assert [r.scores["one"].status for r in results] == [Status.OK, Status.ERROR, Status.OK, Status.OK]
        assert [r.scores["batch"].status for r in results] == [Status.OK, Status.OK, Status.OK, Status.ERROR]
        assert results[0].total == 4.0 and results[2].total == 8.0
        assert "async source refuses this sample" in results[1].scores["one"].evidence
    assert max(batch_source.calls) <= 2


def test_ascore_does_not_block_the_caller_loop() -> None:
    async def main() -> tuple[int, list[float | None]]:
        ticks = 0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        with RewardStack({"slow": AsyncLenSource(delay_s=0.3)}, cache=None) as stack:
            task = asyncio.create_task(ticker())
            results = await stack.ascore([make_sample(i, "abc") for i in range(4)])
            done.set()
            await task
        return ticks, [r.total for r in results]

    ticks, totals = asyncio.run(main())
    assert totals == [3.0] * 4
    assert ticks >= 3  # the caller's loop kept running while the source waited


def test_async_deadline_cancels_the_call() -> None:
    with RewardStack({"a": AsyncLenSource(delay_s=30, execution={"timeout_s": 0.2})}, cache=None) as stack:
        [result] = stack.score([make_sample(0, "abc")])
    assert result.scores["a"].status is Status.TIMEOUT and "cancelled" in result.scores["a"].evidence


@pytest.mark.parametrize("method", ["describe", "fingerprint", "score"])
def test_other_async_methods_are_refused_at_construction(method: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"async def {method}(self, *args):\n    return None", namespace)
    cls = type("Broken", (AsyncLenSource,), {method: namespace[method]})
    with pytest.raises(SourceError, match=f"{method} must not be async"):
        cls()


def test_an_async_generator_score_one_is_refused() -> None:
    class Generating(AsyncLenSource):
        async def score_one(self, sample: Sample):  # type: ignore[override]
            yield Score.ok(1.0)

    with pytest.raises(SourceError, match="score_one must not be async"):
        Generating()


def test_a_bare_protocol_source_with_async_ascore_is_awaited() -> None:
    class Protocolish:
        name, version = "p", "1"

        def score(self, samples: Sequence[Sample]) -> list[Score]:
            raise AssertionError("the engine must await ascore for this source")

        async def ascore(self, samples: Sequence[Sample]) -> list[Score]:
            await asyncio.sleep(0)
            return [Score.ok(2.0) for _ in samples]

        def describe(self):  # type: ignore[no-untyped-def]
            from rewardstack import SourceInfo

            return SourceInfo(kind="p", name="p", version="1")

    with RewardStack({"p": Protocolish()}, cache=None) as stack:  # type: ignore[dict-item]
        assert [r.total for r in stack.score([make_sample(0), make_sample(1)])] == [2.0, 2.0]
