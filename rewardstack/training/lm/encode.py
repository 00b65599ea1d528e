"""(prompt, response) -> token ids with a response mask, for losses on response tokens only.

The prompt is rendered the way the model will see it at generation time: the tokenizer's chat
template with the generation prompt when it has one, else ``prompt + blank line``. The response
follows, ended by the EOS token (so the model learns to stop). Only response tokens (and the
EOS) are in the mask: the loss never trains the model to write its prompt.

Truncation to ``max_length`` cuts the response's end first; a prompt too long to leave
``min_response_tokens`` is cut from its left (its start matters least to what follows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rewardstack.rewards.preference.text import Prompt, prompt_text

__all__ = ["EncodedExample", "encode_example", "prompt_ids"]


@dataclass(frozen=True)
class EncodedExample:
    """``input_ids`` (T,), ``response_mask`` (T,) bools: True where the token is response/EOS."""

    input_ids: tuple[int, ...]
    response_mask: tuple[bool, ...]
    tokens: int  # untruncated length

    @property
    def truncated(self) -> bool:
        return self.tokens > len(self.input_ids)

    @property
    def response_tokens(self) -> int:
        return sum(self.response_mask)


def prompt_ids(tokenizer: Any, prompt: Prompt) -> list[int]:
    """The ids of the prompt as the model reads it just before answering."""
    if getattr(tokenizer, "chat_template", None) is not None:
        turns = [{"role": "user", "content": prompt}] if isinstance(prompt, str) else [
            {"role": m.role, "content": m.content} for m in prompt]
        text = tokenizer.apply_chat_template(turns, tokenize=False, add_generation_prompt=True)
        return list(tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])
    return list(tokenizer(f"{prompt_text(prompt)}\n\n", verbose=False)["input_ids"])


def encode_example(tokenizer: Any, prompt: Prompt, response: str, max_length: int,
                   *, min_response_tokens: int = 1) -> EncodedExample:
    """Encode one example (see the module docstring for layout and truncation).

    >>> from rewardstack.models import load_tokenizer
    >>> ex = encode_example(load_tokenizer("tiny-lm"), "2+2?", "4", max_length=64)
    >>> ex.response_mask[-1], ex.response_mask[0], ex.truncated
    (True, False, False)
    """
    if max_length < min_response_tokens + 1:
        raise ValueError(f"max_length {max_length} leaves no room for a prompt and {min_response_tokens} "
                         f"response token(s)")
    head = prompt_ids(tokenizer, prompt)
    tail = list(tokenizer(response, add_special_tokens=False, verbose=False)["input_ids"])
    if tokenizer.eos_token_id is not None:
        tail.append(int(tokenizer.eos_token_id))
    tokens = len(head) + len(tail)
    room = max_length - len(head)
    if room < min_response_tokens:  # the prompt alone nearly fills the window: keep its end
        head = head[len(head) - (max_length - min(len(tail), min_response_tokens)):]
        room = max_length - len(head)
    tail = tail[:room]
    return EncodedExample(tuple(head + tail), (False,) * len(head) + (True,) * len(tail), tokens)
