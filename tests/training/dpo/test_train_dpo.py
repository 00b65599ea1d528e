"""DPO/IPO on the tiny LM: the policy moves toward the chosen responses of its pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from pydantic import ValidationError

from rewardstack.models import load_causal_lm
from rewardstack.training.dpo import DPOConfig, EncodedPreference, dpo_batch_loss, reference_logprobs, train_dpo
from rewardstack.training.lm import encode_example


def _pairs(path: Path) -> Path:
    # learnable by a 3M-parameter random LM: answer the sum rather than refuse
    rows = [{"prompt": f"What is {n} plus 1?", "chosen": f"It is {n + 1}.", "rejected": "I cannot help with that."}
            for n in range(8)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _config(tmp_path: Path, **extra: object) -> DPOConfig:
    return DPOConfig.model_validate({"data": {"train": str(_pairs(tmp_path / "p.jsonl")),
                                              "validation": str(tmp_path / "p.jsonl")},
                                     "model": "tiny-lm", "output_dir": str(tmp_path / "out"), "epochs": 2,
                                     "batch_size": 4, "lr": 1e-3, "device": "cpu", "max_length": 32, **extra})


def test_loss_starts_at_log2_when_policy_is_the_reference() -> None:
    model, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    pairs = [EncodedPreference(encode_example(tokenizer, "Is 2 even?", "Yes.", 32),
                               encode_example(tokenizer, "Is 2 even?", "No.", 32))]
    config = DPOConfig.model_validate({"data": {"train": "x"}, "output_dir": "x", "beta": 0.1})
    with_reference = reference_logprobs(model, pairs, tokenizer.pad_token_id, batch_size=2)
    with torch.inference_mode():
        loss, metrics = dpo_batch_loss(model, with_reference, tokenizer.pad_token_id, config)
    assert loss.item() == pytest.approx(0.693147, abs=1e-4)
    assert metrics["rewards/margin"] == pytest.approx(0.0, abs=1e-4)


@pytest.mark.parametrize("objective", [{"kind": "sigmoid", "label_smoothing": 0.1}, {"kind": "ipo"}])
def test_dpo_learns_its_pairs(tmp_path: Path, objective: dict) -> None:
    result = train_dpo(_config(tmp_path, objective=objective, beta=0.5))
    records = [json.loads(line) for line in result.metrics_path.read_text().splitlines()]
    evals = [r for r in records if "eval/rewards/accuracy" in r]
    assert len(evals) == 2  # one per epoch
    assert evals[-1]["eval/rewards/accuracy"] == 1.0
    assert evals[-1]["eval/rewards/margin"] > 0
    assert (result.output_dir / "config.json").exists()


def test_bad_objective_is_refused() -> None:
    with pytest.raises(ValidationError):
        DPOConfig.model_validate({"data": {"train": "p"}, "output_dir": "o", "objective": {"kind": "kto"}})
