"""The shipped example stacks load, explain, and (math) score with exact attribution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rewardstack import RewardStack, Sample
from rewardstack.fusion.explain import explain
from rewardstack.fusion.stack_config import load_stack_config

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("name", ["math", "coding"])
def test_example_stack_loads_and_explains(name: str) -> None:
    config = load_stack_config(EXAMPLES / "stacks" / f"{name}.yaml")
    assert config.fusion is not None
    assert explain(config.fusion)


@pytest.mark.parametrize("name", ["math", "code"])
def test_example_samples_have_groups(name: str) -> None:
    lines = (EXAMPLES / "data" / f"{name}_samples.jsonl").read_text().splitlines()
    samples = [Sample.model_validate(json.loads(line)) for line in lines]
    assert len(samples) >= 12 and all("group" in s.metadata for s in samples)


def test_math_example_scores_with_exact_attribution() -> None:
    pytest.importorskip("sympy")
    lines = (EXAMPLES / "data" / "math_samples.jsonl").read_text().splitlines()
    samples = [Sample.model_validate(json.loads(line)) for line in lines]
    with RewardStack.from_yaml(EXAMPLES / "stacks" / "math.yaml", cache=None) as stack:
        results = stack.score(samples)
        metrics = stack.metrics()
    assert all(r.total is not None for r in results)
    for r in results:
        assert sum(r.contributions.values()) == pytest.approx(r.total - r.baseline, abs=1e-6)
    by_id = {r.id: r for r in results}
    assert "gated:answer" in by_id["g1-1"].flags  # 54 is wrong
    assert "penalised:answer" in by_id["g4-2"].flags  # no answer at all: checker error -> penalty 0
    assert by_id["g1-0"].total > by_id["g1-2"].total  # same answer, the long one pays the length cost
    assert metrics["fusion/lambda/length"] >= 0.0


@pytest.mark.bwrap
def test_coding_example_without_a_reference_abstains_and_says_why() -> None:
    # nothing failed: the tests abstained (no reference) and closed the gate, so the status is abstain
    sample = Sample(id="noref", prompt="write f", response="```python\ndef f():\n    return 1\n```")
    with RewardStack.from_yaml(EXAMPLES / "stacks" / "coding.yaml", cache=None) as stack:
        [result] = stack.score([sample])
    assert result.total is None
    assert result.status.value == "abstain"
    assert "tests abstain" in result.reason
