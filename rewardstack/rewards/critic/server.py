"""``serve-judge``: an OpenAI-compatible chat/completions server over a local causal LM.

One GPU box serves a judge to many trainers: point their critics' ``judge:
{kind: openai_compatible, base_url: http://HOST:PORT/v1, model: NAME}`` at it.

Endpoints (the subset of the OpenAI API a judge needs):

- ``POST /v1/chat/completions``: ``model``, ``messages`` (text turns),
  ``max_tokens`` / ``max_completion_tokens`` (default 256), ``temperature``
  (default 1.0 as in OpenAI's API; 0 = greedy), ``seed``, ``logprobs``,
  ``top_logprobs`` (0-20), ``logit_bias`` (token id -> -100..100, added to the
  logits before sampling and before the reported log-probabilities). Unused
  OpenAI fields are ignored; ``n`` other than 1, ``stream: true``, ``stop`` and
  ``top_p`` other than 1 are refused with a 400 (not silently dropped).
- ``GET /v1/models``: the served model, with its weights ``fingerprint`` (an
  extra field; clients put it into their cache keys). ``GET /health``.

What a reply holds: ``choices[0].message.content`` (the text, end-of-sequence
token excluded), ``finish_reason`` (``stop``/``length``), ``logprobs.content``
with one entry per chosen token, **the end-of-sequence token included** (so a
reply that stops at once still carries the first position's top logprobs,
which is what a judge reads), ``usage`` and ``system_fingerprint``. Errors use
OpenAI's shape, ``{"error": {"message", "type", "code"}}``: 400 for a bad
request (FastAPI's 422 is mapped to 400), 404 for another model's name, 500
when the forward pass fails.

Batching: requests are queued and run together (up to ``max_batch`` per
forward pass, sorted by length into left-padded buckets, prompts generating
text apart from one-token reads), the way vLLM batches concurrent requests, so
eight clients at once cost far less than eight times one. A batch waits for
as many requests as the previous one had (its clients' next requests) and for a
burst still arriving (requests < 2 ms apart), at most
``max_wait_ms`` (default 50) and at most a quarter of the last forward pass (one
client asking one request at a time never waits; :meth:`JudgeServer._gather`),
and the prefixes the requests of a pass share run once (a critic's two
option orders share ~95% of their tokens: :mod:`~rewardstack.rewards.critic.prefixes`). A verdict is the
same number alone or in a batch (float32: within 1e-5) because
:class:`~rewardstack.rewards.critic.chat_lm.ChatLM` is the code ``hf_local``
uses too. ``GET /stats`` counts batch sizes and the seconds spent per stage
(:mod:`~rewardstack.rewards.critic.server_stats`; ``--log-batches`` logs each batch).

>>> lm = ChatLM("tiny-lm", device="cpu")
>>> with serve_in_thread(create_app(lm)) as base_url:
...     import httpx
...     reply = httpx.post(f"{base_url}/chat/completions", json={
...         "model": "tiny-lm", "messages": [{"role": "user", "content": "Yes or No?"}],
...         "max_tokens": 1, "temperature": 0, "logprobs": True, "top_logprobs": 2}).json()
>>> reply["object"], len(reply["choices"][0]["logprobs"]["content"][0]["top_logprobs"])
('chat.completion', 2)
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rewardstack.rewards.critic.chat_lm import ChatLM, Decoded, PromptTooLong
from rewardstack.rewards.critic.server_stats import ServerStats
from rewardstack.uvicorn_thread import uvicorn_in_thread

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ChatCompletionRequest", "JudgeServer", "create_app", "serve_in_thread"]

DEFAULT_MAX_TOKENS = 256
MAX_TOP_LOGPROBS = 20  # OpenAI's limit
DEFAULT_MAX_WAIT_MS = 50.0  # at most this long a batch waits for the requests it expects
WAIT_SHARE = 0.25  # ... and at most this share of the last forward pass (a GPU's short passes wait little)
BURST_GAP_S = 0.002  # requests arriving closer than this belong to one burst (a client sends 8 in ~1 ms)
_POLL_S = 0.0005


class _Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: str
    content: str | list[dict[str, Any]]

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        parts = [p.get("text") for p in self.content if p.get("type") == "text"]
        if len(parts) != len(self.content):
            raise ValueError("only text content parts are supported")
        return "".join(str(p) for p in parts)


class ChatCompletionRequest(BaseModel):
    """The request body (OpenAI's fields; unknown ones ignored as OpenAI-compatible servers do)."""

    model_config = ConfigDict(extra="ignore")

    model: str
    messages: list[_Turn] = Field(min_length=1)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    temperature: float = Field(default=1.0, ge=0.0, le=2.0)
    top_p: float = 1.0
    n: int = 1
    seed: int | None = None
    logprobs: bool = False
    top_logprobs: int | None = Field(default=None, ge=0, le=MAX_TOP_LOGPROBS)
    logit_bias: dict[int, float] | None = None
    stream: bool = False
    stop: str | list[str] | None = None

    @field_validator("logit_bias")
    @classmethod
    def _bias_range(cls, bias: dict[int, float] | None) -> dict[int, float] | None:
        if bias and not all(-100.0 <= v <= 100.0 for v in bias.values()):
            raise ValueError("logit_bias values must lie in [-100, 100]")
        return bias

    def unsupported(self) -> str | None:
        """Why this server cannot honour the request as asked (None when it can)."""
        if self.n != 1:
            return "n must be 1"
        if self.stream:
            return "stream is not supported"
        if self.stop:
            return "stop sequences are not supported"
        if self.top_p != 1.0:
            return "top_p other than 1 is not supported"
        return None

    @property
    def token_limit(self) -> int:
        return self.max_completion_tokens or self.max_tokens or DEFAULT_MAX_TOKENS


@dataclass
class _Job:
    ids: list[int]
    request: ChatCompletionRequest
    future: asyncio.Future[Decoded] = field(repr=False)
    queued_at: float = field(default_factory=time.perf_counter)


class JudgeServer:
    """The model, the request queue and the batching loop behind the app."""

    def __init__(self, lm: ChatLM, *, model_name: str | None = None, max_batch: int = 32,
                 max_wait_ms: float = DEFAULT_MAX_WAIT_MS, log_batches: bool = False):
        self.lm = lm
        self.model_name = model_name or lm.name
        self.max_batch = max_batch
        self.max_wait_s = max_wait_ms / 1000.0
        self._expected = 1  # requests in the last batch: how many its clients will likely send next
        self._last_forward_s = 0.0  # wall seconds of the last batch's forward passes
        self._gather_started = 0.0  # perf_counter when the batch being gathered got its first request
        self._queue: asyncio.Queue[_Job] | None = None
        self._worker: asyncio.Task[None] | None = None
        self.forward_batches = 0  # lm.run calls so far (requests / batches = how much batching happened)
        self.requests = 0
        self.stats = ServerStats(log_batches=log_batches)
        self._token_texts: dict[int, tuple[str, list[int]]] = {}  # token id -> its text and UTF-8 bytes

    async def start(self) -> None:
        self._queue = asyncio.Queue()
        self._worker = asyncio.create_task(self._work())

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)

    async def submit(self, ids: list[int], request: ChatCompletionRequest) -> Decoded:
        assert self._queue is not None, "the server is not started"
        job = _Job(ids, request, asyncio.get_running_loop().create_future())
        self._queue.put_nowait(job)
        return await job.future

    async def _gather(self) -> list[_Job]:
        """The next batch: what is queued, then what arrives until it is as large as the last one (bounded).

        A batch's clients send their next requests when their replies arrive, a few milliseconds
        apart (tens of them on a loaded machine); taking only what is queued at once ran the first
        of them alone and the rest in a second pass (16 requests from 8 clients went as 2, 6, 2, 6,
        5, 3, 8...; measured with ``GET /stats``). So a batch waits for as many requests as the
        previous batch had, at most ``max_wait_s`` and at most :data:`WAIT_SHARE` of the last forward
        pass's time (a wait costs the waiting requests; a pass saved costs all of them). A burst is
        waited for too, whatever the last batch was: while requests keep arriving less than
        :data:`BURST_GAP_S` apart (a client sending 8 at once after one sending 1 at a time got
        batches of 1 and 7). One client asking one request at a time waits one gap at most.
        """
        assert self._queue is not None
        jobs = [await self._queue.get()]
        self._gather_started = time.perf_counter()
        deadline = self._gather_started + min(self.max_wait_s, WAIT_SHARE * self._last_forward_s)
        while len(jobs) < self.max_batch:
            now = time.perf_counter()
            if not self._queue.empty():
                jobs.append(self._queue.get_nowait())  # what arrived meanwhile rides along
            elif now < deadline and (len(jobs) < self._expected or now - jobs[-1].queued_at < BURST_GAP_S):
                await asyncio.sleep(min(_POLL_S, deadline - now))  # polled: no cancelled get() to lose a job
            else:
                break
        self._expected = len(jobs)
        return jobs

    async def _work(self) -> None:
        assert self._queue is not None
        while True:
            jobs = [j for j in await self._gather() if not j.future.done()]  # a client that went away
            if not jobs:
                continue
            started = time.perf_counter()
            try:
                results = await asyncio.to_thread(self._run, jobs)
            except Exception as exc:  # the forward pass failed (out of memory): every job of it gets a 500
                for job in jobs:
                    if not job.future.done():
                        job.future.set_exception(exc)
                continue
            finally:
                self._last_forward_s = time.perf_counter() - started
            for job, result in zip(jobs, results, strict=True):
                if not job.future.done():
                    job.future.set_result(result)

    def _run(self, jobs: Sequence[_Job]) -> list[Decoded]:
        from rewardstack.rewards.preference.forward import pass_overhead_tokens, plan_buckets

        started, cpu_started = time.perf_counter(), time.process_time()
        for job in jobs:
            self.stats.add("queue_wait", started - job.queued_at)
        passes_before = self.forward_batches
        results: list[Decoded | None] = [None] * len(jobs)
        overhead = pass_overhead_tokens(self.lm.device.type)
        for generating in (False, True):  # one-token reads never wait for long generations
            group = [i for i, j in enumerate(jobs) if (j.request.token_limit > 1) == generating]
            for bucket in plan_buckets([len(jobs[i].ids) for i in group], overhead_tokens=overhead):
                chosen = [jobs[group[b]] for b in bucket]
                self.forward_batches += 1
                self.requests += len(chosen)
                decoded = self.lm.run(
                    [j.ids for j in chosen], max_new_tokens=[j.request.token_limit for j in chosen],
                    temperature=[j.request.temperature for j in chosen], seeds=[j.request.seed for j in chosen],
                    logit_bias=[j.request.logit_bias for j in chosen],
                    top_k=max((j.request.top_logprobs or 0) for j in chosen))
                for b, row in zip(bucket, decoded, strict=True):
                    results[group[b]] = row
        self.stats.batch(size=len(jobs), gather_wait_s=started - self._gather_started,
                         forward_s=time.perf_counter() - started,
                         forward_process_cpu_s=time.process_time() - cpu_started,
                         passes=self.forward_batches - passes_before)
        return [r for r in results if r is not None]

    # --- replies -----------------------------------------------------------------------
    def completion(self, request: ChatCompletionRequest, prompt_tokens: int, row: Decoded) -> dict[str, Any]:
        logprobs = None
        if request.logprobs:
            k = request.top_logprobs or 0
            logprobs = {"content": [self._entry(token, lp, top[:k]) for token, lp, top in row.steps]}
        completion_tokens = len(row.steps)
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": self.model_name, "system_fingerprint": self.lm.fingerprint(),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": self.lm.decode(row.tokens)},
                         "finish_reason": row.finish_reason, "logprobs": logprobs}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }

    def _entry(self, token: int, logprob: float, top: list[tuple[int, float]]) -> dict[str, Any]:
        return {**self._token(token, logprob), "top_logprobs": [self._token(t, lp) for t, lp in top]}

    def _token(self, token: int, logprob: float) -> dict[str, Any]:
        known = self._token_texts.get(token)
        if known is None:  # 21 decode calls per reply otherwise; the judge asks about the same few tokens
            text = str(self.lm.tokenizer.decode([token]))
            known = self._token_texts[token] = (text, list(text.encode("utf-8")))
        return {"token": known[0], "logprob": logprob, "bytes": list(known[1])}


def _error(status: int, message: str, kind: str = "invalid_request_error") -> Any:
    from fastapi.responses import JSONResponse

    return JSONResponse(status_code=status, content={"error": {"message": message, "type": kind, "code": status}})


def create_app(lm: ChatLM, *, model_name: str | None = None, max_batch: int = 32,
               max_wait_ms: float = DEFAULT_MAX_WAIT_MS, log_batches: bool = False) -> FastAPI:
    """The FastAPI app serving ``lm`` under ``model_name`` (default: the name it was loaded by)."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError

    server = JudgeServer(lm, model_name=model_name, max_batch=max_batch, max_wait_ms=max_wait_ms,
                         log_batches=log_batches)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        await server.start()
        yield
        await server.stop()

    app = FastAPI(title="rewardstack serve-judge", lifespan=lifespan)
    app.state.judge_server = server

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Any:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return _error(400, problems or "invalid request")

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/stats")
    async def stats() -> dict[str, Any]:
        return server.stats.snapshot()

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": server.model_name, "object": "model", "owned_by": "rewardstack",
                                            "fingerprint": lm.fingerprint()}]}

    @app.post("/v1/chat/completions")
    async def chat(request: ChatCompletionRequest) -> Any:
        if request.model != server.model_name:
            return _error(404, f"model {request.model!r} is not served here; this server serves "
                               f"{server.model_name!r}", "not_found_error")
        problem = request.unsupported()
        if problem:
            return _error(400, problem)
        encode_started = time.perf_counter()
        try:
            ids = lm.encode([{"role": t.role, "content": t.text()} for t in request.messages])
            lm.check_length(ids, request.token_limit)
        except (PromptTooLong, ValueError) as exc:
            return _error(400, str(exc))
        except Exception as exc:  # e.g. a chat template that refuses this role order
            return _error(400, f"cannot lay out the messages: {type(exc).__name__}: {exc}")
        if request.logit_bias and not all(0 <= t < lm.vocab_size for t in request.logit_bias):
            return _error(400, f"logit_bias names a token outside the vocabulary (0..{lm.vocab_size - 1})")
        server.stats.add("encode", time.perf_counter() - encode_started)
        try:
            row = await server.submit(ids, request)
        except Exception as exc:  # the batch's forward pass failed
            return _error(500, f"the forward pass failed: {type(exc).__name__}: {exc}", "server_error")
        from fastapi.responses import JSONResponse

        reply_started = time.perf_counter()
        # a plain dict would go through jsonable_encoder first: measurable per request for 20 top logprobs
        response = JSONResponse(server.completion(request, len(ids), row))
        server.stats.add("reply", time.perf_counter() - reply_started)
        return response

    return app


@contextmanager
def serve_in_thread(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` with uvicorn in a daemon thread; yields the base URL (``http://host:port/v1``).

    ``port=0`` takes a free port. The server is stopped (and the thread joined) on exit.
    """
    import uvicorn

    with uvicorn_in_thread(uvicorn.Config(app, log_level="warning", lifespan="on"), host=host, port=port,
                           name="serve-judge") as bound:
        yield f"http://{host}:{bound}/v1"
