"""The runner on the real synthetic world (small config, real sources): two runs of one seed agree.

The fake-world CLI tests (tests/benchmarks/test_cli.py) cover the machinery; this one covers what
only a real world can break: world building, gold from the sandbox, trained reward models, the
code sandbox and the knowledge base, all under one seed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rewardstack.benchmarks.pool import WorldPool
from rewardstack.benchmarks.results import build_results
from rewardstack.benchmarks.runner import run_suite
from rewardstack.benchmarks.suite import load_suite
from rewardstack.benchmarks.worlds.config import SyntheticConfig
from rewardstack.benchmarks.worlds.synthetic import build_synthetic

# the session's small world is built once (tests/benchmarks/worlds/conftest.py); each run here rebuilds it
# from the cached reward models and rescores it: about 20-40 s on 2 shared cores
pytestmark = pytest.mark.slow

SUITE = """\
name: small-real
world: {name: synthetic, size: quick, seeds: [0]}
signals:
  rm: {sources: {rm: {kind: preference_model, path: "${world.rm_path}", device: cpu}}}
  tests: {sources: {tests: {kind: code_tests, backend: bwrap, timeout_s: 5}}}
  math: {sources: {math: {kind: math_answer}}}
  facts: {sources: {facts: {kind: kb_facts, kb: "${world.kb}"}}}
  length: {sources: {length: {kind: length, unit: words}}}
  rm_ensemble:
    stack: {sources: {rm: {kind: preference_model, path: "${world.rm_ensemble_path}", aggregate: mean_minus_std,
                           device: cpu}}}
    role: fusion
  weighted_sum:
    sources:
      rm: {kind: preference_model, path: "${world.rm_path}", device: cpu}
      tests: {kind: code_tests, backend: bwrap, timeout_s: 5}
      math: {kind: math_answer}
      facts: {kind: kb_facts, kb: "${world.kb}"}
    fusion: {kind: weighted_sum, weights: {rm: 1.0, tests: 3.0, math: 3.0, facts: 1.5}}
best_of_n: [1, 2, 4, 6]
bootstrap: {samples: 200, seed: 0}
"""


def _run(suite_path: Path, world_dir: Path, config: SyntheticConfig) -> dict[str, Any]:
    def builder(name: str, *, seed: int, size: str, workdir: Path) -> WorldPool:
        assert name == "synthetic"
        return build_synthetic(seed, "quick", workdir, config=config)

    results = build_results(run_suite(load_suite(suite_path), workdir=world_dir, seed=5, build_world=builder))
    results.pop("timings")
    # through JSON, as results.json is written: NaN -> null, tuples -> lists
    loaded: dict[str, Any] = json.loads(json.dumps(results, allow_nan=False))
    return loaded


def test_two_runs_with_one_seed_give_identical_results(
    small_world: WorldPool, world_dir: Path, small_config: SyntheticConfig, tmp_path: Path
) -> None:
    suite_path = tmp_path / "suite.yaml"
    suite_path.write_text(SUITE)
    first = _run(suite_path, world_dir, small_config)
    second = _run(suite_path, world_dir, small_config)
    assert first == second
    assert first["world"]["seeds"] == [5] and first["settings"]["bootstrap"]["seed"] == 5
    signals = first["signals"]
    assert all(signals[name]["status"] == "scored" for name in ("rm", "tests", "math", "facts", "weighted_sum")), {
        name: signal.get("reason") for name, signal in signals.items()}
    # every verifier applied somewhere, and the oracle is the ceiling it must be
    assert signals["oracle"]["metrics"]["pairwise_accuracy"]["value"] == pytest.approx(1.0)
    assert all(signals[name]["statuses"].get("ok", 0) > 0 for name in ("tests", "math", "facts"))
