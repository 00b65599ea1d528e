"""PPO's separate critic (value: {kind: separate}): config, where it starts, it trains, it resumes exactly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from pydantic import ValidationError
from safetensors.torch import load_file

from rewardstack.models import load_causal_lm
from rewardstack.training.ppo import PPOConfig, train_ppo
from rewardstack.training.ppo.checkpoint import STATE_DIR
from rewardstack.training.ppo.critic import load_critic
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import NullProgress

SEPARATE = {"kind": "separate", "init": "policy"}


def _lines(run: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


@pytest.mark.parametrize(("value", "algorithm", "error"), [
    ({"kind": "separate"}, {"kind": "grpo", "group_size": 2}, "grpo is critic-free"),
    ({"kind": "separate", "init": "policy"}, {"kind": "rloo"}, "rloo is critic-free"),
    ({"kind": "separate", "init": ""}, {"kind": "ppo"}, "at least 1 character"),
    ({"kind": "separate", "lr": 0}, {"kind": "ppo"}, "greater than 0"),
    ({"kind": "critic"}, {"kind": "ppo"}, "'head', 'separate'"),
])
def test_bad_value_configs_name_the_key(make_config: Callable[..., PPOConfig], value: dict[str, Any],
                                        algorithm: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError, match=error) as caught:
        make_config(value=value, algorithm=algorithm)
    assert caught.value.errors()[0]["loc"][0] == "value"


def test_the_default_is_a_value_head_and_critic_free_runs_keep_it(make_config: Callable[..., PPOConfig]) -> None:
    assert make_config().value.kind == "head"
    assert make_config(algorithm={"kind": "grpo"}, value={"kind": "head"}).value.kind == "head"


@pytest.mark.slow  # four loads of tiny-lm: ~5 s of CPU, ~15 s on the loaded machine
def test_a_critic_from_a_reward_model_starts_with_its_score_head(make_config: Callable[..., PPOConfig]) -> None:
    from rewardstack.rewards.preference.forward import reward_head
    from rewardstack.rewards.preference.model import RewardModel

    _, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    critic = load_critic(make_config(value={"kind": "separate", "init": "tiny-lm"}), tokenizer, torch.device("cpu"))
    rm = RewardModel.load("tiny-lm", device="cpu")
    assert torch.equal(critic.head.weight, reward_head(rm.model).get_parameter("weight"))
    assert torch.equal(critic.head.bias, torch.zeros(1))
    ids = torch.tensor([[5, 6, 7, 8]])
    mask = torch.ones_like(ids)
    with torch.no_grad():  # the critic's value at the last token is the reward model's raw score
        value = critic(ids, mask, torch.arange(4).unsqueeze(0))[0, -1]
        score = rm.model(input_ids=ids, attention_mask=mask).logits[0, 0]
    assert value == pytest.approx(float(score), abs=1e-5)
    from_policy = load_critic(make_config(value=SEPARATE), tokenizer, torch.device("cpu"))
    assert from_policy.head.weight.abs().sum() == 0  # V = 0 at the start, as the value head


@pytest.mark.parametrize(("init", "error"), [("tiny-encoder", "is an encoder"),
                                             ("no-such-model-here", "no-such-model-here")])
def test_a_critic_init_that_cannot_read_the_policys_tokens_is_refused(
        make_config: Callable[..., PPOConfig], init: str, error: str) -> None:
    _, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    with pytest.raises(ConfigKeyError, match=error) as caught:
        load_critic(make_config(value={"kind": "separate", "init": init}), tokenizer, torch.device("cpu"))
    assert caught.value.key == ("value", "init")


@pytest.mark.slow  # three short runs: ~15 s of CPU, 30-60 s on the loaded machine
def test_a_separate_critic_trains_beside_a_lora_policy_and_resumes_exactly(
        make_config: Callable[..., PPOConfig], tmp_path: Path) -> None:
    extra: dict[str, Any] = {"steps": 2, "value": {**SEPARATE, "lr": 5e-3},
                             "update": {"epochs": 2, "minibatch_size": 2},
                             "lora": {"r": 4, "alpha": 8, "target_modules": ["q_proj", "v_proj"]}}
    straight = make_config(**extra, output_dir=str(tmp_path / "straight"))
    train_ppo(straight, progress=NullProgress())
    resumed = make_config(**extra, output_dir=str(tmp_path / "resumed"))
    train_ppo(resumed, progress=NullProgress(), stop_at_step=1)
    torch.manual_seed(999)  # the resume restores the random state whatever happened in between
    train_ppo(resumed, resume=True, progress=NullProgress())

    def comparable(line: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in line.items() if not k.startswith(("time/", "tokens_per_s"))}

    a, b = _lines(straight.output_dir), _lines(resumed.output_dir)
    assert [comparable(x) for x in a] == [comparable(x) for x in b] and len(a) == 2
    assert all(x["value_loss"] is not None and x["value_grad_norm"] is not None for x in a)
    wa = load_file(str(straight.output_dir / STATE_DIR / "model.safetensors"))
    wb = load_file(str(resumed.output_dir / STATE_DIR / "model.safetensors"))
    assert wa.keys() == wb.keys() and all(torch.equal(wa[name], wb[name]) for name in wa)
    assert not [name for name in wa if name.startswith("value_head")]  # no head on the policy
    start, _ = load_causal_lm("tiny-lm", device="cpu")
    critic = {name.removeprefix("critic.backbone."): t for name, t in wa.items() if name.startswith("critic.backbone.")}
    assert {f"model.{name}" for name in critic} <= set(start.state_dict())  # a full copy, no adapters
    moved = [name for name, t in critic.items() if not torch.equal(t, start.state_dict()[f"model.{name}"])]
    # the zero head passes no gradient to the backbone in the first minibatch, then both train
    assert moved and wa["critic.head.weight"].abs().sum() > 0
    assert any("lora_B" in name and t.abs().sum() > 0 for name, t in wa.items())  # and so did the policy
    optimizer = torch.load(resumed.output_dir / STATE_DIR / "optimizer.pt", weights_only=True)["optimizer"]
    assert [group["lr"] for group in optimizer["param_groups"]] == [1e-3, 5e-3]  # the critic's own group
