"""The reward server's FastAPI app: ``/score``, ``/get_reward``, ``/health``, ``/sources``, ``/metrics``.

Replies to bad requests are 4xx with ``{"error": {"message", "code", "field"}}``,
``field`` naming where the problem is (``samples.3.response``, ``query``,
``body``): 400 for malformed JSON or wrong types (FastAPI's 422 is mapped to
400), 401 without the bearer token, 413 for a body or a sample count over the
limit, 429 with ``Retry-After`` when the queue is full, 504 when the scores are
not back within the request timeout, 500 only when the stack itself raised
(e.g. a source policy ``on_error: raise``; other requests of its batch are
rescored alone). Results are serialised straight to JSON bytes by pydantic.

>>> from rewardstack import RewardStack, Sample
>>> from rewardstack.rewards.shaping import LengthSource
>>> from rewardstack.server.run import serve_in_thread
>>> stack = RewardStack({"len": LengthSource(unit="chars", target=5)}, cache=None)
>>> with serve_in_thread(create_app(stack, ServerConfig())) as url:
...     import httpx
...     reply = httpx.post(f"{url}/score", json={"samples": [{"id": "a", "prompt": "p", "response": "hello"}]})
>>> reply.status_code, reply.json()["results"][0]["total"]
(200, 1.0)
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from rewardstack.core.errors import RewardStackError
from rewardstack.core.result import StackResult
from rewardstack.fusion.stack import RewardStack
from rewardstack.integrations.common import alone_in_group, group_by_prompt
from rewardstack.server.config import ServerConfig
from rewardstack.server.guard import Guard, error_body
from rewardstack.server.metrics import CONTENT_TYPE
from rewardstack.server.protocol import GetRewardRequest, SampleProblem, ScoreRequest, parse_samples, reward_reply
from rewardstack.server.service import QueueFull, RequestTimedOut, RewardService

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]

_RESULTS = TypeAdapter(list[StackResult])


def _error(status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None) -> Any:
    from fastapi.responses import JSONResponse

    return JSONResponse(status_code=status, content=error_body(message, code=status, field=field), headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def create_app(stack: RewardStack, config: ServerConfig) -> Any:
    """The ASGI app serving ``stack`` under ``config``'s limits (the stack stays open: close it after)."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    service = RewardService(stack, config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        await service.start()
        yield
        await service.stop()  # uvicorn has let every in-flight request finish; this drains the rest

    app = FastAPI(title="rewardstack serve", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.service = service

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Any:
        errors = exc.errors()
        if errors and errors[0].get("type") == "json_invalid":
            where, why = errors[0]["loc"][-1], (errors[0].get("ctx") or {}).get("error", "")
            return _error(400, f"body: not valid JSON at character {where}: {why}".rstrip(": "), "body")
        first = _field(errors[0]["loc"]) if errors else "body"
        problems = "; ".join(f"{_field(e['loc'])}: {e['msg']}" for e in errors[:10])
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        return _error(400, (problems or "invalid request") + more, first)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Any:
        if exc.status_code == 404:
            return await _not_found(request, exc)
        if exc.status_code == 405:
            return await _wrong_method(request, exc)
        field = "body" if exc.status_code == 400 else None  # FastAPI's 400: the body could not be parsed
        return _error(exc.status_code, f"body: {exc.detail}" if field else str(exc.detail), field)

    @app.exception_handler(404)
    async def _not_found(request: Request, _: Exception) -> Any:
        return _error(404, f"no endpoint {request.url.path}; endpoints: POST /score, POST /get_reward, "
                           "GET /health, GET /sources, GET /metrics", "path")

    @app.exception_handler(405)
    async def _wrong_method(request: Request, _: Exception) -> Any:
        return _error(405, f"{request.method} is not allowed on {request.url.path}", "method")

    async def scored(samples: list[Any], field: str) -> Any:
        if len(samples) > config.max_samples_per_request:
            return _error(413, f"{field}: {len(samples)} samples in one request; at most "
                               f"{config.max_samples_per_request} (the server's --max-samples); send fewer per "
                               "request", field)
        try:
            return await service.score(samples)
        except QueueFull as exc:
            return _error(429, str(exc), None, {"Retry-After": str(exc.retry_after_s)})
        except RequestTimedOut as exc:
            return _error(504, str(exc))
        except RewardStackError as exc:  # a source policy `on_error: raise`, a source that broke
            return _error(500, f"scoring failed: {exc}")
        except Exception as exc:  # a bug below the stack's contract: the client still gets a JSON reply
            return _error(500, f"scoring failed: {type(exc).__name__}: {exc}")

    @app.post("/score")
    async def score(body: ScoreRequest) -> Any:
        from fastapi.responses import Response

        samples = parse_samples(body.samples)
        if isinstance(samples, SampleProblem):
            return _error(400, samples.message, samples.field)
        results = await scored(samples, "samples")
        if not isinstance(results, list):
            return results
        payload = b'{"results":' + _RESULTS.dump_json(results, fallback=repr) + b"}"
        return Response(payload, media_type="application/json")

    @app.post("/get_reward")
    async def get_reward(body: GetRewardRequest) -> Any:
        try:
            samples = group_by_prompt(body.samples(), service.group_key)
        except ValueError as exc:  # a label object that is not a valid reference
            return _error(400, f"labels: {exc}", "labels")
        results = await scored(samples, "query")
        if not isinstance(results, list):
            return results
        alone = alone_in_group(samples, service.group_key) if service.group_key else None
        return reward_reply(results, list(stack.sources), config.missing_reward, alone)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return service.health()

    @app.get("/sources")
    async def sources() -> dict[str, Any]:
        return service.describe()

    @app.get("/metrics")
    async def metrics() -> Any:
        from fastapi.responses import Response

        text = service.metrics.render(queued=service.batcher.queued, in_flight=service.batcher.in_flight)
        return Response(text, media_type=CONTENT_TYPE)

    guarded = Guard(app, token=config.token, max_body_bytes=config.max_body_bytes, metrics=service.metrics)
    guarded.service = service  # tests and benchmarks read its counters
    return guarded
