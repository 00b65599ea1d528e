"""Encoding with a response mask, right padding, and log-probs that padding does not change."""

from __future__ import annotations

import pytest
import torch

from rewardstack.core.sample import ChatMessage
from rewardstack.models import load_causal_lm, load_tokenizer
from rewardstack.training.lm import collate_examples, encode_example, prompt_ids, response_logprobs, token_logprobs


@pytest.fixture(scope="module")
def tiny():
    return load_causal_lm("tiny-lm", device="cpu")


def test_mask_covers_the_response_and_eos_only() -> None:
    tokenizer = load_tokenizer("tiny-lm")
    ex = encode_example(tokenizer, "What is 2+2?", "It is 4.", max_length=256)
    head = prompt_ids(tokenizer, "What is 2+2?")
    assert list(ex.input_ids[:len(head)]) == head
    assert not any(ex.response_mask[:len(head)]) and all(ex.response_mask[len(head):])
    assert ex.input_ids[-1] == tokenizer.eos_token_id
    assert tokenizer.decode(ex.input_ids[len(head):-1]) == "It is 4."


def test_chat_prompts_render_through_the_template() -> None:
    tokenizer = load_tokenizer("tiny-lm")
    chat = (ChatMessage(role="system", content="Be brief."), ChatMessage(role="user", content="Hi"))
    text = tokenizer.decode(prompt_ids(tokenizer, chat))
    assert "Be brief." in text and text.rstrip().endswith("assistant")


def test_truncation_cuts_the_response_then_the_prompts_start() -> None:
    tokenizer = load_tokenizer("tiny-lm")
    long_response = " ".join(["word"] * 200)
    ex = encode_example(tokenizer, "short", long_response, max_length=32)
    assert len(ex.input_ids) == 32 and ex.truncated and ex.response_tokens == 32 - len(prompt_ids(tokenizer, "short"))
    long_prompt = " ".join(["prompt"] * 200)
    ex = encode_example(tokenizer, long_prompt, "ok", max_length=16, min_response_tokens=2)
    assert len(ex.input_ids) == 16 and ex.response_tokens == 2
    with pytest.raises(ValueError, match="no room"):
        encode_example(tokenizer, "p", "r", max_length=1)


def test_token_logprobs_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="disagree"):
        token_logprobs(torch.zeros(1, 3, 5), torch.zeros(1, 4, dtype=torch.long))


def test_padding_does_not_change_a_sequences_response_logprob(tiny) -> None:
    model, tokenizer = tiny
    short = encode_example(tokenizer, "Hi", "Hello there.", max_length=64)
    long = encode_example(tokenizer, "Tell me a long story please", " ".join(["once upon a time"] * 6), max_length=64)
    with torch.inference_mode():
        alone = collate_examples([short], tokenizer.pad_token_id)
        alone_sum, alone_n = response_logprobs(model(input_ids=alone.input_ids).logits, alone)
        both = collate_examples([short, long], tokenizer.pad_token_id)
        both_sum, both_n = response_logprobs(
            model(input_ids=both.input_ids, attention_mask=both.attention_mask).logits, both)
    assert both_n[0] == alone_n[0] == short.response_tokens
    assert both_sum[0].item() == pytest.approx(alone_sum[0].item(), abs=1e-4)
