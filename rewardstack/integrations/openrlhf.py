"""OpenRLHF: a ``reward_func`` file for ``--remote_rm_url reward_func.py``, or the server's ``/get_reward``.

OpenRLHF loads a Python file that defines ``reward_func(queries, prompts, labels,
**kwargs)`` and expects ``{"rewards": Tensor, "scores": Tensor, "extra_logs":
{name: Tensor}}``. ``rewardstack export openrlhf --stack S.yaml --out
reward_func.py`` writes such a file (:func:`render_reward_file`); it calls
:class:`OpenRLHFReward`, which scores with the same rules as ``rewardstack
serve``'s ``/get_reward`` (each query minus its prompt is the response; labels
become references; a sample without a total gets ``missing_reward`` and is
counted in ``extra_logs["no_total"]``; per-source values with ``<source>/ok``; queries of
one prompt are one group for a stack that normalises within groups, ``extra_logs["no_group"]``
counting a sample alone in its group).

>>> from rewardstack import RewardStack
>>> from rewardstack.rewards.shaping import LengthSource
>>> reward = OpenRLHFReward(RewardStack({"len": LengthSource(unit="chars", target=5)}, cache=None))
>>> out = reward(["Q? hello"], ["Q? "], [None])
>>> out["rewards"].tolist(), sorted(out["extra_logs"])
([1.0], ['len', 'len/ok', 'no_total'])
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rewardstack.fusion.stack import RewardStack
from rewardstack.integrations.common import alone_in_group, group_by_prompt, open_stack, reward_logs
from rewardstack.server.protocol import GetRewardRequest

__all__ = ["OpenRLHFReward", "render_reward_file"]


class OpenRLHFReward:
    """``reward_func``'s body: score OpenRLHF's batch with ``stack``; tensors out (float32)."""

    def __init__(self, stack: RewardStack, *, missing_reward: float = 0.0):
        self.stack = stack
        self.missing_reward = missing_reward

    @classmethod
    def from_yaml(cls, stack: str | Path, *, state: str | Path | None = None,
                  missing_reward: float = 0.0) -> OpenRLHFReward:
        return cls(open_stack(stack, state=state), missing_reward=missing_reward)

    def __call__(self, queries: Sequence[str], prompts: Sequence[str] | None = None,
                 labels: Sequence[Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        import torch

        request = GetRewardRequest(query=list(queries), prompts=None if prompts is None else list(prompts),
                                   labels=None if labels is None else list(labels))
        key = self.stack.group_key
        samples = group_by_prompt(request.samples(), key)
        results = self.stack.score(samples)
        rewards = torch.tensor([self.missing_reward if r.total is None else r.total for r in results],
                               dtype=torch.float32)
        logs = reward_logs(results, list(self.stack.sources), self.missing_reward,
                           alone=alone_in_group(samples, key) if key else None)
        return {"rewards": rewards, "scores": rewards.clone(),
                "extra_logs": {name: torch.tensor(values, dtype=torch.float32) for name, values in logs.items()}}


_TEMPLATE = '''"""OpenRLHF reward function written by `{command}`.

Use it with:  --remote_rm_url {out_name}  (and --label_key naming your ground-truth column)
Stack: {stack}{state_line}
Rules (rewardstack docs/integrations.md): a sample without a total gets {missing!r} and is
counted in extra_logs["no_total"]; extra_logs holds each source's value and "<source>/ok".
"""

from rewardstack.integrations.openrlhf import OpenRLHFReward

STACK = {stack_literal}
STATE = {state_literal}
MISSING_REWARD = {missing!r}

_reward = None


def reward_func(queries, prompts, labels, **kwargs):
    """{{"rewards", "scores", "extra_logs"}} as float32 tensors, one value per query."""
    global _reward
    if _reward is None:  # built on first use: in the Ray worker that calls it, not where the file is read
        _reward = OpenRLHFReward.from_yaml(STACK, state=STATE, missing_reward=MISSING_REWARD)
    return _reward(queries, prompts, labels, **kwargs)
'''


def render_reward_file(stack: Path, *, out_name: str, state: Path | None = None, missing_reward: float = 0.0,
                       command: str = "rewardstack export openrlhf") -> str:
    """The text of the ``reward_func`` file for ``stack`` (absolute paths: the trainer runs elsewhere)."""
    if not math.isfinite(missing_reward):  # `nan` in the file would not even import
        raise ValueError(f"missing_reward must be a finite number, got {missing_reward}")
    stack_path = str(stack.resolve())
    state_path = None if state is None else str(state.resolve())
    return _TEMPLATE.format(command=command, out_name=out_name, stack=stack_path,
                            state_line="" if state_path is None else f"\nFusion state: {state_path}",
                            stack_literal=json.dumps(stack_path),
                            state_literal="None" if state_path is None else json.dumps(state_path),
                            missing=float(missing_reward))
