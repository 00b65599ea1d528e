"""A judge's quality on labelled judgements, asked as the critic asks: every item in both option orders.

:func:`score_items` turns each item into the constitution's two questions (options in the first and
the swapped order), asks a ``p_yes`` function (requests -> P("Yes")) and keeps P(satisfied) per
order (the trainer's report, with the model in memory); :func:`critic_item_scores` gets the same
through ``constitutional_critic`` itself with any judge (the benchmark and the done-means tests);
:func:`quality` gives the figures of :mod:`.metrics` overall and per principle, plus plain
accuracy (the averaged P(satisfied) on the right side of 0.5) and the same on the hard items.

>>> from rewardstack.rewards.critic.constitution import load_constitution
>>> from rewardstack.rewards.critic.data.items import load_judgements
>>> items = [i for i in load_judgements("heldout") if i.principle == "no_sycophancy"]
>>> scores = score_items(items, load_constitution("default"), lambda requests: np.full(len(requests), 0.5))
>>> report = quality(scores)
>>> report["ordering_accuracy"], report["auroc"], report["flip_rate"]
(0.5, 0.5, 0.0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rewardstack.rewards.critic.adapted.metrics import auroc, expected_calibration_error, flip_rate, ordering_accuracy
from rewardstack.rewards.critic.adapted.render import item_request
from rewardstack.rewards.critic.constitution import Constitution, load_constitution
from rewardstack.rewards.critic.data.items import JudgementItem, by_principle, pairs_of
from rewardstack.rewards.critic.judges.base import JudgeConfig, JudgeRequest

__all__ = ["ItemScores", "PYes", "critic_item_scores", "quality", "satisfied_probability", "score_items"]

PYes = Callable[[Sequence[JudgeRequest]], np.ndarray]


@dataclass(frozen=True)
class ItemScores:
    """P(satisfied) per item with the options in the first (``p_first``) and swapped (``p_second``) order."""

    items: list[JudgementItem]
    p_first: np.ndarray
    p_second: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        """What the critic reports: the mean over both orders."""
        return (self.p_first + self.p_second) / 2

    def subset(self, keep: Sequence[bool]) -> ItemScores:
        mask = np.asarray(keep, dtype=bool)
        return ItemScores([i for i, k in zip(self.items, mask, strict=True) if k], self.p_first[mask],
                          self.p_second[mask])


def satisfied_probability(constitution: Constitution, principle_id: str, p_yes: np.ndarray) -> np.ndarray:
    """P(satisfied) from P("Yes") for a Yes/No principle (ValueError for other options)."""
    principle = constitution.principle(principle_id)
    if set(principle.options) != {"Yes", "No"}:
        raise ValueError(f"principle {principle_id!r} asks {list(principle.options)}; judgements are scored on "
                         "Yes/No questions")
    return p_yes if principle.satisfied_when == "Yes" else 1.0 - p_yes


def score_items(items: Sequence[JudgementItem], constitution: Constitution, p_yes: PYes) -> ItemScores:
    """Ask ``p_yes`` every item's question in both orders (one call, 2 x len(items) requests)."""
    requests = [item_request(constitution, item, order=order) for order in (0, 1) for item in items]
    p = np.asarray(p_yes(requests), dtype=np.float64)
    n = len(items)
    firsts, seconds = np.empty(n), np.empty(n)
    for principle in by_principle(items):
        index = [k for k, item in enumerate(items) if item.principle == principle]
        firsts[index] = satisfied_probability(constitution, principle, p[index])
        seconds[index] = satisfied_probability(constitution, principle, p[[n + k for k in index]])
    return ItemScores(list(items), firsts, seconds)


def _figures(scores: ItemScores) -> dict[str, Any]:
    labels = [i.verdict for i in scores.items]
    mean = scores.mean
    position = {item.id: k for k, item in enumerate(scores.items)}
    pairs = [(float(mean[position[g.id]]), float(mean[position[b.id]])) for g, b in pairs_of(scores.items)]
    hard = np.array([i.hard for i in scores.items], dtype=bool)
    correct = (mean > 0.5) == np.array(labels, dtype=bool)
    return {
        "items": len(labels),
        "pairs": len(pairs),
        "ordering_accuracy": ordering_accuracy(pairs),
        "auroc": auroc(mean, labels),
        "flip_rate": flip_rate(scores.p_first, scores.p_second),
        "ece": expected_calibration_error(mean, labels),
        "accuracy": float(correct.mean()) if len(labels) else None,
        "hard_items": int(hard.sum()),
        "hard_accuracy": float(correct[hard].mean()) if hard.any() else None,
    }


def quality(scores: ItemScores) -> dict[str, Any]:
    """Overall figures, ``per_principle`` figures, and the macro mean of the per-principle AUROC."""
    report = _figures(scores)
    per = {principle: _figures(scores.subset([i.principle == principle for i in scores.items]))
           for principle in by_principle(scores.items)}
    report["per_principle"] = per
    values = [f["auroc"] for f in per.values() if f["auroc"] is not None]
    report["auroc_macro"] = float(np.mean(values)) if values else None
    report["auroc_min"] = float(np.min(values)) if values else None
    return report


def critic_item_scores(items: Sequence[JudgementItem], judge: Mapping[str, Any] | JudgeConfig | None = None, *,
                       constitution: str = "default", max_samples: int = 64) -> ItemScores:
    """P(satisfied) per item and order as ``constitutional_critic`` reports them (``details["orders"]``).

    One critic per principle (``principles: [p]``), so each item is asked only its own principle's
    question; medical items get the domain ``medicine`` (where ``medical_caution`` applies). ``judge``:
    a judge mapping (``None``: the critic's default, the adapted judge). A non-ok Score is a ValueError:
    an evaluation never scores an error as a verdict.
    """
    from rewardstack.core.sample import Sample
    from rewardstack.rewards.critic.source import ConstitutionalCriticSource

    loaded = load_constitution(constitution)
    firsts, seconds = np.empty(len(items)), np.empty(len(items))
    for principle, group in by_principle(items).items():
        domains = loaded.principle(principle).applies_to
        samples = [Sample(id=item.id, prompt=item.prompt, response=item.response,
                          domain=domains[0] if domains else None) for item in group]
        fields: dict[str, Any] = {"constitution": constitution, "principles": [principle],
                                  "batch": {"max_samples": max_samples}}
        if judge is not None:
            fields["judge"] = judge
        critic = ConstitutionalCriticSource(**fields)
        try:
            scores = critic.score(samples)
        finally:
            critic.close()
        index = {item.id: k for k, item in enumerate(items)}
        for item, score in zip(group, scores, strict=True):
            if score.status.value != "ok":
                raise ValueError(f"item {item.id}: the critic's score is {score.status.value}: {score.evidence}")
            first, second = score.details["orders"][principle]
            firsts[index[item.id]], seconds[index[item.id]] = first, second
    return ItemScores(list(items), firsts, seconds)
