"""Tiny PPO runs: the seeded tiny-lm, four arithmetic prompts, 2 prompts x 4 new tokens a step."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rewardstack.training.ppo import PPOConfig

PROMPTS = [("a", "What is 2 + 3?", "5"), ("b", "What is 4 + 4?", "8"), ("c", "What is 1 + 6?", "7"),
           ("d", "What is 9 - 2?", "7")]
STACK: dict[str, Any] = {
    "sources": {"answer": {"kind": "math_answer"}, "brevity": {"kind": "length", "unit": "chars", "target": 16}},
    "policies": {"answer": {"on_error": "penalty", "value": 0.0}},
    "fusion": {"kind": "weighted_sum", "weights": {"answer": 1.0, "brevity": 0.5}},
    "cache": False,
}


def write_prompts(path: Path) -> Path:
    path.write_text("".join(json.dumps({"id": i, "prompt": p, "reference": {"answer": a}}) + "\n"
                            for i, p, a in PROMPTS))
    return path


def tiny_fields(tmp_path: Path) -> dict[str, Any]:
    return {"model": "tiny-lm", "stack": STACK, "prompts": str(write_prompts(tmp_path / "prompts.jsonl")),
            "output_dir": str(tmp_path / "run"), "steps": 2, "prompts_per_step": 2, "seed": 0,
            "rollout": {"max_new_tokens": 4}, "update": {"epochs": 1, "minibatch_size": 2},
            "optim": {"lr": 1e-3}, "device": "cpu", "log_samples_every": 1, "save_every": 1}


@pytest.fixture()
def make_config(tmp_path: Path) -> Callable[..., PPOConfig]:
    """``make_config(**overrides)``: a 2-step tiny run in tmp_path/run (top-level keys replaced)."""

    def make(**overrides: Any) -> PPOConfig:
        return PPOConfig.model_validate({**tiny_fields(tmp_path), **overrides})

    return make
