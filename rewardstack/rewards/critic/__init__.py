"""The constitutional-AI critic: principles, judges, and the ``constitutional_critic`` source (docs/critic.md).

Modules: ``constitution`` (the YAML format and loader; built-ins in
``constitutions/``), ``templates`` (prompt fields), ``questions`` (the requests
the critic sends), ``readout`` (option probabilities from a next-token
distribution), ``chat_lm`` (a local causal LM behind ``hf_local`` and
``serve-judge``), ``judges/`` (the backend contract and backends), ``verdicts``
(order averaging, flips, weighted mean), ``session`` (one call's rounds of
requests), ``config`` and ``source`` (the reward source), ``server`` and
``cli`` (``rewardstack serve-judge``).

The source classes are imported on first use (``from rewardstack.rewards.critic
import ConstitutionalCriticSource``), so reading a constitution never loads
the engine's source machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rewardstack.rewards.critic.constitution import (
    Constitution,
    Principle,
    Templates,
    builtin_constitutions,
    load_constitution,
)

if TYPE_CHECKING:
    from rewardstack.rewards.critic.config import ConstitutionalCriticConfig
    from rewardstack.rewards.critic.source import AsyncConstitutionalCriticSource, ConstitutionalCriticSource

__all__ = [
    "AsyncConstitutionalCriticSource",
    "Constitution",
    "ConstitutionalCriticConfig",
    "ConstitutionalCriticSource",
    "Principle",
    "Templates",
    "builtin_constitutions",
    "load_constitution",
]

_LAZY = {
    "ConstitutionalCriticConfig": "rewardstack.rewards.critic.config",
    "ConstitutionalCriticSource": "rewardstack.rewards.critic.source",
    "AsyncConstitutionalCriticSource": "rewardstack.rewards.critic.source",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
