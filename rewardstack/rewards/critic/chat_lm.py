"""A causal LM answering chat prompts: the one forward pass behind ``hf_local`` and ``serve-judge``.

Both the local judge backend and the judge server read verdicts through this
class, so a prompt asked locally and over HTTP meets the same tokens, the same
padding and the same arithmetic (the parity tests hold them to 1e-3; in
float32 they agree to ~1e-6).

- **Prompts** are chat turns rendered with the tokenizer's chat template and
  the generation prompt (``<|im_start|>assistant\\n`` for SmolLM2); a string is
  one user turn. A tokenizer without a template reads the turns' contents
  joined by blank lines.
- **Batches** are left-padded, with position ids counted over real tokens, so
  the last column is every row's next-token position and a row scores the same
  alone or beside longer rows (float32: within 1e-5).
- **Reading**: log-softmax in float32 of the logits at the last position
  (``logits_to_keep=1``: the vocabulary projection runs for one position only,
  which is most of the cost for a small model), plus an optional additive
  ``logit_bias`` per row (the server's OpenAI ``logit_bias``).
- **Shared prefixes**: when rows of a batch start with the same tokens (a critic's two
  option orders share ~95% of theirs), each shared stretch runs once and the rows continue
  on copies of its cache, in up to three passes (:mod:`~rewardstack.rewards.critic.prefixes`);
  the numbers are the plain pass's (float32: within 1e-5). ``share_prefixes = False`` turns
  it off (so does a model whose cache cannot be copied per row).
- **Decoding** (free text: critiques, rationales, server completions): greedy at
  temperature 0; at temperature > 0 each row samples from its own
  ``torch.Generator`` seeded by the row's seed, so a row's text does not depend
  on what it is batched with. A row stops at an end-of-sequence token or at its
  own token limit.
- **Too long**: a prompt longer than ``max_length`` (default: the model's
  context) is reported as such (:class:`PromptTooLong`), never cut: cutting a
  judge prompt removes either the principle or the response.

Device and dtype follow :func:`rewardstack.models.pick_device_dtype` (CUDA +
bfloat16 when present, else CPU + float32).

>>> lm = ChatLM("tiny-lm", device="cpu")
>>> ids = lm.encode("Is the sky blue? Answer Yes or No.")
>>> [row] = lm.run([ids], max_new_tokens=[3])
>>> row.first.shape[0] == lm.vocab_size, len(row.tokens) <= 3, row.finish_reason in ("stop", "length")
(True, True, True)
"""

from __future__ import annotations

import inspect
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from rewardstack.core.sample import ChatMessage
from rewardstack.models import load_causal_lm, model_fingerprint
from rewardstack.rewards.critic.prefixes import Pass, plan_passes

if TYPE_CHECKING:
    import torch

__all__ = ["ChatLM", "ChatPrompt", "Decoded", "PromptTooLong", "as_messages"]

ChatPrompt = str | Sequence[ChatMessage] | Sequence[Mapping[str, str]]
_DEFAULT_MAX_LENGTH = 8192  # when neither the config nor the tokenizer says


class PromptTooLong(ValueError):
    """A rendered prompt has more tokens than the model reads."""


def as_messages(prompt: ChatPrompt) -> list[dict[str, str]]:
    """Chat turns as ``{"role", "content"}`` dicts (a string is one user turn).

    >>> as_messages("Hi")
    [{'role': 'user', 'content': 'Hi'}]
    """
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    turns = []
    for turn in prompt:
        if isinstance(turn, ChatMessage):
            turns.append({"role": turn.role, "content": turn.content})
        else:
            turns.append({"role": str(turn["role"]), "content": str(turn["content"])})
    return turns


@dataclass
class Decoded:
    """One row's result: the next-token log-probabilities at the prompt's end, and any generated text."""

    first: torch.Tensor  # (vocab,) float32 log-probabilities (bias applied) at the last prompt position
    tokens: list[int] = field(default_factory=list)  # generated tokens, end-of-sequence excluded
    # per chosen token (the end-of-sequence token too, when one ended the row): (token, its log-probability,
    # the top ``top_k`` (token, log-probability) at that step)
    steps: list[tuple[int, float, list[tuple[int, float]]]] = field(default_factory=list)
    finish_reason: Literal["stop", "length"] = "length"


class ChatLM:
    """A causal LM and its tokenizer, loaded by name through :mod:`rewardstack.models`."""

    def __init__(self, name: str | os.PathLike[str], *, device: str | None = None, dtype: str | None = None,
                 max_length: int | None = None):
        self.name = os.fspath(name)
        self.model, self.tokenizer = load_causal_lm(name, device=device, dtype=dtype)
        self.tokenizer.padding_side = "left"
        self.pad_id = int(self.tokenizer.pad_token_id)
        self.vocab_size = int(self.model.get_output_embeddings().weight.shape[0])
        limits = [max_length or _DEFAULT_MAX_LENGTH,
                  int(getattr(self.model.config, "max_position_embeddings", 0) or _DEFAULT_MAX_LENGTH)]
        self.max_length = min(limits) if max_length is None else max_length
        self.stop_ids = self._stop_ids()
        # transformers 5.x renamed `past_key_values` to `cache` (the old name warns); other models may differ
        forward_parameters = inspect.signature(self.model.forward).parameters
        self._cache_argument = "cache" if "cache" in forward_parameters else "past_key_values"
        self._fingerprint = f"{self.name}:{model_fingerprint(name)}"
        self.share_prefixes = True  # run a batch's shared prompt prefixes once (prefixes.py); False: plain passes

    def _stop_ids(self) -> frozenset[int]:
        found = {self.tokenizer.eos_token_id}
        configured = getattr(self.model.generation_config, "eos_token_id", None)
        found |= set(configured) if isinstance(configured, list) else {configured}
        return frozenset(int(t) for t in found if t is not None)

    @property
    def device(self) -> torch.device:
        return self.model.device

    def fingerprint(self) -> str:
        """The model's name and weights identity (``rewardstack.models.model_fingerprint``)."""
        return self._fingerprint

    # --- prompts -------------------------------------------------------------------
    def render(self, prompt: ChatPrompt) -> str:
        """The text the model reads: the chat template with the generation prompt (module docstring)."""
        messages = as_messages(prompt)
        if getattr(self.tokenizer, "chat_template", None):
            return str(self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
        return "\n\n".join(m["content"] for m in messages)

    def encode(self, prompt: ChatPrompt) -> list[int]:
        """Token ids of the rendered prompt (the template carries the special tokens)."""
        ids: list[int] = self.tokenizer(self.render(prompt), add_special_tokens=False, verbose=False)["input_ids"]
        return ids

    def check_length(self, ids: Sequence[int], new_tokens: int = 0) -> None:
        if len(ids) + new_tokens > self.max_length:
            raise PromptTooLong(f"the judge prompt has {len(ids)} tokens (+{new_tokens} to generate); "
                                f"{self.name} reads at most {self.max_length}")

    # --- the forward pass ---------------------------------------------------------------
    def run(
        self, rows: Sequence[Sequence[int]], *, max_new_tokens: Sequence[int] | None = None,
        temperature: Sequence[float] | None = None, seeds: Sequence[int | None] | None = None,
        logit_bias: Sequence[Mapping[int, float] | None] | None = None, top_k: int = 0,
    ) -> list[Decoded]:
        """One left-padded batch: next-token log-probabilities per row, then decoding where asked."""
        import torch

        n = len(rows)
        limits = list(max_new_tokens or [0] * n)
        temps = list(temperature or [0.0] * n)
        bias = self._bias_matrix(logit_bias, n)
        generators = [_generator(seed) if temp > 0 else None
                      for seed, temp in zip(seeds or [None] * n, temps, strict=True)]
        for ids, limit in zip(rows, limits, strict=True):
            self.check_length(ids, limit)
        results: list[Decoded] = []
        with torch.inference_mode():
            out, mask, positions = self._forward(rows)
            logprobs = self._logprobs(out.logits[:, -1], bias)
            results = [Decoded(first=logprobs[i].cpu()) for i in range(n)]
            if max(limits, default=0) > 0:
                self._decode(results, out, logprobs, mask, positions, limits, temps, generators, bias, top_k)
        return results

    def _forward(self, rows: Sequence[Sequence[int]]) -> tuple[Any, torch.Tensor, torch.Tensor]:
        """The batch's forward passes (one, or a few sharing prefixes): the last output, mask and positions.

        With shared prefixes (:func:`~rewardstack.rewards.critic.prefixes.plan_passes`) each pass
        continues its nodes on copies of the previous pass's cache rows, so a row's mask reads
        [padding, first stretch, padding, next stretch, ...]: padding in the middle is masked like
        left padding and positions count real tokens only, so a row reads the numbers of one plain
        pass (float32: within 1e-5).
        """
        import torch

        passes = plan_passes(rows) if self.share_prefixes else None
        steps = passes or [Pass(parent=[], spans=[list(r) for r in rows])]
        out: Any = None
        mask = positions = offset = torch.zeros(0, dtype=torch.long)
        for k, step in enumerate(steps):
            ids, span_mask = self._pad(step.spans)
            counted = (span_mask.cumsum(-1) - 1).clamp(min=0)
            cache: dict[str, Any] = {}
            if k == 0:
                mask, positions, offset = span_mask, counted, span_mask.sum(-1)
            else:
                past = _cache_of(out)
                if not hasattr(past, "reorder_cache"):  # a cache that cannot be copied per row: one plain pass
                    self.share_prefixes = False
                    return self._forward(rows)
                which = torch.tensor(step.parent, dtype=torch.long, device=self.device)
                past.reorder_cache(which)  # index_select on the batch axis: a copy per continuing node
                mask = torch.cat([mask[which], span_mask], dim=1)
                positions = offset[which, None] + counted
                offset = offset[which] + span_mask.sum(-1)
                cache = {self._cache_argument: past}
            out = self.model(input_ids=ids, attention_mask=mask, position_ids=positions, use_cache=True,
                             logits_to_keep=1, **cache)
        return out, mask, positions

    def _decode(self, results: list[Decoded], out: Any, logprobs: torch.Tensor, mask: torch.Tensor,
                positions: torch.Tensor, limits: list[int], temps: list[float],
                generators: list[torch.Generator | None], bias: torch.Tensor | None, top_k: int) -> None:
        import torch

        n = len(results)
        active = [limit > 0 for limit in limits]
        past = _cache_of(out)
        for step in range(max(limits)):
            chosen = [self._choose(logprobs[i], temps[i], generators[i]) if active[i] else self.pad_id
                      for i in range(n)]
            tops = _top(logprobs, top_k)  # one topk and one copy to Python for the whole batch
            picked = logprobs[torch.arange(n, device=logprobs.device),
                              torch.tensor(chosen, device=logprobs.device)].tolist()
            for i in range(n):
                if not active[i]:
                    continue
                results[i].steps.append((chosen[i], float(picked[i]), tops[i]))
                if chosen[i] in self.stop_ids:
                    results[i].finish_reason, active[i] = "stop", False
                    continue
                results[i].tokens.append(chosen[i])
                if len(results[i].tokens) >= limits[i]:
                    active[i] = False
            if not any(active) or step + 1 >= max(limits):
                return
            mask = torch.cat([mask, mask.new_ones((n, 1))], dim=1)
            positions = positions[:, -1:] + 1
            step_ids = torch.tensor([[c] for c in chosen], dtype=torch.long, device=self.device)
            out = self.model(input_ids=step_ids, attention_mask=mask, position_ids=positions, use_cache=True,
                             logits_to_keep=1, **{self._cache_argument: past})
            past = _cache_of(out)
            logprobs = self._logprobs(out.logits[:, -1], bias)

    def _choose(self, logprobs: torch.Tensor, temperature: float, generator: torch.Generator | None) -> int:
        import torch

        if temperature <= 0 or generator is None:
            return int(torch.argmax(logprobs))
        probabilities = torch.softmax(logprobs.cpu() / temperature, dim=-1)
        return int(torch.multinomial(probabilities, 1, generator=generator))

    def _logprobs(self, logits: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        import torch

        logits = logits.float()
        if bias is not None:
            logits = logits + bias
        return torch.log_softmax(logits, dim=-1)

    def _bias_matrix(self, logit_bias: Sequence[Mapping[int, float] | None] | None, n: int) -> torch.Tensor | None:
        import torch

        if not logit_bias or not any(logit_bias):
            return None
        matrix = torch.zeros((n, self.vocab_size), dtype=torch.float32, device=self.device)
        for row, biases in enumerate(logit_bias):
            for token, value in (biases or {}).items():
                if not 0 <= token < self.vocab_size:
                    raise ValueError(f"logit_bias names token {token}, outside the vocabulary "
                                     f"(0..{self.vocab_size - 1})")
                matrix[row, token] = value
        return matrix

    def _pad(self, rows: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        import torch

        width = max(len(r) for r in rows)
        ids = [[self.pad_id] * (width - len(r)) + list(r) for r in rows]
        mask = [[0] * (width - len(r)) + [1] * len(r) for r in rows]
        return (torch.tensor(ids, dtype=torch.long, device=self.device),
                torch.tensor(mask, dtype=torch.long, device=self.device))

    def decode(self, tokens: Sequence[int]) -> str:
        return str(self.tokenizer.decode(list(tokens), skip_special_tokens=True))

    def close(self) -> None:
        """Free the model's device memory (unusable afterwards); idempotent."""
        import torch

        if "model" not in vars(self):
            return
        on_cuda = self.model.device.type == "cuda"
        del self.model
        if on_cuda:
            torch.cuda.empty_cache()


def _cache_of(out: Any) -> Any:
    cache = getattr(out, "cache", None)
    return cache if cache is not None else getattr(out, "past_key_values", None)


def _top(logprobs: torch.Tensor, k: int) -> list[list[tuple[int, float]]]:
    """Per row of ``(rows, vocab)`` log-probabilities, the ``k`` largest as (token, log-probability)."""
    import torch

    if k <= 0:
        return [[] for _ in range(logprobs.shape[0])]
    values, indices = torch.topk(logprobs, k, dim=-1)
    return [list(zip(row_i, row_v, strict=True)) for row_i, row_v in zip(indices.tolist(), values.tolist(),
                                                                        strict=True)]


def _generator(seed: int | None) -> torch.Generator:
    import torch

    return torch.Generator().manual_seed(seed if seed is not None else secrets.randbits(63))
