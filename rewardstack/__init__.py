"""rewardstack: multi-objective rewards for RLHF/RLVR.

>>> from rewardstack import RewardStack, Sample
>>> from rewardstack.rewards.shaping import LengthSource
>>> stack = RewardStack({"len": LengthSource(unit="words", target=2)}, cache=None)
>>> stack.score([Sample(id="1", prompt="hi", response="hello there")])[0].total
1.0
"""

from rewardstack.core import (
    SOURCES,
    BaseSource,
    ChatMessage,
    ConfigError,
    RewardSource,
    RewardStackError,
    Sample,
    SandboxUnavailable,
    Score,
    SourceConfig,
    SourceError,
    Status,
    register_source,
)
from rewardstack.core.cache import ResultCache
from rewardstack.core.result import StackResult
from rewardstack.fusion.policies import NonOkScoreError, SourcePolicy
from rewardstack.fusion.stack import RewardStack
from rewardstack.fusion.stack_config import StackConfig, load_stack_config

__version__ = "0.1.0"

__all__ = [
    "SOURCES",
    "BaseSource",
    "ChatMessage",
    "ConfigError",
    "NonOkScoreError",
    "ResultCache",
    "RewardSource",
    "RewardStack",
    "RewardStackError",
    "Sample",
    "SandboxUnavailable",
    "Score",
    "SourceConfig",
    "SourceError",
    "SourcePolicy",
    "StackConfig",
    "StackResult",
    "Status",
    "__version__",
    "load_stack_config",
    "register_source",
]
