"""Implicit outcome signals: rewards from what happened after a response (see docs/outcomes.md)."""

from rewardstack.rewards.outcomes.config import (
    DEFAULT_WEIGHTS,
    JsonlLogConfig,
    LastCombine,
    OutcomeSignalsConfig,
    SqliteLogConfig,
    SumCombine,
    WindowConfig,
)
from rewardstack.rewards.outcomes.source import OutcomeSignalsSource

__all__ = [
    "DEFAULT_WEIGHTS",
    "JsonlLogConfig",
    "LastCombine",
    "OutcomeSignalsConfig",
    "OutcomeSignalsSource",
    "SqliteLogConfig",
    "SumCombine",
    "WindowConfig",
]
