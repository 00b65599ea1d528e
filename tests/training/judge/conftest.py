"""Small judgement files and fast configs (the seeded tiny models) for judge-training tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rewardstack.rewards.critic.data.items import PRINCIPLES, load_judgements
from rewardstack.training.judge import JudgeTrainConfig


def write_subset(path: Path, per_principle: int = 6, *, extra_lines: tuple[str, ...] = ()) -> Path:
    """Up to ``per_principle`` train and as many held-out items (whole pairs) per principle, then raw lines."""
    items = load_judgements()
    keep = []
    for principle in PRINCIPLES:
        for split in ("train", "heldout"):
            mine = [i for i in items if i.principle == principle and i.split == split and i.pair_id]
            keep += mine[:per_principle - per_principle % 2]
    path.write_text("".join(i.model_dump_json(exclude_none=True) + "\n" for i in keep)
                    + "".join(line + "\n" for line in extra_lines), encoding="utf-8")
    return path


@pytest.fixture()
def make_config(tmp_path: Path) -> Callable[..., JudgeTrainConfig]:
    """``make_config(**overrides)``: tiny-encoder, 30 train + 30 held-out items, one epoch, output in tmp_path/judge."""

    def make(**overrides: Any) -> JudgeTrainConfig:
        data = overrides.pop("data", None) or str(write_subset(tmp_path / "judgements.jsonl"))
        base: dict[str, Any] = {"data": data, "model": "tiny-encoder", "output_dir": str(tmp_path / "judge"),
                                "max_length": 128, "batch_size": 8, "epochs": 1, "seed": 0, "threads": 1}
        return JudgeTrainConfig.model_validate({**base, **overrides})

    return make
