"""Scoring a world with a real RewardStack: groups kept whole, statuses counted, skips explained."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from rewardstack.benchmarks import signals
from rewardstack.benchmarks.signals import Scored, Skipped, score_signal
from rewardstack.benchmarks.suite import SignalSpec

sys.path.insert(0, str(Path(__file__).parent))
import fake_world  # noqa: E402


def _spec(data: dict) -> SignalSpec:
    return SignalSpec(name="s", data=data, origin="test", sources=tuple(data["sources"]))


def test_group_operators_see_whole_prompts_across_chunks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(signals, "CHUNK_SAMPLES", 20)  # pools of 12: never two per call, never split
    world = fake_world.build_fake_world("fake", seed=0, size="quick", workdir=tmp_path)
    spec = _spec({"sources": {"len": {"kind": "length"}},
                  "fusion": {"kind": "group_normalize", "input": "len"}})
    ticks: list[int] = []
    scored = score_signal(spec, world, ticks.append)
    assert isinstance(scored, Scored)
    assert ticks == [12] * len(world.prompts)
    for reward, pool in zip(scored.rewards, world.prompts, strict=True):
        z = (pool.features["length"] - pool.features["length"].mean()) / pool.features["length"].std()
        assert reward == pytest.approx(z, abs=1e-6)


def test_abstentions_are_counted_not_hidden(tmp_path: Path) -> None:
    world = fake_world.build_fake_world("fake", seed=0, size="quick", workdir=tmp_path)
    spec = _spec({"sources": {"answer": {"kind": "regex_match", "field": "pattern", "mode": "search"}}})
    scored = score_signal(spec, world)
    assert isinstance(scored, Scored)
    math = 4 * fake_world.POOL
    assert scored.statuses["ok"] == math and scored.statuses["abstain"] == len(world.prompts) * fake_world.POOL - math
    assert all(np.isnan(r).all() for r, p in zip(scored.rewards, world.prompts, strict=True) if p.family != "math")


def test_a_raise_policy_skips_the_signal_with_the_reason(tmp_path: Path) -> None:
    world = fake_world.build_fake_world("fake", seed=0, size="quick", workdir=tmp_path)
    spec = _spec({"sources": {"answer": {"kind": "regex_match", "field": "pattern", "mode": "search"}},
                  "policies": {"answer": {"on_abstain": "raise"}}})
    scored = score_signal(spec, world)
    assert isinstance(scored, Skipped) and "scoring stopped: NonOkScoreError" in scored.reason
