"""What every source config carries besides its own fields: ``execution:`` and ``batch:``.

Neither changes a verdict, so neither is part of the cache key (see
:func:`rewardstack.core.identity.source_identity`).

``execution`` (how the engine calls the source)::

    mode: inline | process | ray   # inline: in this process; process: one worker process per sample;
                                   # ray: micro-batches on Ray actors (the optional `ray` extra)
    timeout_s: 30            # process: per-sample hard deadline (default 30 s; the worker is killed)
                             # inline: per-call deadline, off unless set (see below)
    workers: 2               # process mode: worker processes
    concurrency: 8           # async sources: calls in flight at once (per source, per stack)
    on_quarantine: wait      # inline deadline overrun: later calls wait for the stuck call, or fail_fast
    address: auto            # ray: cluster address (auto, ray://host:10001); unset: a local Ray, or the
                             # one this process already started with ray.init()
    num_actors: 2            # ray: actors, each holding one copy of the source
    num_cpus: 1              # ray: CPUs per actor (sandboxes and checkers on CPU nodes)
    num_gpus: 0              # ray: GPUs per actor (reward models and judges on GPU nodes)

In ``ray`` mode each micro-batch call has the deadline ``timeout_s`` (default 30 s, as in process
mode) enforced from outside: an actor past it is killed and replaced and the call's samples get
``timeout``; an actor that dies gives ``error`` for its samples and is replaced.

An inline call cannot be killed (it is a thread of this process), so an inline
call that overruns ``timeout_s`` returns ``timeout`` for its samples and the
source is *quarantined* until the stuck call returns: with ``on_quarantine:
wait`` a later call waits up to ``timeout_s`` for it (then runs, or times
out too); with ``fail_fast`` a later call returns ``timeout`` at once. Async
calls are cancelled at their deadline instead, so they need no quarantine.

``batch`` (how the engine cuts calls to a batch-native source)::

    max_samples: 64          # at most this many samples per call
    max_tokens: 16384        # padded size bound: samples in the call x longest sample's tokens

Tokens are counted by the source's own tokenizer when it has one
(``count_tokens``), else as whitespace-separated words of prompt + response.

>>> SourceConfig(kind="x", batch={"max_samples": 8}).batch.max_samples
8
>>> ExecutionConfig().process_timeout_s
30.0
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["PROCESS_DEFAULT_TIMEOUT_S", "BatchConfig", "ExecutionConfig", "SourceConfig"]

PROCESS_DEFAULT_TIMEOUT_S = 30.0
NOT_VERDICT_FIELDS = frozenset({"execution", "batch"})  # never part of the cache key
_RAY_KEYS = ("address", "num_actors", "num_cpus", "num_gpus")


class ExecutionConfig(BaseModel):
    """How the stack runs a source (see the module docstring for the deadline rules)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Literal["inline", "process", "ray"] = "inline"
    timeout_s: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    workers: int = Field(default=2, ge=1, le=256)
    concurrency: int = Field(default=8, ge=1, le=4096)
    on_quarantine: Literal["wait", "fail_fast"] = "wait"
    address: str | None = None
    num_actors: int = Field(default=2, ge=1, le=1024)
    num_cpus: float = Field(default=1.0, ge=0, allow_inf_nan=False)
    num_gpus: float = Field(default=0.0, ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ray_keys_need_ray_mode(self) -> ExecutionConfig:
        # a dump of any config holds the defaults: only a value other than the default is a Ray setting
        given = sorted(k for k in _RAY_KEYS
                       if k in self.model_fields_set and getattr(self, k) != type(self).model_fields[k].default)
        if given and self.mode != "ray":
            raise ValueError(f"{', '.join(given)} only apply to mode: ray (mode is {self.mode!r})")
        return self

    @property
    def process_timeout_s(self) -> float:
        """Per-sample deadline in process mode, per call in ray mode (``timeout_s``, default 30 s)."""
        return PROCESS_DEFAULT_TIMEOUT_S if self.timeout_s is None else self.timeout_s


class BatchConfig(BaseModel):
    """Micro-batch limits the engine applies to every ``score_batch`` call (``None`` = no limit)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_samples: int | None = Field(default=None, ge=1)
    max_tokens: int | None = Field(default=None, ge=1)


class SourceConfig(BaseModel):
    """Base of every source's config: frozen, unknown keys rejected.

    Subclasses add their own fields; ``kind`` is the registered name.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    execution: ExecutionConfig = Field(default_factory=ExecutionConfig)
    batch: BatchConfig = Field(default_factory=BatchConfig)

    def verdict_fields_json(self) -> str:
        """The config as JSON without ``execution``/``batch`` (which never change a verdict)."""
        return self.model_dump_json(exclude=set(NOT_VERDICT_FIELDS))
