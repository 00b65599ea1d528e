"""Request and reply bodies: ``/score`` (rewardstack's own) and ``/get_reward`` (OpenRLHF's remote RM).

``POST /score``: ``{"samples": [Sample, ...]}`` -> ``{"results": [StackResult, ...]}``
(the JSONL formats of ``rewardstack score``, one object per sample, in order). Each
sample is read with the CLI's rules (:func:`parse_samples`): an ``id`` may be a
non-empty string or an integer (``7`` -> ``"7"``), a sample without ``id`` gets its
1-based position in ``samples`` (as an input line gets its line number); an error
names the field (``samples.0.id``, ``samples.3.response``).

``POST /get_reward``: OpenRLHF's remote reward-model protocol. The trainer posts
``{"query": [str], "prompts": [str], "labels": [...]}`` where each query is the
prompt followed by the response; the reply is ``{"rewards": [float], "scores":
[float], "extra_logs": {name: [float]}}``. How a query becomes a :class:`Sample`:

- ``response`` is the query with its prompt cut off the front (the whole query when
  the prompt is not its prefix, e.g. when no ``prompts`` are sent);
- a label that is an object becomes ``reference`` as it is (``{"tests": [...]}``);
  a string becomes ``{"answer": label}``, any other value ``{"answer": <its JSON text>}``
  (``4`` -> ``"4"``); ``null`` means no reference;
- ``id`` is ``"q<index>"``;
- when the stack normalises within groups (``group_normalize``, its ``group_key``), queries
  with the same prompt are one group (``metadata[group_key]`` = a hash of the prompt, as
  the TRL and verl adapters do), so a GRPO batch's responses are compared with each other.

What the reply holds, per sample: ``rewards`` and ``scores`` are the stack's total
(OpenRLHF uses ``scores`` for dynamic filtering); a sample **without a total** gets
``missing_reward`` (``rewardstack serve --missing-reward``, default 0.0) and
``extra_logs["no_total"]`` is 1.0 for it (0.0 otherwise), so its count is logged with
every step. For a stack with a group key, ``extra_logs["no_group"]`` is 1.0 for a
sample alone in its group (its normalised reward is 0 whatever it did: send every
response of a prompt in one request). ``extra_logs[<source>]`` is that source's value, ``missing_reward`` where
the source was not ok, and ``extra_logs["<source>/ok"]`` is 1.0 where it was ok:
JSON has no NaN, and a mean over non-ok values would be meaningless without the count.
Unknown top-level keys are ignored (OpenRLHF versions add some).

>>> req = GetRewardRequest(query=["Q: 2+2? A: 4"], prompts=["Q: 2+2? A:"], labels=["4"])
>>> sample = req.samples()[0]
>>> sample.response, sample.reference
(' 4', {'answer': '4'})
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, field_validator, model_validator

from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample
from rewardstack.integrations.common import label_to_reference, reward_logs
from rewardstack.jsonl import BadLine, _sample_id

__all__ = ["GetRewardRequest", "SampleProblem", "ScoreRequest", "parse_samples", "reward_reply"]


class ScoreRequest(BaseModel):
    """``POST /score``'s body: the samples as sent, read by :func:`parse_samples`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    samples: list[dict[str, Any]]


@dataclass(frozen=True)
class SampleProblem:
    """Why ``samples[index]`` is not a sample: ``field`` (``samples.3.response``) and ``message``."""

    field: str
    message: str


def parse_samples(items: Sequence[dict[str, Any]]) -> list[Sample] | SampleProblem:
    """``/score``'s samples with ``rewardstack score``'s rules, or the first problem (with its field).

    >>> [a, b] = parse_samples([{"id": 7, "prompt": "p", "response": "r"}, {"prompt": "p", "response": "r"}])
    >>> a.id, b.id
    ('7', '2')
    >>> parse_samples([{"id": None, "prompt": "p", "response": "r"}])
    SampleProblem(field='samples.0.id', message='samples.0.id: id must be a non-empty string or an integer, got null')
    >>> parse_samples([{"id": "a", "prompt": "p"}]).field
    'samples.0.response'
    """
    samples = []
    for index, item in enumerate(items):
        sample_id = _sample_id(item, index + 1)
        if isinstance(sample_id, BadLine):
            field = f"samples.{index}.id"
            return SampleProblem(field, f"{field}: {sample_id.reason}")
        try:
            samples.append(Sample.model_validate({**item, "id": sample_id}))
        except ValidationError as exc:
            errors = exc.errors()
            fields = [".".join(["samples", str(index), *(str(p) for p in e["loc"])]) for e in errors]
            return SampleProblem(fields[0], "; ".join(f"{f}: {e['msg']}" for f, e in zip(fields, errors, strict=True)))
    return samples


class GetRewardRequest(BaseModel):
    """``POST /get_reward``'s body (OpenRLHF's remote reward-model protocol)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    query: list[str]
    prompts: list[str] | None = None
    labels: list[JsonValue] | None = Field(default=None)

    @field_validator("labels")
    @classmethod
    def _finite(cls, labels: list[JsonValue] | None) -> list[JsonValue] | None:
        # JSON has no NaN or Infinity, but Python's and pydantic's parsers accept them: refuse them here
        bad = next((i for i, label in enumerate(labels or []) if not _all_finite(label)), None)
        if bad is not None:
            raise ValueError(f"labels[{bad}] holds NaN or Infinity, which JSON does not have")
        return labels

    @model_validator(mode="after")
    def _same_lengths(self) -> GetRewardRequest:
        for name in ("prompts", "labels"):
            values = getattr(self, name)
            if values is not None and len(values) != len(self.query):
                raise ValueError(f"{name} has {len(values)} entries but query has {len(self.query)}: "
                                 "send one per query")
        return self

    def samples(self) -> list[Sample]:
        prompts = self.prompts or [""] * len(self.query)
        labels = self.labels or [None] * len(self.query)
        return [Sample(id=f"q{i}", prompt=prompt, response=_response(query, prompt),
                       reference=label_to_reference(label))
                for i, (query, prompt, label) in enumerate(zip(self.query, prompts, labels, strict=True))]


def _all_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_all_finite(v) for v in value)
    return True


def _response(query: str, prompt: str) -> str:
    return query[len(prompt):] if prompt and query.startswith(prompt) else query


def reward_reply(results: Sequence[StackResult], sources: Sequence[str], missing_reward: float,
                 alone: Sequence[bool] | None = None) -> dict[str, Any]:
    """``/get_reward``'s reply for ``results`` (see the module docstring for every field)."""
    rewards = [missing_reward if r.total is None else r.total for r in results]
    return {"rewards": rewards, "scores": list(rewards),
            "extra_logs": reward_logs(results, sources, missing_reward, alone=alone)}
