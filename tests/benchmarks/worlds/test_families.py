"""Every family generator: deterministic under a seed, well-formed samples, documented recipes."""

from __future__ import annotations

from collections import Counter

import pytest

from rewardstack.benchmarks.worlds.families import FAMILY_BUILDERS
from rewardstack.benchmarks.worlds.families.base import PromptDrafts
from rewardstack.benchmarks.worlds.families.coding import problems
from rewardstack.verifiers.code.grader.reference import parse_reference

FAMILIES = sorted(FAMILY_BUILDERS)


def _signature(pools: list[PromptDrafts]) -> list[tuple[str, str, str, str]]:
    return [(p.prompt_id, d.sample.model_dump_json(), repr(d.latent), p.family) for p in pools for d in p.drafts]


@pytest.mark.parametrize("family", FAMILIES)
def test_same_seed_same_pools_other_seed_other_pools(family: str) -> None:
    build = FAMILY_BUILDERS[family]
    first, again, other = build(3, "bench", 3, 6), build(3, "bench", 3, 6), build(4, "bench", 3, 6)
    assert _signature(first) == _signature(again)
    assert _signature(first) != _signature(other)


@pytest.mark.parametrize("family", FAMILIES)
def test_shapes_ids_and_groups(family: str) -> None:
    pools = FAMILY_BUILDERS[family](0, "bench", 4, 5)
    assert len(pools) == 4 and all(len(p.drafts) == 5 and p.family == family for p in pools)
    ids = [d.sample.id for p in pools for d in p.drafts]
    assert len(ids) == len(set(ids))
    for pool in pools:
        assert {d.sample.metadata["group"] for d in pool.drafts} == {pool.prompt_id}
        assert all(d.sample.metadata == {"group": pool.prompt_id} for d in pool.drafts)  # nothing latent leaks
        assert all(d.sample.response.strip() for d in pool.drafts)


@pytest.mark.parametrize("family", FAMILIES)
def test_bench_and_train_prompts_do_not_overlap(family: str) -> None:
    # the reward models train on split="train" prompts: no benchmark prompt of any seed may be among them
    train = {d.sample.prompt_text for p in FAMILY_BUILDERS[family](0, "train", 12, 2) for d in p.drafts}
    bench = {
        d.sample.prompt_text for s in range(3) for p in FAMILY_BUILDERS[family](s, "bench", 6, 2) for d in p.drafts
    }
    assert train.isdisjoint(bench)


def test_math_candidates_carry_a_reference_answer_and_both_verdicts() -> None:
    drafts = [d for p in FAMILY_BUILDERS["math"](0, "bench", 7, 24) for d in p.drafts]
    assert all(set(d.sample.reference or {}) == {"answer"} and d.sample.domain == "math" for d in drafts)
    assert Counter(d.latent.correct for d in drafts).keys() == {True, False}
    forms = " ".join(d.sample.response for d in drafts)
    for marker in ("\\boxed{", "**Answer:**", "The answer is", "####", "Answer: "):
        assert marker in forms


def test_coding_visible_tests_are_a_subset_of_the_units_and_parse() -> None:
    pools = FAMILY_BUILDERS["coding"](0, "bench", 4, 20)
    kinds = Counter(d.latent.kind for p in pools for d in p.drafts)
    assert kinds.keys() == {"canonical", "mutant", "special_case", "stub"}
    for pool in pools:
        for draft in pool.drafts:
            code, ref = draft.latent.code, draft.sample.reference
            assert code is not None and ref is not None and parse_reference(ref) is not None
            assert ref["tests"] == [code.units[k] for k in code.visible]
            assert 1 <= len(code.visible) < len(code.units)
            assert code.task_id in problems() and ref["entry_point"] == code.entry_point


def test_medicine_and_sycophancy_recipes() -> None:
    medicine = [d for p in FAMILY_BUILDERS["medicine"](0, "bench", 6, 30) for d in p.drafts]
    assert {d.latent.kind for d in medicine} == {
        "hedged_right",
        "fluent_wrong",
        "confident_right",
        "hedged_wrong",
        "right_plus_fact",
        "right_plus_error",
    }
    assert all(d.latent.correct is False for d in medicine if d.latent.fluent_wrong)
    sycophancy = [d for p in FAMILY_BUILDERS["sycophancy"](0, "bench", 3, 30) for d in p.drafts]
    assert {d.sample.domain for d in sycophancy} == {"math", "medicine", "chat"}
    assert all(
        d.latent.user_belief_wrong and d.latent.correct is not d.latent.agrees_with_user
        for d in sycophancy
        if d.latent.agrees_with_user
    )


def test_chat_draws_quality_length_and_agreement_independently() -> None:
    import numpy as np

    drafts = [d for p in FAMILY_BUILDERS["chat"](0, "bench", 8, 64) for d in p.drafts]
    quality = np.array([d.latent.quality for d in drafts])
    filler = np.array([d.latent.filler for d in drafts])
    agree = np.array([d.latent.agrees_with_user for d in drafts if d.latent.agrees_with_user is not None], float)
    assert abs(np.corrcoef(quality, filler)[0, 1]) < 0.1
    assert 0.35 < agree.mean() < 0.65 and len(set(quality)) == 4
