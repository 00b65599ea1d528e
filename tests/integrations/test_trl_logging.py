"""Per-source logging reaches TRL's real GRPOTrainer: log_metric into its metrics, log_extra into its table."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("trl")
from datasets import Dataset  # noqa: E402
from trl import GRPOConfig, GRPOTrainer  # noqa: E402

from rewardstack.integrations.common import open_stack  # noqa: E402
from rewardstack.models import load_causal_lm  # noqa: E402
from tests.integrations.helpers import write_stack  # noqa: E402

pytestmark = pytest.mark.slow  # TRL's trainer set-up takes seconds even for the 3M-parameter tiny LM


def test_source_metrics_and_columns_reach_the_trainer(tmp_path: Path) -> None:
    model, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    stack = open_stack(write_stack(tmp_path))
    dataset = Dataset.from_list([{"prompt": f"What is {a} + 1?", "answer": str(a + 1)} for a in range(4)])
    args = GRPOConfig(output_dir=str(tmp_path / "grpo"), per_device_train_batch_size=4, num_generations=4,
                      max_completion_length=4, max_steps=1, use_cpu=True, report_to="none", logging_steps=1,
                      save_strategy="no", bf16=False, seed=0, log_completions=True)
    trainer = GRPOTrainer(model=model, reward_funcs=stack.as_trl_reward_funcs(), args=args, train_dataset=dataset,
                          processing_class=tokenizer)
    try:
        trainer.train()
    finally:
        stack.close()
    logged = {key for entry in trainer.state.log_history for key in entry}
    assert {"rewardstack/answer/ok", "rewardstack/brevity/ok", "rewardstack/no_total"} <= logged
    assert "rewards/rewardstack/mean" in logged  # TRL's own log of the fused total
    extra = getattr(trainer, "_logs", {}).get("extra", {})  # TRL 1.x keeps log_extra columns here
    columns = [extra[f"rewardstack/{name}"] for name in ("answer", "brevity")]
    assert len(columns[0]) == len(columns[1]) > 0  # one value per completion, every source every call
