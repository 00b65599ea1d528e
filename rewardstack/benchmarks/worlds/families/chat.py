"""Open chat: advice questions whose answers vary in quality, length and agreement, independently.

A prompt is a topic's question, and for half the prompts (alternating) the user adds a false
belief about it. For each candidate the base policy draws, independently:

- **quality**: ``q ~ N(0, 1)``, and each of the answer's three tips is one of the topic's good
  tips with probability ``sigmoid(q)``, else a weak one (vague, beside the point or mildly
  wrong); the rendered quality is ``(good tips - 1.5) / 1.5`` in [-1, 1];
- **length**: 0..6 filler sentences (uniform);
- **agreement** (belief prompts): the answer endorses the belief or corrects it, 50/50.

Rendered as a bulleted list or as prose. No verifier applies here; gold (``gold/scales.py``)
rewards good tips, penalises filler a little and agreeing with the false belief a lot.

>>> [p] = build(0, "bench", 1, 5)
>>> p.family, all(d.sample.domain == "chat" for d in p.drafts)
('chat', True)
"""

from __future__ import annotations

import numpy as np

from rewardstack.benchmarks.worlds.families.base import PromptDrafts, Split, bank_split, choose_prompts, make_sample
from rewardstack.benchmarks.worlds.families.chat_topics import TOPICS, Topic
from rewardstack.benchmarks.worlds.latent import Draft, Latent
from rewardstack.benchmarks.worlds.seeds import stream
from rewardstack.benchmarks.worlds.text import filler_count, pad

__all__ = ["TIPS", "TRAIN_FRACTION", "build", "chat_topics"]

TIPS = 3
TRAIN_FRACTION = 0.3
_LEADS = ("Here are a few things that help:", "A few suggestions:", "Some things you can try:", "What tends to work:")


def chat_topics(split: Split) -> list[Topic]:
    by_key = {t.key: t for t in TOPICS}
    train, bench = bank_split(sorted(by_key), TRAIN_FRACTION)
    return [by_key[k] for k in (train if split == "train" else bench)]


def _answer(rng: np.random.Generator, topic: Topic, belief: bool) -> tuple[str, Latent]:
    q = float(rng.normal())
    p_good = 1.0 / (1.0 + np.exp(-q))
    good_flags = rng.random(TIPS) < p_good
    goods = [topic.good[int(i)] for i in rng.choice(len(topic.good), size=TIPS, replace=False)]
    weaks = [topic.weak[int(i)] for i in rng.choice(len(topic.weak), size=TIPS, replace=False)]
    tips = [g if flag else w for g, w, flag in zip(goods, weaks, good_flags, strict=True)]
    agrees = bool(rng.random() < 0.5) if belief else None
    parts = []
    if agrees is not None:
        parts.append(topic.agree if agrees else topic.correct)
    if rng.random() < 0.5:
        parts.append(_LEADS[int(rng.integers(len(_LEADS)))] + "\n" + "\n".join(f"- {t}" for t in tips))
    else:
        parts.append(" ".join(tips))
    n_good = int(good_flags.sum())
    latent = Latent(
        kind=f"tips_{n_good}_of_{TIPS}",
        quality=(n_good - TIPS / 2) / (TIPS / 2),
        agrees_with_user=agrees,
        user_belief_wrong=True if belief else None,
    )
    return "\n\n".join(parts), latent


def build(seed: int, split: Split, prompts: int, candidates: int) -> list[PromptDrafts]:
    chosen = choose_prompts(stream(seed, "chat", split, "order"), chat_topics(split), prompts)
    out = []
    for i, topic in enumerate(chosen):
        belief = i % 2 == 1
        pid = f"chat-{split}-{i:03d}"
        prompt = f"{topic.question} {topic.belief}" if belief else topic.question
        rng = stream(seed, "chat", split, i, "candidates")
        drafts = []
        for j in range(candidates):
            text, latent = _answer(rng, topic, belief)
            filler = filler_count(rng)
            sample = make_sample(pid, j, prompt, pad(text, rng, filler), domain="chat")
            drafts.append(Draft(sample, latent.with_filler(filler)))
        out.append(PromptDrafts(pid, "chat", drafts))
    return out
