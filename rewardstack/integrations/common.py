"""What every trainer adapter shares: labels to references, per-source logs, opening a stack.

The same rules as the reward server's ``/get_reward`` (docs/integrations.md):

- a label (verl's ``ground_truth``, OpenRLHF's ``labels[i]``, a TRL column) that is an
  object is the sample's ``reference`` as it is; a string ``s`` becomes ``{"answer": s}``;
  any other value ``{"answer": <its JSON text>}``; ``None`` no reference;
- a sample without a total is reported with a documented ``missing`` value and counted:
  ``no_total`` is 1.0 for it; each source's value is reported with ``<source>/ok``
  (1.0 where the source was ok; ``missing`` stands in for its value elsewhere).

>>> label_to_reference("42"), label_to_reference(7), label_to_reference({"tests": []}), label_to_reference(None)
({'answer': '42'}, {'answer': '7'}, {'tests': []}, None)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rewardstack.core.result import StackResult
from rewardstack.core.score import Status
from rewardstack.fusion.stack import RewardStack

__all__ = ["label_to_reference", "open_stack", "reward_logs"]


def label_to_reference(label: Any) -> dict[str, Any] | None:
    """A trainer's ground-truth label as a Sample ``reference`` (rules in the module docstring)."""
    if label is None:
        return None
    if isinstance(label, dict):
        return label
    return {"answer": label if isinstance(label, str) else json.dumps(label)}


def reward_logs(results: Sequence[StackResult], sources: Sequence[str], missing: float) -> dict[str, list[float]]:
    """``no_total``, then ``<source>`` and ``<source>/ok`` per source: one float per result, never NaN."""
    logs: dict[str, list[float]] = {"no_total": [float(r.total is None) for r in results]}
    for name in sources:
        values: list[float] = []
        oks: list[float] = []
        for result in results:
            score = result.scores.get(name)
            ok = score is not None and score.status is Status.OK and score.value is not None
            values.append(score.value if ok and score is not None and score.value is not None else missing)
            oks.append(float(ok))
        logs[name] = values
        logs[f"{name}/ok"] = oks
    return logs


def open_stack(stack: str | Path, *, state: str | Path | None = None) -> RewardStack:
    """The stack of a YAML file, its fusion state loaded from ``state``, in evaluation mode.

    Adapters score rewards; fusion state moves only in rewardstack's own trainers (or a
    caller's ``stack.train()`` on a stack it passes to ``make_*`` itself).
    """
    opened = RewardStack.from_yaml(stack)
    if state is not None:
        opened.load_state_file(state)
    return opened.eval()
