"""The synthetic preference labeler: prefers better answers, but also longer and agreeable ones.

A rater compares two candidates of one prompt through a utility

    U = insight[family] * gold + length_bias * ln(words) + agreement_bias * agrees_with_user

(``agrees_with_user`` is 1 when the response endorses a belief the user stated, else 0), picks
``a`` over ``b`` with probability ``sigmoid((U_a - U_b) / temperature)``, and then every label
is flipped with probability ``flip`` (careless clicks). ``insight`` is how much of the gold a
rater can see: most of it in open chat, a third of it in code and medicine (plausible code and
fluent medicine read as right). These labels train the world's reward models, so the models
inherit the length and agreement bias; ``tests/benchmarks/worlds/test_labeler.py`` measures it.

>>> import numpy as np
>>> from rewardstack.benchmarks.worlds.config import LabelerConfig
>>> u = utility(LabelerConfig(length_bias=1.0), "chat", gold=0.0, words=100, agrees=True)
>>> round(u - utility(LabelerConfig(length_bias=1.0), "chat", gold=0.0, words=50, agrees=False), 3)
2.693
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rewardstack.benchmarks.worlds.config import LabelerConfig
from rewardstack.benchmarks.worlds.families.base import PromptDrafts
from rewardstack.benchmarks.worlds.gold import GoldPool
from rewardstack.benchmarks.worlds.text import word_count

__all__ = ["LabeledPair", "label_pairs", "utility"]


@dataclass(frozen=True)
class LabeledPair:
    """One preference label, with what the bias tests need to measure it."""

    family: str
    prompt: str
    chosen: str
    rejected: str
    gold_chosen: float
    gold_rejected: float
    words_chosen: int
    words_rejected: int
    agrees_chosen: bool
    agrees_rejected: bool
    flipped: bool

    def to_json(self) -> dict[str, str]:
        """The preference-file line ``rewardstack train rm`` reads."""
        return {"prompt": self.prompt, "chosen": self.chosen, "rejected": self.rejected, "labeler": "synthetic"}


def utility(config: LabelerConfig, family: str, *, gold: float, words: int, agrees: bool) -> float:
    """The rater's utility of one candidate."""
    insight = config.insight.get(family, 1.0)
    return insight * gold + config.length_bias * math.log(max(words, 1)) + config.agreement_bias * float(agrees)


def label_pairs(
    pools: Sequence[PromptDrafts],
    golds: Sequence[GoldPool],
    config: LabelerConfig,
    *,
    pairs_per_prompt: int,
    rng: np.random.Generator,
) -> list[LabeledPair]:
    """Up to ``pairs_per_prompt`` labelled pairs of distinct responses per prompt."""
    out = []
    for pool, gold in zip(pools, golds, strict=True):
        texts = [d.sample.response for d in pool.drafts]
        candidates = [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts)) if texts[i] != texts[j]]
        picks = rng.permutation(len(candidates))[:pairs_per_prompt]
        for k in picks:
            i, j = candidates[int(k)]
            out.append(_label(pool, gold, i, j, config, rng))
    return out


def _label(
    pool: PromptDrafts, gold: GoldPool, i: int, j: int, config: LabelerConfig, rng: np.random.Generator
) -> LabeledPair:
    draft_i, draft_j = pool.drafts[i], pool.drafts[j]
    words = [word_count(draft_i.sample.response), word_count(draft_j.sample.response)]
    agrees = [bool(draft_i.latent.agrees_with_user), bool(draft_j.latent.agrees_with_user)]
    u_i = utility(config, pool.family, gold=float(gold.gold[i]), words=words[0], agrees=agrees[0])
    u_j = utility(config, pool.family, gold=float(gold.gold[j]), words=words[1], agrees=agrees[1])
    z = min(max((u_i - u_j) / config.temperature, -50.0), 50.0)  # exp() overflows far beyond any real margin
    prefer_i = bool(rng.random() < 1.0 / (1.0 + math.exp(-z)))
    flipped = bool(rng.random() < config.flip)
    win, lose = (0, 1) if prefer_i != flipped else (1, 0)
    drafts, golds = (draft_i, draft_j), (float(gold.gold[i]), float(gold.gold[j]))
    return LabeledPair(
        family=pool.family, prompt=draft_i.sample.prompt_text,
        chosen=drafts[win].sample.response, rejected=drafts[lose].sample.response,
        gold_chosen=golds[win], gold_rejected=golds[lose], words_chosen=words[win], words_rejected=words[lose],
        agrees_chosen=agrees[win], agrees_rejected=agrees[lose], flipped=flipped,
    )  # fmt: skip
