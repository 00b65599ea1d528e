"""A small synthetic world, built once per session with the real sources (tiny RM, few candidates)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.benchmarks.pool import WorldPool
from rewardstack.benchmarks.worlds.config import FamilyPrompts, RMConfig, SyntheticConfig
from rewardstack.benchmarks.worlds.synthetic import build_synthetic

# every family, a few prompts each; the reward models are the seeded tiny encoder (seconds to train, meaning
# nothing): the code path is the quick world's, only smaller
SMALL = SyntheticConfig(
    size="quick",
    candidates=6,
    prompts=FamilyPrompts(chat=2, math=2, coding=2, medicine=2, sycophancy=3, safety=2),
    rm=RMConfig(model="tiny-encoder", prompts_per_family=2, candidates_per_prompt=4, pairs_per_prompt=3,
                max_length=64, members=2),
)  # fmt: skip


@pytest.fixture(scope="session")
def small_config() -> SyntheticConfig:
    return SMALL


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("world")


@pytest.fixture(scope="session")
def small_world(world_dir: Path) -> WorldPool:
    return build_synthetic(0, "quick", world_dir, config=SMALL)
