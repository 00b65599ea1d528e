"""An async source: a judge behind HTTP, called with ``execution.concurrency`` requests in flight.

Write ``async def score_one`` (or ``async def score_batch``); the stack drives
every async source on its one event loop, at most ``execution.concurrency``
calls at once, cancels a call past ``execution.timeout_s`` (``timeout``), and
turns an exception (an HTTP 500) into ``error`` for that sample only. The
client session is made on first use, so it belongs to the stack's loop; the
stack's ``close()`` calls the source's ``close()``, which closes it there.

Run:  .venv/bin/python examples/sources/async_http_judge.py
      (starts a toy judge server on 127.0.0.1 that answers after 50 ms)
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import aiohttp
from aiohttp import web

from rewardstack import BaseSource, RewardStack, Sample, Score, SourceConfig


class HttpJudgeConfig(SourceConfig):
    kind: Literal["http_judge"] = "http_judge"
    url: str
    template: str = "Rate this answer from 0 to 1.\n{prompt}\n{response}"


class HttpJudge(BaseSource[HttpJudgeConfig]):
    """Asks a judge server over HTTP (POST {"text": ...} -> {"score": float}), one request per sample."""

    kind = "http_judge"
    version = "1"
    config_class = HttpJudgeConfig
    cost_class = "expensive"
    needs = ("network",)

    def __init__(self, config: HttpJudgeConfig | None = None, *, name: str | None = None, **fields: object):
        super().__init__(config, name=name, **fields)
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def fingerprint(self) -> str:
        return self.config.template  # a new prompt template must not be served old verdicts from the cache

    async def score_one(self, sample: Sample) -> Score:  # type: ignore[override]
        if self._session is None:
            self._session, self._loop = aiohttp.ClientSession(), asyncio.get_running_loop()
        text = self.config.template.format(prompt=sample.prompt, response=sample.response)
        async with self._session.post(self.config.url, json={"text": text}) as reply:
            reply.raise_for_status()  # a 500 becomes this sample's error Score
            return Score.ok(float((await reply.json())["score"]))

    def close(self) -> None:
        if self._session is not None and self._loop is not None and not self._loop.is_closed():
            asyncio.run_coroutine_threadsafe(self._session.close(), self._loop).result(timeout=10)
        self._session = None


@contextmanager
def toy_judge_server(latency_s: float = 0.05) -> Iterator[str]:
    """A judge server on loopback in its own thread: score = share of words longer than 4 letters."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    url: list[str] = []

    async def judge(request: web.Request) -> web.Response:
        await asyncio.sleep(latency_s)
        words = (await request.json())["text"].split()
        return web.json_response({"score": sum(len(w) > 4 for w in words) / max(len(words), 1)})

    async def start() -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/judge", judge)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url.append(f"http://127.0.0.1:{runner.addresses[0][1]}/judge")
        return runner

    def serve() -> None:
        asyncio.set_event_loop(loop)
        runner = loop.run_until_complete(start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield url[0]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def main() -> None:
    samples = [Sample(id=str(i), prompt="Explain recursion.", response="A function calling itself " * (i % 3 + 1))
               for i in range(64)]
    with toy_judge_server() as url:
        for concurrency in (1, 16):
            judge = HttpJudge(url=url, execution={"concurrency": concurrency, "timeout_s": 10})
            with RewardStack({"judge": judge}, cache=None) as stack:
                start = time.perf_counter()
                results = stack.score(samples)
                elapsed = time.perf_counter() - start
            print(f"concurrency {concurrency:2}: 64 samples in {elapsed:.2f}s "
                  f"(~{elapsed / 0.05:.0f} round trips of 50 ms); first total {results[0].total:.2f}")


if __name__ == "__main__":
    main()
