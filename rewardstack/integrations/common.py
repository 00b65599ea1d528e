"""What every trainer adapter shares: labels to references, per-source logs, opening a stack.

The same rules as the reward server's ``/get_reward`` (docs/integrations.md):

- a label (verl's ``ground_truth``, OpenRLHF's ``labels[i]``, a TRL column) that is an
  object is the sample's ``reference`` as it is; a string ``s`` becomes ``{"answer": s}``;
  any other value ``{"answer": <its JSON text>}``; ``None`` no reference;
- a sample without a total is reported with a documented ``missing`` value and counted:
  ``no_total`` is 1.0 for it; each source's value is reported with ``<source>/ok``
  (1.0 where the source was ok; ``missing`` stands in for its value elsewhere);
- samples of one prompt share a group: ``metadata[<the stack's group_key>]`` is a hash of the
  prompt text (:func:`group_by_prompt`), so ``group_normalize`` trees see the trainer's GRPO
  groups; a sample that still ended up alone in its group is counted in ``no_group``
  (1.0 for it; the column is there only for stacks that normalise within groups).

>>> label_to_reference("42"), label_to_reference(7), label_to_reference({"tests": []}), label_to_reference(None)
({'answer': '42'}, {'answer': '7'}, {'tests': []}, None)
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.fusion.stack import RewardStack

__all__ = ["NO_GROUP", "alone_in_group", "group_by_prompt", "label_to_reference", "open_stack", "prompt_group",
           "reward_logs"]

NO_GROUP = "no_group"  # the flag group operators set on a sample alone in its group


def label_to_reference(label: Any) -> dict[str, Any] | None:
    """A trainer's ground-truth label as a Sample ``reference`` (rules in the module docstring)."""
    if label is None:
        return None
    if isinstance(label, dict):
        return label
    return {"answer": label if isinstance(label, str) else json.dumps(label)}


def prompt_group(prompt: Any) -> str:
    """The group id of a prompt: a short hash of its text (a chat prompt: its turns' text).

    >>> prompt_group("2+2?") == prompt_group("2+2?") != prompt_group("3+3?")
    True
    """
    if isinstance(prompt, str):
        text = prompt
    elif isinstance(prompt, list):
        text = "\n".join(f"{m.get('role')}: {m.get('content')}" if isinstance(m, dict)
                         else f"{getattr(m, 'role', '')}: {getattr(m, 'content', m)}" for m in prompt)
    else:
        text = str(prompt)
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16]


def group_by_prompt(samples: Sequence[Sample], key: str | None) -> list[Sample]:
    """``samples`` with ``metadata[key]`` set to :func:`prompt_group` where the caller did not set it.

    ``key`` is the stack's ``group_key`` (None: the stack has no groups; samples unchanged). A
    sample with an empty prompt (OpenRLHF without ``prompts``, verl without ``extra_info["prompt"]``)
    gets no group: one shared "empty" group would normalise unrelated prompts together; alone, it
    is reported ``no_group``.

    >>> a, b = group_by_prompt([Sample(id="1", prompt="p", response="x"),
    ...                         Sample(id="2", prompt="p", response="y")], "group")
    >>> a.metadata["group"] == b.metadata["group"]
    True
    """
    if key is None:
        return list(samples)
    return [s if s.metadata.get(key) is not None or not s.prompt
            else s.model_copy(update={"metadata": {**s.metadata, key: prompt_group(s.prompt)}})
            for s in samples]


def alone_in_group(samples: Sequence[Sample], key: str | None) -> list[bool]:
    """Per sample: True where it has no ``metadata[key]`` or no other sample of the batch shares it.

    A group of one has advantage 0 whatever its reward: the reward says nothing about it.

    >>> alone_in_group(group_by_prompt([Sample(id="1", prompt="p", response="x"),
    ...                                 Sample(id="2", prompt="p", response="y"),
    ...                                 Sample(id="3", prompt="q", response="z")], "group"), "group")
    [False, False, True]
    """
    if key is None:
        return [False] * len(samples)
    labels = [None if s.metadata.get(key) is None else repr(s.metadata[key]) for s in samples]
    counts = Counter(label for label in labels if label is not None)
    return [label is None or counts[label] < 2 for label in labels]


def reward_logs(results: Sequence[StackResult], sources: Sequence[str], missing: float,
                *, alone: Sequence[bool] | None = None) -> dict[str, list[float]]:
    """``no_total``, ``no_group`` when ``alone`` is given (the stack normalises within groups: 1.0 for
    a sample alone in its group or flagged ``no_group``), then ``<source>`` and ``<source>/ok`` per
    source: one float per result, never NaN."""
    logs: dict[str, list[float]] = {"no_total": [float(r.total is None) for r in results]}
    if alone is not None:
        logs[NO_GROUP] = [float(a or NO_GROUP in r.flags) for r, a in zip(results, alone, strict=True)]
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
