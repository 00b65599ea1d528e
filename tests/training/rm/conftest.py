"""Small preference files and fast configs (the seeded tiny encoder) for reward-model training tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rewardstack.training.rm import RMTrainConfig
from tests.training.rm.helpers import write_pairs


@pytest.fixture()
def make_config(tmp_path: Path) -> Callable[..., RMTrainConfig]:
    """``make_config(**overrides)``: tiny-encoder, 24 pairs, 4 pairs a step, output in tmp_path/rm."""

    def make(**overrides: Any) -> RMTrainConfig:
        data = overrides.pop("data", None) or {"train": str(write_pairs(tmp_path / "pairs.jsonl"))}
        base: dict[str, Any] = {"data": data, "model": "tiny-encoder", "output_dir": str(tmp_path / "rm"),
                                "max_length": 64, "batch_size": 4, "lr": 1e-3, "epochs": 2, "seed": 0}
        return RMTrainConfig.model_validate({**base, **overrides})

    return make
