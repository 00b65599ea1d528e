"""The single-process side of training.ppo.distributed: shares, divisibility, concatenation, the identity path.

The collectives themselves run for real in test_accelerate_launch.py (two processes).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.core.errors import ConfigError
from rewardstack.fusion.stack_arrays import StackArrays
from rewardstack.training.ppo.distributed import (
    Distributed,
    StepShare,
    combine,
    concat_arrays,
    launched_with_processes,
)
from rewardstack.training.rm.config_file import ConfigKeyError


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


@pytest.mark.parametrize("kind", ["FSDP", "DEEPSPEED"])
def test_a_sharded_launch_is_refused(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """A launch configured for FSDP / DeepSpeed cannot start here (no GPU): a stand-in Accelerator says so."""
    import accelerate
    from accelerate.utils import DistributedType

    class ShardedLaunch:
        def __init__(self, **_: object) -> None:
            self.distributed_type = DistributedType(kind)

    monkeypatch.setenv("WORLD_SIZE", "2")
    monkeypatch.setattr(accelerate, "Accelerator", ShardedLaunch)
    with pytest.raises(ConfigError, match=rf"\(DDP\) only; this launch asks for {kind}"):
        Distributed.from_environment(None)
