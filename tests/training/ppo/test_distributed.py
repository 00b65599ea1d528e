"""The single-process side of training.ppo.distributed: shares, divisibility, concatenation, the identity path.

The collectives themselves run for real in test_accelerate_launch.py (two processes), and the update's
token mean over two gloo ranks (two spawned processes, one SGD step on tiny-lm) here.
"""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.core.errors import ConfigError
from rewardstack.fusion.stack_arrays import StackArrays
from rewardstack.models import load_causal_lm
from rewardstack.training.ppo.config import PPOConfig
from rewardstack.training.ppo.distributed import (
    Distributed,
    StepShare,
    combine,
    concat_arrays,
    launch_problem,
    launched_with_processes,
)
from rewardstack.training.ppo.experience import Experience
from rewardstack.training.ppo.policy import PolicyWithValue, forward_response
from rewardstack.training.ppo.update import PolicyForward, update_policy
from rewardstack.training.rm.config_file import ConfigKeyError

if TYPE_CHECKING:
    from accelerate import Accelerator


def _at(rank: int, world_size: int) -> Distributed:
    """A Distributed that believes it is ``rank`` of ``world_size`` (only shard/check read these)."""
    dist = Distributed()
    dist.rank, dist.world_size = rank, world_size
    return dist


@settings(derandomize=True, max_examples=50, deadline=None, database=None)
@given(world_size=st.integers(1, 8), per_rank=st.integers(1, 6))
def test_shares_are_disjoint_and_concatenate_to_the_step(world_size: int, per_rank: int) -> None:
    items = list(range(world_size * per_rank))
    shares = [_at(rank, world_size).shard(items) for rank in range(world_size)]
    assert [x for share in shares for x in share] == items
    assert {len(share) for share in shares} == {per_rank}


@pytest.mark.parametrize(("prompts", "minibatch", "key"), [
    (3, 2, ("prompts_per_step",)),
    (4, 3, ("update", "minibatch_size")),
    (4, 2, None),
])
def test_totals_must_divide_among_the_processes(prompts: int, minibatch: int, key: tuple[str, ...] | None) -> None:
    dist = _at(0, 2)
    if key is None:
        dist.check_divides(prompts, minibatch)
        return
    with pytest.raises(ConfigKeyError, match="does not divide among 2 processes") as info:
        dist.check_divides(prompts, minibatch)
    assert info.value.key == key


def _arrays(ids: list[str], total: list[float]) -> StackArrays:
    n = len(ids)
    codes = np.zeros(n, dtype=np.int8)
    return StackArrays(ids=ids, total=np.array(total), status=codes, values={"a": np.array(total)},
                       statuses={"a": codes}, contributions={"a": np.array(total)}, baseline=np.zeros(n),
                       flags={"clipped": np.zeros(n, dtype=bool)})


def test_arrays_concatenate_row_by_row() -> None:
    joined = concat_arrays([_arrays(["x", "y"], [1.0, 2.0]), _arrays(["z"], [3.0])])
    assert joined.ids == ["x", "y", "z"] and len(joined) == 3
    assert joined.total.tolist() == joined.values["a"].tolist() == [1.0, 2.0, 3.0]
    assert joined.flags["clipped"].shape == (3,) and joined.statuses["a"].dtype == np.int8


def test_one_process_is_the_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    assert launched_with_processes() == 1
    dist = Distributed.from_environment("cpu")
    assert dist.accelerator is None and dist.is_main and dist.gather("x") == ["x"] and dist.any_rank(False) is False
    module, optimizer = torch.nn.Linear(1, 1), torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    assert dist.prepare(module, optimizer) == (module, optimizer)
    assert dist.device(torch.device("cpu"), "cpu") == torch.device("cpu")
    share = StepShare(samples=[], arrays=_arrays(["x"], [1.0]), rewards=torch.ones(1), valid=torch.ones(1).bool(),
                      sequence_kl=torch.zeros(1), lengths=torch.ones(1), truncated=torch.zeros(1).bool(),
                      kl_sum=torch.zeros(()), token_count=torch.ones(()), update={}, fusion={}, times={})
    assert combine(dist, share) is share  # a single process computes its metrics exactly as before
    monkeypatch.setenv("WORLD_SIZE", "4")
    assert launched_with_processes() == 4


class _Launch:
    """A stand-in Accelerator of ``kind`` with two processes (no GPU here to make a real FSDP / DeepSpeed one)."""

    kind = "MULTI_CPU"

    def __init__(self, **_: object) -> None:
        from accelerate.utils import DistributedType

        self.distributed_type = DistributedType(self.kind)
        self.num_processes = 2
        self.process_index = 0


def _launched(monkeypatch: pytest.MonkeyPatch, kind: str, **environ: str) -> None:
    import accelerate

    monkeypatch.setenv("WORLD_SIZE", "2")
    for name in ("ACCELERATE_USE_FSDP", "ACCELERATE_USE_DEEPSPEED", "FSDP_CPU_RAM_EFFICIENT_LOADING"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(accelerate, "Accelerator", type("Launch", (_Launch,), {"kind": kind}))


@pytest.mark.parametrize("kind", ["DEEPSPEED", "MEGATRON_LM", "XLA"])
def test_a_launch_train_ppo_does_not_build_is_refused(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    _launched(monkeypatch, kind)
    with pytest.raises(ConfigError, match=rf"DDP or FSDP; this launch asks for {kind}, which train ppo does not"):
        Distributed.from_environment(None)


@pytest.mark.parametrize(("kind", "environ", "distributed", "fsdp"), [
    ("MULTI_CPU", {}, None, False),                                     # a plain launch: DDP
    ("MULTI_CPU", {"ACCELERATE_USE_FSDP": "true"}, None, True),         # --use_fsdp on CPU: built here, not DDP
    ("FSDP", {"ACCELERATE_USE_FSDP": "true"}, None, True),              # --use_fsdp on GPUs
    ("MULTI_CPU", {}, {"kind": "fsdp"}, True),                          # the config asks (torchrun, --multi_gpu)
    ("MULTI_CPU", {"ACCELERATE_USE_FSDP": "true"}, {"kind": "fsdp"}, True),
    ("MULTI_GPU", {}, {"kind": "ddp"}, False),
])
def test_the_config_or_the_launch_chooses_fsdp(monkeypatch: pytest.MonkeyPatch, kind: str, environ: dict[str, str],
                                                distributed: dict[str, str] | None, fsdp: bool) -> None:
    _launched(monkeypatch, kind, **environ)
    config = PPOConfig.model_validate({**_DDP_CONFIG, "distributed": distributed}).distributed
    dist = Distributed.from_environment("cpu", config)
    assert dist.fsdp is fsdp and dist.world_size == 2
    import os

    # every rank loads the whole model: transformers would otherwise leave the other ranks' weights empty
    assert (os.environ.get("FSDP_CPU_RAM_EFFICIENT_LOADING") == "false") is fsdp


def test_fsdp_asked_twice_differently_or_alone_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _launched(monkeypatch, "MULTI_CPU", ACCELERATE_USE_FSDP="true")
    ddp = PPOConfig.model_validate({**_DDP_CONFIG, "distributed": {"kind": "ddp"}}).distributed
    with pytest.raises(ConfigKeyError, match="ddp, but this launch asks for FSDP") as info:
        Distributed.from_environment("cpu", ddp)
    assert info.value.key == ("distributed", "kind")
    monkeypatch.setenv("WORLD_SIZE", "1")
    monkeypatch.delenv("ACCELERATE_USE_FSDP")
    fsdp = PPOConfig.model_validate({**_DDP_CONFIG, "distributed": {"kind": "fsdp"}}).distributed
    with pytest.raises(ConfigKeyError, match="fsdp shards the policy among several processes, and this is one"):
        Distributed.from_environment("cpu", fsdp)


@pytest.mark.parametrize(("kind", "processes", "environ", "says"), [
    ("MULTI_CPU", 2, {}, None),                                      # the tested CPU launch (DDP over gloo)
    ("MULTI_GPU", 4, {"ACCELERATE_USE_FSDP": "false"}, None),
    ("FSDP", 2, {"ACCELERATE_USE_FSDP": "true"}, None),               # GPUs: sharded by train ppo itself
    # `accelerate launch --use_fsdp` with device: cpu: accelerate 1.15 makes it DDP; train ppo shards
    ("MULTI_CPU", 2, {"ACCELERATE_USE_FSDP": "true", "FSDP_OFFLOAD_PARAMS": "false",
                      "FSDP_SHARDING_STRATEGY": "FULL_SHARD", "FSDP_ACTIVATION_CHECKPOINTING": "false"}, None),
    ("MULTI_CPU", 2, {"ACCELERATE_USE_FSDP": "true", "FSDP_OFFLOAD_PARAMS": "true"}, "does not offload"),
    ("MULTI_CPU", 2, {"ACCELERATE_USE_FSDP": "true", "FSDP_SHARDING_STRATEGY": "HYBRID_SHARD"}, "shards fully"),
    ("FSDP", 2, {"ACCELERATE_USE_FSDP": "true", "FSDP_ACTIVATION_CHECKPOINTING": "true"}, "gradient_checkpointing"),
    ("MULTI_CPU", 2, {"ACCELERATE_USE_DEEPSPEED": "TRUE"}, "asks for DEEPSPEED"),
    ("DEEPSPEED", 2, {}, "asks for DEEPSPEED"),
    # two processes on CPU without device: cpu: no process group, each would think it is the main one
    ("NO", 1, {}, "launched with 2 processes, but accelerate joined them into no process group"),
    ("NO", 1, {"ACCELERATE_USE_FSDP": "true"}, "joined them into no process group"),
])
def test_launch_problems(kind: str, processes: int, environ: dict[str, str], says: str | None) -> None:
    problem = launch_problem(kind, processes, 2, environ)
    if says is None:
        assert problem is None
        return
    assert problem is not None and says in problem
    if "DEEPSPEED" in problem:
        assert "--multi_gpu" in problem and "--use_fsdp" in problem  # what to launch instead


def _ddp_batch() -> Experience:
    """Four tiny-lm responses whose kept tokens differ a lot: rows 0-1 (rank 0's) keep 7, rows 2-3 (rank 1's) 2."""
    gen = torch.Generator().manual_seed(0)
    lm, _ = load_causal_lm("tiny-lm", device="cpu")
    prompt_ids = torch.randint(5, 100, (4, 3), generator=gen)
    response_ids = torch.randint(5, 100, (4, 4), generator=gen)
    prompt_mask = torch.ones(4, 3)
    response_mask = torch.tensor([[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0], [0.0] * 4])
    with torch.no_grad():
        old = forward_response(lm, prompt_ids, prompt_mask, response_ids, response_mask, temperature=1.0).logprobs
    return Experience(prompt_ids=prompt_ids, prompt_mask=prompt_mask, response_ids=response_ids,
                      response_mask=response_mask, loss_mask=response_mask.clone(), old_logprobs=old,
                      ref_logprobs=old - 0.05, old_values=torch.zeros(4, 4),
                      advantages=torch.randn(4, 4, generator=gen) * response_mask,
                      returns=torch.randn(4, 4, generator=gen) * response_mask, kl=torch.zeros(4, 4),
                      valid=torch.ones(4, dtype=torch.bool))


_DDP_CONFIG = {"stack": "s.yaml", "prompts": "p", "output_dir": "o", "prompts_per_step": 2,
               "algorithm": {"kind": "ppo", "whiten_advantages": False}, "kl": {"placement": "loss"},
               "update": {"epochs": 1, "minibatch_size": 4}, "optim": {"max_grad_norm": None}}


def _rows(batch: Experience, rows: slice) -> Experience:
    return Experience(**{f.name: (v[rows] if isinstance(v, torch.Tensor) else v)
                         for f in dataclasses.fields(batch) for v in [getattr(batch, f.name)]})


def _sgd_delta(batch: Experience, *, dist: Distributed | None = None, rank: int = 0) -> dict[str, torch.Tensor]:
    """One SGD step (lr 1) of update_policy on ``batch``: minus the gradient it applied, per trained weight."""
    torch.manual_seed(0)
    lm, _ = load_causal_lm("tiny-lm", device="cpu")
    policy = PolicyWithValue(lm, value_head=True).eval()
    start = {n: p.detach().clone() for n, p in policy.named_parameters()}
    config = PPOConfig.model_validate(_DDP_CONFIG)
    trainer = None
    if dist is not None:
        trainer = torch.nn.parallel.DistributedDataParallel(PolicyForward(policy, 1.0))
        batch = _rows(batch, slice(2 * rank, 2 * rank + 2))
    optimizer = torch.optim.SGD(policy.parameters(), lr=1.0)
    update_policy(policy, optimizer, batch, beta=0.1, config=config, compute_dtype=torch.float32, trainer=trainer,
                  dist=dist)
    return {n: p.detach() - start[n] for n, p in policy.named_parameters()}


def _ddp_rank(rank: int, port: int, batch: Experience, out: str) -> None:
    torch.set_num_threads(1)
    torch.distributed.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=2)
    try:
        dist = Distributed(cast("Accelerator", SimpleNamespace(process_index=rank, num_processes=2)))
        torch.save(_sgd_delta(batch, dist=dist, rank=rank), f"{out}/rank{rank}.pt")
    finally:
        torch.distributed.destroy_process_group()


@pytest.mark.slow  # two spawned processes import torch and transformers afresh (~25 CPU s)
def test_two_ddp_ranks_take_one_processs_gradient_on_the_concatenated_minibatch(tmp_path: Path) -> None:
    # real gloo, two spawned processes: rank 0 holds 7 kept tokens, rank 1 only 2 (and a row with none)
    batch = _ddp_batch()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    torch.multiprocessing.spawn(_ddp_rank, args=(port, batch, str(tmp_path)), nprocs=2, join=True)
    ranks = [torch.load(tmp_path / f"rank{r}.pt") for r in (0, 1)]
    whole = _sgd_delta(batch)
    halves = [_sgd_delta(_rows(batch, slice(0, 2))), _sgd_delta(_rows(batch, slice(2, 4)))]
    per_rank_mean = {n: (halves[0][n] + halves[1][n]) / 2 for n in whole}
    for name, delta in whole.items():
        assert torch.equal(ranks[0][name], ranks[1][name])  # DDP kept the ranks identical
        assert torch.allclose(ranks[0][name], delta, rtol=1e-4, atol=1e-7), name
    # the test can tell: DDP's plain average of per-rank token means (what this replaced) is another gradient
    assert any(not torch.allclose(per_rank_mean[n], d, rtol=1e-2, atol=1e-5) for n, d in whole.items())
