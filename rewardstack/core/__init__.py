"""Core contracts: samples, scores, sources, registries, config, cache, executors."""

from rewardstack.core.errors import (
    CacheError,
    ConfigError,
    RegistryError,
    RewardStackError,
    SandboxUnavailable,
    SourceError,
)
from rewardstack.core.executors import HardTimeoutPool, TaskOutcome
from rewardstack.core.registry import FUSION_OPERATORS, SOURCES, Registry, register_source
from rewardstack.core.sample import ChatMessage, Sample
from rewardstack.core.score import Score, Status
from rewardstack.core.source import (
    BaseSource,
    BatchConfig,
    ExecutionConfig,
    RewardSource,
    SourceConfig,
    SourceInfo,
)

__all__ = [
    "FUSION_OPERATORS",
    "SOURCES",
    "BaseSource",
    "BatchConfig",
    "CacheError",
    "ChatMessage",
    "ConfigError",
    "ExecutionConfig",
    "HardTimeoutPool",
    "Registry",
    "RegistryError",
    "RewardSource",
    "RewardStackError",
    "Sample",
    "SandboxUnavailable",
    "Score",
    "SourceConfig",
    "SourceError",
    "SourceInfo",
    "Status",
    "TaskOutcome",
    "register_source",
]
