"""training.ppo.fsdp in this process: a one-rank gloo group (fully_shard needs a process group).

Two real processes (a launch of train ppo with FSDP, compared with DDP, and resumed) run in
test_accelerate_launch.py; here: what is sharded, the optimiser pointed at the shards, the root
resharded after a no-grad forward (without it the embeddings got no gradient), full state dicts, and
the resume state's sharding check.
"""

from __future__ import annotations

import copy
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import pytest
import torch

from rewardstack.models import load_causal_lm
from rewardstack.training.ppo.checkpoint import load_checkpoint, save_checkpoint
from rewardstack.training.ppo.distributed import Distributed
from rewardstack.training.ppo.fsdp import (
    decoder_layers,
    full_model_state,
    full_optimizer_state,
    gathered_for_generation,
    is_sharded,
    load_full_state,
    shard_policy,
)
from rewardstack.training.ppo.policy import PolicyWithValue, forward_response
from rewardstack.training.ppo.update import PolicyForward
from rewardstack.training.rm.config_file import ConfigKeyError

if TYPE_CHECKING:
    from accelerate import Accelerator


@pytest.fixture()
def one_rank() -> Iterator[None]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    torch.distributed.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=0, world_size=1)
    try:
        yield
    finally:
        torch.distributed.destroy_process_group()


@pytest.fixture(scope="module")
def tiny() -> torch.nn.Module:
    return load_causal_lm("tiny-lm", device="cpu")[0]


def _policy(lm: torch.nn.Module) -> tuple[PolicyWithValue, torch.optim.Optimizer]:
    policy = PolicyWithValue(copy.deepcopy(lm), value_head=True).eval()  # type: ignore[arg-type]
    return policy, torch.optim.AdamW(policy.parameters(), lr=1e-2)


def _loss(policy: PolicyWithValue) -> torch.Tensor:
    ids = torch.arange(5, 13).reshape(2, 4)
    out = forward_response(policy.lm, ids[:, :2], torch.ones(2, 2), ids[:, 2:], torch.ones(2, 2), temperature=1.0,
                           value_head=policy.value_head)
    assert out.values is not None
    return -out.logprobs.mean() + (out.values - 1.0).pow(2).mean()


def test_the_decoder_layers_are_the_ones_hf_will_not_split(tiny: torch.nn.Module) -> None:
    assert [type(m).__name__ for m in decoder_layers(tiny)] == ["LlamaDecoderLayer"] * 2
    assert decoder_layers(torch.nn.Linear(2, 2)) == []


@dataclass
class _Step:
    weights: dict[str, torch.Tensor]
    grads: dict[str, bool]


def _step(policy: PolicyWithValue, optimizer: torch.optim.Optimizer) -> _Step:
    """No-grad forwards (sampling with the LM held whole, the old-policy pass), then a training step."""
    with torch.no_grad(), gathered_for_generation(policy.lm):
        _loss(policy)
    with torch.no_grad():
        _loss(policy)
    optimizer.zero_grad(set_to_none=True)
    _loss(policy).backward()
    grads = {name: p.grad is not None for name, p in policy.named_parameters()}
    optimizer.step()
    state = full_model_state(policy) if is_sharded(policy) else policy.state_dict()
    return _Step({k: v.detach().clone() for k, v in state.items()}, grads)


@pytest.mark.usefixtures("one_rank")
def test_a_sharded_policy_takes_the_unsharded_step(tiny: torch.nn.Module) -> None:
    policy, optimizer = _policy(tiny)
    plain, plain_optimizer = _policy(tiny)
    names = [name for name, _ in policy.named_parameters()]
    shard_policy(policy, optimizer)
    assert is_sharded(policy) and not is_sharded(plain)
    # the optimiser holds the sharded parameters, by name, in the order it had them
    assert optimizer.param_groups[0]["params"] == [dict(policy.named_parameters())[n] for n in names]
    sharded, want = _step(policy, optimizer), _step(plain, plain_optimizer)  # (gathering: a no-op unsharded)
    # every trained weight has its gradient (in two processes, roots left gathered by the no-grad pass got none:
    # one rank does not show it, test_accelerate_launch.py's FSDP run does)
    assert all(sharded.grads.values())
    assert sharded.grads == want.grads
    # the tied LM head appears once, under the embeddings' name, as a plain state dict leaves it out of save_model
    assert "lm.lm_head.weight" not in sharded.weights and "lm.model.embed_tokens.weight" in sharded.weights
    for name, tensor in sharded.weights.items():
        assert torch.allclose(tensor, want.weights[name], rtol=1e-5, atol=1e-7), name


@pytest.mark.usefixtures("one_rank")
def test_full_states_load_back_into_a_fresh_sharded_policy(tmp_path: Path, tiny: torch.nn.Module) -> None:
    policy, optimizer = _policy(tiny)
    shard_policy(policy, optimizer)
    _step(policy, optimizer)
    weights, moments = full_model_state(policy), full_optimizer_state(policy, optimizer)
    embeddings = "lm.model.embed_tokens.weight"
    assert moments["state"][embeddings]["exp_avg"].shape == weights[embeddings].shape  # keyed by name, whole
    fresh, fresh_optimizer = _policy(tiny)
    shard_policy(fresh, fresh_optimizer)
    lm_head = {"lm.lm_head.weight": weights["lm.model.embed_tokens.weight"]}
    load_full_state(fresh, fresh_optimizer, {**weights, **lm_head}, moments)
    for name, tensor in full_model_state(fresh).items():
        assert torch.equal(tensor, weights[name]), name
    after = full_optimizer_state(fresh, fresh_optimizer)["state"]
    for name, state in moments["state"].items():
        assert torch.equal(after[name]["exp_avg_sq"], state["exp_avg_sq"]), name
    # a resume state saved by a run without FSDP does not load into a sharded one (the optimiser is keyed by id)
    plain, plain_optimizer = _policy(tiny)
    _save(tmp_path, plain, plain_optimizer, full=None)
    with pytest.raises(ConfigKeyError, match="saved by a run with DDP or one process, and this run uses FSDP"):
        _load(tmp_path, fresh, fresh_optimizer)


def _save(out: Path, policy: PolicyWithValue, optimizer: torch.optim.Optimizer,
          full: tuple[dict[str, torch.Tensor], dict[str, object]] | None) -> None:
    from rewardstack.training.ppo.checkpoint import TrainerState

    state = TrainerState(step=1, kl_controller={}, stack_state={}, config={})
    save_checkpoint(out, policy, optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _: 1.0), state,
                    full=full)


def _load(out: Path, policy: PolicyWithValue, optimizer: torch.optim.Optimizer) -> None:
    load_checkpoint(out, policy, optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _: 1.0))


def test_an_fsdp_resume_state_does_not_load_into_an_unsharded_run(tmp_path: Path, tiny: torch.nn.Module) -> None:
    policy, optimizer = _policy(tiny)
    weights = {k: v for k, v in policy.state_dict().items() if k != "lm.lm_head.weight"}  # tied: once
    _save(tmp_path, policy, optimizer, full=(weights, {"state": {}, "param_groups": []}))
    with pytest.raises(ConfigKeyError, match="saved by a run with FSDP, and this run uses DDP or one process") as info:
        _load(tmp_path, policy, optimizer)
    assert info.value.key == ("distributed",)


@pytest.mark.filterwarnings("ignore:`is_gradient_checkpointing` is deprecated:FutureWarning")  # peft's call
def test_lora_with_fsdp_is_refused_naming_lora(tiny: torch.nn.Module) -> None:
    peft = pytest.importorskip("peft")
    lm = peft.get_peft_model(copy.deepcopy(tiny), peft.LoraConfig(r=2, target_modules="all-linear",
                                                                 task_type="CAUSAL_LM"))
    policy = PolicyWithValue(lm, value_head=False)
    dist = Distributed(cast("Accelerator", SimpleNamespace(process_index=0, num_processes=2)), fsdp=True)
    with pytest.raises(ConfigKeyError, match="LoRA with FSDP is not built") as info:
        dist.prepare(PolicyForward(policy, 1.0), torch.optim.AdamW(policy.parameters()))
    assert info.value.key == ("lora",) and not is_sharded(policy)  # refused before anything was sharded
