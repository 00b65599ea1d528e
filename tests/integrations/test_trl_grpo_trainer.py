"""TRL's real GRPOTrainer runs two steps on the tiny LM with a rewardstack stack as its reward."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasets import Dataset
from trl import GRPOConfig, GRPOTrainer

from rewardstack import RewardStack
from rewardstack.fusion.stack_config import StackConfig
from rewardstack.models import load_causal_lm

pytestmark = pytest.mark.slow  # TRL's trainer set-up is seconds even for a 3M-parameter model


def test_grpo_trainer_trains_two_steps_on_the_fused_reward(tmp_path: Path) -> None:
    model, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    stack = RewardStack.from_config(StackConfig.model_validate({
        "sources": {"answer": {"kind": "math_answer"}, "short": {"kind": "length", "unit": "chars", "target": 8}},
        "fusion": {"kind": "weighted_sum", "weights": {"answer": 1.0, "short": 0.1}},
    }), cache=None)
    reward_funcs = stack.as_trl_reward_funcs()
    calls: list[int] = []
    inner = reward_funcs[0]

    def counted(**kwargs):  # the stack's function, counting what TRL hands it
        values = inner(**kwargs)
        calls.append(len(values))
        return values

    counted.__name__ = inner.__name__
    dataset = Dataset.from_list([{"prompt": f"What is {a} + 1?", "answer": str(a + 1)} for a in range(8)])
    args = GRPOConfig(output_dir=str(tmp_path / "grpo"), per_device_train_batch_size=4, num_generations=4,
                      max_completion_length=8, max_steps=2, use_cpu=True, report_to="none", logging_steps=1,
                      save_strategy="no", bf16=False, seed=0, reward_weights=[1.0] * len(reward_funcs))
    trainer = GRPOTrainer(model=model, reward_funcs=[counted], args=args, train_dataset=dataset,
                          processing_class=tokenizer)
    trainer.train()
    assert trainer.state.global_step == 2
    assert sum(calls) >= 8 and all(n == 4 for n in calls)  # groups of 4 completions per prompt
    logged = [entry for entry in trainer.state.log_history if "reward" in entry]
    assert logged and all(entry["reward"] == entry["reward"] for entry in logged)  # finite, not NaN
    assert any(key.startswith("rewards/rewardstack") for key in logged[0])
    stack.close()
