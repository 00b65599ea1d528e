"""examples/stacks/medical.yaml on examples/data/medical_samples.jsonl: what the README says it shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rewardstack import RewardStack, Sample
from rewardstack.core.score import Status

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_medical_example_stack(medicine_kb_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REWARDSTACK_KB_DIR", str(medicine_kb_dir))
    lines = (EXAMPLES / "data/medical_samples.jsonl").read_text().splitlines()
    samples = [Sample.model_validate(json.loads(line)) for line in lines]
    with RewardStack.from_yaml(EXAMPLES / "stacks/medical.yaml", cache=None) as stack:
        results = {r.id: r for r in stack.score(samples)}
    total = {k: r.total for k, r in results.items()}
    facts = {k: r.scores["facts"] for k, r in results.items()}
    for wrong, right in (("warfarin-wrong", "warfarin-right"), ("tylenol-dose-wrong", "tylenol-dose-right")):
        assert total[wrong] is not None and total[right] is not None and total[wrong] < 0 < total[right]
        assert facts[wrong].evidence.startswith("contradicted:")
    assert facts["ssri-maoi"].components["contradicted"] == 0 and facts["ssri-maoi"].value == 1.0
    assert facts["class-wrong"].details["claims"][0]["verdict"] == "contradicted"
    assert facts["unknown-drug"].components == {"supported": 0.0, "contradicted": 0.0, "unverifiable": 1.0,
                                                "coverage": 0.0}
    assert facts["no-claims"].status is Status.ABSTAIN and facts["other-kb"].status is Status.ABSTAIN
    assert "penalised:facts" in results["no-claims"].flags
