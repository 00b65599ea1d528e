"""verl itself (0.9.1, installed without its heavy dependencies by `make`) driving rewardstack's compute_score:
its NaiveRewardManager and BatchRewardManager on a real DataProto, and its own custom_reward_function loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from verl import DataProto  # make installs verl without its dependencies (Makefile): a missing install fails here
from verl.trainer.ppo.reward import get_custom_reward_fn
from verl.workers.reward_manager import BatchRewardManager, NaiveRewardManager

from rewardstack.integrations import verl as adapter
from rewardstack.integrations.common import open_stack
from rewardstack.models import load_tokenizer
from tests.integrations.helpers import write_stack

PROMPTS = ["What is 7*8?", "What is 7*8?", "What is 2+2?"]
RESPONSES = ["The product is \\boxed{56}", "\\boxed{54}", "it is four"]
TRUTHS = ["56", "56", "4"]
TOTALS = [1.0, 0.0, 0.0]  # the third has no number to check: no total, verl gets missing_score 0.0 ...
NO_TOTAL = [0.0, 0.0, 1.0]  # ... and no_total says so


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    return load_tokenizer("tiny-lm")


def _data_proto(tokenizer: Any) -> DataProto:
    """A rollout batch as verl's trainer hands it over: left-padded prompts, right-padded responses."""
    prompt_ids = [tokenizer(p, add_special_tokens=False)["input_ids"] for p in PROMPTS]
    response_ids = [tokenizer(r, add_special_tokens=False)["input_ids"] for r in RESPONSES]
    width_p, width_r = max(map(len, prompt_ids)), max(map(len, response_ids)) + 2
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    prompts = torch.tensor([[pad] * (width_p - len(p)) + p for p in prompt_ids])
    responses = torch.tensor([r + [pad] * (width_r - len(r)) for r in response_ids])
    mask = torch.tensor([[0] * (width_p - len(p)) + [1] * len(p) + [1] * len(r) + [0] * (width_r - len(r))
                         for p, r in zip(prompt_ids, response_ids, strict=True)])
    non_tensors = {
        "data_source": np.array(["arith"] * len(PROMPTS), dtype=object),
        "reward_model": np.array([{"ground_truth": t, "style": "rule"} for t in TRUTHS], dtype=object),
        "extra_info": np.array([{"question": p, "index": i} for i, p in enumerate(PROMPTS)], dtype=object),
    }
    return DataProto.from_dict(tensors={"prompts": prompts, "responses": responses, "attention_mask": mask,
                                        "input_ids": torch.cat([prompts, responses], dim=1)},
                               non_tensors=non_tensors)


def _last_real_token_rewards(out: dict[str, Any], data: DataProto) -> tuple[list[float], float]:
    """The reward at each response's last real token, and the sum of the rewards everywhere else."""
    rewards: torch.Tensor = out["reward_tensor"]
    lengths = data.batch["attention_mask"][:, data.batch["prompts"].shape[-1]:].sum(-1)
    at_last = [rewards[i, int(n) - 1].item() for i, n in enumerate(lengths)]
    return at_last, rewards.abs().sum().item() - sum(abs(v) for v in at_last)


def _check(out: dict[str, Any], data: DataProto) -> None:
    at_last, elsewhere = _last_real_token_rewards(out, data)
    assert at_last == TOTALS and elsewhere == 0.0
    extra = out["reward_extra_info"]
    assert list(extra["score"]) == TOTALS and list(extra["no_total"]) == NO_TOTAL
    assert list(extra["answer/ok"]) == [1.0, 1.0, 0.0] and list(extra["brevity/ok"]) == [1.0, 1.0, 1.0]


def test_verls_naive_reward_manager_calls_compute_score_per_response(tmp_path: Path, tokenizer: Any) -> None:
    data = _data_proto(tokenizer)
    with open_stack(write_stack(tmp_path)) as stack:
        manager = NaiveRewardManager(tokenizer, num_examine=0, compute_score=adapter.make_compute_score(stack))
        _check(manager(data, return_dict=True), data)


def test_verls_batch_reward_manager_calls_compute_score_batch_once(tmp_path: Path, tokenizer: Any) -> None:
    data = _data_proto(tokenizer)
    with open_stack(write_stack(tmp_path)) as stack:
        manager = BatchRewardManager(tokenizer, num_examine=0,
                                     compute_score=adapter.make_compute_score_batch(stack))
        _check(manager(data, return_dict=True), data)


def test_verls_custom_reward_function_loader_finds_the_module(tmp_path: Path, tokenizer: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from omegaconf import OmegaConf

    monkeypatch.setenv(adapter.STACK_ENV, str(write_stack(tmp_path)))
    monkeypatch.setattr(adapter, "_stack", None)
    # what a user puts in verl's config: the file path of rewardstack's module and the function's name
    config = OmegaConf.create({"reward": {"custom_reward_function": {"path": adapter.__file__,
                                                                    "name": "compute_score"}}})
    compute_score = get_custom_reward_fn(config)
    assert compute_score is not None
    data = _data_proto(tokenizer)
    _check(NaiveRewardManager(tokenizer, num_examine=0, compute_score=compute_score)(data, return_dict=True), data)
