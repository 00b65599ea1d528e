"""A monitor firing: what it saw, against which threshold, and what the trainer should do."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["MonitorEvent"]


@dataclass(frozen=True)
class MonitorEvent:
    """One firing; ``as_record()`` is the line written to ``metrics.jsonl``.

    >>> MonitorEvent(step=7, monitor="kl_runaway", action="warn", value=12.0, threshold=10.0,
    ...              message="mean KL 12 > 10").as_record()["event"]
    'monitor'
    """

    step: int
    monitor: str
    action: Literal["warn", "raise_kl", "stop"]
    value: float
    threshold: float
    message: str
    kl_factor: float | None = None

    def as_record(self) -> dict[str, Any]:
        return {"event": "monitor", **asdict(self)}
