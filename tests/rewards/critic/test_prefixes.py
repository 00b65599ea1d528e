"""Shared-prefix planning (pure) and the two-pass forward it drives (tiny-lm: same numbers as one plain pass)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.prefixes import plan_passes


@pytest.mark.parametrize(("rows", "spans"), [
    ([[1, 2, 3, 4, 5], [1, 2, 3, 4, 6]], [[[1, 2, 3, 4]], [[5], [6]]]),  # two orders of one question
    ([[1, 2, 3, 4, 5], [1, 2, 3, 4, 6], [9, 8, 7, 6, 5]], [[[1, 2, 3, 4], [9, 8, 7, 6]], [[5], [6], [5]]]),
    ([[7, 7, 7], [7, 7, 7]], [[[7, 7]], [[7], [7]]]),  # identical rows: the last token is read in the last pass
    ([[1, 2, 3, 4, 6], [1, 2, 3, 4, 7], [1, 2, 8, 9, 6], [1, 2, 8, 9, 7]],  # two depths of sharing: three passes
     [[[1, 2]], [[3, 4], [8, 9]], [[6], [7], [6], [7]]]),
])
def test_plans(rows: list[list[int]], spans: list[list[list[int]]]) -> None:
    passes = plan_passes(rows)
    assert passes is not None and [p.spans for p in passes] == spans


@pytest.mark.parametrize("rows", [
    [[1, 2, 3, 4]],  # one row: nothing to share
    [[1, 2, 3, 4], [5, 6, 7, 8]],  # nothing shared
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 30, 40, 50, 60, 70, 80, 90, 100]],  # too little shared to pay
    [[1], [1, 2]],  # a one-token row has nothing to put in a prefix
])
def test_no_plan_when_one_plain_pass_is_cheaper(rows: list[list[int]]) -> None:
    assert plan_passes(rows) is None


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=1, max_size=10), min_size=1, max_size=8))
def test_a_plan_rebuilds_every_row_and_saves_tokens(rows: list[list[int]]) -> None:
    passes = plan_passes(rows)
    if passes is None:
        return
    assert passes[0].parent == [] and len(passes[-1].spans) == len(rows)
    assert all(span for p in passes for span in p.spans)  # no empty stretch; the last pass reads a token per row
    built = passes[0].spans
    for step in passes[1:]:
        assert all(0 <= parent < len(built) for parent in step.parent)
        built = [built[parent] + span for parent, span in zip(step.parent, step.spans, strict=True)]
    assert built == rows  # each row is its stretches, in order
    assert sum(p.padded_tokens for p in passes) <= 0.8 * len(rows) * max(len(r) for r in rows)


@pytest.fixture(scope="module")
def lm() -> Iterator[ChatLM]:
    model = ChatLM("tiny-lm", device="cpu")
    yield model
    model.close()


def test_shared_prefixes_give_the_plain_pass_numbers_and_text(lm: ChatLM) -> None:
    question = "Principle: be honest.\n\nUser prompt:\nIs the earth flat?\n\nResponse:\nNo.\n\n" * 3
    prompts = [question + "Answer Yes or No.", question + "Answer No or Yes.", "Something else entirely.",
               question + "Answer Yes or No, briefly."]
    rows = [lm.encode(p) for p in prompts]
    assert plan_passes(rows) is not None
    limits = [0, 3, 2, 4]  # one-token reads beside generations: decoding continues on the shared cache
    shared = lm.run(rows, max_new_tokens=limits)
    lm.share_prefixes = False
    try:
        plain = lm.run(rows, max_new_tokens=limits)
    finally:
        lm.share_prefixes = True
    alone = [lm.run([row], max_new_tokens=[n])[0] for row, n in zip(rows, limits, strict=True)]
    for a, b, c in zip(shared, plain, alone, strict=True):
        assert float((a.first - b.first).abs().max()) < 1e-5 and float((a.first - c.first).abs().max()) < 1e-5
        assert a.tokens == b.tokens == c.tokens and a.finish_reason == b.finish_reason
        assert [s[1] for s in a.steps] == pytest.approx([s[1] for s in b.steps], abs=1e-5)
