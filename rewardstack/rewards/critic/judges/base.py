"""The judge backend contract: fixed-option questions in, option probabilities out.

A judge answers a :class:`JudgeRequest` (a rendered question, e.g. "Does the
response agree with a false claim of the user? Answer Yes or No.", and the
fixed answer options) with a :class:`JudgeVerdict`:

- ``ok``: ``probabilities`` maps every option to its probability, read from
  the judge model's next-token distribution (or its logprobs over HTTP) and
  renormalised over the options, so they sum to 1; ``text`` holds free text
  (a critique) when the request asked for it; ``tokens`` counts the tokens
  spent (the critic's ``Score.cost``).
- ``error`` / ``timeout``: the judge refused, its output did not parse, the
  server failed or the deadline passed; ``probabilities`` is empty and
  ``reason`` says why. A judge never makes a probability up (no 0.5 for
  "unknown"): the critic turns these into ``error``/``timeout`` Scores.

A backend answers a batch in order and never raises for one bad item; it
raises at construction for a broken setup (no such model, no server), saying
how to fix it. Position bias (asking both option orders), principles and
weighting belong to the critic, not to the backend. Implementations (a local
HF model, an OpenAI-compatible server) register with :func:`register_judge`
in their own modules of this package.

>>> class Even(JudgeBackend):
...     kind = "even"
...     config_class = JudgeConfig
...     def judge(self, requests):
...         return [JudgeVerdict.ok({o: 1 / len(r.options) for o in r.options}) for r in requests]
...     def fingerprint(self):
...         return "even-1"
>>> with Even(JudgeConfig(kind="even")) as judge:
...     judge.judge([JudgeRequest(prompt="Is the response safe?")])[0].probabilities
{'Yes': 0.5, 'No': 0.5}
>>> JudgeVerdict.error("the judge refused to answer").probabilities
{}
"""

from __future__ import annotations

import asyncio
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import JUDGE_BACKENDS
from rewardstack.core.sample import ChatMessage
from rewardstack.core.score import Status

__all__ = ["JudgeBackend", "JudgeConfig", "JudgeRequest", "JudgeVerdict", "register_judge"]

BackendT = TypeVar("BackendT", bound="type[JudgeBackend]")
_SUM_TOLERANCE = 1e-6


class JudgeConfig(BaseModel):
    """Base of every backend's config (``judge: {kind: hf_local, ...}``): frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str


class JudgeRequest(BaseModel):
    """One question: a rendered prompt (text or chat turns) and the options the answer is read over."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prompt: str | list[ChatMessage]
    options: tuple[str, ...] = ("Yes", "No")
    critique_tokens: int = Field(default=0, ge=0)  # > 0: also generate up to this many tokens of free text
    temperature: float = Field(default=0.0, ge=0.0, le=2.0, allow_inf_nan=False)  # of the free text; 0 = greedy
    seed: int | None = Field(default=None, ge=0)  # sampling seed of the free text (temperature > 0)

    @field_validator("options")
    @classmethod
    def _distinct_options(cls, options: tuple[str, ...]) -> tuple[str, ...]:
        if len(options) < 2 or len(set(options)) != len(options) or not all(options):
            raise ValueError(f"a judge needs at least two distinct, non-empty options, got {options!r}")
        return options


class JudgeVerdict(BaseModel):
    """A judge's answer to one request (see the module docstring for what each field means)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status
    probabilities: dict[str, float] = Field(default_factory=dict)
    text: str = ""
    reason: str = ""
    tokens: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _probabilities_match_status(self) -> JudgeVerdict:
        if self.status is Status.ABSTAIN:
            raise ValueError("a judge does not abstain; whether a principle applies is the critic's decision")
        if self.status is not Status.OK:
            if self.probabilities or not self.reason:
                raise ValueError(f"a {self.status.value} verdict has no probabilities and needs a reason")
            return self
        values = list(self.probabilities.values())
        if len(values) < 2 or not all(math.isfinite(p) and 0.0 <= p <= 1.0 for p in values):
            raise ValueError(f"an ok verdict needs a probability in [0, 1] per option, got {self.probabilities}")
        if abs(sum(values) - 1.0) > _SUM_TOLERANCE:
            raise ValueError(f"verdict probabilities are renormalised over the options, got sum {sum(values)}")
        return self

    @classmethod
    def ok(cls, probabilities: dict[str, float], *, text: str = "", tokens: int = 0) -> JudgeVerdict:
        return cls(status=Status.OK, probabilities=probabilities, text=text, tokens=tokens)

    @classmethod
    def error(cls, reason: str, *, text: str = "", tokens: int = 0) -> JudgeVerdict:
        return cls(status=Status.ERROR, reason=reason, text=text, tokens=tokens)

    @classmethod
    def timeout(cls, reason: str) -> JudgeVerdict:
        return cls(status=Status.TIMEOUT, reason=reason)


class JudgeBackend(ABC):
    """Base of every judge backend: write ``judge`` (and ``ajudge`` when the backend is I/O-bound).

    ``kind`` is the registered name and ``config_class`` its config model.
    ``count_tokens`` (optional) lets the critic size micro-batches in the
    judge's own tokens. ``fingerprint()`` names everything outside the config that changes a
    verdict (a hash of the weights, the served model's name): the critic puts
    it into its own fingerprint, so a changed judge misses the cache.
    ``close()`` releases models and connections (or use ``with``).
    """

    kind: ClassVar[str]
    config_class: ClassVar[type[JudgeConfig]]

    def __init__(self, config: JudgeConfig):
        self.config = config

    @abstractmethod
    def judge(self, requests: Sequence[JudgeRequest]) -> list[JudgeVerdict]:
        """One verdict per request, in order; a bad item is an error verdict, never an exception."""

    async def ajudge(self, requests: Sequence[JudgeRequest]) -> list[JudgeVerdict]:
        """The async path; HTTP backends override it (the default runs ``judge`` in a thread)."""
        return await asyncio.to_thread(self.judge, requests)

    def count_tokens(self, request: JudgeRequest) -> int | None:
        """Tokens of the request's rendered prompt in the judge's tokenizer; None when the backend has none."""
        return None

    @abstractmethod
    def fingerprint(self) -> str:
        """What outside the config decides the verdicts: model weights hash or served model name."""

    def close(self) -> None:  # noqa: B027 (most backends hold nothing to release)
        """Release models, sessions and connections."""

    def __enter__(self) -> JudgeBackend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def register_judge(kind: str) -> Callable[[BackendT], BackendT]:
    """Class decorator: register a :class:`JudgeBackend` subclass as judge backend ``kind``.

    The class's ``kind`` must be ``kind`` (one spelling for the registry and for ``judge: {kind: ...}``).
    """

    def decorate(cls: BackendT) -> BackendT:
        declared = getattr(cls, "kind", None)
        if isinstance(cls, type) and declared != kind:
            raise RegistryError(f"judge backend {kind!r} ({cls.__module__}.{cls.__qualname__}): "
                                f"its kind is {declared!r}; set `kind = {kind!r}` on the class.")
        return JUDGE_BACKENDS.register_class(kind)(cls)

    return decorate
