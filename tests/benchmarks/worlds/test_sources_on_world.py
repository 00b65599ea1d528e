"""Each family of the world scored by the real sources, and their verdicts set against the latent truth.

These are the sources the benchmark runs; here they only have to agree with the world where they
are supposed to be exact (math on readable answers, code on visible tests) and to apply where they
should (kb_facts on medicine, the world's RM on everything).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rewardstack.benchmarks.pool import PromptPool, WorldPool
from rewardstack.core.score import Status

# the session's small world is built once (tests/benchmarks/worlds/conftest.py): about 30-80 s on 2 cores
pytestmark = pytest.mark.slow


def _pools(world: WorldPool, family: str) -> list[PromptPool]:
    pools = [p for p in world.prompts if p.family == family]
    assert pools, f"no {family} prompts in the world"
    return pools


def test_math_answer_agrees_with_gold_on_readable_answers(small_world: WorldPool) -> None:
    from rewardstack.verifiers.math import MathAnswerSource

    pools = _pools(small_world, "math")
    samples = [s for p in pools for s in p.candidates]
    gold = np.concatenate([p.gold for p in pools])
    source = MathAnswerSource()
    try:
        scores = source.score(samples)
    finally:
        source.close()
    decided = [(s.value, g) for s, g in zip(scores, gold, strict=True) if s.status is Status.OK]
    assert len(decided) >= len(samples) // 2
    assert all((value == 1.0) == (g > 0) for value, g in decided)  # right answers have gold > 0, wrong < 0


def test_code_tests_on_visible_tests_matches_the_plausible_wrong_probe(small_world: WorldPool) -> None:
    from rewardstack.verifiers.code.source import CodeTestsSource

    pools = _pools(small_world, "coding")
    samples = [s for p in pools for s in p.candidates]
    plausible = np.concatenate([p.features["plausible_wrong_code"] for p in pools])
    gold = np.concatenate([p.gold for p in pools])
    source = CodeTestsSource(backend="bwrap", timeout_s=10)
    try:
        scores = source.score(samples)
    finally:
        source.close()
    assert all(s.status is Status.OK for s in scores)
    visible_pass = np.array([s.value == 1.0 for s in scores])
    # gold = -1 + 3 * hidden pass rate - 0.08 * filler (at most 6): above 1.5 exactly when every unit passed,
    # since a program failing one of k >= 3 units has gold at most 1
    hidden_pass = gold > 1.5
    # plausible-but-wrong = passes what it was shown, fails what it was not
    assert np.array_equal(plausible == 1.0, visible_pass & ~hidden_pass)
    assert not (hidden_pass & ~visible_pass).any()  # hidden tests include the visible ones


def test_kb_facts_applies_to_medicine_and_ranks_fluent_wrong_below_right(small_world: WorldPool) -> None:
    from rewardstack.verifiers.facts.source import KbFactsSource

    pools = [p for p in small_world.prompts if any(s.domain == "medicine" for s in p.candidates)]
    samples = [s for p in pools for s in p.candidates if s.domain == "medicine"]
    fluent = np.concatenate([p.features["fluent_wrong_medical"] for p in pools])
    gold = np.concatenate([p.gold for p in pools])[~np.isnan(fluent)]
    fluent = fluent[~np.isnan(fluent)]
    source = KbFactsSource(kb="medicine")
    try:
        scores = source.score(samples)
    finally:
        source.close()
    values = np.array([s.value if s.status is Status.OK else np.nan for s in scores])
    assert np.isfinite(values).mean() > 0.5
    right = values[(gold > 0) & np.isfinite(values)]
    wrong = values[(fluent == 1.0) & np.isfinite(values)]
    assert len(right) and len(wrong) and right.mean() > wrong.mean()


def test_the_worlds_reward_models_load_and_score_every_family(small_world: WorldPool) -> None:
    from rewardstack.rewards.preference import PreferenceModelSource

    samples = [p.candidates[0] for p in small_world.prompts]
    for key in ("rm_path", "rm_ensemble_path"):
        path = Path(small_world.artifacts()[key])
        source = PreferenceModelSource(path=str(path), device="cpu")
        try:
            scores = source.score(samples)
        finally:
            source.close()
        assert all(s.status is Status.OK and s.value is not None for s in scores), key


def test_agreement_probe_is_defined_exactly_on_false_belief_prompts(small_world: WorldPool) -> None:
    # every sycophancy prompt states a false belief; in chat every other prompt does (the first does not)
    assert all(np.isfinite(p.features["agrees_with_wrong_user"]).all() for p in _pools(small_world, "sycophancy"))
    chat = [np.isfinite(p.features["agrees_with_wrong_user"]) for p in _pools(small_world, "chat")]
    assert [bool(f.all()) for f in chat] == [False, True] and not chat[0].any()
