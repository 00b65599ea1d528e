"""Validation metrics of a reward model on preference pairs (pure functions over reward arrays).

- pairwise accuracy: share of pairs with ``r_c > r_r``; a tie counts one half
  (a model that cannot tell two responses apart is at chance, not wrong);
- loss: the Bradley–Terry loss without margin or centring (comparable across configs);
- reward mean and std over every response (chosen and rejected);
- accuracy per labeler, when pairs name one.

>>> import numpy as np
>>> m = pair_metrics(np.array([2.0, 1.0, 0.0]), np.array([1.0, 1.0, 3.0]), ["ann", "bob", "ann"])
>>> m["accuracy"], m["accuracy_by_labeler"]
(0.5, {'ann': {'accuracy': 0.5, 'pairs': 2}, 'bob': {'accuracy': 0.5, 'pairs': 1}})
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["pairwise_accuracy", "pair_metrics"]


def pairwise_accuracy(chosen: np.ndarray, rejected: np.ndarray) -> float:
    """Share of pairs won by ``chosen``; ties count 1/2."""
    if len(chosen) == 0:
        return float("nan")
    wins = (chosen > rejected).astype(float) + 0.5 * (chosen == rejected)
    return float(wins.mean())


def pair_metrics(chosen: np.ndarray, rejected: np.ndarray, labelers: Sequence[str | None]) -> dict[str, Any]:
    """Accuracy, loss, reward mean/std and per-labeler accuracy of one set of pairs (None when it is empty)."""
    if len(chosen) == 0:
        return {"pairs": 0, "accuracy": None, "loss": None, "reward_mean": None, "reward_std": None,
                "accuracy_by_labeler": {}}
    both = np.concatenate([chosen, rejected])
    loss = float(np.logaddexp(0.0, -(chosen - rejected)).mean())
    by_labeler: dict[str, dict[str, float | int]] = {}
    for name in sorted({lab for lab in labelers if lab is not None}):
        mask = np.array([lab == name for lab in labelers])
        by_labeler[name] = {"accuracy": pairwise_accuracy(chosen[mask], rejected[mask]), "pairs": int(mask.sum())}
    return {
        "pairs": len(chosen),
        "accuracy": pairwise_accuracy(chosen, rejected),
        "loss": loss,
        "reward_mean": float(both.mean()),
        "reward_std": float(both.std()),
        "accuracy_by_labeler": by_labeler,
    }
