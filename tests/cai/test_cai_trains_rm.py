"""What ``cai revise`` and ``cai label`` write trains a reward model with ``rewardstack.training.rm.train``."""

from __future__ import annotations

from pathlib import Path

from rewardstack.cai import run_label, run_revise
from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.judges.hf_local import HfLocalJudge
from rewardstack.training.rm import NullProgress, RMTrainConfig, train
from tests.cai.conftest import LABEL, PROMPTS, REVISE


def test_label_output_trains_an_rm_with_margins(tmp_path: Path, prompts_file: Path, tiny_lm: ChatLM,
                                                tiny_judge: HfLocalJudge) -> None:
    pairs, prefs = tmp_path / "pairs.jsonl", tmp_path / "prefs.jsonl"
    run_revise(prompts_file, pairs, REVISE, lm=tiny_lm)
    run_label(pairs, prefs, LABEL.model_copy(update={"band": (0.0, 1.0)}), judge=tiny_judge)
    config = RMTrainConfig.model_validate({
        "data": {"train": str(prefs), "validation_fraction": 0.2}, "model": "tiny-encoder",
        "output_dir": str(tmp_path / "rm"), "max_length": 96, "batch_size": 2, "epochs": 2, "margin": True,
        "threads": 1})
    result = train(config, progress=NullProgress())
    data = result.report["data"]
    assert (data["train_file"]["pairs_read"], data["train_file"]["bad_lines"]) == (len(PROMPTS), 0)
    assert data["train_pairs"] + data["validation_pairs"] == len(PROMPTS) and data["validation_pairs"] >= 1
    assert result.report["members"][0]["pairs_trained"] == 2 * data["train_pairs"]  # two epochs
    assert result.validation_accuracy is not None and (result.output_dir / "rewardstack-rm.json").is_file()
