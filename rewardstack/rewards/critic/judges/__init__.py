"""Judge backends of the constitutional critic: one contract, chosen by ``judge: {kind: ...}``.

Every module of this package is imported on the first lookup in
:data:`rewardstack.core.registry.JUDGE_BACKENDS`, and registers its backend
with :func:`register_judge`; a backend module therefore imports heavy
dependencies (torch, transformers, an HTTP client) inside its functions.
Other distributions add backends through the entry-point group ``rewardstack.judges``.
"""

from rewardstack.rewards.critic.judges.base import (
    JudgeBackend,
    JudgeConfig,
    JudgeRequest,
    JudgeVerdict,
    register_judge,
)

__all__ = ["JudgeBackend", "JudgeConfig", "JudgeRequest", "JudgeVerdict", "register_judge"]
