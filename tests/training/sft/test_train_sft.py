"""SFT on the tiny LM: the demonstrations' NLL falls, the model is saved, bad input is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from rewardstack.core.errors import ConfigError
from rewardstack.models import load_causal_lm
from rewardstack.training.lm import collate_examples, encode_example, response_logprobs
from rewardstack.training.sft import SFTConfig, train_sft


def _demos(path: Path) -> Path:
    lines = [json.dumps({"prompt": f"What is {a} plus {b}?", "response": f"The answer is {a + b}."})
             for a in range(4) for b in range(3)]
    lines.insert(3, '{"prompt": "no response here"}')
    lines.insert(5, "not json")
    path.write_text("\n".join(lines) + "\n")
    return path


def _nll(model_dir: str, prompt: str, response: str) -> float:
    model, tokenizer = load_causal_lm(model_dir, device="cpu")
    batch = collate_examples([encode_example(tokenizer, prompt, response, 64)], tokenizer.pad_token_id)
    with torch.inference_mode():
        total, count = response_logprobs(model(input_ids=batch.input_ids).logits, batch)
    return -(total / count).item()


def test_sft_lowers_the_demonstrations_nll_and_saves(tmp_path: Path) -> None:
    logged: list[str] = []

    class Progress:
        def start(self, label: str, *, total_steps: int, done_steps: int) -> None: ...
        def step(self, loss: float) -> None: ...
        def log(self, line: str) -> None: logged.append(line)
        def close(self) -> None: ...

    config = SFTConfig.model_validate({"data": {"train": str(_demos(tmp_path / "d.jsonl"))}, "model": "tiny-lm",
                                       "output_dir": str(tmp_path / "out"), "epochs": 4, "batch_size": 4,
                                       "lr": 3e-3, "device": "cpu", "max_length": 64})
    before = _nll("tiny-lm", "What is 2 plus 1?", "The answer is 3.")
    result = train_sft(config, progress=Progress())
    after = _nll(str(result.output_dir), "What is 2 plus 1?", "The answer is 3.")
    assert after < before - 1.0
    records = [json.loads(line) for line in result.metrics_path.read_text().splitlines()]
    assert len(records) == result.steps == 12  # 12 demonstrations / 4 per step * 4 epochs
    assert records[-1]["loss"] < records[0]["loss"]
    assert {"step", "epoch", "loss", "lr", "grad_norm", "tokens", "time/step"} <= set(records[0])
    assert any("d.jsonl:4: skipped: missing response" in line for line in logged)
    assert any("d.jsonl:6: skipped" in line for line in logged)
    assert any(line.endswith("d.jsonl: 2 bad lines skipped, 12 used") for line in logged)


def test_sft_refuses_a_used_output_dir(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("earlier run")
    config = SFTConfig.model_validate({"data": {"train": str(_demos(tmp_path / "d.jsonl"))}, "model": "tiny-lm",
                                       "output_dir": str(out)})
    with pytest.raises(ConfigError, match="not empty"):
        train_sft(config)
    assert (out / "keep.txt").read_text() == "earlier run"
