"""``Guard``: the ASGI layer in front of the app: bearer token, body size, metrics of every reply.

Every POST body is read as JSON whatever its ``Content-Type`` (``curl -d``
sends ``application/x-www-form-urlencoded``). The guard runs before FastAPI
reads anything, so a request without the token is refused (401) without its
body being read, and an oversized body (413) is never buffered past the limit:
a ``Content-Length`` over the limit is refused at once, a chunked body as soon
as it passes the limit. ``GET /health`` needs no token (load
balancers probe it).

Every reply, refusals included, is counted in the metrics by endpoint (one of
the served paths, else ``other``: the label set stays bounded whatever clients send).
"""

from __future__ import annotations

import hmac
import json
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from rewardstack.server.metrics import ServerMetrics

__all__ = ["ENDPOINTS", "Guard", "error_body"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ENDPOINTS = ("/score", "/get_reward", "/health", "/sources", "/metrics")
OPEN_PATHS = ("/health",)


def error_body(message: str, *, code: int, field: str | None = None) -> dict[str, Any]:
    """The one error shape of the server: ``{"error": {"message", "code", "field"?}}``."""
    error: dict[str, Any] = {"message": message, "code": code}
    if field is not None:
        error["field"] = field
    return {"error": error}


class _TooLarge(Exception):
    pass


class Guard:
    """Wrap ``app``: token check, body limit, request metrics."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body_bytes: int, metrics: ServerMetrics):
        self.app = app
        self.token = token
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics
        self.service: Any = None  # the RewardService behind the app (create_app sets it)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        path = scope.get("path", "")
        endpoint = path if path in ENDPOINTS else "other"
        status: list[int] = [500]

        async def counted_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            refusal = self._refusal(scope, path)
            if refusal is not None:
                await _reply(counted_send, *refusal)
                return
            try:
                body = await self._read_body(scope, receive)
            except _TooLarge:
                await _reply(counted_send, 413, error_body(
                    f"the request body is larger than {self._limit()}; send fewer samples per request",
                    code=413, field="body"), [])
                return
            if body is not None:
                scope = _as_json(scope)
                surrogate = _lone_surrogate(body)
                if surrogate is not None:
                    await _reply(counted_send, 400, error_body(
                        f"body: the string at {surrogate} holds a lone UTF-16 surrogate escape, which is not "
                        "text (send valid Unicode)", code=400, field=surrogate), [])
                    return
            await self.app(scope, _replay(body, receive), counted_send)
        finally:
            self.metrics.observe_request(endpoint, status[0], time.monotonic() - started)

    def _refusal(self, scope: Scope, path: str) -> tuple[int, dict[str, Any], list[tuple[bytes, bytes]]] | None:
        if self.token is not None and path not in OPEN_PATHS and not self._authorised(scope):
            return 401, error_body("missing or wrong bearer token: send 'Authorization: Bearer <token>'",
                                   code=401, field="Authorization"), [(b"www-authenticate", b"Bearer")]
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.isdigit():
                return 400, error_body("Content-Length is not a number", code=400, field="Content-Length"), []
            if int(length) > self.max_body_bytes:
                return 413, error_body(f"the request body ({int(length)} bytes) is larger than "
                                       f"{self._limit()}; send fewer samples per request",
                                       code=413, field="body"), []
        return None

    def _limit(self) -> str:
        # the flag the operator sets, not the internal field: a client can ask for it by name
        return f"{self.max_body_bytes} bytes (the server's --max-body-mb {self.max_body_bytes / 2**20:g})"

    def _authorised(self, scope: Scope) -> bool:
        given = _header(scope, b"authorization") or ""
        scheme, _, token = given.partition(" ")
        assert self.token is not None
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self.token.encode())

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _lone_surrogate(body: bytes) -> str | None:
    """Where a JSON string holds a lone surrogate (``"\\ud800"``): Python parses it, nothing can encode it."""
    if not _SURROGATE_ESCAPE.search(body):  # the common case: one scan of the bytes, no parsing
        return None
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        return None  # FastAPI reports the bad JSON itself
    return _find_surrogate(parsed, "body")


def _find_surrogate(value: Any, where: str) -> str | None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where
        return None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and _find_surrogate(key, where) is not None:
            return f"{where}.{key!r}"
        found = _find_surrogate(item, f"{where}.{key}" if where != "body" else str(key))
        if found is not None:
            return found
    return None


def _as_json(scope: Scope) -> Scope:
    """Every POST body here is JSON: read it as such whatever Content-Type says (``curl -d`` sends a form type)."""
    headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"content-type"]
    return {**scope, "headers": [*headers, (b"content-type", b"application/json")]}


def _replay(body: bytes | None, receive: Receive) -> Receive:
    if body is None:
        return receive
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would

    return replay


async def _reply(send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]) -> None:
    payload = json.dumps(body).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": payload})
