"""What every family generator shares: prompt groups of drafts, sample ids, the fixed bank split.

A family module exposes ``build(seed, split, prompts, candidates) -> list[PromptDrafts]``.
``split="bench"`` gives the prompts the benchmark scores; ``split="train"`` gives prompts for
the biased labeler, whose pairs train the world's reward models. Banks of written items
(chat topics, HumanEval problems, medicine pairs, safety prompts) are split once, by a hash
of each item's key and independently of the world seed, so no benchmark prompt of any seed
was seen in reward-model training.

>>> train, bench = bank_split([f"k{i}" for i in range(20)], 0.3)
>>> len(train) + len(bench), set(train).isdisjoint(bench)
(20, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import numpy as np

from rewardstack.benchmarks.worlds.latent import Draft
from rewardstack.benchmarks.worlds.seeds import stable_int
from rewardstack.core.sample import ChatMessage, Sample

__all__ = ["PromptDrafts", "Split", "bank_split", "choose_prompts", "make_sample"]

Split = Literal["bench", "train"]
T = TypeVar("T")


@dataclass(frozen=True)
class PromptDrafts:
    """One prompt's candidates before gold."""

    prompt_id: str
    family: str
    drafts: list[Draft]


def bank_split(keys: Sequence[str], train_fraction: float) -> tuple[list[str], list[str]]:
    """(train keys, bench keys): a key goes to train when its hash falls below ``train_fraction``."""
    train = [k for k in keys if stable_int("bank:" + k) % 1000 < train_fraction * 1000]
    bench = [k for k in keys if k not in set(train)]
    return train, bench


def choose_prompts(rng: np.random.Generator, items: Sequence[T], count: int) -> list[T]:
    """``count`` items in a seeded order: without repetition while the bank lasts, then cycling."""
    order = [items[int(i)] for i in rng.permutation(len(items))]
    return [order[i % len(order)] for i in range(count)]


def make_sample(
    prompt_id: str,
    index: int,
    prompt: str | tuple[ChatMessage, ...],
    response: str,
    *,
    domain: str | None,
    reference: dict[str, Any] | None = None,
) -> Sample:
    """A candidate Sample: id ``<prompt_id>/<index>``, ``metadata.group`` the prompt id (nothing latent)."""
    return Sample(
        id=f"{prompt_id}/{index:03d}",
        prompt=prompt,
        response=response,
        reference=reference,
        domain=domain,
        metadata={"group": prompt_id},
    )
