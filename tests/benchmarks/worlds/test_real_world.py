"""The real-model tier: the committed pool of SmolLM2-135M-Instruct generations, its gold, its generator."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rewardstack.benchmarks.pool import WorldPool
from rewardstack.benchmarks.worlds import WORLDS, build_world
from rewardstack.benchmarks.worlds.gold.real import code_labels, gold_of, math_labels, medicine_label
from rewardstack.benchmarks.worlds.real import POOL_ENV, default_pool_dir
from rewardstack.benchmarks.worlds.real.generate import POOL_FILE, PROVENANCE_FILE, PoolConfig, generate_pool
from rewardstack.benchmarks.worlds.real.prompts import build_prompts
from rewardstack.benchmarks.worlds.real.world import build_real, read_pool
from rewardstack.core.errors import ConfigError

POOL_DIR = default_pool_dir()
FAMILIES = ("coding", "math", "medicine")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return read_pool(POOL_DIR)[0]


@pytest.fixture(scope="module")
def provenance() -> dict:
    return read_pool(POOL_DIR)[1]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> WorldPool:
    return build_world("real_smollm2", seed=0, size="full", workdir=tmp_path_factory.mktemp("real"))


def test_real_world_is_listed() -> None:
    assert "real_smollm2" in WORLDS


def test_stored_pool_is_small_and_matches_its_provenance(rows: list[dict], provenance: dict) -> None:
    import hashlib

    files = [POOL_DIR / POOL_FILE, POOL_DIR / PROVENANCE_FILE]
    assert sum(f.stat().st_size for f in files) < 2_000_000
    assert provenance["pool_sha256"] == hashlib.sha256((POOL_DIR / POOL_FILE).read_bytes()).hexdigest()
    assert provenance["model"]["name"] == "smollm2-135m-instruct"
    assert provenance["model"]["fingerprint"].startswith("smollm2-135m-instruct@")
    assert provenance["config"]["seed"] == 0 and provenance["sampling"]["top_p"] == 1.0
    assert "benchmarks/data/generate_real_pool.py" in provenance["code"]
    counts = provenance["config"]["counts"]
    assert [sum(r["family"] == f for r in rows) for f in FAMILIES] == [counts[f] for f in FAMILIES]


def test_stored_prompts_are_the_seeded_prompts(rows: list[dict], provenance: dict) -> None:
    specs = build_prompts(provenance["config"]["seed"], provenance["config"]["counts"])
    assert [(s.prompt_id, s.user, s.key) for s in specs] == [(r["prompt_id"], r["prompt"], r["key"]) for r in rows]


@pytest.mark.parametrize("family", FAMILIES)
def test_full_world_shapes(full: WorldPool, provenance: dict, family: str) -> None:
    pools = [p for p in full.prompts if p.family == family]
    n = provenance["config"]["candidates"]
    assert len(pools) == provenance["config"]["counts"][family]
    for pool in pools:
        assert pool.size == n
        assert np.allclose(pool.base_logprob, -np.log(n))  # i.i.d. draws: the empirical distribution
        assert np.all(pool.features["generator_logprob"] < 0)
        assert np.all(pool.features["length"] >= 0)
        assert {s.metadata["group"] for s in pool.candidates} == {pool.prompt_id}
        probe = {"coding": "plausible_wrong_code", "medicine": "fluent_wrong_medical"}.get(family)
        if probe is not None:
            assert not np.isnan(pool.features[probe]).any()


def test_world_says_what_it_skipped_and_exposes_the_kb(full: WorldPool) -> None:
    assert full.families() == list(FAMILIES)
    assert set(full.skipped) == {"chat", "safety", "sycophancy"}
    assert full.artifacts() == {"kb": "medicine"}
    assert full.provenance["stored"]["model"]["name"] == "smollm2-135m-instruct"


def test_quick_keeps_a_seeded_half_of_each_family(tmp_path: Path) -> None:
    a = build_world("real_smollm2", seed=0, size="quick", workdir=tmp_path)
    b = build_world("real_smollm2", seed=0, size="quick", workdir=tmp_path)
    c = build_world("real_smollm2", seed=1, size="quick", workdir=tmp_path)
    ids = [p.prompt_id for p in a.prompts]
    assert ids == [p.prompt_id for p in b.prompts]
    assert ids != [p.prompt_id for p in c.prompts]
    assert a.families() == list(FAMILIES)


def test_gold_values_follow_the_stored_labels(full: WorldPool, rows: list[dict]) -> None:
    by_id = {r["prompt_id"]: r for r in rows}
    for pool in full.prompts:
        row = by_id[pool.prompt_id]
        expected = [gold_of(row["family"], c["label"]) for c in row["candidates"]]
        assert pool.gold.tolist() == expected
        allowed = (-1.0, 2.0) if row["family"] != "coding" else None
        if allowed:
            assert set(pool.gold.tolist()) <= set(allowed)
        else:
            assert np.all((pool.gold >= -1.0) & (pool.gold <= 2.0))


def test_medicine_labels_recomputed(rows: list[dict]) -> None:
    for row in (r for r in rows if r["family"] == "medicine"):
        for cand in row["candidates"]:
            assert medicine_label(cand["text"], row["key"]["label"]) == cand["label"]


def test_math_labels_recomputed_for_a_few(rows: list[dict]) -> None:
    picked = [(r, c) for r in rows if r["family"] == "math" for c in r["candidates"]]
    # every right answer and a few wrong ones
    chosen = [p for p in picked if p[1]["label"]["correct"]] + [p for p in picked if not p[1]["label"]["correct"]][:3]
    found = math_labels([(c["text"], r["key"]["answer"]) for r, c in chosen])
    assert [f["correct"] for f in found] == [c["label"]["correct"] for _, c in chosen]


def test_code_labels_recomputed_in_the_sandbox(rows: list[dict]) -> None:
    from rewardstack.benchmarks.worlds.families.coding import problems
    from rewardstack.benchmarks.worlds.families.coding_tests import split_units

    cands = [(r, c) for r in rows if r["family"] == "coding" for c in r["candidates"]]
    best = max(cands, key=lambda rc: sum(rc[1]["label"]["passed"]))
    chosen = [best, cands[0]]
    items = []
    for row, cand in chosen:
        problem = problems()[row["key"]["task_id"]]
        items.append((problem["task_id"], problem["entry_point"], cand["text"], split_units(problem)))
    found = code_labels(items, sandbox={"backend": "bwrap"}, timeout_s=10)
    assert [f["passed"] for f in found] == [c["label"]["passed"] for _, c in chosen]


def test_a_missing_pool_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(POOL_ENV, str(tmp_path))
    with pytest.raises(ConfigError, match="generate_real_pool.py"):
        build_world("real_smollm2", seed=0, size="full", workdir=tmp_path)
    (tmp_path / POOL_FILE).write_text("{not json\n")
    (tmp_path / PROVENANCE_FILE).write_text("{}")
    with pytest.raises(ConfigError, match=r"pool.jsonl:1: not JSON"):
        build_real(0, "full", folder=tmp_path)


@pytest.mark.slow
def test_generator_is_deterministic_and_resumes(tmp_path: Path) -> None:
    config = PoolConfig(
        model="tiny-lm", seed=3, candidates=2, counts={"coding": 1, "math": 1, "medicine": 1},
        batch_size=8, max_new_tokens={"coding": 6, "math": 6, "medicine": 6},
    )  # fmt: skip
    logs: list[str] = []
    first = generate_pool(config, tmp_path / "a", work_dir=tmp_path / "wa", log=logs.append)
    second = generate_pool(config, tmp_path / "b", work_dir=tmp_path / "wb", log=logs.append)
    assert (tmp_path / "a" / POOL_FILE).read_bytes() == (tmp_path / "b" / POOL_FILE).read_bytes()
    assert first["pool_sha256"] == second["pool_sha256"]
    generated = sum(line.startswith("generated") for line in logs)
    third = generate_pool(config, tmp_path / "c", work_dir=tmp_path / "wa", log=logs.append)
    assert sum(line.startswith("generated") for line in logs) == generated  # resumed: nothing regenerated
    assert third["pool_sha256"] == first["pool_sha256"]
    world = build_real(0, "full", folder=tmp_path / "a")
    assert [p.size for p in world.prompts] == [2, 2, 2]
    rows = [json.loads(line) for line in (tmp_path / "a" / POOL_FILE).read_text().splitlines()]
    assert all(c["tokens"] <= 6 for r in rows for c in r["candidates"])


@pytest.mark.slow
def test_real_suite_runs_on_the_stored_pool(tmp_path: Path) -> None:
    from rewardstack.benchmarks.results import build_results
    from rewardstack.benchmarks.runner import run_suite
    from rewardstack.benchmarks.suite import load_suite

    suite = load_suite(Path(__file__).parents[3] / "benchmarks" / "suites" / "real.yaml")
    results = build_results(run_suite(suite, workdir=tmp_path))
    signals = results["signals"]
    assert {"tests", "math", "facts", "length", "verifiers", "oracle", "random"} <= set(signals)
    assert all(s["status"] == "scored" for s in signals.values()), {k: s["reason"] for k, s in signals.items()}
    # each verifier answers on its own family only; the fusion of them covers all three
    prompts = {f: sum(r["family"] == f for r in read_pool(POOL_DIR)[0]) for f in FAMILIES}
    n = read_pool(POOL_DIR)[1]["config"]["candidates"]
    assert (
        signals["tests"]["source_statuses"]["tests"]["ok"] + signals["tests"]["statuses"]["error"]
        == prompts["coding"] * n
    )
    assert signals["math"]["statuses"]["abstain"] >= (prompts["coding"] + prompts["medicine"]) * n
    oracle = signals["oracle"]["metrics"]["best_of_n@4"]["value"]
    assert all(s["metrics"]["best_of_n@4"]["value"] <= oracle + 1e-9 for s in signals.values())
