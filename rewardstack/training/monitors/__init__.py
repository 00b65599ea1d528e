"""Reward-hacking monitors for training runs (sliding windows over per-step observations).

- ``proxy_gaming``: a learned reward rising while a verifier's pass rate is flat or falling;
- ``length_correlation``: Spearman(reward, response length);
- ``sycophancy_canary``: agreement rate on prompts where the user asserts something false;
- ``component_dominance``: one source carrying most of the total;
- ``kl_runaway``: KL to the reference past a limit.

Each has thresholds and an action (``warn``, ``raise_kl``, ``stop``); firings are
:class:`MonitorEvent` records for ``metrics.jsonl``. docs/monitors.md has the rules.
"""

from rewardstack.training.monitors.config import (
    ComponentDominanceConfig,
    KLRunawayConfig,
    LengthCorrelationConfig,
    MonitorConfig,
    MonitorsConfig,
    ProxyGamingConfig,
    SycophancyCanaryConfig,
)
from rewardstack.training.monitors.events import MonitorEvent
from rewardstack.training.monitors.observation import StepObservation, canary_agreement
from rewardstack.training.monitors.statistics import dominance_shares, linear_rise, spearman
from rewardstack.training.monitors.suite import MonitorSuite

__all__ = [
    "ComponentDominanceConfig",
    "KLRunawayConfig",
    "LengthCorrelationConfig",
    "MonitorConfig",
    "MonitorEvent",
    "MonitorSuite",
    "MonitorsConfig",
    "ProxyGamingConfig",
    "StepObservation",
    "SycophancyCanaryConfig",
    "canary_agreement",
    "dominance_shares",
    "linear_rise",
    "spearman",
]
