"""``gradient_checkpointing: true``: the policy's layers recompute in the backward, and training is unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from rewardstack.training.ppo import PPOConfig, train_ppo
from rewardstack.training.ppo.policy import forward_response
from rewardstack.training.ppo.setup import load_models
from rewardstack.training.rm.progress import NullProgress


@pytest.mark.parametrize(("checkpointing", "calls_per_layer"), [(False, 1), (True, 2)])
def test_layers_run_again_in_the_backward_only_with_checkpointing(make_config: Callable[..., PPOConfig],
                                                                  checkpointing: bool, calls_per_layer: int) -> None:
    config = make_config(gradient_checkpointing=checkpointing)
    models = load_models(config, torch.device("cpu"), torch.float32)
    layers = models.policy.lm.model.layers  # type: ignore[union-attr]
    calls: list[int] = []
    for layer in layers:  # the attention runs inside the layer's (checkpointed) forward
        layer.self_attn.register_forward_hook(lambda *_: calls.append(1))
    ids = torch.tensor([[5, 6, 7]])
    out = forward_response(models.policy.lm, ids, torch.ones_like(ids), torch.tensor([[8, 9]]),
                           torch.ones(1, 2), temperature=1.0, value_head=models.policy.value_head)
    (out.logprobs.sum() + out.values.sum()).backward()  # type: ignore[union-attr]
    assert len(calls) == calls_per_layer * len(layers)
    assert not any(m.training for m in layers[0].children())  # dropout stays off: the policy is in eval mode
    with torch.no_grad():  # no backward to replay for: generation and the no-grad passes run once
        calls.clear()
        forward_response(models.policy.lm, ids, torch.ones_like(ids), torch.tensor([[8, 9]]), torch.ones(1, 2),
                         temperature=1.0)
    assert len(calls) == len(layers)


def _one_step(make_config: Callable[..., PPOConfig], tmp_path: Path, name: str, checkpointing: bool
              ) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
    config = make_config(steps=1, output_dir=str(tmp_path / name), gradient_checkpointing=checkpointing,
                         log_samples_every=0)
    train_ppo(config, progress=NullProgress())
    (line,) = [json.loads(row) for row in (config.output_dir / "metrics.jsonl").read_text().splitlines()]
    return line, load_file(str(config.output_dir / "resume-state" / "model.safetensors"))


@pytest.mark.slow  # two 1-step runs: ~17 s on 2 shared cores
def test_a_step_with_checkpointing_matches_one_without(make_config: Callable[..., PPOConfig], tmp_path: Path) -> None:
    plain, plain_weights = _one_step(make_config, tmp_path, "plain", checkpointing=False)
    checkpointed, checkpointed_weights = _one_step(make_config, tmp_path, "checkpointed", checkpointing=True)
    for key in ("reward/total/mean", "kl", "entropy", "loss", "policy_loss", "value_loss", "grad_norm",
                "response_length/mean"):
        assert checkpointed[key] == pytest.approx(plain[key], rel=1e-5, abs=1e-6), key
    assert plain_weights.keys() == checkpointed_weights.keys()
    for name, tensor in plain_weights.items():
        torch.testing.assert_close(checkpointed_weights[name], tensor, rtol=1e-5, atol=1e-6, msg=name)
