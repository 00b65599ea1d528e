"""PromptPool / WorldPool: the interface the runner relies on refuses malformed pools, naming the problem."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rewardstack.benchmarks.pool import PromptPool, WorldPool
from rewardstack.core.sample import Sample


def _samples(n: int, group: str = "p0", prefix: str = "p0") -> list[Sample]:
    return [Sample(id=f"{prefix}/{i}", prompt="q", response=f"r{i}", metadata={"group": group}) for i in range(n)]


def _pool(pid: str = "p0", n: int = 3, **changes: object) -> PromptPool:
    fields: dict[str, object] = {
        "prompt_id": pid, "family": "math", "candidates": _samples(n, pid, pid), "gold": np.zeros(n),
        "base_logprob": np.full(n, -math.log(n)), "features": {"length": np.ones(n)},
    }  # fmt: skip
    fields.update(changes)
    return PromptPool(**fields)  # type: ignore[arg-type]


def test_a_well_formed_pool_keeps_its_arrays() -> None:
    pool = _pool()
    assert pool.size == 3 and pool.gold.shape == (3,) and pool.features["length"].shape == (3,)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gold": np.zeros(2)}, "gold has shape (2,), expected (3,)"),
        ({"gold": [0.0, 0.0, 0.0]}, "gold has shape list"),
        ({"base_logprob": np.zeros((3, 1))}, "base_logprob has shape (3, 1)"),
        ({"features": {"length": np.ones(4)}}, "features['length'] has shape (4,)"),
        ({"gold": np.array([0.0, np.nan, 1.0])}, "must be finite"),
        ({"candidates": []}, "no candidates"),
        ({"candidates": _samples(3, group="other")}, "every candidate's group is the prompt_id"),
    ],
)
def test_malformed_pools_are_refused_with_the_reason(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as info:
        _pool(**changes)
    assert message in str(info.value)


def test_nan_features_are_allowed_where_a_probe_does_not_apply() -> None:
    pool = _pool(features={"length": np.ones(3), "plausible_wrong_code": np.full(3, np.nan)})
    assert np.isnan(pool.features["plausible_wrong_code"]).all()


def test_pools_are_frozen() -> None:
    with pytest.raises(AttributeError):
        _pool().family = "chat"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("prompts", "message"),
    [
        (lambda: [_pool("a"), _pool("a")], "prompt_id 'a' appears twice"),
        (lambda: [_pool("a"), _pool("b", candidates=_samples(3, "b", "a"))], "sample id 'a/0' appears twice"),
    ],
)
def test_worlds_refuse_duplicate_ids(prompts: object, message: str) -> None:
    with pytest.raises(ValueError) as info:
        WorldPool(name="synthetic", seed=0, prompts=prompts(), provenance={}, skipped={})  # type: ignore[operator]
    assert message in str(info.value)


def test_world_lists_families_and_artifacts() -> None:
    pools = [_pool("a"), _pool("b", family="chat")]
    world = WorldPool("synthetic", 0, pools, {"artifacts": {"rm_path": "/x"}}, {"safety": "no critic"})
    assert world.families() == ["math", "chat"] and world.artifacts() == {"rm_path": "/x"}
