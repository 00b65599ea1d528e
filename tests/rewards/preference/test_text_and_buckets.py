"""Text layout (chat template / text pair, truncation sides), collation, and length buckets."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack import ChatMessage
from rewardstack.models import load_tokenizer
from rewardstack.rewards.preference.forward import is_causal, plan_buckets
from rewardstack.rewards.preference.text import RewardTextEncoder, collate


@pytest.fixture(scope="module")
def chat() -> RewardTextEncoder:
    return RewardTextEncoder(load_tokenizer("tiny-lm"), max_length=48)


@pytest.fixture(scope="module")
def pair() -> RewardTextEncoder:
    return RewardTextEncoder(load_tokenizer("all-minilm-l6-v2"), max_length=24)


def test_chat_template_layout_keeps_the_end_when_truncating(chat: RewardTextEncoder) -> None:
    full = RewardTextEncoder(chat.tokenizer, max_length=4096).encode("Name a fruit. " * 20, "A banana.")
    cut = chat.encode("Name a fruit. " * 20, "A banana.")
    assert chat.layout == "chat_template" and cut.truncated and not full.truncated
    assert cut.tokens == full.tokens and cut.ids == full.ids[-48:]  # the response's end survives
    assert "banana" in chat.tokenizer.decode(cut.ids)


def test_chat_messages_are_laid_out_as_turns(chat: RewardTextEncoder) -> None:
    messages = (ChatMessage(role="system", content="Be brief."), ChatMessage(role="user", content="Hi"))
    text = chat.tokenizer.decode(RewardTextEncoder(chat.tokenizer, 4096).encode(messages, "Hello").ids)
    assert "Be brief." in text and text.index("Hi") < text.index("Hello")


def test_text_pair_layout_has_segments_and_keeps_special_tokens(pair: RewardTextEncoder) -> None:
    encoded = pair.encode("Name a fruit. " * 10, "A banana " * 10)
    assert pair.layout == "text_pair" and encoded.truncated and len(encoded.ids) == 24
    assert encoded.type_ids is not None and set(encoded.type_ids) == {0, 1}
    assert encoded.ids[0] == pair.tokenizer.cls_token_id and encoded.ids[-1] == pair.tokenizer.sep_token_id
    chat_prompt = (ChatMessage(role="user", content="Hi"),)
    assert pair.encode(chat_prompt, "Yo").ids == pair.encode("user: Hi", "Yo").ids


def test_encodings_are_memoised_and_equal(chat: RewardTextEncoder) -> None:
    assert chat.encode("p", "r") is chat.encode("p", "r")
    assert chat.encode("p", "r") == RewardTextEncoder(chat.tokenizer, 48).encode("p", "r")


@pytest.mark.parametrize("side", ["left", "right"])
def test_collate_pads_on_the_asked_side(pair: RewardTextEncoder, side: str) -> None:
    short, long = pair.encode("a", "b"), pair.encode("a longer prompt", "and a longer response")
    batch = collate([short, long], pad_id=0, padding_side=side)  # type: ignore[arg-type]
    mask = batch["attention_mask"][0].tolist()
    real = [1] * len(short.ids)
    gap = [0] * (len(long.ids) - len(short.ids))
    assert mask == (gap + real if side == "left" else real + gap)
    assert "token_type_ids" in batch and batch["input_ids"].shape == batch["token_type_ids"].shape


def test_causal_and_encoder_backbones_are_told_apart() -> None:
    from transformers import BertConfig, GPT2Config, LlamaConfig, RobertaConfig

    assert [is_causal(c()) for c in (LlamaConfig, GPT2Config, BertConfig, RobertaConfig)] == [True, True, False,
                                                                                                False]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=2048), max_size=200), st.integers(min_value=0, max_value=4096))
def test_buckets_partition_the_call_shortest_first(lengths: list[int], overhead: int) -> None:
    buckets = plan_buckets(lengths, overhead_tokens=overhead)
    flat = [i for b in buckets for i in b]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths)  # sorted by length across and within buckets
    padded = sum(len(b) * max(lengths[i] for i in b) for b in buckets)
    assert padded <= len(lengths) * max(lengths, default=0)  # never more padding than one call padded whole
    if overhead >= len(lengths) * max(lengths, default=0):
        assert len(buckets) <= 1


def test_buckets_cut_where_padding_outgrows_a_pass() -> None:
    lengths = [10] * 8 + [500] * 8
    assert plan_buckets(lengths, overhead_tokens=256) == [list(range(8)), list(range(8, 16))]
    assert len(plan_buckets(lengths, overhead_tokens=10_000)) == 1


def test_a_causal_model_without_a_template_reads_prompt_blank_line_response(chat: RewardTextEncoder) -> None:
    tokenizer = copy.deepcopy(chat.tokenizer)
    tokenizer.chat_template = None  # GPT-2 style: no template and no separator token
    plain = RewardTextEncoder(tokenizer, 4096, causal=True)
    assert plain.layout == "text" and tokenizer.decode(plain.encode("Hi", "Yo").ids) == "Hi\n\nYo"
    cut = RewardTextEncoder(tokenizer, 6, causal=True).encode("Name a fruit. " * 5, "A banana.")
    assert cut.truncated and len(cut.ids) == 6 and tokenizer.decode(cut.ids).endswith("A banana.")
    assert RewardTextEncoder(tokenizer, 64).layout == "text_pair"  # an encoder with that tokenizer
