"""``ServerConfig``: the reward server's limits and batching knobs (``rewardstack serve`` flags).

Every limit has a finite default, so a server started with no flags cannot be
made to queue without bound or hold a connection forever:

- ``max_body_bytes``: a larger request body is refused with 413 before it is parsed;
- ``max_samples_per_request``: more samples in one request -> 413 naming ``samples``
  (or ``query`` for ``/get_reward``);
- ``request_timeout_s``: a request whose scores are not back in time gets 504 (its
  samples are dropped if their batch has not started yet);
- ``max_queue``: samples waiting for a batch; a request that would overflow it gets
  429 with ``Retry-After`` (back-pressure: the client retries, nothing is dropped silently);
- ``max_batch`` / ``max_wait_ms``: micro-batching. Requests are merged into one stack call
  of at most ``max_batch`` samples, waiting at most ``max_wait_ms`` after the oldest
  waiting request arrived. ``max_batch=1`` turns batching off (one stack call per request).
  A request is never split: one larger than ``max_batch`` runs alone (GRPO groups in it stay whole);
- ``missing_reward``: the reward ``/get_reward`` reports for a sample without a total
  (it is counted in ``extra_logs["no_total"]``: never a silent value).

>>> ServerConfig(max_batch=64, max_wait_ms=5).max_wait_s
0.005
>>> ServerConfig(max_batch=0)
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for ServerConfig
...
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ServerConfig"]


class ServerConfig(BaseModel):
    """Limits, batching and protocol choices of one reward server."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    max_batch: int = Field(default=64, ge=1)
    max_wait_ms: float = Field(default=5.0, ge=0.0, le=10_000.0)
    max_queue: int = Field(default=4096, ge=1)
    max_samples_per_request: int = Field(default=1024, ge=1)
    max_body_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    request_timeout_s: float = Field(default=120.0, gt=0.0)
    missing_reward: float = 0.0
    token: str | None = Field(default=None, repr=False)  # bearer token; None: no authentication

    @property
    def max_wait_s(self) -> float:
        return self.max_wait_ms / 1000.0
