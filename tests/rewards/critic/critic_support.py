"""Shared pieces of the critic tests: a scripted judge backend and a judge server whose failures we choose.

``ScriptedJudge`` is a real backend of the judge contract (registered as
``scripted_test``) whose answers are fixed by its config, so the critic's
arithmetic (order averaging, flips, weights, failures) can be checked against
exact numbers. ``misbehaving_server`` is a real HTTP server on loopback (FastAPI
under uvicorn, as serve-judge) that answers by a script: 500s, 429s, malformed
bodies, slow replies, refusals, replies without logprobs.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from rewardstack.rewards.critic.judges.base import (
    JudgeBackend,
    JudgeConfig,
    JudgeRequest,
    JudgeVerdict,
    register_judge,
)
from rewardstack.rewards.critic.server import serve_in_thread


class ScriptedConfig(JudgeConfig):
    kind: Literal["scripted_test"] = "scripted_test"
    first: float = 0.5  # P(the option listed first in the question), unless a rule below matches
    yes: dict[str, float] = {}  # substring of the prompt -> P("Yes") whatever the order
    errors: dict[str, str] = {}  # substring -> error reason
    timeouts: dict[str, str] = {}  # substring -> timeout reason


def _text(request: JudgeRequest) -> str:
    return request.prompt if isinstance(request.prompt, str) else "\n".join(m.content for m in request.prompt)


@register_judge("scripted_test")
class ScriptedJudge(JudgeBackend):
    kind = "scripted_test"
    config_class = ScriptedConfig
    config: ScriptedConfig
    calls: list[list[JudgeRequest]] = []  # every call's requests, in order (shared: tests clear it)

    def judge(self, requests: Sequence[JudgeRequest]) -> list[JudgeVerdict]:
        type(self).calls.append(list(requests))
        return [self._one(r) for r in requests]

    def _one(self, request: JudgeRequest) -> JudgeVerdict:
        text = _text(request)
        for needle, reason in self.config.errors.items():
            if needle in text:
                return JudgeVerdict.error(reason)
        for needle, reason in self.config.timeouts.items():
            if needle in text:
                return JudgeVerdict.timeout(reason)
        first, second = request.options[:2]
        for needle, p_yes in self.config.yes.items():
            if needle in text:
                probabilities = {"Yes": p_yes, "No": 1 - p_yes}
                return JudgeVerdict.ok({o: probabilities[o] for o in request.options},
                                       text=f"critique of {needle}" if request.critique_tokens else "",
                                       tokens=10)
        return JudgeVerdict.ok({first: self.config.first, second: 1 - self.config.first},
                               text="a critique" if request.critique_tokens else "", tokens=10)

    def fingerprint(self) -> str:
        return f"scripted:{self.config.model_dump_json()}"


@dataclass
class Script:
    """What the misbehaving server does with the n-th chat request (0-based), and what it saw."""

    plan: list[str]  # per request: "ok", "500", "429", "400", "malformed", "slow", "refuse", "text:<answer>"
    then: str = "ok"  # after the plan runs out
    slow_s: float = 2.0
    seen: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self) -> str:
        with self.lock:
            n = len(self.seen)
            return self.plan[n] if n < len(self.plan) else self.then


def _ok_body(content: str, logprobs: dict[str, float] | None) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": 0, "message": {"role": "assistant", "content": content},
                              "finish_reason": "stop", "logprobs": None}
    if logprobs is not None:
        top = [{"token": t, "logprob": lp} for t, lp in logprobs.items()]
        choice["logprobs"] = {"content": [{"token": top[0]["token"], "logprob": top[0]["logprob"],
                                           "top_logprobs": top}]}
    return {"id": "x", "object": "chat.completion", "model": "scripted", "choices": [choice],
            "usage": {"prompt_tokens": 7, "completion_tokens": 1, "total_tokens": 8}}


@contextmanager
def misbehaving_server(script: Script, *, logprobs: dict[str, float] | None = None,
                       models: Sequence[str] = ("scripted",), require_key: str | None = None) -> Iterator[str]:
    """A chat/completions server that follows ``script``; yields its base URL."""

    answer = logprobs if logprobs is not None else {"Yes": -0.1, " No": -2.5, "Maybe": -4.0}
    app = FastAPI()

    @app.get("/v1/models")
    async def listed() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": m, "object": "model"} for m in models]}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        action = script.next()
        body = await request.json()  # never await while holding the (thread) lock: one loop serves every request
        with script.lock:
            script.seen.append(body)
            script.headers.append(dict(request.headers))
            script.in_flight += 1
            script.max_in_flight = max(script.max_in_flight, script.in_flight)
        try:
            if require_key is not None and request.headers.get("authorization") != f"Bearer {require_key}":
                return JSONResponse({"error": {"message": "bad key"}}, status_code=401)
            await asyncio.sleep(0.02)  # long enough for concurrent requests to overlap
            if action == "500":
                return JSONResponse({"error": {"message": "the GPU fell over"}}, status_code=500)
            if action == "429":
                return JSONResponse({"error": {"message": "slow down"}}, status_code=429, headers={"Retry-After": "0"})
            if action == "400":
                return JSONResponse({"error": {"message": "bad request body"}}, status_code=400)
            if action == "malformed":
                return PlainTextResponse("<html>gateway</html>", status_code=200)
            if action == "slow":
                await asyncio.sleep(script.slow_s)
            if action == "refuse":
                body = _ok_body("", None)
                body["choices"][0]["message"]["refusal"] = "I can't help with judging that."
                return body
            if action.startswith("text:"):
                return _ok_body(action.removeprefix("text:"), None)
            return _ok_body("Yes", answer)
        finally:
            with script.lock:
                script.in_flight -= 1

    with serve_in_thread(app) as url:
        yield url
