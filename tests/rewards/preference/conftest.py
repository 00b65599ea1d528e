"""Reward-model checkpoints for source tests, written in the trainer's format without training.

A fresh head's weights are ~N(0, 0.02), so its scores are a few hundredths and
a 1e-4 tolerance would be loose; these heads are N(0, 1): scores of order 1-10,
where 1e-4 is a real test of batch and padding invariance.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from rewardstack import Sample
from rewardstack.rewards.preference import Normalization, RewardModel, RewardModelMeta, write_meta

MakeCheckpoint = Callable[..., Path]
WORDS = "alpha beta gamma delta apple pear river mountain quick brown fox jumps over the lazy dog".split()


def write_checkpoint(folder: Path, backbone: str, *, seed: int = 0, mean: float = 0.0, std: float = 1.0,
                     max_length: int = 256) -> Path:
    rm = RewardModel.load(backbone, device="cpu", head_seed=seed)
    head = rm.model.score if rm.causal else rm.model.classifier
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        head.weight.copy_(torch.randn(head.weight.shape, generator=generator))
    rm.model.save_pretrained(folder)
    rm.tokenizer.save_pretrained(folder)
    write_meta(folder, RewardModelMeta(backbone=backbone, architecture=rm.architecture, layout=rm.encoder.layout,
                                       max_length=max_length,
                                       normalization=Normalization(mean=mean, std=std, responses=1)))
    rm.close()
    return folder


@pytest.fixture(scope="session")
def checkpoints(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``checkpoints(backbone, seed=0, mean=0.0, std=1.0, max_length=256)``: a written checkpoint, cached."""
    made: dict[tuple[object, ...], Path] = {}

    def make(backbone: str, **options: object) -> Path:
        key = (backbone, *sorted(options.items()))
        if key not in made:
            made[key] = write_checkpoint(tmp_path_factory.mktemp("rm"), backbone, **options)  # type: ignore[arg-type]
        return made[key]

    return make


def _mixed_samples(n: int, *, seed: int = 0, longest: int = 120) -> list[Sample]:
    rng = random.Random(seed)
    return [Sample(id=str(i), prompt=" ".join(rng.choices(WORDS, k=rng.randint(1, 12))),
                   response=" ".join(rng.choices(WORDS, k=rng.randint(1, longest)))) for i in range(n)]


@pytest.fixture(scope="session")
def mixed_samples() -> Callable[..., list[Sample]]:
    """``mixed_samples(n, seed=0, longest=120)``: responses of 1 to ``longest`` words (mixed lengths)."""
    return _mixed_samples
