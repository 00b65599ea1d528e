"""GRPO group-normalisation cases rebuilt from public bug reports (../shared/cases/fusion_cases.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rewardstack import RewardStack, Sample
from rewardstack.rewards.shaping import LengthSource

CASES = Path(__file__).resolve().parents[1] / "cases" / "fusion_cases.jsonl"  # copied from ../shared/cases


def _cases() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]


def test_group_normalisation_cases() -> None:
    cases = _cases()
    samples = [Sample.model_validate({k: v for k, v in c.items() if k not in ("expected", "origin")}) for c in cases]
    with RewardStack({"words": LengthSource(unit="words")}, {"kind": "group_normalize", "input": "words"},
                     cache=None) as stack:
        results = {r.id: r for r in stack.score(samples)}
    for group in {s.metadata["group"] for s in samples}:
        members = [c for c in cases if c["metadata"]["group"] == group]
        raw = np.array([len(c["response"].split()) for c in members], dtype=float)
        totals = np.array([results[c["id"]].total for c in members])
        assert np.isfinite(totals).all()  # an all-equal group gives 0, never NaN or a huge value
        for case, total, x in zip(members, totals, raw, strict=True):
            if case["expected"] == "z-score":
                assert total == pytest.approx((x - raw.mean()) / (raw.std() + 1e-6))
            else:
                assert total == case["expected"]
