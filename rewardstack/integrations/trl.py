"""TRL: a stack as ``GRPOTrainer(reward_funcs=...)``.

``as_trl_reward_funcs(stack)`` returns ``[reward_fn]``, one reward function
whose value is the stack's fused total (fusion stays rewardstack's job: TRL
sees one reward, ``rewards/<name>/mean`` in its logs). It follows TRL's
contract: called with ``prompts``, ``completions``, ``completion_ids`` and
every dataset column as keyword arguments, it returns ``list[float | None]``,
**None where the stack has no total** (TRL leaves such a reward out instead of
counting it as 0).

- A completion may be text or conversational (``[{"role": "assistant", "content": ...}]``:
  the last message's content is the response); a conversational prompt keeps its turns.
- The reference comes from the first of ``reference_columns`` the dataset has
  (``reference``, ``answer``, ``solution``, ``ground_truth``): an object as it is, a string
  ``s`` as ``{"answer": s}``. When the dataset has none of them and a source abstains on
  every completion of a call (a verifier with nothing to check against), the first such call
  warns (``RuntimeWarning``, naming the columns looked for and those TRL passed): the totals
  then come from the other sources alone, which is rarely what a GRPO run meant.
- Completions of one prompt share a GRPO group id (``metadata[<the stack's group_key>]``,
  a hash of the prompt: :func:`rewardstack.integrations.common.prompt_group`, the rule of
  every adapter) so ``group_normalize`` trees see TRL's groups.
- Per-source logging: when TRL passes ``log_metric`` (name, value), each source's mean
  over its ok samples, its ok fraction and the fraction without a total are logged
  (``rewardstack/<source>/mean``, ``rewardstack/<source>/ok``, ``rewardstack/no_total``);
  when it passes ``log_extra`` (column, values), each source's per-sample values go into
  TRL's completions table (None where not ok). Older TRL versions pass neither: nothing
  is logged, nothing breaks.

>>> from rewardstack import RewardStack
>>> from rewardstack.rewards.shaping import LengthSource
>>> [reward] = as_trl_reward_funcs(RewardStack({"len": LengthSource(unit="chars", target=5)}, cache=None))
>>> reward(prompts=["Say hi."], completions=["hello"]), reward.__name__
([1.0], 'rewardstack')
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.fusion.stack import RewardStack
from rewardstack.integrations.common import label_to_reference, prompt_group

__all__ = ["REFERENCE_COLUMNS", "as_trl_reward_funcs"]

REFERENCE_COLUMNS = ("reference", "answer", "solution", "ground_truth")

RewardFunc = Callable[..., list[float | None]]


def _text(completion: Any) -> str:
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion and isinstance(completion[-1], dict):
        return str(completion[-1].get("content", ""))
    return str(completion)


def _prompt_text(prompt: Any) -> str:
    if isinstance(prompt, str):
        return prompt
    return "\n".join(f"{m.get('role')}: {m.get('content')}" for m in prompt if isinstance(m, dict))


def _sample(i: int, prompt: Any, completion: Any, reference: Any, key: str | None) -> Sample:
    text = _prompt_text(prompt)
    metadata = {key: prompt_group(text)} if key else {}
    fields: dict[str, Any] = {"id": str(i), "response": _text(completion), "reference": label_to_reference(reference),
                              "metadata": metadata}
    try:
        return Sample(prompt=prompt, **fields)
    except ValidationError:  # turns rewardstack's ChatMessage does not model (tool calls, images): as text
        return Sample(prompt=text, **fields)


def as_trl_reward_funcs(stack: RewardStack, *, name: str = "rewardstack",
                        reference_columns: Sequence[str] = REFERENCE_COLUMNS,
                        group_by_prompt: bool = True) -> list[RewardFunc]:
    """``[reward_fn]`` for ``GRPOTrainer(reward_funcs=...)``: the stack's total, None without one."""
    warned: list[str] = []

    def reward_fn(prompts: Sequence[Any], completions: Sequence[Any], completion_ids: Any = None,
                  **kwargs: Any) -> list[float | None]:
        column = next((c for c in reference_columns if kwargs.get(c) is not None), None)
        references = list(kwargs[column]) if column else [None] * len(completions)
        if not len(prompts) == len(completions) == len(references):  # TRL passes one of each per completion
            given = f", {len(references)} from the column {column!r}" if column else ""
            raise ValueError(f"{name}: {len(prompts)} prompts and {len(completions)} completions{given}: "
                             "a reward function takes one prompt (and reference) per completion")
        key = (stack.group_key or "group") if group_by_prompt else None
        samples = [_sample(i, p, c, r, key)
                   for i, (p, c, r) in enumerate(zip(prompts, completions, references, strict=True))]
        results = stack.score(samples)
        if column is None and not warned:
            warned.extend(_warn_without_references(results, list(stack.sources), reference_columns, kwargs))
        _log(results, list(stack.sources), kwargs.get("log_metric"), kwargs.get("log_extra"))
        return [r.total for r in results]

    reward_fn.__name__ = name
    reward_fn.__qualname__ = name
    return [reward_fn]


def _warn_without_references(results: Sequence[Any], sources: Sequence[str], reference_columns: Sequence[str],
                              columns: dict[str, Any]) -> list[str]:
    """Warn once about the sources that abstained on every sample of a call without references."""
    silent = [source for source in sources if results and all(
        (score := r.scores.get(source)) is not None and score.status is Status.ABSTAIN for r in results)]
    if silent:
        passed = sorted(k for k in columns if k not in ("log_metric", "log_extra", "trainer_state"))
        warnings.warn(
            f"rewardstack TRL reward: no reference column (looked for {', '.join(reference_columns)}; the dataset "
            f"passed {', '.join(passed) or 'no columns'}), and {', '.join(map(repr, silent))} abstained on all "
            f"{len(results)} completions, so the totals come from the other sources alone; add a reference "
            "column or pass reference_columns=[...] to as_trl_reward_funcs", RuntimeWarning, stacklevel=3)
    return silent


def _log(results: Sequence[Any], sources: Sequence[str], log_metric: Any, log_extra: Any) -> None:
    if not results:
        return
    for source in sources:
        values = [s.value if s is not None and s.status is Status.OK else None
                  for s in (r.scores.get(source) for r in results)]
        ok = [v for v in values if v is not None and math.isfinite(v)]
        if callable(log_metric):
            log_metric(f"rewardstack/{source}/ok", len(ok) / len(values))
            if ok:
                log_metric(f"rewardstack/{source}/mean", sum(ok) / len(ok))
        if callable(log_extra):
            log_extra(f"rewardstack/{source}", values)
    if callable(log_metric):
        log_metric("rewardstack/no_total", sum(r.total is None for r in results) / len(results))
