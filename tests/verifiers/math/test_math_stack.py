"""The source inside a YAML stack, inline and in the stack's process mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.core.sample import Sample

STACK = """
sources:
  answer: {kind: math_answer, percent: strict, execution: {mode: MODE, timeout_s: 60, workers: 1}}
fusion: {kind: weighted_sum, weights: {answer: 1.0}}
"""


@pytest.mark.parametrize("mode", ["inline", "process"])
def test_math_answer_in_a_yaml_stack(tmp_path: Path, mode: str) -> None:
    from rewardstack.fusion.stack import RewardStack

    path = tmp_path / "stack.yaml"
    path.write_text(STACK.replace("MODE", mode))
    samples = [
        Sample(id="a", prompt="p", response=r"\boxed{2\sqrt{2}}", reference={"answer": r"\sqrt{8}"}),
        Sample(id="b", prompt="p", response=r"\boxed{50\%}", reference={"answer": "0.5"}),
    ]
    with RewardStack.from_yaml(path, cache=None) as stack:
        results = stack.score(samples)
    assert [r.scores["answer"].value for r in results] == [1.0, 0.0]
    assert results[1].scores["answer"].details["method"] == "numeric"
