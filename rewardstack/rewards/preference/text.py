"""How a (prompt, response) pair becomes token ids: one rule for scoring and for training.

A reward model is only right on text laid out the way it was trained on, so the
source and the trainer both encode through :class:`RewardTextEncoder`:

- **chat template** when the tokenizer has one: the prompt (a string becomes
  one user turn; chat messages stay as they are) plus the response as the
  assistant turn, rendered by ``apply_chat_template`` and tokenised without
  adding special tokens again (the template carries them). Too long: the
  *start* is cut (left truncation), so the response's end, where a causal
  model's score is read, always survives.
- **text pair** otherwise, for encoders (BERT-style, such as all-MiniLM-L6-v2):
  ``tokenizer(prompt, response)`` with ``[SEP]`` and segment ids; chat
  messages are flattened to ``role: content`` lines. Too long: the longer of
  the two is cut first (``longest_first``), special tokens kept.
- **text** for causal models without a template (GPT-2 style, which has no
  separator token): ``prompt``, a blank line, ``response``, cut from the left
  like a chat template.

Every encoding keeps its untruncated length, so a Score can say ``truncated``
and the trainer can count truncated pairs instead of hiding them.

>>> from rewardstack.models import load_tokenizer
>>> encoder = RewardTextEncoder(load_tokenizer("tiny-encoder"), max_length=48)
>>> long, short = encoder.encode("Name a fruit.", "A banana. " * 20), encoder.encode("Hi", "Yo")
>>> long.truncated, len(long.ids), long.tokens > 48, short.truncated
(True, 48, True, False)
>>> batch = collate([long, short], pad_id=2)
>>> tuple(batch["input_ids"].shape), int(batch["attention_mask"][1].sum()) == len(short.ids)
((2, 48), True)
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from threading import Lock
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rewardstack.core.sample import ChatMessage

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedTokenizerBase

__all__ = ["Encoded", "Layout", "Prompt", "RewardTextEncoder", "collate", "prompt_text"]

Prompt = str | Sequence[ChatMessage]
Layout = Literal["chat_template", "text", "text_pair"]
_CACHE_SIZE = 8192  # encodings kept per encoder: count_tokens and score_batch read the same samples


@dataclass(frozen=True)
class Encoded:
    """Token ids of one (prompt, response), already truncated; ``tokens`` is the untruncated length."""

    ids: tuple[int, ...]
    type_ids: tuple[int, ...] | None
    tokens: int

    @property
    def truncated(self) -> bool:
        return self.tokens > len(self.ids)


def prompt_text(prompt: Prompt) -> str:
    """A prompt as plain text: chat turns become ``role: content`` lines (as ``Sample.prompt_text``)."""
    return prompt if isinstance(prompt, str) else "\n".join(f"{m.role}: {m.content}" for m in prompt)


def _messages(prompt: Prompt, response: str) -> list[dict[str, str]]:
    turns = [{"role": "user", "content": prompt}] if isinstance(prompt, str) else [
        {"role": m.role, "content": m.content} for m in prompt]
    return [*turns, {"role": "assistant", "content": response}]


def _key(prompt: Prompt, response: str) -> tuple[Any, ...]:
    head = prompt if isinstance(prompt, str) else tuple((m.role, m.content) for m in prompt)
    return (head, response)


class RewardTextEncoder:
    """Encodes (prompt, response) pairs for one tokenizer and ``max_length``; thread-safe, memoised."""

    def __init__(self, tokenizer: PreTrainedTokenizerBase, max_length: int, *, causal: bool = False):
        if max_length < 2:
            raise ValueError(f"max_length must be at least 2, got {max_length}")
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.uses_chat_template = getattr(tokenizer, "chat_template", None) is not None
        self.causal = causal
        self._cache: OrderedDict[tuple[Any, ...], Encoded] = OrderedDict()
        self._lock = Lock()

    @property
    def layout(self) -> Layout:
        if self.uses_chat_template:
            return "chat_template"
        return "text" if self.causal else "text_pair"

    def encode(self, prompt: Prompt, response: str) -> Encoded:
        """The ids the model reads (may raise, e.g. a chat template that refuses a role)."""
        key = _key(prompt, response)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        encoded = self._LAYOUTS[self.layout](self, prompt, response)
        with self._lock:
            self._cache[key] = encoded
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return encoded

    def _chat(self, prompt: Prompt, response: str) -> Encoded:
        text = self.tokenizer.apply_chat_template(_messages(prompt, response), tokenize=False)
        ids = self.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]
        return Encoded(tuple(ids[-self.max_length:]), None, len(ids))

    def _text(self, prompt: Prompt, response: str) -> Encoded:
        ids = self.tokenizer(f"{prompt_text(prompt)}\n\n{response}", verbose=False)["input_ids"]
        return Encoded(tuple(ids[-self.max_length:]), None, len(ids))

    def _pair(self, prompt: Prompt, response: str) -> Encoded:
        first = prompt_text(prompt)
        full = self.tokenizer(first, response, verbose=False)
        tokens = len(full["input_ids"])
        if tokens > self.max_length:
            full = self.tokenizer(first, response, truncation="longest_first", max_length=self.max_length,
                                  verbose=False)
        type_ids = full.get("token_type_ids")
        return Encoded(tuple(full["input_ids"]), tuple(type_ids) if type_ids is not None else None, tokens)

    _LAYOUTS: ClassVar[dict[str, Callable[[RewardTextEncoder, Prompt, str], Encoded]]] = {
        "chat_template": _chat, "text": _text, "text_pair": _pair}


def collate(
    encoded: Sequence[Encoded], *, pad_id: int, padding_side: Literal["left", "right"] = "right",
    device: torch.device | str | None = None,
) -> dict[str, torch.Tensor]:
    """Pad to the longest in ``encoded`` (dynamic padding): ``input_ids``, ``attention_mask`` (+ segment ids)."""
    import torch

    width = max(len(e.ids) for e in encoded)
    with_types = all(e.type_ids is not None for e in encoded)

    def pad(values: Sequence[int], fill: int) -> list[int]:
        gap = [fill] * (width - len(values))
        return [*gap, *values] if padding_side == "left" else [*values, *gap]

    batch = {
        "input_ids": torch.tensor([pad(e.ids, pad_id) for e in encoded], dtype=torch.long),
        "attention_mask": torch.tensor([pad([1] * len(e.ids), 0) for e in encoded], dtype=torch.long),
    }
    if with_types:
        batch["token_type_ids"] = torch.tensor([pad(e.type_ids or (), 0) for e in encoded], dtype=torch.long)
    return {name: tensor.to(device) for name, tensor in batch.items()} if device is not None else batch
