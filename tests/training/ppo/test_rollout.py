"""Rollouts on tiny-lm: left padding, EOS masks, and the training forward reproducing the sampling log-probs."""

from __future__ import annotations

from typing import Any

import pytest
import torch

from rewardstack.core.sample import Sample
from rewardstack.models import load_causal_lm
from rewardstack.training.ppo.config import RolloutConfig
from rewardstack.training.ppo.policy import PolicyWithValue, forward_response
from rewardstack.training.ppo.rollout import encode_prompts, response_mask, sample_responses

SAMPLES = [Sample(id="short", prompt="Hi?", response=""),
           Sample(id="long", prompt="What is seven times eight, written as a number?", response="")]


@pytest.fixture(scope="module")
def tiny() -> tuple[Any, Any]:
    return load_causal_lm("tiny-lm", device="cpu")


def test_prompts_are_left_padded_and_left_truncated(tiny: tuple[Any, Any]) -> None:
    _, tokenizer = tiny
    ids, mask = encode_prompts(tokenizer, SAMPLES, RolloutConfig(chat_template=False), torch.device("cpu"))
    assert mask[:, -1].tolist() == [1, 1]  # every prompt ends where generation starts
    assert mask[0, 0] == 0 and mask[1].all()
    assert (ids[0][mask[0] == 0] == tokenizer.pad_token_id).all()
    cut, cut_mask = encode_prompts(tokenizer, SAMPLES, RolloutConfig(chat_template=False, max_prompt_tokens=3),
                                   torch.device("cpu"))
    assert cut.shape[1] == 3
    full = tokenizer(SAMPLES[1].prompt, add_special_tokens=False)["input_ids"]
    assert cut[1].tolist() == full[-3:]  # the end of the prompt is kept


def test_chat_template_renders_the_generation_prompt(tiny: tuple[Any, Any]) -> None:
    _, tokenizer = tiny
    ids, mask = encode_prompts(tokenizer, SAMPLES[:1], RolloutConfig(), torch.device("cpu"))
    text = tokenizer.decode(ids[0][mask[0].bool()])
    assert "Hi?" in text and text.rstrip().endswith("assistant")


@pytest.mark.parametrize(("tokens", "mask", "truncated"), [
    ([5, 6, 7], [1, 1, 1], True),
    ([2, 2, 2], [1, 0, 0], False),      # EOS first: a one-token response (EOS is a real token)
    ([5, 2, 9], [1, 1, 0], False),      # whatever follows the first EOS is padding
])
def test_response_mask_ends_after_the_first_eos(tokens: list[int], mask: list[int], truncated: bool) -> None:
    got, cut = response_mask(torch.tensor([tokens]), eos_token_id=2)
    assert got[0].tolist() == [float(m) for m in mask] and cut.tolist() == [truncated]


def test_sampling_respects_max_new_tokens_and_pads_after_eos(tiny: tuple[Any, Any]) -> None:
    lm, tokenizer = tiny
    torch.manual_seed(0)
    rollout = sample_responses(lm, tokenizer, SAMPLES * 2, RolloutConfig(max_new_tokens=5))
    assert rollout.response_ids.shape == (4, rollout.response_ids.shape[1]) and rollout.response_ids.shape[1] <= 5
    pads = rollout.response_ids[rollout.response_mask == 0]
    assert (pads == tokenizer.pad_token_id).all()
    assert len(rollout.texts) == 4 and rollout.truncated.dtype == torch.bool
    torch.manual_seed(0)
    again = sample_responses(lm, tokenizer, SAMPLES * 2, RolloutConfig(max_new_tokens=5))
    assert torch.equal(again.response_ids, rollout.response_ids)  # seeded: the resume test relies on it


def test_training_forward_reproduces_the_sampling_distribution(tiny: tuple[Any, Any]) -> None:
    """With left padding, position ids from the mask and logits / temperature, the log-prob of each
    sampled token under the training forward equals the one ``generate`` sampled it from."""
    from transformers import GenerationConfig

    lm, tokenizer = tiny
    config = RolloutConfig(chat_template=False, temperature=0.7)
    ids, mask = encode_prompts(tokenizer, SAMPLES, config, torch.device("cpu"))
    torch.manual_seed(1)
    out = lm.generate(input_ids=ids, attention_mask=mask, output_logits=True, return_dict_in_generate=True,
                      generation_config=GenerationConfig(do_sample=True, temperature=0.7, top_k=0, top_p=1.0,
                                                         max_new_tokens=6, min_new_tokens=6, eos_token_id=None,
                                                         pad_token_id=tokenizer.pad_token_id))
    response = out.sequences[:, ids.shape[1]:]
    step_logits = torch.stack(out.logits, dim=1).float() / 0.7
    expected = step_logits.log_softmax(-1).gather(-1, response.unsqueeze(-1)).squeeze(-1)
    got = forward_response(lm, ids, mask, response, torch.ones_like(response, dtype=torch.float32),
                           temperature=0.7)
    torch.testing.assert_close(got.logprobs, expected, atol=1e-4, rtol=0)


def test_value_head_starts_at_zero_and_reads_the_hidden_state(tiny: tuple[Any, Any]) -> None:
    lm, tokenizer = tiny
    policy = PolicyWithValue(lm, value_head=True)
    ids, mask = encode_prompts(tokenizer, SAMPLES, RolloutConfig(chat_template=False), torch.device("cpu"))
    response = torch.full((2, 3), 5)
    out = forward_response(lm, ids, mask, response, torch.ones(2, 3), temperature=1.0,
                           value_head=policy.value_head, with_entropy=True)
    assert out.values is not None and out.values.shape == (2, 3) and out.values.abs().max() == 0
    assert out.entropy is not None and out.entropy.shape == (2, 3) and (out.entropy > 0).all()
    assert PolicyWithValue(lm, value_head=False).value_head is None


def test_stop_strings_end_responses_at_the_completing_token(tiny: tuple[Any, Any]) -> None:
    lm, tokenizer = tiny
    torch.manual_seed(3)
    rollout = sample_responses(lm, tokenizer, SAMPLES * 3, RolloutConfig(max_new_tokens=8, stop_strings=("e",)))
    cut = [text for text in rollout.texts if "e" in text]
    assert cut, "no response held the stop string: pick another seed"
    for ids, mask, text, truncated in zip(rollout.response_ids, rollout.response_mask, rollout.texts,
                                          rollout.truncated, strict=True):
        real = ids[mask.bool()].tolist()
        if "e" in text:
            assert not truncated
            assert "e" not in tokenizer.decode(real[:-1], skip_special_tokens=True)  # the last kept token completes it
        assert (ids[~mask.bool()] == tokenizer.pad_token_id).all()
