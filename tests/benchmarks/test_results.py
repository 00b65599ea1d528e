"""results.json's best-of-n curves by family and by domain, and their paired gain over n = 1."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from rewardstack.benchmarks.metrics import best_of_n_curve
from rewardstack.benchmarks.results import build_results
from rewardstack.benchmarks.runner import run_suite
from rewardstack.benchmarks.suite import load_suite
from rewardstack.benchmarks.tables import standardise

sys.path.insert(0, str(Path(__file__).parent))
import fake_world  # noqa: E402


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("results")
    suite = tmp / "suite.yaml"
    suite.write_text("name: slices\nworld: {name: fake, size: quick, seeds: [3, 4]}\n"
                     "signals:\n  length: {sources: {len: {kind: length}}}\n"
                     "best_of_n: [1, 2, 4, 8]\nbootstrap: {samples: 300, seed: 1}\n")
    run = run_suite(load_suite(suite), workdir=tmp, build_world=fake_world.build_fake_world)
    return build_results(run)


def _length_bon_by_family(seeds: tuple[int, ...], ns: tuple[int, ...]) -> dict[str, np.ndarray]:
    """The length signal's best-of-n, recomputed here from the fake world's pools, averaged per family."""
    rows: dict[str, list[np.ndarray]] = {}
    for seed in seeds:
        world = fake_world.build_fake_world("fake", seed=seed, size="quick", workdir=Path("."))
        words = [np.array([len(s.response.split()) for s in p.candidates], dtype=float) for p in world.prompts]
        rewards = standardise(words)  # the length source counts words
        for pool, reward in zip(world.prompts, rewards, strict=True):
            rows.setdefault(pool.family, []).append(best_of_n_curve(reward, pool.gold, ns))
    return {family: np.mean(curves, axis=0) for family, curves in rows.items()}


def test_family_curves_are_the_family_means_of_the_per_prompt_curves(results: dict[str, object]) -> None:
    by_family = results["signals"]["length"]["best_of_n_by_family"]  # type: ignore[index]
    expected = _length_bon_by_family((3, 4), (1, 2, 4, 8))
    assert set(by_family) == set(fake_world.FAMILIES) == set(expected)
    for family, curve in by_family.items():
        assert curve["n"] == [1, 2, 4, 8]
        assert curve["prompts"] == 2 * fake_world.FAMILIES[family]  # two seeds
        np.testing.assert_allclose(curve["value"], expected[family], rtol=1e-12)
        assert all(lo <= v <= hi for lo, v, hi in zip(curve["low"], curve["value"], curve["high"], strict=True))


def test_gain_is_the_paired_difference_of_the_curve_ends(results: dict[str, object]) -> None:
    signals = results["signals"]  # type: ignore[index]
    for name in ("length", "oracle", "random"):
        curves = [signals[name]["curves"]["best_of_n"], *signals[name]["best_of_n_by_family"].values(),
                  *signals[name]["best_of_n_by_domain"].values()]
        for curve in curves:
            gain = curve["gain"]
            assert gain["value"] == pytest.approx(curve["value"][-1] - curve["value"][0], abs=1e-12)
            assert gain["low"] <= gain["value"] <= gain["high"] and gain["prompts"] == curve["prompts"]
    # picking by gold itself never does worse than one random candidate: the oracle's gain is > 0 on every
    # resample where a pool's gold varies, and the interval lies above 0
    assert signals["oracle"]["curves"]["best_of_n"]["gain"]["low"] > 0
    assert signals["oracle"]["curves"]["best_of_n"]["prompts"] == 2 * sum(fake_world.FAMILIES.values())


def test_domain_curves_follow_the_declared_domains(results: dict[str, object]) -> None:
    by_domain = results["signals"]["length"]["best_of_n_by_domain"]  # type: ignore[index]
    assert set(by_domain) == set(fake_world.FAMILIES)  # the fake world's samples declare domain = family


def test_a_suite_without_ppo_runs_keeps_its_config_hash(tmp_path: Path) -> None:
    """``ppo_runs`` came later: a suite that does not use it hashes as it did before the key existed."""
    import hashlib
    import json

    from rewardstack.benchmarks.results import config_hash

    base = ("name: h\nworld: {name: fake, size: quick, seeds: [3]}\n"
            "signals:\n  length: {sources: {len: {kind: length}}}\nbest_of_n: [1, 2]\nbootstrap: {samples: 20}\n")
    hashes, runs = [], []
    for extra in ("", "ppo_runs: {}\n", "ppo_runs: {a: {path: runs/a}}\n"):
        suite = tmp_path / f"s{len(hashes)}.yaml"
        suite.write_text(base + extra)
        runs.append(run_suite(load_suite(suite), workdir=tmp_path, build_world=fake_world.build_fake_world))
        hashes.append(config_hash(runs[-1]))
    assert hashes[0] == hashes[1] != hashes[2]
    before = runs[0].suite.config.model_dump(mode="json")  # the payload as it was before ppo_runs existed
    before.pop("ppo_runs")
    payload = {"suite": before, "signals": {s.name: s.data for s in runs[0].suite.signals}, "seeds": [3]}
    assert hashes[0] == hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
