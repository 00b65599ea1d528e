"""Config of the ``outcome_signals`` source: the log backend, the outcome weights, window, decay, combine.

The log backend and the combine rule are discriminated unions on ``kind``
(``log: {kind: sqlite, ...}`` | ``{kind: jsonl, ...}``; ``combine: {kind: sum, clip: [-1, 1]}`` |
``{kind: last}``), like every strategy choice in rewardstack.

>>> cfg = OutcomeSignalsConfig.model_validate(
...     {"log": {"kind": "jsonl", "path": "outcomes.jsonl"}, "window": {"end_s": 86400}, "half_life_s": 3600})
>>> cfg.log.kind, cfg.combine.kind, cfg.combine.clip, cfg.needs_response_time
('jsonl', 'sum', (-1.0, 1.0), True)
>>> OutcomeSignalsConfig.model_validate({"log": {"kind": "csv", "path": "x"}})
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for OutcomeSignalsConfig
log
  Input tag 'csv' found using 'kind' does not match any of the expected tags: 'sqlite', 'jsonl' ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rewardstack.core.source import SourceConfig

__all__ = [
    "DEFAULT_WEIGHTS",
    "CombineConfig",
    "JsonlLogConfig",
    "LastCombine",
    "LogConfig",
    "OutcomeSignalsConfig",
    "SqliteLogConfig",
    "SumCombine",
    "WindowConfig",
]

# Operational outcomes (resolved, escalated) are the ground truth a deployment cares about and
# weigh most; explicit thumbs are sparse and self-selected (mostly the very happy and the very
# annoyed vote), so they weigh half; a re-contact within a day means the problem came back.
DEFAULT_WEIGHTS: dict[str, float] = {
    "resolved": 1.0,
    "escalated": -1.0,
    "recontacted_24h": -0.5,
    "thumbs_up": 0.5,
    "thumbs_down": -0.5,
}

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _identifier(name: str) -> str:
    if not name or "\x00" in name:
        raise ValueError("an SQLite table or column name must be a non-empty string without NUL")
    return name


class SqliteLogConfig(BaseModel):
    """An outcome table in a real SQLite file: one row per outcome (key, outcome name, time)."""

    model_config = _FROZEN

    kind: Literal["sqlite"] = "sqlite"
    path: Path
    table: str = "outcomes"
    key_column: str = "conversation_id"
    outcome_column: str = "outcome"
    time_column: str = "timestamp"

    _names = field_validator("table", "key_column", "outcome_column", "time_column")(_identifier)


class JsonlLogConfig(BaseModel):
    """A JSONL file (one outcome object per line) that may grow while the source reads it."""

    model_config = _FROZEN

    kind: Literal["jsonl"] = "jsonl"
    path: Path
    key_field: str = Field(default="conversation_id", min_length=1)
    outcome_field: str = Field(default="outcome", min_length=1)
    time_field: str = Field(default="timestamp", min_length=1)


LogConfig = Annotated[SqliteLogConfig | JsonlLogConfig, Field(discriminator="kind")]


class SumCombine(BaseModel):
    """Sum of the counted outcomes' decayed weights, clipped to ``clip`` (``null``: unclipped)."""

    model_config = _FROZEN

    kind: Literal["sum"] = "sum"
    clip: tuple[float, float] | None = (-1.0, 1.0)

    @field_validator("clip")
    @classmethod
    def _ordered(cls, clip: tuple[float, float] | None) -> tuple[float, float] | None:
        if clip is not None and not clip[0] < clip[1]:
            raise ValueError(f"clip must be [low, high] with low < high, got {list(clip)}")
        return clip


class LastCombine(BaseModel):
    """The latest counted outcome alone decides (its decayed weight): later feedback supersedes."""

    model_config = _FROZEN

    kind: Literal["last"] = "last"


CombineConfig = Annotated[SumCombine | LastCombine, Field(discriminator="kind")]


class WindowConfig(BaseModel):
    """Outcomes count when ``start_s <= outcome time - response time <= end_s`` (``end_s: null``: open)."""

    model_config = _FROZEN

    start_s: float = Field(default=0.0, allow_inf_nan=False)
    end_s: float | None = Field(default=None, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> WindowConfig:
        if self.end_s is not None and self.end_s < self.start_s:
            raise ValueError(f"window end_s ({self.end_s}) is before start_s ({self.start_s})")
        return self

    def contains(self, delay_s: float) -> bool:
        return self.start_s <= delay_s and (self.end_s is None or delay_s <= self.end_s)


class OutcomeSignalsConfig(SourceConfig):
    """``outcome_signals``: join samples with an outcome log and map the outcomes to a reward.

    ``id_key`` / ``time_key`` name the sample's ``metadata`` entries holding the join id and
    the response time (ISO 8601 or unix seconds). The response time is only needed (and then
    required) when a ``window`` or a ``half_life_s`` is set. ``ignore_kinds`` are outcome names
    the log may hold that this reward deliberately does not weigh (not reported as unknown).
    ``naive_timezone`` (an IANA name such as ``UTC`` or ``Europe/Berlin``) is how timestamps
    without an offset are read; unset, such a timestamp is malformed (never silently guessed).
    ``dedupe``: identical (outcome, time) entries of one conversation count once (at-least-once
    log writers repeat events).
    """

    kind: Literal["outcome_signals"] = "outcome_signals"
    log: LogConfig
    id_key: str = Field(default="conversation_id", min_length=1)
    time_key: str = Field(default="response_time", min_length=1)
    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS), min_length=1)
    ignore_kinds: tuple[str, ...] = ()
    window: WindowConfig | None = None
    half_life_s: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    combine: CombineConfig = Field(default_factory=SumCombine)
    naive_timezone: str | None = None
    dedupe: bool = True

    @field_validator("naive_timezone")
    @classmethod
    def _known_zone(cls, name: str | None) -> str | None:
        if name is not None:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {name!r}; use an IANA name such as 'UTC' or "
                                 "'Europe/Berlin'") from None
        return name

    @model_validator(mode="after")
    def _disjoint_kinds(self) -> OutcomeSignalsConfig:
        both = sorted(set(self.weights) & set(self.ignore_kinds))
        if both:
            raise ValueError(f"outcome kinds {both} are both weighted and ignored; drop them from one")
        return self

    @property
    def needs_response_time(self) -> bool:
        """A window or a decay is measured from the response time."""
        return self.window is not None or self.half_life_s is not None

    def output_range(self) -> tuple[float, float] | None:
        """What the value can be: the clip range for a clipped sum, the weights' hull for ``last``."""
        if isinstance(self.combine, SumCombine):
            return self.combine.clip
        low, high = min(self.weights.values()), max(self.weights.values())
        if self.half_life_s is not None:  # decay pulls every weight towards 0
            low, high = min(low, 0.0), max(high, 0.0)
        return (low, high)
