"""Bias probes over preference pairs: is the longer response chosen, is the agreeing response chosen?

Each probe is a share with a 95% Wilson interval (:mod:`rewardstack.data.intervals`),
over every kept preference line (each labeler's judgement counts once):

- ``longer_chosen``: among pairs whose responses differ in length (characters,
  chats flattened), the share where the longer one was chosen. 0.5 means no
  length preference. Long answers are sometimes better; a share well above
  0.5 still means a reward model trained on these labels will learn "longer
  is better" unless length is controlled for.
- ``belief_agreeing_chosen``: among pairs whose prompt states a belief and
  where one response affirms it and the other contradicts it
  (:mod:`rewardstack.data.belief`), the share where the affirming one was
  chosen. Sycophancy shows as a share above 0.5 when the stated beliefs are
  mostly wrong (as in "isn't it true that ... myth").

Warning rule: a probe warns when its whole interval lies above 0.5 (the data
prefers longer / agreeing responses beyond chance at 95%).

>>> from rewardstack.data.records import PreferenceRecord
>>> pairs = [PreferenceRecord(line=i, prompt="p", chosen="long answer", rejected="short") for i in range(9)]
>>> probe = length_bias(pairs)
>>> probe.share, probe.count, [round(x, 3) for x in probe.interval]
(1.0, 9, [0.701, 1.0])
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.data.belief import stance, stated_belief
from rewardstack.data.intervals import wilson_interval
from rewardstack.data.records import PreferenceRecord

__all__ = ["Bias", "Probe", "belief_bias", "probe_bias", "length_bias"]


class Probe(BaseModel):
    """A share with its 95% Wilson interval; ``count`` pairs decided, ``considered`` pairs looked at."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    share: float | None
    interval: tuple[float, float] | None
    count: int
    considered: int
    method: str = "wilson"


class Bias(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    longer_chosen: Probe
    belief_agreeing_chosen: Probe
    belief_prompts: int  # pairs whose prompt states a belief (before reading the responses' stances)
    warnings: list[str] = Field(default_factory=list)


def _probe(hits: int, count: int, considered: int) -> Probe:
    if count == 0:
        return Probe(share=None, interval=None, count=0, considered=considered)
    return Probe(share=hits / count, interval=wilson_interval(hits, count), count=count, considered=considered)


def length_bias(pairs: Sequence[PreferenceRecord]) -> Probe:
    """Share of pairs (of different lengths) in which the longer response was chosen."""
    differ = [p for p in pairs if len(p.chosen) != len(p.rejected)]
    return _probe(sum(len(p.chosen) > len(p.rejected) for p in differ), len(differ), len(pairs))


def belief_bias(pairs: Sequence[PreferenceRecord]) -> tuple[Probe, int]:
    """``(share of decided belief pairs where the affirming response was chosen, pairs with a stated belief)``."""
    believing = [p for p in pairs if stated_belief(p.prompt) is not None]
    hits = decided = 0
    for pair in believing:
        stances = {stance(pair.chosen), stance(pair.rejected)}
        if stances == {"affirms", "contradicts"}:
            decided += 1
            hits += stance(pair.chosen) == "affirms"
    return _probe(hits, decided, len(pairs)), len(believing)


def _warning(probe: Probe, what: str) -> list[str]:
    if probe.interval is None or probe.share is None or probe.interval[0] <= 0.5:
        return []
    low, high = probe.interval
    return [f"{what} in {probe.share:.0%} of {probe.count} pairs (95% CI {low:.2f}-{high:.2f}, above 0.5): "
            "a reward model trained on these labels will learn it"]


def probe_bias(pairs: Sequence[PreferenceRecord]) -> Bias:
    """Both probes with their warnings (module docstring)."""
    longer = length_bias(pairs)
    agreeing, believing = belief_bias(pairs)
    warnings = [*_warning(longer, "the longer response is chosen"),
                *_warning(agreeing, "the response agreeing with the user's stated belief is chosen")]
    return Bias(longer_chosen=longer, belief_agreeing_chosen=agreeing, belief_prompts=believing, warnings=warnings)
