"""Sources and stacks for the server tests: batch-native, recording every call, holdable, breakable."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

import httpx

from rewardstack import BaseSource, RewardStack, Sample, Score, SourceConfig
from rewardstack.server.app import create_app
from rewardstack.server.config import ServerConfig
from rewardstack.server.run import serve_in_thread


class CountConfig(SourceConfig):
    kind: Literal["server_count"] = "server_count"
    error_on: str = "broken"  # a response this source errors on
    sleep_s: float = 0.0  # per call


class CountSource(BaseSource[CountConfig]):
    """value = len(response); records each call's size; ``hold`` (an Event) blocks calls until set."""

    kind = "server_count"
    config_class = CountConfig
    cost_class = "expensive"  # not trivial: the engine runs it on a thread, as a real model

    def __init__(self, config: CountConfig | None = None, *, name: str | None = None, **fields: Any):
        super().__init__(config, name=name, **fields)
        self.calls: list[int] = []
        self.started = threading.Event()  # set when a call begins
        self.hold: threading.Event | None = None
        self._lock = threading.Lock()

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        with self._lock:
            self.calls.append(len(samples))
        self.started.set()
        if self.hold is not None:
            self.hold.wait(30)
        if self.config.sleep_s:
            time.sleep(self.config.sleep_s)
        return [Score.error("asked to break") if s.response == self.config.error_on else Score.ok(len(s.response))
                for s in samples]


def make_stack(*, policies: dict[str, Any] | None = None, fusion: dict[str, Any] | None = None,
               **fields: Any) -> tuple[RewardStack, CountSource]:
    source = CountSource(**fields)
    stack = RewardStack({"count": source}, fusion, cache=None, policies=policies)
    return stack, source


def sample(i: int | str, response: str = "abc", **extra: Any) -> dict[str, Any]:
    return {"id": str(i), "prompt": "p", "response": response, **extra}


@contextmanager
def running(stack: RewardStack, config: ServerConfig | None = None) -> Iterator[tuple[str, Any]]:
    """A real uvicorn server on loopback for ``stack``; yields (base URL, the RewardService)."""
    config = config or ServerConfig()
    app = create_app(stack, config)
    try:
        with serve_in_thread(app, config=config) as url:
            yield url, app.service
    finally:
        stack.close()


def wait_until(predicate: Any, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.005)


def post(url: str, path: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"{url}{path}", json=body, timeout=30, **kwargs)
