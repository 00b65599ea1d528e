"""Micro-batch plans: every sample exactly once, limits respected, longest first under a token budget."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rewardstack import Sample
from rewardstack.core.batching import plan_micro_batches, token_counter, whitespace_tokens

sizes_st = st.lists(st.integers(min_value=1, max_value=200), min_size=0, max_size=80)
limit_st = st.one_of(st.none(), st.integers(min_value=1, max_value=50))


@given(sizes=sizes_st, max_samples=limit_st, max_tokens=st.one_of(st.none(), st.integers(min_value=1, max_value=2000)))
def test_plan_covers_every_sample_once_within_limits(sizes: list[int], max_samples: int | None,
                                                     max_tokens: int | None) -> None:
    plan = plan_micro_batches(sizes, max_samples=max_samples, max_tokens=max_tokens)
    flat = sorted(i for batch in plan for i in batch)
    assert flat == list(range(len(sizes)))
    for batch in plan:
        assert batch
        if max_samples is not None:
            assert len(batch) <= max_samples
        if max_tokens is not None and len(batch) > 1:
            assert len(batch) * max(sizes[i] for i in batch) <= max_tokens  # padded size bound


def test_no_limits_is_one_call_in_order() -> None:
    assert plan_micro_batches([5, 1, 3]) == [[0, 1, 2]]


def test_max_samples_keeps_input_order() -> None:
    assert plan_micro_batches([1] * 5, max_samples=2) == [[0, 1], [2, 3], [4]]


def test_token_budget_takes_longest_first_and_lets_an_oversized_sample_go_alone() -> None:
    # 50 tokens alone exceeds the 40 budget: it goes alone (the source truncates), then similar lengths pair up
    assert plan_micro_batches([50, 10, 20, 10], max_tokens=40) == [[0], [2, 1], [3]]


def test_token_estimate_uses_the_source_tokenizer_when_it_has_one() -> None:
    class WithTokenizer:
        def count_tokens(self, sample: Sample) -> int:
            return 7

    sample = Sample(id="a", prompt="two words", response="and three more")
    assert whitespace_tokens(sample) == 5
    assert token_counter(WithTokenizer())(sample) == 7
    assert token_counter(object())(sample) == 5


@pytest.mark.parametrize("prompt", ["q", [{"role": "user", "content": "a b"}]])
def test_chat_prompts_are_counted(prompt: object) -> None:
    assert whitespace_tokens(Sample(id="a", prompt=prompt, response="r")) >= 2
