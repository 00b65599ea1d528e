"""``openai_compatible``: a judge behind any OpenAI-style chat/completions server.

vLLM, llama.cpp's server, Ollama, hosted APIs and ``rewardstack serve-judge`` all speak it.

.. code-block:: yaml

    judge:
      kind: openai_compatible
      base_url: http://127.0.0.1:8000/v1   # up to and including the API version
      model: smollm2-135m-instruct         # the served model's name
      api_key_env: OPENAI_API_KEY          # the *name* of the variable holding the key (none: no auth header)
      timeout_s: 60                        # per request attempt
      max_retries: 3                       # on 429, 5xx, timeouts and dropped connections
      backoff_s: 0.5                       # first wait; doubles per retry (Retry-After wins), at most max_backoff_s
      concurrency: 8                       # requests in flight per event loop
      answer: auto                         # logprobs | text | auto (logprobs when the reply has them)
      top_logprobs: 20
      tokenizer: null                      # a local copy of the served model's tokenizer (see below)

Verdicts: one request per :class:`JudgeRequest` with ``max_tokens: 1``,
``temperature: 0``, ``logprobs: true`` and ``top_logprobs``; the reply is read
by :mod:`rewardstack.rewards.critic.judges._replies` (logprobs renormalised
over the options, else the answer's first word; a reply that fits neither, a
refusal or a malformed body is an error verdict with the reason, never a
score). A request with ``critique_tokens > 0`` sends a second request for the
text (no logprobs, the request's temperature and seed). Token usage of every
request goes into the verdict's ``tokens`` (the critic's ``Score.cost``).

``tokenizer``: with a local copy of the served model's tokenizer (any name
:mod:`rewardstack.models` resolves), the option tokens are known by id and
sent as ``logit_bias: +100``. Adding one constant to every option's logits
leaves their ratios, and so the renormalised verdict, unchanged, while putting
every option into the top logprobs: the read is then exact even for a model
that would not rank "Yes" among its top 20 tokens. Without it, the options
must be single tokens that the model ranks in its top ``top_logprobs``.

Failures: 429 and 5xx responses, timeouts and dropped connections are retried
``max_retries`` times with exponential backoff; then a timeout becomes a
``timeout`` verdict and the rest ``error`` verdicts quoting the server. Other
4xx answers are errors at once. At construction the backend checks the API key
variable and ``GET {base_url}/models`` (a server without that endpoint is
accepted; one that does not list ``model`` is refused, with the names it serves).

Calls from the stack's event loop use an ``httpx.AsyncClient`` made on that
loop; the synchronous ``judge()`` runs on the backend's own loop thread.
"""

from __future__ import annotations

import asyncio
import os
import random
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator

from rewardstack.core.errors import SourceError
from rewardstack.core.event_loop import LoopThread
from rewardstack.rewards.critic.chat_lm import as_messages
from rewardstack.rewards.critic.judges._replies import AnswerMode, read_reply
from rewardstack.rewards.critic.judges.base import (
    JudgeBackend,
    JudgeConfig,
    JudgeRequest,
    JudgeVerdict,
    register_judge,
)
from rewardstack.rewards.critic.readout import option_first_tokens, option_token_texts

if TYPE_CHECKING:
    import httpx

__all__ = ["OpenAICompatibleConfig", "OpenAICompatibleJudge"]

_LOGIT_BIAS = 100.0  # OpenAI's maximum
_RETRY_STATUS = frozenset({408, 409, 429}) | frozenset(range(500, 600))
_BODY_QUOTED = 300


class OpenAICompatibleConfig(JudgeConfig):
    """A judge behind an OpenAI-compatible server (see the module docstring)."""

    kind: Literal["openai_compatible"] = "openai_compatible"
    base_url: str
    model: str = Field(min_length=1)
    api_key_env: str | None = None
    timeout_s: float = Field(default=60.0, gt=0, allow_inf_nan=False)
    max_retries: int = Field(default=3, ge=0, le=10)
    backoff_s: float = Field(default=0.5, ge=0, allow_inf_nan=False)
    max_backoff_s: float = Field(default=20.0, ge=0, allow_inf_nan=False)
    concurrency: int = Field(default=8, ge=1, le=1024)
    answer: AnswerMode = "auto"
    top_logprobs: int = Field(default=20, ge=1, le=20)
    tokenizer: str | None = None
    check_model: bool = True

    @field_validator("base_url")
    @classmethod
    def _http(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {url!r}")
        return url.rstrip("/")


class _Failure(Exception):
    """A request that failed after its retries: the verdict status and the reason."""

    def __init__(self, status: Literal["error", "timeout"], reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class _Connection:
    client: httpx.AsyncClient
    gate: asyncio.Semaphore
    loop: asyncio.AbstractEventLoop


@register_judge("openai_compatible")
class OpenAICompatibleJudge(JudgeBackend):
    """Verdicts from an OpenAI-compatible chat/completions server (logprobs, else a constrained answer)."""

    kind = "openai_compatible"
    config_class = OpenAICompatibleConfig
    config: OpenAICompatibleConfig

    def __init__(self, config: OpenAICompatibleConfig):
        super().__init__(config)
        self._headers = {"Authorization": f"Bearer {self._api_key()}"} if config.api_key_env else {}
        self._tokenizer = None
        if config.tokenizer is not None:
            from rewardstack.models import load_tokenizer

            self._tokenizer = load_tokenizer(config.tokenizer)
        self._server_fingerprint = self._check_server() if config.check_model else ""
        self._connections: dict[asyncio.AbstractEventLoop, _Connection] = {}
        self._lock = threading.Lock()
        self._home: LoopThread | None = None
        self._options: dict[tuple[str, ...], tuple[dict[str, frozenset[str]], dict[int, float]] | str] = {}

    # --- setup -------------------------------------------------------------------------
    def _api_key(self) -> str:
        name = self.config.api_key_env or ""
        key = os.environ.get(name, "")
        if not key:
            raise SourceError(f"judge {self.config.model!r}: the API key variable ${name} is not set (api_key_env); "
                              "export it, or drop api_key_env for a server without authentication")
        return key

    def _check_server(self) -> str:
        """The served model's fingerprint (when the server gives one); SourceError when it cannot serve ours."""
        import httpx

        url = f"{self.config.base_url}/models"
        try:
            reply = httpx.get(url, headers=self._headers, timeout=min(self.config.timeout_s, 30.0))
        except httpx.HTTPError as exc:
            raise SourceError(f"cannot reach the judge server at {self.config.base_url} ({type(exc).__name__}: "
                              f"{exc}). Start one, e.g. `rewardstack serve-judge --model {self.config.model} "
                              "--port 8000`, or fix base_url") from None
        if reply.status_code == 404:
            return ""  # a server without /models: nothing to check
        if reply.status_code in (401, 403):
            raise SourceError(f"the judge server at {self.config.base_url} refused the API key ({reply.status_code})")
        try:
            served = {m["id"]: m for m in reply.json()["data"]}
        except (ValueError, KeyError, TypeError):
            return ""  # /models in another shape: not ours to judge
        if self.config.model not in served:
            raise SourceError(f"the judge server at {self.config.base_url} does not serve model "
                              f"{self.config.model!r}; it serves {', '.join(sorted(served)) or 'nothing'}")
        return str(served[self.config.model].get("fingerprint") or "")

    def fingerprint(self) -> str:
        parts = ["openai_compatible", self.config.model, self._server_fingerprint]
        if self.config.tokenizer:
            parts.append(f"tokenizer={self.config.tokenizer}")
        return ":".join(parts)

    def _read_plan(self, options: tuple[str, ...]) -> tuple[dict[str, frozenset[str]], dict[int, float]] | str:
        """Per options tuple: the token texts to match and the logit_bias to send (or why they cannot be read)."""
        if options not in self._options:
            try:
                texts = option_token_texts(options, self._tokenizer)
                bias = ({t: _LOGIT_BIAS for ids in option_first_tokens(self._tokenizer, options).values() for t in ids}
                        if self._tokenizer is not None else {})
                self._options[options] = (texts, bias)
            except ValueError as exc:
                self._options[options] = str(exc)
        return self._options[options]

    # --- judging -----------------------------------------------------------------------
    def judge(self, requests: Sequence[JudgeRequest]) -> list[JudgeVerdict]:
        with self._lock:
            if self._home is None:
                self._home = LoopThread(f"judge-{self.config.model}")
            home = self._home
        return home.run(self.ajudge(requests))

    async def ajudge(self, requests: Sequence[JudgeRequest]) -> list[JudgeVerdict]:
        connection = self._connection()
        return list(await asyncio.gather(*(self._one(connection, r) for r in requests)))

    def _connection(self) -> _Connection:
        import httpx

        loop = asyncio.get_running_loop()
        with self._lock:
            for old in [lp for lp in self._connections if lp.is_closed()]:
                del self._connections[old]  # asyncio.run() loops that ended took their sockets with them
            if loop not in self._connections:
                limits = httpx.Limits(max_connections=self.config.concurrency)
                client = httpx.AsyncClient(headers=self._headers, timeout=self.config.timeout_s, limits=limits)
                self._connections[loop] = _Connection(client, asyncio.Semaphore(self.config.concurrency), loop)
            return self._connections[loop]

    async def _one(self, connection: _Connection, request: JudgeRequest) -> JudgeVerdict:
        plan = self._read_plan(request.options)
        if isinstance(plan, str):
            return JudgeVerdict.error(f"cannot read the options: {plan}")
        texts, bias = plan
        messages = as_messages(request.prompt)
        body: dict[str, Any] = {"model": self.config.model, "messages": messages, "max_tokens": 1,
                                "temperature": 0}
        if self.config.answer != "text":
            body |= {"logprobs": True, "top_logprobs": max(self.config.top_logprobs, min(len(bias), 20))}
        if bias:
            body["logit_bias"] = {str(t): v for t, v in bias.items()}
        try:
            read = read_reply(await self._post(connection, body), texts, mode=self.config.answer)
            text, tokens = "", read.tokens
            if request.critique_tokens and read.probabilities is not None:
                free: dict[str, Any] = {"model": self.config.model, "messages": messages,
                                        "max_tokens": request.critique_tokens, "temperature": request.temperature}
                if request.seed is not None:
                    free["seed"] = request.seed
                reply = await self._post(connection, free)
                critique = read_reply(reply, texts, mode="text")
                text, tokens = critique.text, tokens + critique.tokens
        except _Failure as failure:
            return (JudgeVerdict.timeout(failure.reason) if failure.status == "timeout"
                    else JudgeVerdict.error(failure.reason))
        if read.probabilities is None:
            return JudgeVerdict.error(read.error, text=read.text, tokens=read.tokens)
        return JudgeVerdict.ok(read.probabilities, text=text, tokens=tokens)

    async def _post(self, connection: _Connection, body: Mapping[str, Any]) -> Any:
        """POST with retries; the parsed JSON body, or :class:`_Failure` with the status and reason."""
        import httpx

        url = f"{self.config.base_url}/chat/completions"
        attempts = self.config.max_retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            async with connection.gate:
                try:
                    reply = await connection.client.post(url, json=body)
                except httpx.TimeoutException:
                    if last:
                        raise _Failure("timeout", f"no answer from {url} within {self.config.timeout_s:g}s "
                                                  f"(timeout_s), {attempts} attempt(s)") from None
                    wait = self._backoff(attempt, None)
                except httpx.TransportError as exc:
                    if last:
                        raise _Failure("error", f"cannot reach {url}: {type(exc).__name__}: {exc} "
                                                f"({attempts} attempt(s))") from None
                    wait = self._backoff(attempt, None)
                else:
                    if reply.status_code < 400:
                        try:
                            return reply.json()
                        except ValueError:
                            quoted = reply.text[:_BODY_QUOTED]
                            raise _Failure("error", f"malformed reply: not JSON: {quoted!r}") from None
                    if reply.status_code not in _RETRY_STATUS or last:
                        raise _Failure("error", f"the judge server answered {reply.status_code} "
                                                f"({attempt + 1} attempt(s)): {_server_message(reply)}")
                    wait = self._backoff(attempt, reply.headers.get("retry-after"))
            await asyncio.sleep(wait)  # outside the gate: a waiting retry does not hold a slot
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                return min(max(float(retry_after), 0.0), self.config.max_backoff_s)
            except ValueError:
                pass  # an HTTP date: fall back to our own schedule
        base = self.config.backoff_s * 2**attempt
        return float(min(base * random.uniform(0.8, 1.2), self.config.max_backoff_s))  # jitter: no thundering herd

    def close(self) -> None:
        with self._lock:
            connections, self._connections = list(self._connections.values()), {}
            home, self._home = self._home, None
        for connection in connections:
            if connection.loop.is_running():  # a stopped loop already dropped its sockets
                asyncio.run_coroutine_threadsafe(connection.client.aclose(), connection.loop).result(timeout=10)
        if home is not None:
            home.close()


def _server_message(reply: httpx.Response) -> str:
    try:
        error = reply.json().get("error")
        message = error.get("message") if isinstance(error, Mapping) else error
        if message:
            return str(message)[:_BODY_QUOTED]
    except (ValueError, AttributeError):
        pass
    return repr(reply.text[:_BODY_QUOTED])
